// End-to-end test of the event center console in Chromium: events made through the API are listed, a new one
// arrives live (SSE), one is marked a false alarm with a reason, a ticket is made from two and moved on, the reports
// page draws its charts and serves CSV, and a viewer sees the review actions disabled with the reason why.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../apps/server/test/support/harness';
import { until } from '../../apps/server/test/support/wait';
import { buildConsole, freshPage, launchChromium, signIn, skipReason } from './browser';

const SCREENSHOT = '/tmp/argus-events.png';
const SHOT_DETAIL = '/tmp/argus-events-detail.png';
const SHOT_TICKET = '/tmp/argus-events-ticket.png';
const SHOT_REPORTS = '/tmp/argus-events-reports.png';

const rowOf = (page: Page, id: string) => page.locator(`[data-testid="event-row"][data-id="${id}"]`);

describe('event center console end-to-end (Chromium)', { skip: skipReason(), timeout: 120_000 }, () => {
  let browser: Browser;
  let t: TestServer;
  let cameraId = '';
  const post = async (type: string, severity: string, over: Record<string, unknown> = {}): Promise<string> => {
    const r = await t.admin.post('/api/events', {
      cameraId,
      type,
      severity,
      className: 'person',
      trackId: `trk-${Math.random().toString(36).slice(2, 8)}`,
      confidence: 0.91,
      boxes: [{ x: 0.3, y: 0.2, w: 0.2, h: 0.5, className: 'person', confidence: 0.91 }],
      ...over,
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };

  before(async () => {
    buildConsole();
    [browser, t] = await Promise.all([launchChromium(), startTestServer()]);
    const cam = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Loading bay', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/bay' });
    assert.equal(cam.status, 201, cam.text);
    cameraId = cam.body.id;
  });

  after(async () => {
    await Promise.allSettled([browser?.close(), t?.close()]);
  });

  it('lists events, receives a new one live, reviews it, makes a ticket and shows reports', async () => {
    const first = await post('intrusion', 'major');
    const second = await post('loitering', 'minor');

    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/events');
      await rowOf(page, first).waitFor();
      await rowOf(page, second).waitFor();
      assert.equal(await rowOf(page, first).getByTestId('event-camera').innerText(), 'Loading bay');

      // Live: an event created while the page is open appears on top, highlighted, without a reload.
      await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
      const third = await post('crossing', 'critical');
      await rowOf(page, third).waitFor({ timeout: 10_000 });
      assert.equal(await rowOf(page, third).getAttribute('data-fresh'), 'true');
      assert.equal(await page.getByTestId('event-row').first().getAttribute('data-id'), third, 'the live event is on top');
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // Paused: arrivals wait behind the button and come in on resume.
      await page.getByTestId('live-pause').click();
      const fourth = await post('crowd', 'minor');
      await page.getByTestId('live-pause').filter({ hasText: '1 new' }).waitFor({ timeout: 10_000 });
      assert.equal(await rowOf(page, fourth).count(), 0, 'nothing is added while paused');
      await page.getByTestId('live-pause').click();
      await rowOf(page, fourth).waitFor();

      // Filters live in the URL and go to the server.
      await page.getByTestId('filter-severity').selectOption('critical');
      await page.waitForURL(/severity=critical/);
      await until('only the critical event listed', 10_000, async () => ((await page.getByTestId('event-row').count()) === 1 ? true : undefined));
      await page.getByTestId('filter-clear').click();
      await rowOf(page, first).waitFor();

      // Review: mark the live event a false alarm with a reason.
      await rowOf(page, third).getByTestId('event-link').click();
      await page.locator(`[data-testid="event-detail"][data-id="${third}"]`).waitFor();
      await page.getByTestId('event-boxes').or(page.getByTestId('event-no-snapshot')).first().waitFor();
      assert.equal(await page.getByTestId('review-reopen').isDisabled(), true, 'a new event cannot be reopened');
      await page.getByTestId('review-false_alarm').click();
      await page.getByTestId('reason-text').fill('shadow of the gate');
      await page.getByTestId('reason-submit').click();
      await page.locator('[data-testid="event-detail"][data-state="false_alarm"]').waitFor();
      await page.getByTestId('review-reason').waitFor();
      assert.equal(await page.getByTestId('review-false_alarm').isDisabled(), true);
      assert.equal(await page.getByTestId('review-reopen').isEnabled(), true);
      await page.screenshot({ path: SHOT_DETAIL, fullPage: true });
      const api = await t.admin.get(`/api/events/${third}`);
      assert.equal(api.body.state, 'false_alarm');
      assert.equal(api.body.reviewReason, 'shadow of the gate');
      const audit = await t.admin.get('/api/audit?limit=50');
      assert.ok(
        (audit.body.items as Array<{ action: string; targetId: string | null }>).some((e) => e.action === 'event.review.false_alarm' && e.targetId === third),
        'the review is in the audit log',
      );

      // A ticket from two events, then moved to in progress.
      await page.getByTestId('back-to-events').click();
      await rowOf(page, first).getByTestId('event-select').check();
      await rowOf(page, second).getByTestId('event-select').check();
      await page.getByTestId('bulk-ticket').click();
      await page.getByTestId('ticket-title').fill('Check the loading bay');
      await page.getByTestId('ticket-create').click();
      await page.locator('[data-testid="ticket-detail"][data-state="open"]').waitFor();
      // The ticket's events load after the ticket itself.
      await until('the ticket to list its two events', 10_000, async () => ((await page.getByTestId('ticket-event').count()) === 2 ? true : undefined));
      await page.getByTestId('ticket-to-in_progress').click();
      await page.locator('[data-testid="ticket-detail"][data-state="in_progress"]').waitFor();
      const tickets = await t.admin.get('/api/tickets');
      const ticket = (tickets.body.items as Array<{ title: string; state: string; eventIds: string[] }>).find((x) => x.title === 'Check the loading bay');
      assert.equal(ticket?.state, 'in_progress');
      assert.deepEqual([...(ticket?.eventIds ?? [])].sort(), [first, second].sort());
      await page.getByTestId('comment-text').fill('On my way');
      await page.getByTestId('comment-add').click();
      await page.getByTestId('ticket-comment').waitFor();
      await page.screenshot({ path: SHOT_TICKET, fullPage: true });

      // Reports: a chart with bars, and the CSV link serves text/csv.
      await page.getByTestId('tab-reports').click();
      await page.getByTestId('chart-time').waitFor();
      assert.ok((await page.getByTestId('chart-bar').count()) > 0, 'the charts have bars');
      await page.screenshot({ path: SHOT_REPORTS, fullPage: true });
      const href = await page.getByTestId('csv-events').getAttribute('href');
      assert.ok(href, 'the CSV link has an address');
      const csv = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
      }, href);
      assert.equal(csv.status, 200);
      assert.match(csv.type, /text\/csv/);
      assert.ok(csv.text.length > 0);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('shows a viewer the review actions disabled, with the reason', async () => {
    const id = await post('intrusion', 'info');
    const vera = await t.userWith('vera', [{ domainId: t.rootDomainId, role: 'viewer' }]);
    const ticket = await t.admin.post('/api/tickets', { title: 'Look at camera 3', eventIds: [id], assigneeUserId: vera.id });
    assert.equal(ticket.status, 201, ticket.text);
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'vera', TEST_PASSWORD, `/events/${id}`);
      await page.locator(`[data-testid="event-detail"][data-id="${id}"]`).waitFor();
      assert.equal(await page.getByTestId('review-confirm').isDisabled(), true);
      await page.getByTestId('review-why').waitFor();
      assert.equal(await page.getByTestId('note-add').isDisabled(), true);
      // The assignment reached her bell.
      assert.equal(await page.getByTestId('notifications-unread').innerText(), '1');
      await page.getByTestId('notifications-bell').click();
      await page.getByTestId('notification').first().click();
      await page.locator('[data-testid="ticket-detail"]').waitFor();
      assert.equal(await page.getByTestId('ticket-heading').innerText(), 'Look at camera 3');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('pages through older events as the list scrolls', async () => {
    for (let i = 0; i < 55; i += 11) await Promise.all(Array.from({ length: 11 }, () => post('intrusion', 'info')));
    const total = (await t.admin.get('/api/events?limit=500')).body.items.length as number;
    assert.ok(total > 50, `more than one page of events (${total})`);
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/events');
      await page.getByTestId('event-row').first().waitFor();
      assert.equal(await page.getByTestId('event-row').count(), 50, 'the first page');
      await page.getByTestId('events-more').scrollIntoViewIfNeeded();
      await page.getByTestId('events-end').waitFor({ timeout: 10_000 });
      assert.equal(await page.getByTestId('event-row').count(), total, 'every event listed once');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
