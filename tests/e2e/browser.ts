// Shared pieces of the console's end-to-end tests: Debian's Chromium through playwright-core, and sign-in.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../apps/server/src/boot';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Why the suite is skipped (no Chromium outside CI), or false to run it. In CI a missing Chromium fails. */
export function skipReason(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI) return false;
  return `${CHROMIUM} is missing (apt-get install chromium); skipping the console end-to-end tests`;
}

/** Builds apps/web/dist when it is older than its sources, so the server serves the current console. */
export function buildConsole(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-web-if-stale.mjs')], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 120_000 });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; the console end-to-end tests need Debian's chromium package`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** A page in a fresh context (own cookies); page errors are collected so a test can assert there were none. */
export async function freshPage(browser: Browser): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors, close: () => context.close() };
}

/** Signs in through the sign-in form and waits for the console shell. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(baseUrl + path);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('user-name').waitFor();
}

/** Visible text of every element with the test id, in order. */
export async function texts(page: Page, testId: string): Promise<string[]> {
  return (await page.getByTestId(testId).allInnerTexts()).map((t) => t.trim());
}

/** A server on an empty data folder: no user yet, so it prints a one-time setup link. */
export async function startFreshServer(): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-e2e-setup-'));
  const server = await startServer({ env: {}, overrides: { dataDir, 'server.port': 0, 'server.logLevel': 'silent', 'demo.enabled': false } }, { logger: false });
  return { ...server, close: () => server.close().finally(() => rm(dataDir, { recursive: true, force: true })) };
}
