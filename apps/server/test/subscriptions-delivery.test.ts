import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONTRACT_DATABASES } from './support/contract-dbs';
import { MemoryEventLog } from './support/subscriptions/memory-event-log';
import { WebhookReceiver, waitFor } from './support/subscriptions/webhook-receiver';
import { insertWebhook, makeDispatcher, newBox } from './support/subscriptions/dispatcher-fixture';
import { verifyWebhookSignature } from '../src/features/subscriptions/webhook-signature';
import type { Db } from '../src/adapters/db';

for (const dialect of CONTRACT_DATABASES) {
  describe(`webhook delivery core (${dialect.name})`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let skip: string | false = false;

    before(async () => {
      const opened = await dialect.open('subs-delivery');
      if (typeof opened === 'string') {
        skip = opened;
        return;
      }
      db = opened.db;
      cleanup = opened.cleanup;
    });
    after(async () => {
      if (skip) return;
      await db.close();
      await cleanup();
    });

    test('a receiver down for ~10 s gets every event exactly once, in order, signed, after it recovers', async (t) => {
      if (skip) return t.skip(skip);
      const log = new MemoryEventLog();
      const box = newBox();
      const receiver = new WebhookReceiver();
      await receiver.up();
      const { dispatcher, repo } = makeDispatcher(db, log, box);
      log.subscribe(() => dispatcher.kick());
      await insertWebhook(repo, box, { id: 'whk_outage', url: receiver.url, secret: 'sekrit' });
      dispatcher.start();
      try {
        for (let i = 0; i < 5; i++) log.publish({ cameraId: `cam_${i % 2}` });
        await waitFor('the first 5 events', () => receiver.events().length === 5);
        await receiver.down();
        const outageUntil = Date.now() + 10_000;
        let n = 5;
        while (Date.now() < outageUntil) {
          log.publish({ cameraId: `cam_${n++ % 2}` });
          await new Promise((r) => setTimeout(r, 100));
        }
        const duringOutage = await repo.deliveries('whk_outage', 500);
        assert.ok(duringOutage.some((d) => d.outcome === 'failed' && d.status_code === null), 'failed attempts are logged while the receiver is down');
        assert.equal(dispatcher.runtime('whk_outage').failing, true);
        await receiver.up();
        await waitFor('every event after the outage', () => receiver.events().length >= log.events.length, 30_000);
        await new Promise((r) => setTimeout(r, 500)); // anything extra (a duplicate) would arrive now
        const got = receiver.events();
        assert.equal(got.length, log.events.length, 'exactly once');
        assert.deepEqual(got.map((r) => r.json.event?.seq), log.events.map((e) => e.seq), 'in seq order');
        assert.equal(new Set(got.map((r) => r.json.idempotencyKey)).size, got.length, 'idempotency keys are unique');
        const first = got[0]!;
        assert.equal(first.json.idempotencyKey, `whk_outage:${log.events[0]!.id}:1`);
        assert.equal(first.headers['x-argus-idempotency-key'], first.json.idempotencyKey);
        assert.equal(first.headers['x-argus-event-id'], log.events[0]!.id);
        assert.equal(first.headers['x-argus-seq'], '1');
        for (const r of got) assert.ok(verifyWebhookSignature('sekrit', r.body, String(r.headers['x-argus-signature']), Math.floor(Date.now() / 1000)), 'signature verifies');
        assert.equal((await repo.get('whk_outage'))!.cursor_seq, log.events.length, 'the cursor reached the last seq');
        assert.equal(dispatcher.runtime('whk_outage').failing, false);
      } finally {
        await dispatcher.close();
        await receiver.down();
      }
    });

    test('a restart (new dispatcher on the same database) resumes from the stored cursor; filters skip; replay is marked', async (t) => {
      if (skip) return t.skip(skip);
      const log = new MemoryEventLog();
      const box = newBox();
      const receiver = new WebhookReceiver();
      await receiver.up();
      let { dispatcher, repo } = makeDispatcher(db, log, box);
      await insertWebhook(repo, box, { id: 'whk_restart', url: receiver.url, secret: 's', filters: { classes: ['person'] } });
      dispatcher.start();
      try {
        log.publish({ cameraId: 'cam_a' });
        log.publish({ cameraId: 'cam_a', className: 'car' });
        dispatcher.kick();
        await waitFor('first', () => receiver.events().length === 1);
        await dispatcher.close();
        for (let i = 0; i < 4; i++) log.publish({ cameraId: 'cam_a' });
        ({ dispatcher, repo } = makeDispatcher(db, log, box));
        dispatcher.start();
        await waitFor('the rest after restart', () => receiver.events().length === 5);
        assert.deepEqual(receiver.events().map((r) => r.json.event?.seq), [1, 3, 4, 5, 6], 'the car (seq 2) is filtered out; nothing twice');
        const from = log.events[0]!.occurredAtMs - 1;
        await repo.setReplay('whk_restart', JSON.stringify({ id: 'rpl_test', fromMs: from, toMs: Date.now() + 1000, cursor: 0, toSeq: 3 }));
        dispatcher.kick();
        await waitFor('the replay', () => receiver.received.filter((r) => r.json.kind === 'replay').length === 2);
        const replays = receiver.received.filter((r) => r.json.kind === 'replay');
        assert.deepEqual(replays.map((r) => r.json.event?.seq), [1, 3]);
        assert.equal(replays[0]!.json.idempotencyKey, `whk_restart:${log.events[0]!.id}:1:replay-rpl_test`);
        assert.equal(replays[0]!.headers['x-argus-replay'], 'rpl_test');
        await waitFor('replay cleared', async () => (await repo.get('whk_restart'))!.replay === null);
      } finally {
        await dispatcher.close();
        await receiver.down();
      }
    });

    test('a receiver answering 500 is retried with backoff and the cursor stays put; an event log outage does not crash', async (t) => {
      if (skip) return t.skip(skip);
      const log = new MemoryEventLog();
      const box = newBox();
      const receiver = new WebhookReceiver();
      await receiver.up();
      receiver.status = 500;
      const { dispatcher, repo } = makeDispatcher(db, log, box);
      await insertWebhook(repo, box, { id: 'whk_500', url: receiver.url, secret: 's' });
      dispatcher.start();
      try {
        log.publish({ cameraId: 'cam_a' });
        dispatcher.kick();
        await waitFor('three failed attempts', async () => (await repo.deliveries('whk_500', 10)).length >= 3);
        const rows = await repo.deliveries('whk_500', 10);
        assert.ok(rows.every((r) => r.outcome === 'failed' && r.status_code === 500 && r.error === 'HTTP 500'));
        assert.equal(new Set(rows.map((r) => r.delivery_id)).size, 1, 'retries keep the delivery id');
        assert.equal((await repo.get('whk_500'))!.cursor_seq, 0);
        log.failing = true;
        receiver.status = 200;
        await new Promise((r) => setTimeout(r, 400));
        log.failing = false;
        await waitFor('delivered at last', () => receiver.events().length === 1, 10_000);
        await waitFor('cursor', async () => (await repo.get('whk_500'))!.cursor_seq === 1);
      } finally {
        await dispatcher.close();
        await receiver.down();
      }
    });
  });
}
