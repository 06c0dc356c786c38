import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateRuleSet } from './validate-rule-set';

const CLASSES = ['person', 'car', 'backpack', 'handbag', 'suitcase'];
const zone = { name: 'z', polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9]] };
const line = { name: 'l', from: [0, 0.5], to: [1, 0.5] };

function problems(input: unknown): string[] {
  const r = validateRuleSet(input, CLASSES);
  return r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
}
function hasProblem(input: unknown, field: string, message: RegExp): void {
  const list = problems(input);
  assert.ok(list.some((p) => p.startsWith(`${field}: `) && message.test(p)), `expected ${field} ~ ${message} in ${JSON.stringify(list)}`);
}

describe('validateRuleSet', () => {
  it('accepts the issue example and returns a clean copy', () => {
    const input = {
      zones: [{ name: 'z', polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]] }],
      lines: [line],
      rules: [
        { type: 'intrusion', zone: 'z', classes: ['person'], minSeconds: 0 },
        { type: 'crossing', line: 'l', direction: 'both', classes: ['person'] },
        { type: 'loitering', zone: 'z', classes: ['person'], minSeconds: 10, schedule: { kind: 'cron', expression: '0 22 * * 1-5', durationMinutes: 480, timeZone: 'Europe/Paris' } },
        { type: 'crowd', zone: 'z', threshold: 5, minSeconds: 3, severity: 'major' },
        { type: 'counting', zone: 'z', intervalSeconds: 60 },
        { type: 'left_behind', zone: 'z', classes: ['backpack', 'suitcase'], minSeconds: 30 },
      ],
    };
    const r = validateRuleSet(input, CLASSES);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.rules.length, 6);
    assert.notEqual(r.value.zones[0]!.polygon, input.zones[0]!.polygon, 'a copy');
    assert.deepEqual(validateRuleSet({ rules: [] }, CLASSES), { ok: true, value: { zones: [], lines: [], rules: [] } });
  });
  it('rejects non-objects and wrong containers', () => {
    hasProblem(null, '', /must be an object/);
    hasProblem([], '', /must be an object/);
    hasProblem({ zones: {}, rules: [] }, 'zones', /array/);
    hasProblem({ zones: [] }, 'rules', /array/);
    hasProblem({ rules: [], extra: 1 }, 'extra', /not a rule-set field/);
  });
  it('zones: fewer than 3 points, self-intersecting, out of range, non-finite, duplicate names', () => {
    hasProblem({ zones: [{ name: 'z', polygon: [[0, 0], [1, 1]] }], rules: [] }, 'zones/0/polygon', /at least 3 points, got 2/);
    hasProblem({ zones: [{ name: 'z', polygon: [[0.2, 0.2], [0.8, 0.8], [0.8, 0.2], [0.2, 0.8]] }], rules: [] }, 'zones/0/polygon', /intersects itself/);
    hasProblem({ zones: [{ name: 'z', polygon: [[0, 0], [1.5, 0], [1, 1]] }], rules: [] }, 'zones/0/polygon/1/0', /within 0\.\.1.*1\.5/);
    hasProblem({ zones: [{ name: 'z', polygon: [[0, 0], [null, 0], [1, 1]] }], rules: [] }, 'zones/0/polygon/1/0', /finite/);
    hasProblem({ zones: [{ name: 'z', polygon: [[0, 0], [0.5], [1, 1]] }], rules: [] }, 'zones/0/polygon/1', /point \[x, y\]/);
    hasProblem({ zones: [zone, zone], rules: [] }, 'zones/1/name', /duplicate zone name "z"/);
    hasProblem({ zones: [{ polygon: zone.polygon }], rules: [] }, 'zones/0/name', /non-empty string/);
  });
  it('lines: zero length, out of range, duplicates', () => {
    hasProblem({ lines: [{ name: 'l', from: [0.3, 0.3], to: [0.3, 0.3] }], rules: [] }, 'lines/0', /zero length/);
    hasProblem({ lines: [{ name: 'l', from: [-0.1, 0.3], to: [0.3, 0.3] }], rules: [] }, 'lines/0/from/0', /within 0\.\.1/);
    hasProblem({ lines: [line, line], rules: [] }, 'lines/1/name', /duplicate line name/);
  });
  it('rules: unknown type, missing or wrong-kind references, unknown classes, bad numbers, duplicate names', () => {
    const base = { zones: [zone], lines: [line] };
    hasProblem({ ...base, rules: [{ type: 'teleport' }] }, 'rules/0/type', /must be one of intrusion/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'nope' }] }, 'rules/0/zone', /no zone is named "nope"/);
    hasProblem({ ...base, rules: [{ type: 'intrusion' }] }, 'rules/0/zone', /needs the name of a zone/);
    hasProblem({ ...base, rules: [{ type: 'loitering', zone: 'l' }] }, 'rules/0/zone', /"l" is a line/);
    hasProblem({ ...base, rules: [{ type: 'crossing', line: 'z' }] }, 'rules/0/line', /"z" is a zone/);
    hasProblem({ ...base, rules: [{ type: 'crossing', line: 'gone' }] }, 'rules/0/line', /no line is named/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', classes: ['unicorn'] }] }, 'rules/0/classes/0', /unknown class "unicorn"/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', classes: [] }] }, 'rules/0/classes', /non-empty/);
    hasProblem({ ...base, rules: [{ type: 'loitering', zone: 'z', minSeconds: -1 }] }, 'rules/0/minSeconds', /at least 0/);
    hasProblem({ ...base, rules: [{ type: 'loitering', zone: 'z', minSeconds: 'NaN' }] }, 'rules/0/minSeconds', /finite/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', minConfidence: 1.5 }] }, 'rules/0/minConfidence', /at most 1/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', cooldownSeconds: -5 }] }, 'rules/0/cooldownSeconds', /at least 0/);
    hasProblem({ ...base, rules: [{ type: 'crowd', zone: 'z' }] }, 'rules/0/threshold', /needs a threshold/);
    hasProblem({ ...base, rules: [{ type: 'crowd', zone: 'z', threshold: 2.5 }] }, 'rules/0/threshold', /whole number/);
    hasProblem({ ...base, rules: [{ type: 'counting', zone: 'z', intervalSeconds: 0 }] }, 'rules/0/intervalSeconds', /greater than 0/);
    hasProblem({ ...base, rules: [{ type: 'crossing', line: 'l', direction: 'up' }] }, 'rules/0/direction', /a2b, b2a or both/);
    hasProblem({ ...base, rules: [{ type: 'loitering', zone: 'z', direction: 'a2b' }] }, 'rules/0/direction', /only crossing/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', event: 'linger' }] }, 'rules/0/event', /enter, exit or presence/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', colour: 'red' }] }, 'rules/0/colour', /not a rule field/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', severity: 'apocalyptic' }] }, 'rules/0/severity', /info, minor/);
    hasProblem({ ...base, rules: [{ type: 'intrusion', zone: 'z', name: 'a' }, { type: 'crossing', line: 'l', name: 'a' }] }, 'rules/1/name', /duplicate rule name "a"/);
    hasProblem({ ...base, rules: [7] }, 'rules/0', /must be an object/);
  });
  it('schedules that never fire or are malformed', () => {
    const rule = (schedule: unknown) => ({ zones: [zone], rules: [{ type: 'intrusion', zone: 'z', schedule }] });
    hasProblem(rule({ kind: 'windows', windows: [] }), 'rules/0/schedule/windows', /at least one window/);
    hasProblem(rule({ kind: 'windows', windows: [{ days: [1], start: '09:00', end: '09:00' }] }), 'rules/0/schedule/windows/0', /start equals end/);
    hasProblem(rule({ kind: 'windows', windows: [{ days: [], start: '09:00', end: '10:00' }] }), 'rules/0/schedule/windows/0/days', /at least one weekday/);
    hasProblem(rule({ kind: 'windows', windows: [{ days: [7], start: '09:00', end: '10:00' }] }), 'rules/0/schedule/windows/0/days', /0 \(Sunday\)/);
    hasProblem(rule({ kind: 'windows', windows: [{ days: [1], start: '9:00', end: '24:00' }] }), 'rules/0/schedule/windows/0/start', /HH:MM/);
    hasProblem(rule({ kind: 'cron', expression: '0 0 31 2 *', durationMinutes: 60 }), 'rules/0/schedule/expression', /matches no date in a year/);
    hasProblem(rule({ kind: 'cron', expression: '0 0 * *', durationMinutes: 60 }), 'rules/0/schedule/expression', /5 fields/);
    hasProblem(rule({ kind: 'cron', expression: '0 0 * * *' }), 'rules/0/schedule/durationMinutes', /required/);
    hasProblem(rule({ kind: 'cron', expression: '0 0 * * *', durationMinutes: 0 }), 'rules/0/schedule/durationMinutes', /greater than 0/);
    hasProblem(rule({ kind: 'always', timeZone: 'Mars/Olympus' }), 'rules/0/schedule/timeZone', /unknown time zone/);
    hasProblem(rule({ kind: 'sometimes' }), 'rules/0/schedule/kind', /always, windows or cron/);
  });
  it('reports every problem at once', () => {
    assert.equal(problems({ zones: [{ name: 'z', polygon: [[0, 0]] }], lines: [{ name: 'l', from: [0, 0], to: [0, 0] }], rules: [{ type: 'x' }] }).length, 3);
  });
});
