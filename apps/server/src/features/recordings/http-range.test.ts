import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRangeHeader } from './http-range';
import { parseInstant, parseRange } from './time-range';

describe('byte ranges', () => {
  it('parses single ranges and refuses impossible ones', () => {
    assert.deepEqual(parseRangeHeader(undefined, 100), { kind: 'full' });
    assert.deepEqual(parseRangeHeader('bytes=0-9', 100), { kind: 'partial', start: 0, end: 9 });
    assert.deepEqual(parseRangeHeader('bytes=90-', 100), { kind: 'partial', start: 90, end: 99 });
    assert.deepEqual(parseRangeHeader('bytes=-10', 100), { kind: 'partial', start: 90, end: 99 });
    assert.deepEqual(parseRangeHeader('bytes=50-1000', 100), { kind: 'partial', start: 50, end: 99 });
    assert.deepEqual(parseRangeHeader('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=9-3', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=-0', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=0-1,5-6', 100), { kind: 'full' }, 'several ranges: the whole file');
    assert.deepEqual(parseRangeHeader('items=0-1', 100), { kind: 'full' });
    assert.deepEqual(parseRangeHeader('bytes=99999999999999999999-', 100), { kind: 'unsatisfiable' });
  });
});

describe('time ranges of queries', () => {
  const nowMs = Date.parse('2026-06-01T12:00:00Z');
  const rules = { nowMs, maxSpanMs: 24 * 3600_000, maxSpanText: '24 h' };
  it('reads epoch milliseconds and ISO-8601 with a zone', () => {
    assert.equal(parseInstant('from', '1780000000000'), 1780000000000);
    assert.equal(parseInstant('from', '2026-06-01T10:00:00Z'), Date.parse('2026-06-01T10:00:00Z'));
    assert.equal(parseInstant('from', '2026-06-01T10:00:00.250+02:00'), Date.parse('2026-06-01T08:00:00.250Z'));
    for (const bad of ['yesterday', '2026-06-01', '2026-06-01T10:00:00', '2026-13-45T99:99:99Z', '', '1e12', '-5']) {
      assert.throws(() => parseInstant('from', bad), (e: { code?: string }) => e.code === 'validation_failed', bad);
    }
  });
  it('refuses reversed, empty, absurd and too long ranges', () => {
    assert.deepEqual(parseRange('2026-06-01T10:00:00Z', '2026-06-01T11:00:00Z', rules), { fromMs: Date.parse('2026-06-01T10:00:00Z'), toMs: Date.parse('2026-06-01T11:00:00Z') });
    for (const [from, to] of [
      ['2026-06-01T11:00:00Z', '2026-06-01T10:00:00Z'],
      ['2026-06-01T11:00:00Z', '2026-06-01T11:00:00Z'],
      ['1990-01-01T00:00:00Z', '1990-01-01T01:00:00Z'],
      ['2031-01-01T00:00:00Z', '2031-01-01T01:00:00Z'],
      ['2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z'],
    ] as const) {
      assert.throws(() => parseRange(from, to, rules), (e: { status?: number }) => e.status === 400, `${from} → ${to}`);
    }
  });
});
