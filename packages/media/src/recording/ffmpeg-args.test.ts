import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveMediaTarget } from '../source-url';
import { buildRecorderArgs } from './ffmpeg-args';
import { sessionPaths } from './work-dir-layout';

function target(url: string, user?: string, password?: string) {
  const r = resolveMediaTarget(url, user, password);
  assert.ok(r.ok);
  return r.target;
}

const paths = sessionPaths('/w', 'cam1', 's1');
const after = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('recorder ffmpeg arguments', () => {
  it('RTSP: TCP, socket timeout, stream copy, one video and optional audio, fMP4 segments and a list', () => {
    const args = buildRecorderArgs({ target: target('rtsp://127.0.0.1:8554/cam', 'u', 'p@ss'), segmentSeconds: 4, ioTimeoutMs: 7000, loopFiles: true, audio: 'copy', paths });
    assert.equal(after(args, '-rtsp_transport'), 'tcp');
    assert.equal(after(args, '-timeout'), '7000000');
    assert.equal(after(args, '-i'), 'rtsp://u:p%40ss@127.0.0.1:8554/cam');
    assert.ok(!args.includes('-stream_loop') && !args.includes('-re'));
    assert.deepEqual(args.slice(args.indexOf('-map'), args.indexOf('-map') + 4), ['-map', '0:v:0', '-map', '0:a:0?']);
    assert.equal(after(args, '-c'), 'copy');
    assert.ok(!args.some((a) => a.startsWith('-c:v') || a === 'libx264'), 'never a transcode');
    assert.equal(after(args, '-f'), 'segment');
    assert.equal(after(args, '-segment_time'), '4');
    assert.equal(after(args, '-segment_format'), 'mp4');
    assert.match(after(args, '-segment_format_options')!, /^movflags=\+frag_keyframe\+empty_moov\+default_base_moof\+frag_discont:/);
    assert.match(after(args, '-segment_format_options')!, /flush_packets=1/);
    assert.equal(after(args, '-reset_timestamps'), '0');
    assert.equal(after(args, '-segment_list'), '/w/cam1.s1.csv');
    assert.equal(after(args, '-segment_list_type'), 'csv');
    assert.equal(after(args, '-progress'), 'pipe:1');
    assert.equal(args.at(-1), '/w/cam1.s1.%06d.mp4');
  });

  it('files loop in real time when asked; audio can be dropped; other network inputs get rw_timeout', () => {
    const file = buildRecorderArgs({ target: target('/videos/a.mp4'), segmentSeconds: 2, ioTimeoutMs: 5000, loopFiles: true, audio: 'drop', paths });
    assert.deepEqual(file.slice(file.indexOf('-stream_loop'), file.indexOf('-stream_loop') + 3), ['-stream_loop', '-1', '-re']);
    assert.equal(after(file, '-i'), 'file:/videos/a.mp4');
    assert.equal(file.filter((a) => a === '-map').length, 1);
    const once = buildRecorderArgs({ target: target('/videos/a.mp4'), segmentSeconds: 2.5, ioTimeoutMs: 5000, loopFiles: false, audio: 'copy', paths });
    assert.ok(!once.includes('-stream_loop') && once.includes('-re'));
    assert.equal(after(once, '-segment_time'), '2.5');
    const http = buildRecorderArgs({ target: target('http://cam/x.flv'), segmentSeconds: 2, ioTimeoutMs: 3000, loopFiles: true, audio: 'copy', paths });
    assert.equal(after(http, '-rw_timeout'), '3000000');
  });

  it('segments are cut into 1 s fragments, or into live view\'s fragments when live view follows them', () => {
    const t = target('rtsp://127.0.0.1:8554/cam');
    const plain = buildRecorderArgs({ target: t, segmentSeconds: 4, ioTimeoutMs: 7000, loopFiles: false, audio: 'copy', paths });
    assert.match(after(plain, '-segment_format_options')!, /:frag_duration=1000000:/);
    const live = buildRecorderArgs({ target: t, segmentSeconds: 4, ioTimeoutMs: 7000, loopFiles: false, audio: 'copy', paths, fragmentMs: 100 });
    assert.match(after(live, '-segment_format_options')!, /:frag_duration=100000:/);
    assert.match(after(live, '-segment_format_options')!, /movflags=\+frag_keyframe/, 'a key frame still starts a fragment');
    assert.equal(live.at(-1), '/w/cam1.s1.%06d.mp4', 'one output: no second muxer for live view');
    assert.equal(live.length, plain.length);
  });
});
