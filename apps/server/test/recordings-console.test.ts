import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { OPENCV_VTEST_PATH } from '@argus/media';
import { buildConsole, freshPage, launchChromium, signIn, skipReason } from '../../../tests/e2e/browser';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';

/**
 * The console's retention editors (camera group, domain), the effective retention shown on the Recordings page, and
 * the export verification page, in Debian's Chromium against a real server (no recorder runs).
 */
describe('recording console: retention editors and export verification', { skip: skipReason() }, () => {
  let t: TestServer;
  let browser: Browser;
  let work: string;
  let cameraId = '';
  let groupId = '';

  before(async () => {
    buildConsole();
    work = await mkdtemp(path.join(os.tmpdir(), 'argus-rec-console-'));
    t = await startTestServer({ overrides: { 'recording.enabled': false } });
    cameraId = (await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Gate', kind: 'file', mainUrl: `file://${OPENCV_VTEST_PATH}` })).body.id as string;
    groupId = (await t.admin.post('/api/camera-groups', { domainId: t.rootDomainId, name: 'Gates' })).body.id as string;
    await t.admin.put(`/api/camera-groups/${groupId}/cameras`, { cameraIds: [cameraId] });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('sets group and domain retention and shows the camera\'s effective retention', async () => {
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/groups');
      await page.getByTestId('group-retention').first().click();
      await page.getByTestId('retention-age').fill('12');
      await page.getByTestId('retention-save').click();
      await page.getByTestId('retention-dialog').waitFor({ state: 'detached' });
      assert.equal((await t.admin.get(`/api/camera-groups/${groupId}/recording-settings`)).body.maxAgeHours, 12);

      await page.goto(`${t.url}/organisation?domain=${t.rootDomainId}`);
      await page.getByTestId('domain-retention').click();
      await page.getByTestId('retention-size').fill('5');
      await page.getByTestId('retention-save').click();
      await page.getByTestId('retention-dialog').waitFor({ state: 'detached' });
      assert.equal((await t.admin.get(`/api/domains/${t.rootDomainId}/recording-settings`)).body.maxBytes, 5_000_000_000);

      await page.goto(`${t.url}/recordings/${cameraId}`);
      const summary = page.getByTestId('rec-retention');
      await summary.waitFor();
      const text = await summary.innerText();
      assert.match(text, /12 h \(camera group\)/);
      assert.match(text, /5\.0 GB \(domain\)/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('shows a clear verdict for a manifest that the server did not sign', async () => {
    const { page, errors, close } = await freshPage(browser);
    try {
      const manifest = {
        format: 'argus-export-manifest',
        version: 1,
        exportId: 'exp_forged',
        camera: { id: cameraId, name: 'Gate' },
        file: { name: 'x.mp4', sha256: 'ab'.repeat(32), size: 4, contentType: 'video/mp4' },
        signature: { algorithm: 'Ed25519', keyId: 'nope', value: 'AAAA' },
      };
      const manifestFile = path.join(work, 'forged.manifest.json');
      const clipFile = path.join(work, 'x.mp4');
      await writeFile(manifestFile, JSON.stringify(manifest));
      await writeFile(clipFile, 'abcd');
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/recordings');
      await page.getByTestId('open-verify').click();
      await page.getByTestId('verify-manifest').setInputFiles(manifestFile);
      await page.getByTestId('verify-clip').setInputFiles(clipFile);
      await page.getByTestId('verify-submit').click();
      const verdict = page.getByTestId('verify-verdict');
      await verdict.waitFor();
      assert.match(await verdict.innerText(), /NOT VERIFIED/);
      assert.equal(await page.getByTestId('verify-result').getAttribute('data-valid'), 'false');
      assert.equal(await page.getByTestId('verify-file').innerText(), 'differs from the manifest');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
