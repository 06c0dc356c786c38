import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameSourceArgs, frameSourceFilter, isNetworkInput } from './frame-source-args';

const after = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

test('file input at a low rate, scaled, as BGR on stdout', () => {
  const a = frameSourceArgs({ input: '/v/a.mp4', fps: 4, width: 416 });
  assert.equal(after(a, '-i'), '/v/a.mp4');
  assert.equal(after(a, '-vf'), 'fps=4,scale=416:-2:flags=area,showinfo');
  assert.equal(after(a, '-pix_fmt'), 'bgr24');
  assert.deepEqual(a.slice(-3), ['-f', 'rawvideo', 'pipe:1']);
  assert.deepEqual(a.slice(-5, -3), ['-threads', '1'], 'one encoder thread: frame threads hold each frame until the next');
  assert.ok(!a.includes('-re'));
  assert.ok(a.indexOf('-nostdin') >= 0);
});

test('options: gray, real-time pacing, seek, duration, keyframes only, every frame', () => {
  const a = frameSourceArgs({ input: 'clip.avi', format: 'gray8', pacing: 'realtime', startS: 3, durationS: 2, height: 120 });
  assert.equal(after(a, '-pix_fmt'), 'gray');
  assert.ok(a.indexOf('-re') < a.indexOf('-i'));
  assert.equal(after(a, '-ss'), '3');
  assert.equal(after(a, '-t'), '2');
  assert.equal(after(a, '-vf'), 'fps=5,scale=-2:120:flags=area,showinfo');
  const k = frameSourceArgs({ input: 'clip.avi', keyframesOnly: true, fps: 2 });
  assert.equal(after(k, '-skip_frame'), 'nokey');
  assert.ok(k.indexOf('-skip_frame') < k.indexOf('-i'));
  assert.equal(after(k, '-vf'), 'showinfo');
  assert.equal(frameSourceFilter({ input: 'x', fps: 'source' }), 'showinfo');
  assert.throws(() => frameSourceFilter({ input: 'x', fps: 0 }), /fps/);
});

test('network inputs: timeouts and RTSP over TCP; never -re', () => {
  const r = frameSourceArgs({ input: 'rtsp://cam/1', pacing: 'realtime', ioTimeoutMs: 5000 });
  assert.equal(after(r, '-rtsp_transport'), 'tcp');
  assert.equal(after(r, '-timeout'), '5000000');
  assert.ok(!r.includes('-re'));
  const h = frameSourceArgs({ input: 'http://x/live.ts' });
  assert.equal(after(h, '-rw_timeout'), '10000000');
  assert.equal(isNetworkInput('file:///a.mp4'), false);
  assert.equal(isNetworkInput('/a/b.mp4'), false);
  assert.equal(isNetworkInput('srt://host:9000'), true);
});
