// End-to-end: create an analysis task in the console with a zone drawn by mouse clicks, and see it run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestRtspServer, type TestRtspServer } from '@argus/media';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../apps/server/test/support/harness';
import { buildConsole, freshPage, launchChromium, signIn, skipReason } from './browser';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

describe('console: analysis tasks (Chromium)', { skip: skipReason() }, () => {
  let browser: Browser;
  let t: TestServer;
  let rtsp: TestRtspServer;

  before(async () => {
    buildConsole();
    [browser, t, rtsp] = await Promise.all([launchChromium(), startTestServer(), startTestRtspServer({ mounts: { '/walk': VTEST } })]);
  });
  after(async () => {
    await Promise.allSettled([browser?.close(), t?.close(), rtsp?.stop()]);
  });

  it('draws a zone, attaches an intrusion rule, saves the task and shows it running', { timeout: 120_000 }, async () => {
    const d = (await t.admin.post<any>('/api/domains', { parentId: t.rootDomainId, name: 'Site' })).body;
    await t.admin.post('/api/cameras', { domainId: d.id, name: 'walkway', kind: 'rtsp', mainUrl: rtsp.url('/walk') });
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, t.adminCredentials.username, TEST_PASSWORD, '/tasks');
      await page.getByTestId('new-task').click();
      await page.getByTestId('task-name').fill('walkway intrusion');
      await page.getByTestId('task-camera-walkway').check();
      const canvas = page.getByTestId('zone-canvas');
      const box = (await canvas.boundingBox())!;
      await page.getByTestId('shape-name').fill('walkway');
      for (const [x, y] of [[0.05, 0.05], [0.95, 0.05], [0.95, 0.95], [0.05, 0.95]] as const) {
        await canvas.click({ position: { x: x * box.width, y: y * box.height } });
      }
      await page.getByTestId('close-zone').click();
      assert.match((await page.getByTestId('zone-item').innerText()), /walkway \(4 points\)/);
      await page.getByTestId('add-rule').click();
      assert.equal(await page.getByTestId('task-problems').count(), 0, 'the rule picked the zone, nothing to fix');
      await page.getByTestId('task-save').click();
      await page.waitForURL(/\/tasks\/tsk_/);

      const tasks = (await t.admin.get<any>('/api/tasks')).body.items;
      assert.equal(tasks.length, 1);
      const zone = tasks[0].rules.zones[0];
      assert.equal(zone.name, 'walkway');
      assert.equal(zone.polygon.length, 4);
      assert.ok(Math.abs(zone.polygon[0][0] - 0.05) < 0.02 && Math.abs(zone.polygon[2][1] - 0.95) < 0.02, JSON.stringify(zone.polygon));

      await page.goto(`${t.url}/tasks`);
      // running, or degraded when the machine is too loaded for the task's frame rate (overload-policy.ts)
      await page.locator('[data-testid="task-status"][data-state="running"], [data-testid="task-status"][data-state="degraded"]').first().waitFor({ timeout: 60_000 });
      // the server-wide load of the shared inference pool
      const load = page.getByTestId('analysis-load');
      await load.getByText('1 job', { exact: true }).waitFor({ timeout: 15_000 });
      await page.getByTestId('analysis-load-busy').filter({ hasText: /busy \d+ %/ }).waitFor({ timeout: 15_000 });
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('runs a task offline over a video uploaded from the browser and shows the run done', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-e2e-upload-'));
    const clip = path.join(dir, 'walk.mp4');
    const made = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', VTEST, '-t', '3', '-c:v', 'libx264', '-preset', 'veryfast', '-an', clip]);
    assert.equal(made.status, 0, made.stderr?.toString());
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: t.rootDomainId, name: 'upload cam', kind: 'rtsp', mainUrl: rtsp.url('/walk') })).body;
    const rules = { zones: [{ name: 'all', polygon: [[0.02, 0.02], [0.98, 0.02], [0.98, 0.98], [0.02, 0.98]] }], lines: [], rules: [{ type: 'intrusion', zone: 'all', classes: ['person'], minSeconds: 0 }] };
    const task = (await t.admin.post<any>('/api/tasks', { name: 'uploaded clip', cameraIds: [cam.id], rules, params: { fps: 3 }, enabled: false })).body;
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, t.adminCredentials.username, TEST_PASSWORD, `/tasks/${task.id as string}`);
      await page.getByTestId('run-offline').click();
      await page.getByTestId('run-source-upload').check();
      await page.getByTestId('run-upload-file').setInputFiles(clip);
      await page.getByTestId('run-offline-start').click();
      const row = page.locator('[data-testid="task-run-row"][data-state="done"]');
      await row.waitFor({ timeout: 90_000 });
      assert.match(await row.innerText(), /uploaded walk\.mp4/);
      const runs = (await t.admin.get<any>(`/api/tasks/${task.id as string}/runs`)).body.items;
      assert.equal(runs[0].source, 'upload');
      assert.ok(runs[0].events > 0, JSON.stringify(runs[0]));

      // The task page links to its events: the event list opens filtered to this task, live stream included.
      await page.getByTestId('task-events').click();
      await page.waitForURL(new RegExp(`/events\\?task=${task.id as string}`));
      assert.equal(await page.getByTestId('filter-task').inputValue(), task.id);
      await page.getByTestId('event-row').first().waitFor({ timeout: 15_000 });
      await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
      assert.deepEqual(errors, []);
    } finally {
      await close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
