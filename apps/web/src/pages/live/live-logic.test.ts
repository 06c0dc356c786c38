import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_LAYOUTS, featureLayout, gridArea, gridLayout, layoutProblem, parseSavedLayouts, readingOrder, storedLayouts } from './layouts';
import { assign, emptyWall, nextIdlePane, parseSavedWall, placeCamera, relayout, stopAll, stopPane, storedWall, updatePane, type PaneAssignment } from './wall';
import { decideBuffer } from './buffer-policy';
import { addBitrateSample, averageKbps, currentKbps, EMPTY_BITRATE, formatKbps, kbpsOf } from './bitrate';
import { EMPTY_OVERLAYS, overlayAt, pushOverlay } from './overlay-sync';
import { parseLiveMessage } from './live-messages';
import { defaultStream, refusalText, streamToRequest, transportFor } from './playback-choice';

const cam = (id: string): PaneAssignment => ({ cameraId: id, stream: 'sub', transport: 'mse', muted: true, showStats: false });
const ids = (w: { pages: Array<Array<PaneAssignment | null>> }) => w.pages.map((p) => p.map((x) => x?.cameraId ?? '-').join(''));

describe('layout geometry', () => {
  it('builds square grids and the 1+5 feature layout', () => {
    assert.equal(gridLayout(3).cells.length, 9);
    const f = featureLayout(3, 2, 'f', '1+5');
    assert.equal(f.cells.length, 6);
    assert.deepEqual(f.cells[0], { col: 0, row: 0, colSpan: 2, rowSpan: 2 });
    assert.equal(layoutProblem(f), null);
    for (const l of BUILT_IN_LAYOUTS) assert.equal(layoutProblem(l), null, l.id);
    assert.equal(gridArea({ col: 1, row: 0, colSpan: 2, rowSpan: 1 }), '1 / 2 / span 1 / span 2');
  });

  it('rejects overlapping, outside and empty layouts', () => {
    assert.match(layoutProblem({ id: 'x', name: 'x', cols: 2, rows: 2, cells: [{ col: 0, row: 0, colSpan: 2, rowSpan: 1 }, { col: 1, row: 0, colSpan: 1, rowSpan: 1 }] }) ?? '', /overlaps/);
    assert.match(layoutProblem({ id: 'x', name: 'x', cols: 2, rows: 2, cells: [{ col: 1, row: 1, colSpan: 2, rowSpan: 1 }] }) ?? '', /outside/);
    assert.match(layoutProblem({ id: 'x', name: 'x', cols: 2, rows: 2, cells: [] }) ?? '', /at least one/);
    assert.match(layoutProblem({ id: 'x', name: 'x', cols: 9, rows: 2, cells: [] }) ?? '', /grid/);
  });

  it('orders panes for reading and round-trips saved layouts, dropping junk', () => {
    const order = readingOrder([{ col: 1, row: 1, colSpan: 1, rowSpan: 1 }, { col: 0, row: 1, colSpan: 1, rowSpan: 1 }, { col: 1, row: 0, colSpan: 1, rowSpan: 1 }]);
    assert.deepEqual(order.map((c) => `${c.col}${c.row}`), ['10', '01', '11']);
    const mine = featureLayout(4, 2, 'mine', 'Mine');
    const stored = storedLayouts([...BUILT_IN_LAYOUTS, mine]);
    assert.equal(stored.length, 1);
    const back = parseSavedLayouts(JSON.parse(JSON.stringify([...stored, 'junk', { id: 'bad', name: 'b', cols: 2, rows: 2, cells: [{ col: 5, row: 0, colSpan: 1, rowSpan: 1 }] }])));
    assert.deepEqual(back.map((l) => l.id), ['mine']);
    assert.equal(back[0]?.cells.length, 13);
    assert.deepEqual(parseSavedLayouts({ not: 'a list' }), []);
  });
});

