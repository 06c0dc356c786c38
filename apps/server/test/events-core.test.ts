import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCsv } from '../src/features/events/csv';
import { badBox, dedupKeyOf, shouldFold } from '../src/features/events/dedup';
import { decodeCursor, encodeCursor } from '../src/features/events/event-cursor';
import { matchesStream, sseMessage } from '../src/features/events/event-stream';
import { prefixUpper, type EventView } from '../src/features/events/events.repo';
import { commonDomain } from '../src/features/events/events.service';
import { bucketStart, bucketStarts } from '../src/features/events/report-buckets';
import { nextReviewState, REVIEW_TRANSITIONS, ticketTransitionAllowed } from '@argus/domain';

describe('event center pure cores', () => {
  it('allows exactly the review transitions of the table', () => {
    assert.equal(nextReviewState('new', 'confirm'), 'confirmed');
    assert.equal(nextReviewState('new', 'false_alarm'), 'false_alarm');
    assert.equal(nextReviewState('new', 'resolve'), 'resolved');
    assert.equal(nextReviewState('new', 'reopen'), null);
    assert.equal(nextReviewState('resolved', 'confirm'), null);
    assert.equal(nextReviewState('resolved', 'reopen'), 'new');
    assert.equal(nextReviewState('false_alarm', 'resolve'), null);
    assert.equal(nextReviewState('confirmed', 'confirm'), null);
    const allowed = Object.values(REVIEW_TRANSITIONS).reduce((n, t) => n + Object.keys(t).length, 0);
    assert.equal(allowed, 9);
  });

  it('allows ticket states forward and reopen, never open → closed', () => {
    assert.ok(ticketTransitionAllowed('open', 'in_progress'));
    assert.ok(ticketTransitionAllowed('in_progress', 'resolved'));
    assert.ok(ticketTransitionAllowed('resolved', 'closed'));
    assert.ok(ticketTransitionAllowed('closed', 'open'));
    assert.ok(!ticketTransitionAllowed('open', 'closed'));
    assert.ok(!ticketTransitionAllowed('closed', 'resolved'));
    assert.ok(!ticketTransitionAllowed('in_progress', 'closed'));
  });

  it('derives de-dup keys and fold decisions', () => {
    assert.equal(dedupKeyOf({ cameraId: 'cam_a', origin: { kind: 'rule', ruleId: 'rul_1' }, type: 'x', trackId: 't1' }), 'cam_a|rul_1|t1');
    assert.equal(dedupKeyOf({ cameraId: 'cam_a', origin: { kind: 'api' }, type: 'x', trackId: null }), 'cam_a|api:x|-');
    assert.equal(dedupKeyOf({ cameraId: 'cam_a', origin: { kind: 'api' }, type: 'x', trackId: null, dedupKey: 'mine' }), 'mine');
    const open = { state: 'new', lastAtMs: 1000, confidence: 0.5 };
    assert.ok(shouldFold(open, 5000, 5000));
    assert.ok(!shouldFold(open, 7000, 5000));
    assert.ok(!shouldFold(open, 2000, 0), 'window 0 never folds');
    assert.ok(!shouldFold({ ...open, state: 'confirmed' }, 2000, 5000), 'a reviewed event does not fold');
    assert.ok(!shouldFold(undefined, 2000, 5000));
  });

  it('rejects boxes outside 0..1 or outside the frame', () => {
    const ok = { x: 0.1, y: 0.1, w: 0.5, h: 0.5, className: 'person', confidence: 0.9 };
    assert.equal(badBox([ok]), null);
    assert.match(badBox([{ ...ok, x: -0.1 }]) ?? '', /x must be within/);
    assert.match(badBox([{ ...ok, x: 0.8 }]) ?? '', /outside the frame/);
    assert.match(badBox([{ ...ok, confidence: Number.NaN }]) ?? '', /confidence/);
  });

  it('round-trips cursors and refuses foreign ones', () => {
    const c = { occurredMs: 1_700_000_000_123, id: 'evt_0000abc' };
    assert.deepEqual(decodeCursor(encodeCursor(c)), c);
    assert.equal(decodeCursor('garbage'), null);
    assert.equal(decodeCursor(Buffer.from('1|DROP TABLE').toString('base64url')), null);
  });

  it('computes subtree bounds and common domains', () => {
    assert.equal(prefixUpper('/r/a/'), '/r/a0');
    const inside = '/r/a/b/';
    assert.ok(inside >= '/r/a/' && inside < prefixUpper('/r/a/'));
    assert.ok('/r/ab/' >= prefixUpper('/r/a/'), '/r/ab/ is outside /r/a/');
    assert.equal(commonDomain(['/r/a/x/', '/r/a/y/']), '/r/a/');
    assert.equal(commonDomain(['/r/a/', '/r/b/']), '/r/');
    assert.equal(commonDomain(['/r/a/x/']), '/r/a/x/');
  });

  it('buckets time in UTC hours and days', () => {
    const t = Date.UTC(2026, 0, 1, 5, 30);
    assert.equal(bucketStart(t, 'hour'), Date.UTC(2026, 0, 1, 5));
    assert.equal(bucketStart(t, 'day'), Date.UTC(2026, 0, 1));
    assert.equal(bucketStarts(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 3), 'day').length, 2);
    assert.equal(bucketStarts(Date.UTC(2026, 0, 1, 0, 30), Date.UTC(2026, 0, 1, 2), 'hour').length, 2);
  });

  it('writes CSV with a header, quoting and formula guarding', () => {
    assert.equal(toCsv(['a', 'b'], [[1, 'x,y'], ['=cmd', null], ['say "hi"', 2]]), 'a,b\r\n1,"x,y"\r\n\'=cmd,\r\n"say ""hi""",2\r\n');
  });

  it('filters live-feed events by scope and query and formats SSE messages', () => {
    const e = { id: 'evt_1', seq: 7, cameraId: 'cam_a', domainPath: '/r/a/', type: 'intrusion', className: 'person', severity: 'major', origin: { kind: 'rule', ruleId: 'rul_1', taskId: 'tsk_1' }, snapshotKey: 'secret/key.jpg' } as unknown as EventView;
    const base = { canRead: (p: string) => p.startsWith('/r/a/') };
    assert.ok(matchesStream(base, e));
    assert.ok(!matchesStream({ canRead: () => false }, e));
    assert.ok(!matchesStream({ ...base, cameraIds: new Set(['cam_b']) }, e));
    assert.ok(matchesStream({ ...base, ruleId: 'rul_1', type: 'intrusion', className: 'person', severity: 'major', domainPrefix: '/r/' }, e));
    assert.ok(!matchesStream({ ...base, severity: 'info' }, e));
    assert.ok(matchesStream({ ...base, taskId: 'tsk_1' }, e));
    assert.ok(!matchesStream({ ...base, taskId: 'tsk_2' }, e), 'another task');
    const msg = sseMessage({ kind: 'created', event: e });
    assert.match(msg, /^id: 7\nevent: created\ndata: \{.*\}\n\n$/);
    assert.ok(!msg.includes('secret/key.jpg'), 'blob keys stay private');
  });
});
