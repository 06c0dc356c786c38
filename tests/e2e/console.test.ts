// End-to-end tests of the console (apps/web) in Debian's Chromium against a real server and a real RTSP camera.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestRtspServer, type TestRtspServer } from '@argus/media';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../apps/server/test/support/harness';
import { buildConsole, freshPage, launchChromium, signIn, skipReason, startFreshServer, texts } from './browser';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const SCREENSHOT = '/tmp/argus-e2e-cameras.png';

describe('console end-to-end (Chromium)', { skip: skipReason() }, () => {
  let browser: Browser;
  let t: TestServer;
  let rtsp: TestRtspServer;

  before(async () => {
    buildConsole();
    [browser, t, rtsp] = await Promise.all([launchChromium(), startTestServer(), startTestRtspServer({ mounts: { '/cam': VTEST } })]);
  });

  after(async () => {
    await Promise.allSettled([browser?.close(), t?.close(), rtsp?.stop()]);
  });

  it('first run: the setup link creates the administrator, who then signs in', async () => {
    const fresh = await startFreshServer();
    const { page, errors, close } = await freshPage(browser);
    try {
      assert.ok(fresh.setupUrl, 'a fresh server prints a setup link');
      await page.goto(fresh.setupUrl);
      await page.getByTestId('setup-username').fill('boss');
      await page.getByTestId('setup-display-name').fill('The Boss');
      await page.getByTestId('setup-password').fill('too-short');
      await page.getByTestId('setup-repeat').fill('too-short');
      await page.getByTestId('setup-submit').click();
      await page.getByTestId('field-error').waitFor();
      assert.match(await page.getByTestId('field-error').innerText(), /at least \d+ characters/, 'the password policy error sits beside the field');

      await page.getByTestId('setup-password').fill('a-long-boss-password');
      await page.getByTestId('setup-repeat').fill('a-long-boss-password');
      await page.getByTestId('setup-submit').click();
      await page.getByTestId('sign-in-form').waitFor();
      assert.match(await page.getByTestId('sign-in-message').innerText(), /administrator was created/);
      assert.equal(new URL(page.url()).pathname, '/sign-in');

      await page.getByTestId('sign-in-username').fill('boss');
      await page.getByTestId('sign-in-password').fill('wrong-password-123');
      await page.getByTestId('sign-in-submit').click();
      assert.match(await page.getByTestId('sign-in-error').innerText(), /wrong user name or password/i);

      await page.getByTestId('sign-in-password').fill('a-long-boss-password');
      await page.getByTestId('sign-in-submit').click();
      assert.equal(await page.getByTestId('user-name').innerText(), 'The Boss');
      assert.match(await page.getByTestId('user-roles').innerText(), /administrator/);
      await page.goto(fresh.setupUrl);
      await page.getByTestId('user-name').waitFor();
      assert.equal(await page.getByTestId('setup-form').count(), 0, 'the setup link is dead once an administrator exists');
      assert.deepEqual(errors, []);
    } finally {
      await close();
      await fresh.close();
    }
  });

  it('admin creates a domain, adds an RTSP camera in the editor and probes it', async () => {
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD);
      assert.match(await page.getByTestId('user-roles').innerText(), /administrator/);

      await page.getByTestId('nav-organisation').click();
      await page.getByTestId('domain-create').click();
      await page.getByTestId('domain-name-input').fill('Harbour Site');
      await page.getByTestId('domain-save').click();
      await page.getByTestId('domain-title').filter({ hasText: 'Harbour Site' }).waitFor();
      assert.ok((await texts(page, 'domain-node')).includes('Harbour Site'), 'the new domain is in the tree');

      await page.getByTestId('nav-cameras').click();
      await page.getByTestId('new-camera').click();
      await page.getByTestId('camera-name-input').fill('Quay entrance');
      const harbour = await page.getByTestId('camera-domain').locator('option', { hasText: 'Harbour Site' }).getAttribute('value');
      await page.getByTestId('camera-domain').selectOption(harbour ?? '');
      await page.getByTestId('camera-kind').selectOption('rtsp');
      await page.getByTestId('camera-main-url').fill('http://wrong-scheme/x');
      await page.getByTestId('camera-save').click();
      await page.getByTestId('camera-save-error').waitFor();
      assert.ok((await texts(page, 'field-error')).length > 0, 'the bad URL is flagged beside its field');

      await page.getByTestId('camera-main-url').fill(rtsp.url('/cam'));
      await page.getByTestId('camera-tags').fill('quay, outdoor');
      await page.getByTestId('camera-save').click();
      await page.getByTestId('camera-saved').waitFor();
      assert.match(new URL(page.url()).pathname, /^\/cameras\/cam_/);

      await page.getByTestId('probe-button').click();
      await page.locator('[data-testid="probe-result"][data-ok="true"]').waitFor({ timeout: 30_000 });
      assert.match(await page.getByTestId('probe-codec').innerText(), /^h264\b/);
      assert.equal(await page.getByTestId('probe-resolution').innerText(), '768×576');
      assert.match(await page.getByTestId('probe-fps').innerText(), /fps/);

      await page.getByTestId('nav-cameras').click();
      const row = page.getByTestId('camera-row').filter({ hasText: 'Quay entrance' });
      await row.waitFor();
      assert.match(await row.getByTestId('camera-probe-summary').innerText(), /h264 768×576/);
      assert.match(await row.innerText(), /Harbour Site/);
      assert.match(await row.innerText(), /quay/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('a viewer of domain A sees only A’s cameras and no Users page', async () => {
    const a = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Region A' })).body;
    const b = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Region B' })).body;
    for (const [domainId, name] of [[a.id, 'Camera of A'], [b.id, 'Camera of B']]) {
      const r = await t.admin.post('/api/cameras', { domainId, name, kind: 'rtsp', mainUrl: `rtsp://10.9.9.9/${name.replace(/ /g, '')}` });
      assert.equal(r.status, 201, r.text);
    }
    await t.userWith('viewer-a', [{ domainId: a.id, role: 'viewer' }]);
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'viewer-a', TEST_PASSWORD);
      assert.match(await page.getByTestId('user-roles').innerText(), /viewer/);
      await page.getByTestId('camera-row').filter({ hasText: 'Camera of A' }).waitFor();
      const names = await texts(page, 'camera-name');
      assert.deepEqual(names, ['Camera of A'], 'only the camera of the granted domain');
      assert.equal(await page.getByTestId('nav-users').count(), 0, 'no Users entry without users.read');
      assert.equal(await page.getByTestId('nav-audit').count(), 0);
      assert.equal(await page.getByTestId('new-camera').count(), 0, 'viewers cannot add cameras');
      assert.equal(await page.getByTestId('camera-probe').count(), 0, 'viewers cannot probe');

      await page.goto(`${t.url}/users`);
      await page.getByTestId('forbidden').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('batch import: a dry run shows the bad row’s error, then the good rows are imported', async () => {
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/cameras');
      await page.getByTestId('open-import').click();
      const csv = ['name,kind,main_url,tags', 'Dock 1,rtsp,rtsp://10.2.0.1/main,dock', 'Dock 2,teleport,rtsp://10.2.0.2/main,', 'Dock 3,rtsp,rtsp://10.2.0.3/main,dock'].join('\n');
      await page.getByTestId('import-content').fill(csv);
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-summary').waitFor();
      assert.match(await page.getByTestId('import-summary').innerText(), /3 rows: 2 ready, 1 with errors/);
      const bad = page.locator('[data-testid="import-row"][data-ok="false"]');
      assert.equal(await bad.count(), 1);
      assert.match(await bad.innerText(), /Dock 2/);
      assert.match(await bad.getByTestId('import-row-error').innerText(), /kind/);

      await page.getByTestId('import-run').click();
      await page.getByTestId('import-summary').filter({ hasText: 'Imported' }).waitFor();
      assert.match(await page.getByTestId('import-summary').innerText(), /Imported 2 of 3 rows; 1 failed/);
      await page.getByTestId('import-done').click();
      await page.getByTestId('camera-search').fill('Dock');
      await page.waitForURL(/[?&]q=Dock/);
      await page.waitForFunction(() => {
        const names = [...document.querySelectorAll('[data-testid="camera-name"]')].map((n) => n.textContent ?? '');
        return names.length > 0 && names.every((n) => n.startsWith('Dock'));
      });
      assert.deepEqual((await texts(page, 'camera-name')).sort(), ['Dock 1', 'Dock 3']);

      await page.getByTestId('camera-search').fill('');
      await page.getByTestId('camera-row').filter({ hasText: 'Camera of A' }).waitFor();
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('the audit log shows sign-ins and camera creation, and filters by action', async () => {
    const cam = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Audited camera', kind: 'rtsp', mainUrl: 'rtsp://10.3.0.1/main' });
    assert.equal(cam.status, 201, cam.text);
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/audit');
      await page.getByTestId('audit-table').waitFor();
      const signInRow = page.locator('[data-testid="audit-row"][data-action="auth.sign-in"]').first();
      assert.match(await signInRow.innerText(), /admin/);
      const created = page.locator('[data-testid="audit-row"][data-action="camera.create"]').filter({ hasText: 'Audited camera' });
      assert.equal(await created.count(), 1);
      assert.match(await created.innerText(), new RegExp(cam.body.id));

      for (let i = 0; i < 55; i++) {
        const r = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: `Bulk ${i}`, kind: 'rtsp', mainUrl: `rtsp://10.3.1.${i}/main` });
        assert.equal(r.status, 201, r.text);
      }
      await page.getByTestId('audit-action').fill('camera.create');
      await page.getByTestId('audit-apply').click();
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
        return rows.length === 50 && rows.every((r) => r.getAttribute('data-action') === 'camera.create');
      });
      await page.getByTestId('audit-more').click();
      await page.getByTestId('audit-end').waitFor();
      const total = await page.getByTestId('audit-row').count();
      assert.ok(total >= 57 && total < 100, `the next page is appended (${total} rows: UI, API and bulk creations)`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('organisation: rename and move a domain; deleting a non-empty one shows the server’s refusal', async () => {
    const site = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Depot' })).body;
    const other = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'West' })).body;
    await t.admin.post('/api/cameras', { domainId: site.id, name: 'Depot gate', kind: 'rtsp', mainUrl: 'rtsp://10.4.0.1/main' });
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, `/organisation?domain=${site.id}`);
      await page.getByTestId('camera-row').filter({ hasText: 'Depot gate' }).waitFor();
      await page.getByTestId('domain-rename').click();
      await page.getByTestId('domain-name-input').fill('Depot North');
      await page.getByTestId('domain-save').click();
      await page.getByTestId('domain-title').filter({ hasText: 'Depot North' }).waitFor();

      await page.getByTestId('domain-move').click();
      await page.getByTestId('domain-move-parent').selectOption(other.id);
      await page.getByTestId('domain-move-save').click();
      await page.getByTestId('domain-move-dialog').waitFor({ state: 'detached' });
      await page.getByTestId('domain-detail').filter({ hasText: 'West / Depot North' }).waitFor();

      await page.getByTestId('domain-delete').click();
      await page.getByTestId('confirm-ok').click();
      assert.match(await page.getByTestId('confirm-error').innerText(), /still holds .*1 camera/);
      assert.equal((await t.admin.get(`/api/domains/${site.id}`)).status, 200, 'the domain is still there');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('users and tokens: create a user with a role, disable them; a token’s secret is shown once', async () => {
    const { page, errors, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/users');
      await page.getByTestId('user-new').click();
      await page.getByTestId('user-username').fill('operator-1');
      await page.getByTestId('user-password').fill('operator-password-1');
      await page.getByTestId('grant-add').click();
      await page.getByTestId('grant-role').selectOption('operator');
      await page.getByTestId('user-save').click();
      const row = page.getByTestId('user-row').filter({ hasText: 'operator-1' });
      await row.waitFor();
      assert.match(await row.innerText(), /operator @/);
      await row.getByTestId('user-toggle').click();
      await page.getByTestId('confirm-ok').click();
      await row.getByTestId('user-status').filter({ hasText: 'Disabled' }).waitFor();
      const users = (await t.admin.get('/api/users')).body as Array<{ username: string; disabled: boolean }>;
      assert.equal(users.find((u) => u.username === 'operator-1')?.disabled, true);

      await page.getByTestId('nav-account').click();
      await page.getByTestId('token-new').click();
      await page.getByTestId('token-name').fill('e2e script');
      await page.getByTestId('token-save').click();
      const secret = await page.getByTestId('token-secret').innerText();
      assert.match(secret, /^argus_pat_/);
      assert.equal((await t.withToken(secret).get('/api/auth/me')).status, 200, 'the shown secret works');
      await page.getByTestId('token-secret-done').click();
      await page.getByTestId('token-row').filter({ hasText: 'e2e script' }).waitFor();
      assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('an ended session sends the user back to sign-in; sign-out ends the session', async () => {
    const { page, close } = await freshPage(browser);
    try {
      await signIn(page, t.url, 'admin', TEST_PASSWORD, '/cameras');
      await page.getByTestId('camera-table').waitFor();
      await page.context().clearCookies();
      await page.getByTestId('nav-groups').click();
      await page.getByTestId('sign-in-form').waitFor();
      assert.ok((await page.getByTestId('sign-in-message').innerText()).length > 0);
      assert.match(page.url(), /\/sign-in\?next=%2Fgroups/);
      await page.getByTestId('sign-in-username').fill('admin');
      await page.getByTestId('sign-in-password').fill(TEST_PASSWORD);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('page-title').filter({ hasText: 'Camera groups' }).waitFor();

      await page.getByTestId('sign-out').click();
      assert.match(await page.getByTestId('sign-in-message').innerText(), /signed out/);
      await page.reload();
      await page.getByTestId('sign-in-form').waitFor();
      assert.equal(await page.getByTestId('user-name').count(), 0, 'the session is gone after a reload');
    } finally {
      await close();
    }
  });
});
