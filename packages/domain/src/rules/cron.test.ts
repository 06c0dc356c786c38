import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronFiresWithinAYear, cronMatches, parseCron } from './cron';
import { localTimeAt } from './local-time';
import { ScheduleEvaluator, windowContains } from './schedule';

const at = (iso: string) => Date.parse(iso);

describe('cron parsing and matching', () => {
  it('parses lists, ranges, steps and Sunday as 0 or 7', () => {
    const c = parseCron('*/15 9-17 * * 1-5');
    assert.deepEqual([...c.minutes], [0, 15, 30, 45]);
    assert.deepEqual([...c.hours], [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual([...parseCron('0 0 * * 7').daysOfWeek], [0]);
    assert.deepEqual([...parseCron('5,10-12/2 * * * *').minutes], [5, 10, 12]);
  });
  it('rejects malformed expressions with the field named', () => {
    assert.throws(() => parseCron('* * * *'), /5 fields/);
    assert.throws(() => parseCron('60 * * * *'), /minute: 60 is outside 0-59/);
    assert.throws(() => parseCron('* 5-2 * * *'), /hour: the range 5-2 is backwards/);
    assert.throws(() => parseCron('* * * * mon'), /day of week/);
    assert.throws(() => parseCron('*/0 * * * *'), /step/);
    assert.throws(() => parseCron(''), /5 fields/);
  });
  it('matches local times; day-of-month OR day-of-week when both are restricted', () => {
    const c = parseCron('30 22 * * 1-5');
    assert.ok(cronMatches(c, { year: 2026, month: 11, day: 23, hour: 22, minute: 30, weekday: 1 }));
    assert.ok(!cronMatches(c, { year: 2026, month: 11, day: 22, hour: 22, minute: 30, weekday: 0 }));
    const both = parseCron('0 0 1 * 0');
    assert.ok(cronMatches(both, { year: 2026, month: 11, day: 22, hour: 0, minute: 0, weekday: 0 }), 'a Sunday');
    assert.ok(cronMatches(both, { year: 2026, month: 12, day: 1, hour: 0, minute: 0, weekday: 2 }), 'the 1st');
    assert.ok(!cronMatches(both, { year: 2026, month: 12, day: 2, hour: 0, minute: 0, weekday: 3 }));
  });
  it('knows expressions that never fire within a year', () => {
    assert.ok(!cronFiresWithinAYear(parseCron('0 0 31 2 *')), 'Feb 31');
    assert.ok(!cronFiresWithinAYear(parseCron('0 0 30-31 2 *')));
    assert.ok(cronFiresWithinAYear(parseCron('0 0 29 2 *')), 'Feb 29 fires in leap years');
    assert.ok(cronFiresWithinAYear(parseCron('0 0 31 2 1')), 'or-ed with Mondays in February');
  });
});

describe('schedules', () => {
  it('local time in a zone (Asia/Kolkata has no DST: +05:30 all year)', () => {
    assert.deepEqual(localTimeAt(at('2026-01-05T18:45:00Z'), 'Asia/Kolkata'), { year: 2026, month: 1, day: 6, hour: 0, minute: 15, weekday: 2 });
    assert.equal(localTimeAt(at('2026-07-05T18:45:00Z'), 'Asia/Kolkata').hour, 0);
  });
  it('windows: start inclusive, end exclusive, past-midnight windows belong to their start day', () => {
    const w = { days: [1], start: '22:00', end: '06:00' }; // Monday night
    assert.ok(windowContains(w, 1, 22 * 60));
    assert.ok(!windowContains(w, 1, 21 * 60 + 59));
    assert.ok(windowContains(w, 2, 5 * 60 + 59), 'Tuesday morning is Monday night');
    assert.ok(!windowContains(w, 2, 6 * 60));
    assert.ok(!windowContains(w, 1, 3 * 60), 'Monday early morning belongs to Sunday night');
    assert.ok(!windowContains({ days: [1], start: '09:00', end: '09:00' }, 1, 9 * 60), 'an empty window never opens');
  });
  it('evaluator: windows in a time zone, at the edges', () => {
    const s = new ScheduleEvaluator({ kind: 'windows', timeZone: 'Asia/Kolkata', windows: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' }] }, 'UTC');
    assert.ok(!s.isActive(at('2026-11-23T03:29:59Z')), 'Mon 08:59:59 IST');
    assert.ok(s.isActive(at('2026-11-23T03:30:00Z')), 'Mon 09:00 IST');
    assert.ok(s.isActive(at('2026-11-23T11:59:59Z')), 'Mon 17:29:59 IST');
    assert.ok(!s.isActive(at('2026-11-23T12:00:00Z')), 'Mon 17:30 IST');
    assert.ok(!s.isActive(at('2026-11-22T06:00:00Z')), 'Sunday');
  });
  it('evaluator: cron opens a window of durationMinutes at each match', () => {
    const s = new ScheduleEvaluator({ kind: 'cron', expression: '0 22 * * *', durationMinutes: 90 }, 'UTC');
    assert.ok(!s.isActive(at('2026-11-23T21:59:00Z')));
    assert.ok(s.isActive(at('2026-11-23T22:00:00Z')));
    assert.ok(s.isActive(at('2026-11-23T23:29:59Z')));
    assert.ok(!s.isActive(at('2026-11-23T23:30:00Z')));
    // minute by minute (the incremental path) agrees with fresh evaluators (the full scan), across two days
    const step = new ScheduleEvaluator({ kind: 'cron', timeZone: 'Asia/Kolkata', expression: '*/50 9-10 * * 1', durationMinutes: 7 }, 'UTC');
    const t0 = at('2026-11-22T00:00:00Z');
    let activeMinutes = 0;
    for (let m = 0; m < 2 * 1440; m += 1) {
      const fresh = new ScheduleEvaluator({ kind: 'cron', timeZone: 'Asia/Kolkata', expression: '*/50 9-10 * * 1', durationMinutes: 7 }, 'UTC');
      const a = step.isActive(t0 + m * 60_000);
      assert.equal(a, fresh.isActive(t0 + m * 60_000), `minute ${m}`);
      if (a) activeMinutes += 1;
    }
    assert.equal(activeMinutes, 4 * 7, 'Monday 09:00, 09:50, 10:00, 10:50 IST, 7 minutes each');
    assert.ok(!step.isActive(t0), 'going back in time rescans');
    assert.ok(new ScheduleEvaluator(undefined, 'UTC').isActive(0));
    assert.ok(new ScheduleEvaluator({ kind: 'always' }, 'UTC').isActive(0));
  });
});
