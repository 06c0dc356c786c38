import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressParser, progressAdvanced } from './progress-parser';

// Recorded from ffmpeg 5.1 (-progress pipe:1, segment muxer): the first block of an RTSP run and the next.
const SAMPLE = `frame=1
fps=0.00
stream_0_0_q=-1.0
bitrate=N/A
total_size=N/A
out_time_us=81
out_time_ms=81
out_time=00:00:00.000081
dup_frames=0
drop_frames=0
speed=N/A
progress=continue
frame=36
fps=0.00
stream_0_0_q=-1.0
bitrate=N/A
total_size=N/A
out_time_us=2833415
out_time_ms=2833415
out_time=00:00:02.833415
dup_frames=0
drop_frames=0
speed=4.85x
progress=continue
`;

describe('progress parser', () => {
  it('parses blocks, whatever the chunking', () => {
    for (const size of [1, 7, 64, SAMPLE.length]) {
      const parser = new ProgressParser();
      const blocks = [];
      for (let i = 0; i < SAMPLE.length; i += size) blocks.push(...parser.feed(SAMPLE.slice(i, i + size)));
      assert.deepEqual(blocks, [
        { frame: 1, outTimeUs: 81, totalSize: null, end: false },
        { frame: 36, outTimeUs: 2833415, totalSize: null, end: false },
      ]);
    }
  });

  it('negative and N/A times, and the end block', () => {
    const parser = new ProgressParser();
    const blocks = parser.feed('frame=0\nout_time_us=N/A\nprogress=continue\nframe=1\nout_time_us=-166585\nprogress=end\n');
    assert.deepEqual(blocks, [
      { frame: 0, outTimeUs: null, totalSize: null, end: false },
      { frame: 1, outTimeUs: -166585, totalSize: null, end: true },
    ]);
  });

  it('progress means frames or time moved on', () => {
    const a = { frame: 10, outTimeUs: 1000, totalSize: null, end: false };
    assert.equal(progressAdvanced(null, { frame: 0, outTimeUs: null, totalSize: null, end: false }), false);
    assert.equal(progressAdvanced(null, a), true);
    assert.equal(progressAdvanced(a, { ...a }), false);
    assert.equal(progressAdvanced(a, { ...a, frame: 11 }), true);
    assert.equal(progressAdvanced(a, { ...a, outTimeUs: 2000 }), true);
  });

  it('survives garbage without newlines', () => {
    const parser = new ProgressParser();
    assert.deepEqual(parser.feed('x'.repeat(100_000)), []);
    assert.deepEqual(parser.feed('\nframe=2\nprogress=continue\n'), [{ frame: 2, outTimeUs: null, totalSize: null, end: false }]);
  });
});
