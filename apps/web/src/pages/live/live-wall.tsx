// The grid of panes for the current page of the wall, with the pager.
import type { Schemas } from '@argus/sdk';
import { gridArea, readingOrder, type Layout } from './layouts';
import { LivePane } from './live-pane';
import type { PaneAssignment, PanePos, Wall } from './wall';

type Camera = Schemas['Camera'];

interface Props {
  wall: Wall;
  layout: Layout;
  cameras: Map<string, Camera>;
  camerasKnown: boolean;
  onDrop: (pos: PanePos, cameraId: string) => void;
  onChange: (pos: PanePos, change: Partial<PaneAssignment>) => void;
  onStop: (pos: PanePos) => void;
  onPage: (page: number) => void;
}

export function LiveWall({ wall, layout, cameras, camerasKnown, onDrop, onChange, onStop, onPage }: Props) {
  const cells = readingOrder(layout.cells);
  const page = wall.pages[wall.page] ?? [];
  return (
    <div className="live-wall-area">
      <div
        className="live-grid"
        data-testid="live-grid"
        data-layout={layout.id}
        style={{ gridTemplateColumns: `repeat(${layout.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))` }}
      >
        {cells.map((cell, index) => {
          const pane = page[index] ?? null;
          const pos = { page: wall.page, index };
          return (
            <LivePane
              // a pane keeps its player while only its settings change; a new camera or page remounts it
              key={`${wall.page}:${index}:${pane ? `${pane.cameraId}:${pane.stream}` : 'idle'}`}
              index={index}
              area={gridArea(cell)}
              pane={pane}
              camera={pane ? cameras.get(pane.cameraId) ?? null : null}
              camerasKnown={camerasKnown}
              onDropCamera={(id) => onDrop(pos, id)}
              onChange={(change) => onChange(pos, change)}
              onStop={() => onStop(pos)}
            />
          );
        })}
      </div>
      {wall.pages.length > 1 && (
        <nav className="live-pager" aria-label="Wall pages" data-testid="live-pager">
          <button type="button" className="btn btn-small" disabled={wall.page === 0} onClick={() => onPage(wall.page - 1)}>‹ Previous</button>
          {wall.pages.map((p, i) => (
            <button key={i} type="button" className={`live-page${i === wall.page ? ' live-page-on' : ''}`} aria-current={i === wall.page ? 'page' : undefined} data-testid="live-page" onClick={() => onPage(i)}>
              {i + 1}
              <small>{p.filter((x) => x !== null).length}</small>
            </button>
          ))}
          <button type="button" className="btn btn-small" disabled={wall.page >= wall.pages.length - 1} onClick={() => onPage(wall.page + 1)}>Next ›</button>
        </nav>
      )}
    </div>
  );
}
