import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBodyOf, EMPTY_FORM, filterSummary, formOf, formProblems, healthOf, patchBodyOf, splitList, type Webhook } from './webhook-form';

const hook = (over: Partial<Webhook> = {}, status: Partial<Webhook['status']> = {}): Webhook => ({
  id: 'whk_1',
  name: 'ops',
  url: 'https://x.example/h',
  enabled: true,
  filters: { domainIds: [], includeSubdomains: true, cameraIds: ['cam_a'], ruleIds: [], types: ['intrusion'], classes: [], minSeverity: 'major' },
  cursorSeq: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  status: { failing: false, consecutiveFailures: 0, nextAttemptAt: null, lastError: null, backlog: 0, lagSeconds: 0, replayPending: false, lastDelivery: null, ...status },
  ...over,
});

test('lists split on commas and spaces, deduplicated', () => {
  assert.deepEqual(splitList(' person, car  person,,bike '), ['person', 'car', 'bike']);
  assert.deepEqual(splitList(''), []);
});

test('form → bodies and back', () => {
  const f = { ...EMPTY_FORM, name: ' ops ', url: ' https://x.example/h ', types: 'Intrusion, crossing', minSeverity: 'minor' as const, startFrom: 'all' as const };
  const body = createBodyOf(f);
  assert.equal(body.name, 'ops');
  assert.equal(body.url, 'https://x.example/h');
  assert.deepEqual(body.filters.types, ['intrusion', 'crossing']);
  assert.equal(body.filters.minSeverity, 'minor');
  assert.equal(body.startFrom, 'all');
  assert.equal('startFrom' in patchBodyOf(f), false);
  const back = formOf(hook());
  assert.equal(back.types, 'intrusion');
  assert.equal(back.minSeverity, 'major');
  assert.equal(createBodyOf({ ...back, minSeverity: '' }).filters.minSeverity, null);
});

test('client-side problems', () => {
  assert.deepEqual(Object.keys(formProblems(EMPTY_FORM)).sort(), ['name', 'url']);
  assert.ok(formProblems({ ...EMPTY_FORM, name: 'a', url: 'ftp://x' }).url);
  assert.ok(formProblems({ ...EMPTY_FORM, name: 'a', url: 'http://x', classes: 'per son!' }).classes);
  assert.deepEqual(formProblems({ ...EMPTY_FORM, name: 'a', url: 'http://x/h' }), {});
});

test('health: disabled > failing > behind > idle/ok', () => {
  assert.equal(healthOf(hook({ enabled: false }, { failing: true })).kind, 'disabled');
  assert.equal(healthOf(hook({}, { failing: true, consecutiveFailures: 3 })).label, 'failing (3 attempts)');
  assert.equal(healthOf(hook({}, { backlog: 7 })).kind, 'behind');
  assert.equal(healthOf(hook()).kind, 'idle');
  assert.equal(healthOf(hook({}, { lastDelivery: { at: '', kind: 'event', outcome: 'delivered', statusCode: 200, error: null } })).kind, 'ok');
});

test('filter summary names things', () => {
  const s = filterSummary(hook().filters, { camera: (id) => `Cam(${id})`, domain: (id) => id });
  assert.equal(s, 'cameras Cam(cam_a) · types intrusion · ≥ major');
  assert.equal(filterSummary({ ...hook().filters, cameraIds: [], types: [], minSeverity: null }, { camera: String, domain: String }), 'all events');
});
