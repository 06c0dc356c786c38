import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterMot, formatMot, groupByFrame, groupById, MotFormatError, parseMot } from './mot-format';

test('parses MOT15/PETS and MOT17 rows; skips blanks and comments', () => {
  const rows = parseMot('# header\n1,9,311.88,98.75,19.39,46.98,1,-1,-1,-1\n\n2,3,10,20,30,40,0,7,0.25\n');
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], { frame: 1, id: 9, box: { x: 311.88, y: 98.75, w: 19.39, h: 46.98 }, conf: 1 });
  assert.deepEqual(rows[1], { frame: 2, id: 3, box: { x: 10, y: 20, w: 30, h: 40 }, conf: 0, classId: 7, visibility: 0.25 });
});

test('malformed lines throw with the line number', () => {
  assert.throws(() => parseMot('1,2,3,4,5,6\n1,2,x,4,5,6', 'f.txt'), (e: unknown) => e instanceof MotFormatError && /f\.txt:2/.test(e.message));
  assert.throws(() => parseMot('1,2,3'), MotFormatError);
  assert.throws(() => parseMot('1.5,2,3,4,5,6'), /bad frame/);
});

test('format → parse round trip, sorted by frame then id', () => {
  const rows = parseMot('2,1,1.234,2,3,4,0.9\n1,5,0,0,10,10,1\n1,2,0,0,10,10,1');
  const text = formatMot(rows);
  assert.equal(text.split('\n')[0], '1,2,0,0,10,10,1,-1,-1,-1');
  assert.equal(text.split('\n')[2], '2,1,1.23,2,3,4,0.9,-1,-1,-1');
  assert.deepEqual(
    parseMot(text).map((r) => [r.frame, r.id]),
    [
      [1, 2],
      [1, 5],
      [2, 1],
    ],
  );
  assert.equal(formatMot([]), '');
});

test('filter and group', () => {
  const rows = parseMot('1,1,0,0,1,1,1,1\n1,2,0,0,1,1,0,1\n2,1,0,0,1,1,1,1\n3,3,0,0,1,1,1,8\n4,1,0,0,1,1,1,-1');
  assert.deepEqual(filterMot(rows, { classes: [1] }).map((r) => r.frame), [1, 2, 4]);
  assert.deepEqual(filterMot(rows, { fromFrame: 2, toFrame: 3 }).map((r) => r.frame), [2, 3]);
  assert.equal(filterMot(rows, { consideredOnly: false }).length, 5);
  assert.deepEqual([...groupByFrame(rows).keys()], [1, 2, 3, 4]);
  assert.equal(groupByFrame(rows).get(1)?.length, 2);
  assert.deepEqual(groupById(rows).get(1)?.map((r) => r.frame), [1, 2, 4]);
});