describe('wall placement and pagination', () => {
  it('plays a clicked camera in the next idle pane, left to right, then on a new page', () => {
    let w = emptyWall('grid-4', 4);
    for (const id of ['a', 'b', 'c']) w = placeCamera(w, cam(id)).wall;
    w = stopPane(w, { page: 0, index: 1 });
    assert.deepEqual(ids(w), ['a-c-']);
    assert.deepEqual(nextIdlePane(w), { page: 0, index: 1 });
    for (const id of ['d', 'e', 'f']) w = placeCamera(w, cam(id)).wall;
    assert.deepEqual(ids(w), ['adce', 'f---']);
    assert.equal(w.page, 1, 'the wall shows the page the camera landed on');
  });

  it('drops onto a given pane, updates settings, stops pages and all', () => {
    let w = placeCamera(emptyWall('grid-1', 1), cam('a')).wall;
    w = placeCamera(w, cam('b')).wall;
    assert.deepEqual(ids(w), ['a', 'b']);
    w = assign(w, { page: 0, index: 0 }, cam('z'));
    w = updatePane(w, { page: 0, index: 0 }, { stream: 'main' });
    assert.equal(w.pages[0]?.[0]?.stream, 'main');
    assert.equal(assign(w, { page: 7, index: 0 }, cam('q')), w, 'out of range: unchanged');
    w = stopPane(w, { page: 1, index: 0 });
    assert.deepEqual(ids(w), ['z'], 'the empty last page goes');
    assert.equal(w.page, 0);
    assert.deepEqual(ids(stopAll(w)), ['-']);
  });

  it('keeps camera order when the layout changes', () => {
    let w = emptyWall('grid-4', 4);
    for (const id of ['a', 'b', 'c', 'd', 'e']) w = placeCamera(w, cam(id)).wall;
    const one = relayout(w, 'grid-1', 1);
    assert.deepEqual(ids(one), ['a', 'b', 'c', 'd', 'e']);
    const nine = relayout(one, 'grid-9', 9);
    assert.deepEqual(ids(nine), ['abcde----']);
    assert.equal(nine.page, 0);
  });

  it('restores a saved wall and ignores malformed panes', () => {
    let w = emptyWall('grid-4', 4);
    w = placeCamera(w, cam('a')).wall;
    w = updatePane(w, { page: 0, index: 0 }, { transport: 'hls', showStats: true, muted: false });
    const back = parseSavedWall(JSON.parse(JSON.stringify(storedWall(w))), (id) => (id === 'grid-4' ? 4 : null));
    assert.deepEqual(back, w);
    assert.equal(parseSavedWall({ layoutId: 'nope', panes: [] }, () => null), null);
    const odd = parseSavedWall({ layoutId: 'grid-4', page: 99, panes: [{ cameraId: 5 }, { cameraId: 'x', stream: 'weird' }] }, () => 4);
    assert.deepEqual(ids(odd!), ['-x--']);
    assert.equal(odd?.pages[0]?.[1]?.stream, 'sub');
    assert.equal(odd?.page, 0);
  });
});

describe('live buffer decisions', () => {
  it('jumps to the live edge when more than a second behind', () => {
    assert.equal(decideBuffer(10, [[0, 10.5]]).seekTo, null);
    const d = decideBuffer(10, [[0, 12]]);
    assert.ok(d.seekTo !== null && d.seekTo > 11.5 && d.seekTo <= 12);
  });

  it('jumps into the buffer when the playhead sits in a gap or before it', () => {
    assert.ok((decideBuffer(0, [[3, 3.5]]).seekTo ?? 0) >= 3);
    assert.equal(decideBuffer(5, []).seekTo, null);
  });

  it('removes data older than ten seconds behind the playhead, and nothing when little is buffered', () => {
    assert.deepEqual(decideBuffer(25, [[0, 25.3]]).remove, { start: 0, end: 15 });
    assert.equal(decideBuffer(8, [[0, 8.2]]).remove, null);
  });
});

describe('bit rate averaging', () => {
  it('keeps a current (windowed) and an average figure, ignoring junk samples', () => {
    let s = EMPTY_BITRATE;
    assert.equal(currentKbps(s), null);
    for (const k of [1000, 2000, 3000, 4000, NaN, -5]) s = addBitrateSample(s, k);
    assert.equal(currentKbps(s), 3000);
    assert.equal(averageKbps(s), 2500);
    assert.equal(kbpsOf(125_000, 1), 1000);
    assert.equal(kbpsOf(1, 0), null);
    assert.equal(formatKbps(850.4), '850 kb/s');
    assert.equal(formatKbps(2400), '2.4 Mb/s');
    assert.equal(formatKbps(null), '—');
  });
});

