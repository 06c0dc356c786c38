// The console's MSE player across a switch of the live upstream (Chromium): a recorded camera plays from the
// recorder's live tap; turning recording off moves the upstream to its own remux (a new init segment on a new
// timeline) and the pane must keep decoding (mse-player starts over with a fresh MediaSource), with no page error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { OPENCV_VTEST_PATH, startTestRtspServer, type TestRtspServer } from '@argus/media';
import { buildConsole, freshPage, launchChromium, signIn, skipReason } from '../../../tests/e2e/browser';
import { eventually } from './support/recording/http';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';

/** currentTime and decoded frames of the first pane's video. */
const playback = (page: Page) =>
  page.locator('[data-testid="live-pane"][data-pane="0"] [data-testid="live-video"]').evaluate((v) => {
    const el = v as HTMLVideoElement;
    return { t: el.currentTime, frames: el.getVideoPlaybackQuality().totalVideoFrames, src: el.src };
  });

/** Waits until the pane decodes `frames` more frames than it had at the call. */
async function advances(page: Page, what: string, frames: number): Promise<{ t: number; frames: number; src: string }> {
  const first = await playback(page);
  return eventually(what, async () => {
    const p = await playback(page);
    return p.frames >= first.frames + frames ? p : undefined;
  }, 40_000, 300);
}

describe('console live pane across a recorder → remux switch (Chromium)', { skip: skipReason(), timeout: 180_000 }, () => {
  let browser: Browser;
  let t: TestServer;
  let rtsp: TestRtspServer;

  before(async () => {
    buildConsole();
    [browser, t, rtsp] = await Promise.all([
      launchChromium(),
      startTestServer({ overrides: { 'recording.segmentSeconds': 2, 'recording.reconcileSeconds': 0.5, 'live.idleGraceSeconds': 1 } }),
      startTestRtspServer({ mounts: { cam: OPENCV_VTEST_PATH } }),
    ]);
  });
  after(async () => {
    await Promise.allSettled([browser?.close(), t?.close(), rtsp?.stop()]);
  });

  it('keeps playing after the upstream switched, on a fresh MediaSource', async () => {
    const created = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Lobby', kind: 'rtsp', mainUrl: rtsp.url('cam') });
    assert.equal(created.status, 201, created.text);
    const cameraId = created.body.id as string;
    const ingest = async (): Promise<string | undefined> =>
      ((await t.admin.get('/api/live/stats')).body.upstreams as Array<{ cameraId: string; ingest: string }>).find((u) => u.cameraId === cameraId)?.ingest;
    await eventually('recording', async () => (await t.admin.get(`/api/cameras/${cameraId}/recording-state`)).body.state?.status === 'recording', 30_000, 250);
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/live');
      await page.locator(`[data-testid="live-camera"][data-camera="${cameraId}"]`).click();
      const before = await advances(page, 'the pane plays from the recorder', 10);
      assert.equal(await ingest(), 'recorder');
      assert.equal(await page.locator('[data-testid="live-pane"][data-pane="0"]').getAttribute('data-transport'), 'mse');

      const off = await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { mode: 'off' });
      assert.equal(off.status, 200, off.text);
      await eventually('the upstream moved to its own remux', async () => (await ingest()) === 'remux', 30_000, 250);
      const afterSwitch = await eventually('a new MediaSource', async () => {
        const p = await playback(page);
        return p.src !== before.src ? p : undefined;
      }, 30_000, 300);
      await advances(page, 'the pane plays again after the switch', 10);
      assert.ok(afterSwitch.src.startsWith('blob:'));
      assert.equal(await page.locator('[data-testid="live-pane"][data-pane="0"]').getAttribute('data-transport'), 'mse', 'no fallback to HLS');

      // HLS (hls.js) across the way back: recording on again moves the upstream to the recorder's tap; the playlist
      // announces the new timeline (discontinuity sequence, new init URI) and the pane keeps playing
      const pane = page.locator('[data-testid="live-pane"][data-pane="0"]');
      await pane.getByTestId('live-transport').selectOption('hls');
      await pane.and(page.locator('[data-transport="hls"]')).waitFor();
      await advances(page, 'HLS plays from the remux', 10);
      const on = await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { mode: 'continuous' });
      assert.equal(on.status, 200, on.text);
      await eventually('the upstream is back on the recorder', async () => (await ingest()) === 'recorder', 30_000, 250);
      await advances(page, 'HLS plays again after the switch', 15);
      assert.equal(await pane.getAttribute('data-transport'), 'hls');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
