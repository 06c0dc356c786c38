// End-to-end: create a webhook in the console against a local receiver, publish an event, see the delivery in the log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../apps/server/test/support/harness';
import { WebhookReceiver, waitFor } from '../../apps/server/test/support/subscriptions/webhook-receiver';
import { verifyWebhookSignature } from '../../apps/server/src/features/subscriptions/webhook-signature';
import { buildConsole, freshPage, launchChromium, signIn, skipReason } from './browser';

describe('console: webhook subscriptions (Chromium)', { skip: skipReason() }, () => {
  let browser: Browser;
  let t: TestServer;
  const receiver = new WebhookReceiver();

  before(async () => {
    buildConsole();
    await receiver.up();
    [browser, t] = await Promise.all([launchChromium(), startTestServer({ overrides: { 'subscriptions.allowPrivateTargets': true } })]);
  });
  after(async () => {
    await Promise.allSettled([browser?.close(), t?.close(), receiver.down()]);
  });

  it('creates a webhook, shows its secret once, and lists the delivery of a published event', { timeout: 120_000 }, async () => {
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: t.rootDomainId, name: 'Lobby', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/lobby' })).body;
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, t.adminCredentials.username, TEST_PASSWORD, '/subscriptions');
      await page.getByTestId('webhooks-empty').waitFor();
      await page.getByTestId('mqtt-card').waitFor();
      await page.getByTestId('new-webhook').click();
      await page.getByTestId('webhook-name').fill('lobby hook');
      await page.getByTestId('webhook-url').fill('ftp://nope');
      await page.getByTestId('webhook-save').click();
      assert.match(await page.getByTestId('field-error').first().innerText(), /http/);
      await page.getByTestId('webhook-url').fill(receiver.url);
      await page.getByTestId('webhook-cameras').selectOption([cam.id]);
      await page.getByTestId('webhook-classes').fill('person');
      await page.getByTestId('webhook-save').click();
      const secret = (await page.getByTestId('webhook-secret-value').innerText()).trim();
      assert.match(secret, /^whsec_/);
      await page.getByTestId('webhook-open').click();
      await page.waitForURL(/\/subscriptions\/webhooks\/whk_/);
      await page.getByTestId('deliveries-empty').waitFor();

      const ev = await t.admin.post<any>('/api/events', { cameraId: cam.id, type: 'intrusion', className: 'person' });
      assert.equal(ev.status, 201);
      await waitFor('delivery at the receiver', () => receiver.events().length === 1);
      const got = receiver.events()[0]!;
      assert.equal(got.json.event?.id, ev.body.id);
      assert.ok(verifyWebhookSignature(secret, got.body, String(got.headers['x-argus-signature']), Math.floor(Date.now() / 1000)), 'the secret shown in the console verifies the signature');

      await page.getByTestId('webhook-test').click();
      await page.getByTestId('webhook-notice').waitFor();
      assert.match(await page.getByTestId('webhook-notice').innerText(), /Ping delivered: HTTP 200/);
      await page.locator('[data-testid="delivery-row"][data-kind="event"][data-outcome="delivered"]').waitFor();
      const rows = await page.getByTestId('delivery-row').allInnerTexts();
      assert.ok(rows.some((r) => r.includes(ev.body.id) && r.includes('200')), rows.join('\n'));

      await page.goto(`${t.url}/subscriptions`);
      await page.locator('[data-testid="webhook-row"][data-health="ok"]').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
