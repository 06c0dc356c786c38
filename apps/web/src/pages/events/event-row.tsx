// One event in the list: selection box, thumbnail of the snapshot, what/where/when, fold count, severity, state.
import { useState } from 'react';
import { Link } from '../../lib/router';
import { CountBadge, humanType, msTime, SeverityBadge, StateBadge } from './event-badges';
import type { EventItem } from './event-types';
import { snapshotUrl } from './events-api';
import { BoxesThumb } from './event-snapshot';

interface Props {
  event: EventItem;
  fresh: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
}

export function EventRow({ event: e, fresh, selected, onSelect }: Props) {
  const [broken, setBroken] = useState(false);
  const showImage = e.hasSnapshot !== false && !broken;
  return (
    <li className={`ev-row ev-sev-edge-${e.severity}${fresh ? ' ev-row-fresh' : ''}${selected ? ' ev-row-selected' : ''}`} data-testid="event-row" data-id={e.id} data-fresh={fresh ? 'true' : undefined}>
      <input type="checkbox" className="ev-row-check" checked={selected} onChange={(x) => onSelect(x.target.checked)} aria-label={`Select event ${e.id}`} data-testid="event-select" />
      <Link to={`/events/${encodeURIComponent(e.id)}`} className="ev-row-link" data-testid="event-link">
        <span className="ev-thumb">
          {showImage ? <img src={snapshotUrl(e.id)} alt="" loading="lazy" onError={() => setBroken(true)} /> : e.boxes.length ? <BoxesThumb boxes={e.boxes} /> : <span className="ev-thumb-none">no snapshot</span>}
        </span>
        <span className="ev-row-main">
          <span className="ev-row-title">
            <span data-testid="event-type">{humanType(e.type)}</span>
            {e.className && <span className="tag-chip">{e.className}</span>}
            <CountBadge count={e.count} />
          </span>
          <span className="ev-row-sub">
            <span data-testid="event-camera">{e.cameraName}</span>
            {e.origin.ruleName && <span className="muted"> · {e.origin.ruleName}</span>}
            {e.origin.kind !== 'rule' && <span className="muted"> · {e.origin.kind}</span>}
          </span>
        </span>
        <span className="ev-row-time" title={new Date(e.lastAtMs).toISOString()}>
          {msTime(e.lastAtMs)}
          {e.count > 1 && <span className="cell-sub">first {msTime(e.firstAtMs)}</span>}
        </span>
        <span className="ev-row-badges">
          <SeverityBadge severity={e.severity} />
          <StateBadge state={e.state} />
        </span>
      </Link>
    </li>
  );
}
