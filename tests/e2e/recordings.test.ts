// End-to-end test of the Recordings page in Chromium: a real RTSP camera records, the timeline shows it, it plays and exports.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestRtspServer, type TestRtspServer } from '@argus/media';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../apps/server/test/support/harness';
import { until } from '../../apps/server/test/support/wait';
import { buildConsole, freshPage, launchChromium, signIn, skipReason } from './browser';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const SCREENSHOT = '/tmp/argus-recordings.png';

const currentTime = (page: Page) => page.getByTestId('player-video').evaluate((v) => (v as HTMLVideoElement).currentTime);

describe('recordings end-to-end (Chromium)', { skip: skipReason(), timeout: 90_000 }, () => {
  let browser: Browser;
  let t: TestServer;
  let rtsp: TestRtspServer;

  before(async () => {
    buildConsole();
    [browser, t, rtsp] = await Promise.all([
      launchChromium(),
      startTestServer({ overrides: { 'recording.segmentSeconds': 2 } }),
      startTestRtspServer({ mounts: { '/cam': VTEST } }),
    ]);
  });

  after(async () => {
    await Promise.allSettled([browser?.close(), t?.close(), rtsp?.stop()]);
  });

  it('shows the recorded range, plays from a click on it and exports the last seconds', async () => {
    const created = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Lobby', kind: 'rtsp', mainUrl: rtsp.url('/cam') });
    assert.equal(created.status, 201, created.text);
    const id: string = created.body.id;
    await until('two recorded segments', 25_000, async () => {
      const now = Date.now();
      const r = await t.admin.get(`/api/cameras/${id}/recordings?from=${now - 5 * 60_000}&to=${now}`);
      return r.status === 200 && r.body.segments >= 2 ? true : undefined;
    });

    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, `/recordings/${id}`);
      await page.locator('[data-testid="rec-camera"][data-id="' + id + '"] [data-testid="rec-badge"][data-status="recording"]').waitFor();
      await page.getByTestId('zoom-10').click();
      const range = page.getByTestId('timeline-range').first();
      await range.waitFor();

      // Click a little inside the recorded range: the player loads the playlist and plays.
      const box = await page.getByTestId('timeline-range').last().boundingBox();
      assert.ok(box && box.width > 0, 'the recorded range is drawn');
      await page.mouse.click(box.x + Math.max(1, box.width * 0.3), box.y + box.height / 2);
      const first = await until('playback to pass 0.5 s', 20_000, async () => {
        const ct = await currentTime(page);
        return ct > 0.5 ? ct : undefined;
      });
      await until('playback to advance', 10_000, async () => ((await currentTime(page)) > first + 0.3 ? true : undefined));
      await page.getByTestId('timeline-playhead').waitFor();
      assert.equal(await page.getByTestId('player-no-video').count(), 0);
      await page.getByTestId('player-clock').waitFor();

      // Export the last ~6 s.
      await page.getByTestId('open-export').click();
      // datetime-local values in local time: the browser runs on this machine, in its time zone.
      const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
      const now = Date.now() - 1000;
      const [from, to] = [local(now - 6000), local(now)];
      await page.getByTestId('export-from').fill(from);
      await page.getByTestId('export-to').fill(to);
      await page.getByTestId('export-start').click();
      await page.getByTestId('export-progress').waitFor();
      const link = page.getByTestId('export-dialog').getByTestId('export-download');
      await link.waitFor({ timeout: 30_000 });
      const href = await link.getAttribute('href');
      assert.ok(href, 'the download link has an address');
      assert.equal(await page.getByTestId('export-dialog').getByTestId('export-manifest').count(), 1);
      const file = await page.evaluate(async (u) => (await fetch(u)).status, href);
      assert.equal(file, 200, 'the exported file downloads with the session cookie');
      await page.getByTestId('export-close').click();
      await page.getByTestId('export-row').first().waitFor();
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // A hold on the last minute is listed on the page, and released from it.
      const held = await t.admin.post(`/api/cameras/${id}/recording-holds`, { from: String(Date.now() - 60_000), to: String(Date.now()), reason: 'door forced' });
      assert.equal(held.status, 201, held.text);
      await page.reload();
      await page.getByTestId('rec-hold').filter({ hasText: 'door forced' }).waitFor();
      await page.getByTestId('rec-hold-release').click();
      await page.getByTestId('rec-holds').waitFor({ state: 'detached' });
      assert.deepEqual((await t.admin.get<any>(`/api/cameras/${id}/recording-holds`)).body.items, []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