describe('overlay alignment', () => {
  it('draws the newest frame at or before the playhead, bounded and stale-aware', () => {
    let q = EMPTY_OVERLAYS;
    for (const t of [1, 2, 3]) q = pushOverlay(q, { decodeTimeS: t, objects: [] }, 2);
    assert.equal(q.dropped, 1);
    assert.equal(overlayAt(q, 1.5).frame, null, 'the frame for t=2 waits');
    const at = overlayAt(q, 2.5);
    assert.equal(at.frame?.decodeTimeS, 2);
    assert.equal(overlayAt(at.queue, 9).frame, null, 'stale frames are not drawn');
  });
});

describe('live socket messages', () => {
  it('parses the contract messages and ignores garbage', () => {
    assert.deepEqual(parseLiveMessage('{"type":"init","mime":"video/mp4; codecs=\\"avc1.64001f\\"","width":768,"height":576,"codec":"h264"}'), {
      type: 'init', mime: 'video/mp4; codecs="avc1.64001f"', width: 768, height: 576, codec: 'h264',
    });
    assert.equal(parseLiveMessage('{"type":"stats","bitrateKbps":900,"fps":"x"}')?.type, 'stats');
    assert.deepEqual(parseLiveMessage('{"type":"state","state":"failing","reason":"timeout"}'), { type: 'state', state: 'failing', reason: 'timeout' });
    const ov = parseLiveMessage('{"type":"overlay","decodeTimeS":1.5,"objects":[{"id":"1","className":"person","box":[0.1,0.2,0.3,0.4],"confidence":0.9},{"box":[1]}]}');
    assert.equal(ov?.type === 'overlay' ? ov.objects.length : -1, 1);
    for (const bad of ['', 'nope', '[]', 'null', '{"type":"state","state":"odd"}', '{"type":"init"}', '{"type":"overlay","objects":[]}']) assert.equal(parseLiveMessage(bad), null, bad);
  });
});

describe('playback choices', () => {
  it('prefers sub-streams, falls back to HLS when MSE cannot play, and words refusals', () => {
    assert.equal(defaultStream({ subUrl: 'rtsp://x/sub' }), 'sub');
    assert.equal(defaultStream({ subUrl: null }), 'main');
    assert.equal(streamToRequest('sub', { subUrl: null }), 'main');
    assert.deepEqual(transportFor('mse', 'video/mp4; codecs="hev1"', (m) => m.includes('avc1')).transport, 'hls');
    assert.deepEqual(transportFor('mse', 'video/mp4; codecs="avc1.64001f"', (m) => m.includes('avc1')), { transport: 'mse', fellBack: null });
    assert.equal(transportFor('mse', null, null).transport, 'hls');
    assert.equal(transportFor('hls', null, () => true).transport, 'hls');
    assert.match(refusalText(403, 'forbidden', ''), /no right/);
    assert.match(refusalText(501, 'live_transport_unavailable', ''), /not available/);
  });

  it('plays WebRTC where the browser has it, MSE (or HLS) otherwise, and keeps WebRTC in a stored wall', () => {
    assert.deepEqual(transportFor('webrtc', null, () => true, true), { transport: 'webrtc', fellBack: null });
    const noRtc = transportFor('webrtc', null, () => true, false);
    assert.equal(noRtc.transport, 'mse');
    assert.match(noRtc.fellBack ?? '', /no WebRTC/);
    assert.equal(transportFor('webrtc', null, null, false).transport, 'hls');
    const w = parseSavedWall({ layoutId: 'grid-4', page: 0, panes: [{ cameraId: 'cam_a', transport: 'webrtc' }, { cameraId: 'cam_b', transport: 'rtmp' }] }, () => 4);
    assert.equal(w?.pages[0]?.[0]?.transport, 'webrtc');
    assert.equal(w?.pages[0]?.[1]?.transport, 'mse', 'unknown transports fall back to MSE');
  });
});
