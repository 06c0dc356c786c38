import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concatScript, planCut, type CutInput } from './export-clip';

describe('cutting a clip out of segments on key frames', () => {
  const t0 = 1_000_000;
  // Three 4-second segments, key frames every second, first pts 0.1 s (as ffmpeg writes fragmented MP4).
  const kf = { firstPtsS: 0.1, keyframesS: [0.1, 1.1, 2.1, 3.1] };
  const segs: CutInput[] = [0, 1, 2].map((i) => ({ file: `/w/s${i}.mp4`, startMs: t0 + i * 4000, endMs: t0 + (i + 1) * 4000, keyframes: kf }));

  it('starts at the last key frame at or before from and ends at the first one at or after to', () => {
    const plan = planCut(segs, t0 + 1500, t0 + 9200);
    assert.deepEqual(plan.entries, [{ file: '/w/s0.mp4', inpointS: 1.1, durationS: 3 }, { file: '/w/s1.mp4', durationS: 4 }, { file: '/w/s2.mp4', outpointS: 2.1 }]);
    assert.equal(plan.actualStartMs, t0 + 1000);
    assert.equal(plan.actualEndMs, t0 + 10_000);
  });

  it('uses whole segments when the range covers them', () => {
    const plan = planCut(segs, t0 - 5000, t0 + 20_000);
    assert.deepEqual(plan.entries.map((e) => e.durationS), [4, 4, 4]);
    assert.ok(plan.entries.every((e) => e.inpointS === undefined && e.outpointS === undefined));
    assert.equal(plan.actualStartMs, t0);
    assert.equal(plan.actualEndMs, t0 + 12_000);
  });

  it('cuts inside one segment with the out point after the in point', () => {
    const plan = planCut([segs[0] as CutInput], t0 + 1200, t0 + 1400);
    assert.deepEqual(plan.entries, [{ file: '/w/s0.mp4', inpointS: 1.1, outpointS: 2.1 }]);
    assert.equal(plan.actualEndMs - plan.actualStartMs, 1000);
    assert.match(concatScript(plan.entries), /^ffconcat version 1\.0\nfile '\/w\/s0\.mp4'\ninpoint 1\.100000\noutpoint 2\.100000\n$/);
    assert.match(concatScript([{ file: "/it's.mp4" }]), /file '\/it'\\''s\.mp4'/);
  });
});
