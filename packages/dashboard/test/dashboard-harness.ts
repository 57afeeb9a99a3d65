// What the browser tests, the screenshots script and the benchmark share: a fresh build of the
// dashboard, Debian's Chromium through playwright-core, signing in, and waiting until a page has
// drawn everything it loads.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Builds the dashboard from its current source into `outDir` (a temp folder by default), so tests never serve a stale build. */
export async function buildDashboard(outDir = mkdtempSync(join(tmpdir(), 'vigil-dashboard-'))): Promise<string> {
  // Vite builds React's development version when NODE_ENV says so, and vitest sets it to `test`.
  const env = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: join(PACKAGE_DIR, 'vite.config.ts'),
      root: PACKAGE_DIR,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (env === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = env;
  }
  return outDir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  /** IANA zone the browser reports, to check that times follow the viewer's zone. */
  timezoneId?: string;
  width?: number;
  height?: number;
}

export async function newContext(browser: Browser, options: PageOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'en-US',
    timezoneId: options.timezoneId ?? 'UTC',
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
  });
}

/** Everything a page reports as an error: console errors, uncaught exceptions, failed requests. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // A request the page cancelled itself (its view changed before the answer came, so the hook's
  // AbortController dropped it, or the page navigated away) is not a failure; any other is.
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} ${reason}`);
  });
  return errors;
}

/** Signs in through the login screen with `key`; the key then stays in the tab's sessionStorage. */
export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Models' }).waitFor();
  await waitForSettled(page);
}

/**
 * Waits until the page has nothing loading and every chart has finished drawing; returns the
 * milliseconds since navigation started at that moment (measured in the page).
 */
export async function waitForSettled(page: Page, timeoutMs = 60_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      if (document.querySelector('main h1') === null) return false;
      if (document.querySelector('.loading') !== null) return false;
      const charts = [...document.querySelectorAll('.chart')];
      if (charts.some((c) => c.getAttribute('data-rendered') !== 'true')) return false;
      return performance.now();
    },
    undefined,
    { timeout: timeoutMs, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}
