import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inSchedule, isValidTimeZone, localTime, scheduleProblems } from './schedule';

describe('recording schedules', () => {
  // 2026-03-02 is a Monday.
  const at = (iso: string) => Date.parse(iso);
  const office = [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:30' }];
  const nights = [{ days: [5], start: '22:00', end: '06:00' }];

  it('reads the local day and minute in a time zone', () => {
    assert.deepEqual(localTime(at('2026-03-02T23:30:00Z'), 'UTC'), { day: 1, minutes: 23 * 60 + 30 });
    assert.deepEqual(localTime(at('2026-03-02T23:30:00Z'), 'Asia/Shanghai'), { day: 2, minutes: 7 * 60 + 30 });
  });

  it('is inside a window on its days between start and end', () => {
    assert.equal(inSchedule(office, at('2026-03-02T08:00:00Z'), 'UTC'), true);
    assert.equal(inSchedule(office, at('2026-03-02T18:29:00Z'), 'UTC'), true);
    assert.equal(inSchedule(office, at('2026-03-02T18:30:00Z'), 'UTC'), false);
    assert.equal(inSchedule(office, at('2026-03-01T12:00:00Z'), 'UTC'), false, 'Sunday');
    assert.equal(inSchedule(office, at('2026-03-02T01:00:00Z'), 'Asia/Shanghai'), true, '09:00 in Shanghai');
  });

  it('runs past midnight into the next day when the end is before the start', () => {
    assert.equal(inSchedule(nights, at('2026-03-06T23:00:00Z'), 'UTC'), true, 'Friday night');
    assert.equal(inSchedule(nights, at('2026-03-07T05:59:00Z'), 'UTC'), true, 'Saturday early morning');
    assert.equal(inSchedule(nights, at('2026-03-07T06:00:00Z'), 'UTC'), false);
    assert.equal(inSchedule(nights, at('2026-03-05T23:00:00Z'), 'UTC'), false, 'Thursday night');
    assert.equal(inSchedule([{ days: [0], start: '00:00', end: '24:00' }], at('2026-03-01T23:59:00Z'), 'UTC'), true);
  });

  it('explains bad windows and time zones', () => {
    assert.deepEqual(scheduleProblems(office), []);
    assert.deepEqual(scheduleProblems([{ days: [7], start: '8:00', end: '08:00' }]).map((p) => p.field), ['schedule/0/days', 'schedule/0/start']);
    assert.deepEqual(scheduleProblems([{ days: [1], start: '24:00', end: '25:00' }]).map((p) => p.field), ['schedule/0/start', 'schedule/0/end']);
    assert.deepEqual(scheduleProblems([{ days: [1], start: '10:00', end: '10:00' }]).map((p) => p.field), ['schedule/0/end']);
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
  });
});
