import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FILTER, eventMatches, filterFromQuery, filterToApiQuery, filterToQuery, type EventFilter } from './event-filters';
import type { EventItem } from './event-types';

const qs = (r: Record<string, string | undefined>) => new URLSearchParams(Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined));

const event = (over: Partial<EventItem> = {}): EventItem => ({
  id: 'e1', seq: 1, cameraId: 'c1', cameraName: 'Lobby', domainPath: '/', origin: { kind: 'rule', ruleId: 'r1' }, type: 'intrusion',
  className: 'person', trackId: '4', severity: 'major', state: 'new', occurredAtMs: 1000, confidence: 0.9, boxes: [], count: 1,
  firstAtMs: 1000, lastAtMs: 1000, createdAtMs: 1000, assigneeUserId: null, dedupKey: '', details: {}, hasCrop: false, hasSnapshot: false, incidentId: null, reviewedAt: null, reviewedBy: null, reviewReason: null, ...over,
});

describe('event filter ↔ URL', () => {
  it('round-trips every field through the query string', () => {
    const f: EventFilter = { range: 'custom', fromMs: 1000, toMs: 2000, cameraIds: ['a', 'b'], domainId: 'd', type: 'crossing', taskId: 't', ruleId: 'r', className: 'car', state: 'confirmed', severity: 'critical' };
    assert.deepEqual(filterFromQuery(qs(filterToQuery(f))), f);
  });

  it('keeps the default filter out of the URL', () => {
    assert.deepEqual(Object.values(filterToQuery(DEFAULT_FILTER)).filter((v) => v !== undefined), []);
  });

  it('ignores malformed values', () => {
    const f = filterFromQuery(new URLSearchParams('range=forever&state=bogus&severity=x&from=yesterday&cameras=,a,,a'));
    assert.equal(f.range, DEFAULT_FILTER.range);
    assert.equal(f.state, '');
    assert.equal(f.severity, '');
    assert.equal(f.fromMs, null);
    assert.deepEqual(f.cameraIds, ['a']);
  });
});

describe('event filter → API query', () => {
  it('turns a preset into a from bound relative to now', () => {
    assert.deepEqual(filterToApiQuery({ ...DEFAULT_FILTER, range: '1h' }, 10_000_000), { from: 10_000_000 - 3_600_000 });
  });

  it('sends only the filters that are set', () => {
    const q = filterToApiQuery({ ...DEFAULT_FILTER, range: 'all', cameraIds: ['a', 'b'], state: 'new' }, 0);
    assert.deepEqual(q, { cameraIds: 'a,b', state: 'new' });
  });
});

describe('live events against the filter', () => {
  const now = 10_000_000;
  it('takes a matching event', () => {
    assert.equal(eventMatches(event({ lastAtMs: now }), DEFAULT_FILTER, now), true);
  });

  it('drops events of other cameras, states or severities', () => {
    assert.equal(eventMatches(event({ lastAtMs: now, cameraId: 'c2' }), { ...DEFAULT_FILTER, cameraIds: ['c1'] }, now), false);
    assert.equal(eventMatches(event({ lastAtMs: now }), { ...DEFAULT_FILTER, state: 'resolved' }, now), false);
    assert.equal(eventMatches(event({ lastAtMs: now }), { ...DEFAULT_FILTER, severity: 'info' }, now), false);
  });

  it('keeps only the events of the chosen task', () => {
    const ofTask = event({ lastAtMs: now, origin: { kind: 'rule', ruleId: 'r1', taskId: 't1' } });
    assert.equal(eventMatches(ofTask, { ...DEFAULT_FILTER, taskId: 't1' }, now), true);
    assert.equal(eventMatches(ofTask, { ...DEFAULT_FILTER, taskId: 't2' }, now), false);
    assert.equal(eventMatches(event({ lastAtMs: now }), { ...DEFAULT_FILTER, taskId: 't1' }, now), false, 'an event without a task');
    assert.deepEqual(filterToApiQuery({ ...DEFAULT_FILTER, range: 'all', taskId: 't1' }, 0), { taskId: 't1' });
  });

  it('drops events outside a closed custom range', () => {
    assert.equal(eventMatches(event({ firstAtMs: now, lastAtMs: now }), { ...DEFAULT_FILTER, range: 'custom', fromMs: 0, toMs: now - 1 }, now), false);
  });
});
