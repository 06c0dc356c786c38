import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barLayout, linePath, niceMax, shortNumber, ticks } from './chart-scale';

describe('chart scale', () => {
  it('rounds the axis up to a nice number', () => {
    assert.equal(niceMax(0), 1);
    assert.equal(niceMax(7), 10);
    assert.equal(niceMax(13), 20);
    assert.equal(niceMax(21), 25);
    assert.equal(niceMax(420), 500);
    assert.equal(niceMax(1000), 1000);
    assert.equal(niceMax(Number.NaN), 1);
  });

  it('spaces ticks evenly from zero', () => {
    assert.deepEqual(ticks(20, 4), [0, 5, 10, 15, 20]);
  });

  it('picks round tick steps by itself, whole numbers for small counts', () => {
    assert.deepEqual(ticks(5), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(ticks(10), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(ticks(2), [0, 1, 2]);
    assert.deepEqual(ticks(1), [0, 1]);
    assert.deepEqual(ticks(25), [0, 5, 10, 15, 20, 25]);
  });

  it('caps the width of a lone bar and centres it', () => {
    const [b] = barLayout([3], 600, 100, 5, 0.2, 60);
    assert.equal(b?.width, 60);
    assert.equal(b?.x, 270);
  });

  it('lays bars out in equal slots, proportional to the value', () => {
    const bars = barLayout([0, 5, 10], 300, 100, 10, 0);
    assert.equal(bars.length, 3);
    assert.deepEqual(bars.map((b) => b.height), [0, 50, 100]);
    assert.deepEqual(bars.map((b) => b.x), [0, 100, 200]);
    assert.equal(bars[2]?.y, 0);
  });

  it('never draws a bar outside the plot', () => {
    const [b] = barLayout([50], 100, 100, 10);
    assert.equal(b?.height, 100);
    assert.deepEqual(barLayout([], 100, 100, 10), []);
  });

  it('draws a line path across the x range', () => {
    assert.equal(linePath([{ x: 0, y: 0 }, { x: 10, y: 5 }], 100, 50, 0, 10, 10), 'M0 50 L100 25');
    assert.equal(linePath([], 100, 50, 0, 10, 10), '');
  });

  it('shortens big numbers', () => {
    assert.equal(shortNumber(1234), '1.2k');
    assert.equal(shortNumber(12), '12');
    assert.equal(shortNumber(2.5), '2.5');
  });
});
