import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterDetections } from './detection-filter';
import type { Detection } from '../types';

const d = (classId: number, score: number, h: number): Detection => ({ box: { x: 0, y: 0, w: 10, h }, classId, label: String(classId), score });

test('filters by class, score and height (pixels or share of the frame)', () => {
  const dets = [d(0, 0.9, 40), d(2, 0.9, 40), d(0, 0.05, 40), d(0, 0.9, 20)];
  assert.equal(filterDetections(dets, 360).length, 4);
  assert.deepEqual(filterDetections(dets, 360, { classes: [0] }).length, 3);
  assert.deepEqual(filterDetections(dets, 360, { classes: [0], minScore: 0.1 }).length, 2);
  assert.deepEqual(filterDetections(dets, 360, { minHeightFraction: 0.07 }).map((x) => x.box.h), [40, 40, 40]);
  assert.deepEqual(filterDetections(dets, 360, { minHeightPx: 30, classes: [2] }).length, 1);
});
