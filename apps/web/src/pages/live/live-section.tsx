// The live wall (/live): camera list, layouts (built in and the user's own), pages of panes, saved per user.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { LoadError, Loading } from '../../components/status';
import { CameraList } from './camera-list';
import { LayoutEditor } from './layout-editor';
import { BUILT_IN_LAYOUTS, parseSavedLayouts, storedLayouts, type Layout } from './layouts';
import { LiveWall } from './live-wall';
import { defaultStream } from './playback-choice';
import { usePreference } from './use-preference';
import { assign, cameraIdsOnWall, emptyWall, parseSavedWall, placeCamera, relayout, stopAll, stopPane, storedWall, updatePane, type PaneAssignment, type PanePos, type Wall } from './wall';
import '../../styles/live.css';

type Camera = Schemas['Camera'];

const DEFAULT_LAYOUT = 'grid-4';

/** Every console path under /live lands here; the wall is the only view. */
export function LiveSection({ path: _path }: { path: string }) {
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const status = useLoad(() => call(api.GET('/api/recordings/status')), []);
  const liveStats = useLoad(() => call(api.GET('/api/live/stats')), []);
  const layoutsPref = usePreference('live.layouts', 0);
  const wallPref = usePreference('live.wall');
  const [wall, setWall] = useState<Wall | null>(null);
  const [editing, setEditing] = useState(false);
  const wallBox = useRef<HTMLDivElement>(null);
  const { reload: reloadStatus } = status;
  const { reload: reloadLive } = liveStats;

  // Camera dots follow the recorder and the live upstreams.
  useEffect(() => {
    const t = window.setInterval(() => {
      reloadStatus();
      reloadLive();
    }, 5_000);
    return () => window.clearInterval(t);
  }, [reloadStatus, reloadLive]);

  const layouts = useMemo(() => [...BUILT_IN_LAYOUTS, ...parseSavedLayouts(layoutsPref.value)], [layoutsPref.value]);
  const layoutOf = useCallback((id: string): Layout | undefined => layouts.find((l) => l.id === id), [layouts]);

  // Restore the last wall once both preferences are known.
  useEffect(() => {
    if (wall || !wallPref.loaded || !layoutsPref.loaded) return;
    const saved = parseSavedWall(wallPref.value, (id) => layoutOf(id)?.cells.length ?? null);
    setWall(saved ?? emptyWall(DEFAULT_LAYOUT, layoutOf(DEFAULT_LAYOUT)?.cells.length ?? 4));
  }, [wall, wallPref.loaded, wallPref.value, layoutsPref.loaded, layoutOf]);

  const { save: saveWall } = wallPref;
  const change = useCallback((next: Wall) => {
    setWall(next);
    saveWall(storedWall(next));
  }, [saveWall]);

  const camList = cameras.data?.items;
  const byId = useMemo(() => new Map((camList ?? []).map((c) => [c.id, c])), [camList]);
  const states = useMemo(() => new Map((status.data?.items ?? []).map((s) => [s.cameraId, s])), [status.data]);
  // one camera may have a main and a sub upstream: the dot shows the better one
  const upstreams = useMemo(() => {
    const rank = { live: 2, connecting: 1, failing: 0 } as const;
    const m = new Map<string, Schemas['LiveUpstream']>();
    for (const u of liveStats.data?.upstreams ?? []) {
      const have = m.get(u.cameraId);
      if (!have || rank[u.state] > rank[have.state]) m.set(u.cameraId, u);
    }
    return m;
  }, [liveStats.data]);

  if (cameras.error) return <LoadError error={cameras.error} />;
  if (!wall || !camList) return <Loading label="Loading the live wall…" />;
  const layout = layoutOf(wall.layoutId) ?? BUILT_IN_LAYOUTS[1]!;

  const paneFor = (c: Camera, prev?: PaneAssignment | null): PaneAssignment => ({ cameraId: c.id, stream: defaultStream(c), transport: prev?.transport ?? 'mse', muted: true, showStats: prev?.showStats ?? false });
  const play = (c: Camera) => change(placeCamera(wall, paneFor(c)).wall);
  const drop = (pos: PanePos, id: string) => {
    const c = byId.get(id);
    if (c) change(assign(wall, pos, paneFor(c, wall.pages[pos.page]?.[pos.index])));
  };
  const pickLayout = (l: Layout) => change(relayout(wall, l.id, l.cells.length));
  const saveLayout = (l: Layout) => {
    layoutsPref.save(storedLayouts([...layouts, l]));
    setEditing(false);
    change(relayout(wall, l.id, l.cells.length));
  };
  const deleteLayout = (l: Layout) => {
    layoutsPref.save(storedLayouts(layouts.filter((x) => x.id !== l.id)));
    if (wall.layoutId === l.id) change(relayout(wall, DEFAULT_LAYOUT, 4));
  };
  const playing = cameraIdsOnWall(wall);
  const fullWall = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void wallBox.current?.requestFullscreen();
  };

  return (
    <div className="page page-live" data-testid="live-page">
      <PageHeader
        title="Live wall"
        subtitle={`${playing.size} of ${camList.length} cameras on the wall${wall.pages.length > 1 ? `, ${wall.pages.length} pages` : ''}`}
        actions={(
          <>
            <button type="button" className="btn" onClick={fullWall} data-testid="live-wall-fullscreen">Full screen</button>
            <button type="button" className="btn" disabled={playing.size === 0} onClick={() => change(stopAll(wall))} data-testid="live-stop-all">Stop all</button>
          </>
        )}
      />
      <div className="live-layout-bar" role="toolbar" aria-label="Layouts" data-testid="live-layouts">
        {layouts.map((l) => (
          <span key={l.id} className="live-layout-item">
            <button type="button" className={`live-layout${l.id === layout.id ? ' live-layout-on' : ''}`} title={`${l.name} (${l.cells.length} panes)`} data-testid="live-layout" data-layout={l.id} onClick={() => pickLayout(l)}>
              <LayoutIcon layout={l} />
              <span>{l.name}</span>
            </button>
            {!l.builtIn && (
              <button type="button" className="live-layout-del" title={`Delete layout ${l.name}`} aria-label={`Delete layout ${l.name}`} onClick={() => deleteLayout(l)}>×</button>
            )}
          </span>
        ))}
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)} data-testid="live-layout-new">+ Layout</button>
        {(wallPref.saveError || layoutsPref.saveError) && <span className="live-save-error" role="alert">Not saved: {wallPref.saveError ?? layoutsPref.saveError}</span>}
      </div>
      <div className="live-body">
        <CameraList cameras={camList} states={states} upstreams={upstreams} onWall={playing} onPlay={play} />
        <div ref={wallBox} className="live-wall" data-testid="live-wall">
          <LiveWall
            wall={wall}
            layout={layout}
            cameras={byId}
            camerasKnown={!cameras.loading}
            onDrop={drop}
            onChange={(pos, ch) => change(updatePane(wall, pos, ch))}
            onStop={(pos) => change(stopPane(wall, pos))}
            onPage={(page) => change({ ...wall, page })}
          />
        </div>
      </div>
      {editing && <LayoutEditor onSave={saveLayout} onClose={() => setEditing(false)} />}
    </div>
  );
}

function LayoutIcon({ layout }: { layout: Layout }) {
  return (
    <span className="live-layout-icon" style={{ gridTemplateColumns: `repeat(${layout.cols}, 1fr)`, gridTemplateRows: `repeat(${layout.rows}, 1fr)` }} aria-hidden="true">
      {layout.cells.map((c, i) => <span key={i} style={{ gridArea: `${c.row + 1} / ${c.col + 1} / span ${c.rowSpan} / span ${c.colSpan}` }} />)}
    </span>
  );
}
