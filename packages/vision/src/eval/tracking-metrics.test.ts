import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMot } from './mot-format';
import { scoreTracking, trackingSummaryLine } from './tracking-metrics';

// Two people walking down across y = 50 (of 100), one walking up; frames 1-10.
function gtText(): string {
  const lines: string[] = [];
  for (let f = 1; f <= 10; f++) {
    lines.push(`${f},1,10,${f * 8},10,20,1,-1,-1,-1`); // bottom from 28 to 100: crosses down
    lines.push(`${f},2,40,${f * 8},10,20,1,-1,-1,-1`);
    lines.push(`${f},3,70,${80 - f * 6},10,20,1,-1,-1,-1`); // bottom from 94 to 40: crosses up
  }
  return lines.join('\n');
}

test('perfect predictions: MOTA = IDF1 = 1, crossings equal', () => {
  const gt = parseMot(gtText());
  const pred = gt.map((r) => ({ ...r, id: r.id + 100 }));
  const s = scoreTracking(gt, pred, { frameSize: { width: 100, height: 100 } });
  assert.equal(s.clear.mota, 1);
  assert.equal(s.id.idf1, 1);
  assert.deepEqual(s.crossings, { a2b: 2, b2a: 1, gtA2b: 2, gtB2a: 1 });
  assert.equal(s.countingError.total, 0);
  assert.equal(trackingSummaryLine(s), 'MOTA=1.000 IDF1=1.000 idsw=0; crossings a2b=2/2 b2a=1/1');
});

test('a missing track, an id switch and a frame range', () => {
  const gt = parseMot(gtText());
  const pred = gt.filter((r) => r.id !== 2).map((r) => ({ ...r, id: r.id === 1 && r.frame > 5 ? 9 : r.id }));
  const s = scoreTracking(gt, pred, { frameSize: { width: 100, height: 100 } });
  assert.equal(s.clear.fn, 10);
  assert.equal(s.clear.idsw, 1);
  assert.ok(Math.abs(s.clear.mota - (1 - 11 / 30)) < 1e-12);
  assert.equal(s.crossings.a2b, 1);
  assert.equal(s.predictedTracks, 3);
  const part = scoreTracking(gt, pred, { frameSize: { width: 100, height: 100 }, fromFrame: 6, toFrame: 10 });
  assert.equal(part.clear.gt, 15);
  assert.equal(part.clear.idsw, 0);
  assert.equal(part.fromFrame, 6);
});
