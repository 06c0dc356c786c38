// The event's snapshot with its boxes drawn over it (boxes are normalised, so the overlay is an SVG in 0..1 units
// scaled to the image), and the clean crop beside it.
import { useState } from 'react';
import { boxLabel, boxToPixels, labelInside } from './box-geometry';
import type { EventBox } from './event-types';
import { cropUrl, snapshotUrl } from './events-api';

const VW = 1000;
const LABEL_H = 26;

export function EventSnapshot({ eventId, boxes, hasSnapshot }: { eventId: string; boxes: EventBox[]; hasSnapshot: boolean }) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [broken, setBroken] = useState(false);
  if (!hasSnapshot || broken) {
    // Without a picture the boxes are still drawn on an empty 16:9 frame, so where it happened stays visible.
    return (
      <div className="ev-snap ev-snap-empty" data-testid="event-no-snapshot">
        <Overlay boxes={boxes} vh={(VW * 9) / 16} />
        <span className="ev-snap-caption">No snapshot stored{boxes.length ? ' — detections drawn on an empty frame' : ''}</span>
      </div>
    );
  }
  // The overlay uses the image's own aspect ratio once it has loaded.
  const vh = size ? (VW * size.h) / size.w : (VW * 9) / 16;
  return (
    <div className="ev-snap" data-testid="event-snapshot">
      <img src={snapshotUrl(eventId)} alt="Snapshot of the event" onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth || 16, h: e.currentTarget.naturalHeight || 9 })} onError={() => setBroken(true)} />
      {size && <Overlay boxes={boxes} vh={vh} />}
    </div>
  );
}

function Overlay({ boxes, vh }: { boxes: EventBox[]; vh: number }) {
  return (
    <svg className="ev-boxes" viewBox={`0 0 ${VW} ${vh}`} preserveAspectRatio="none" data-testid="event-boxes">
      {boxes.map((b, i) => {
        const r = boxToPixels(b, VW, vh);
        const inside = labelInside(r, LABEL_H);
        const label = boxLabel(b);
        return (
          <g key={i} data-testid="event-box">
            <rect className="ev-box" x={r.left} y={r.top} width={r.width} height={r.height} />
            <rect className="ev-box-tag" x={r.left} y={inside ? r.top : r.top - LABEL_H} width={Math.max(40, label.length * 11 + 10)} height={LABEL_H} />
            <text className="ev-box-text" x={r.left + 5} y={(inside ? r.top : r.top - LABEL_H) + 18}>
              {label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A thumbnail-sized frame with the boxes only (lists, when there is no snapshot). */
export function BoxesThumb({ boxes }: { boxes: EventBox[] }) {
  const vh = (VW * 9) / 16;
  return (
    <svg className="ev-boxes-thumb" viewBox={`0 0 ${VW} ${vh}`} preserveAspectRatio="none" aria-label="Detections (no snapshot)">
      {boxes.map((b, i) => {
        const r = boxToPixels(b, VW, vh);
        return <rect key={i} className="ev-box ev-box-thin" x={r.left} y={r.top} width={r.width} height={r.height} />;
      })}
    </svg>
  );
}

export function EventCrop({ eventId, hasCrop }: { eventId: string; hasCrop: boolean }) {
  const [broken, setBroken] = useState(false);
  if (!hasCrop || broken) return <div className="ev-crop ev-crop-none muted">No crop</div>;
  return (
    <div className="ev-crop" data-testid="event-crop">
      <img src={cropUrl(eventId)} alt="Crop of the detected object" onError={() => setBroken(true)} />
    </div>
  );
}
