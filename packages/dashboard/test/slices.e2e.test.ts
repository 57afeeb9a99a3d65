// The model page's slice filter in Debian's Chromium against a real server: picking a feature and a
// value puts `slice=feature:value` in the URL, and every number the page shows is then the API's
// sliced answer (the drift summary's predictions, the heatmap's scores); a second slice narrows
// further, reloading keeps the filter, and "All values" clears it.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestServer, profileAll } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { driftResponseSchema, seriesResponseSchema } from '@vigil/wire';
import { formatCount, formatValue } from '../src/format/format-number.js';
import { buildDashboard, collectErrors, launchChromium, newContext, signIn, waitForSettled } from './dashboard-harness.js';

const HOUR = 3_600_000;
const PURPOSES = ['car', 'house', 'crypto'];
/** A seeded generator (Park–Miller), so the traffic is the same on every run. */
const rng = (() => {
  let state = 7;
  return { next: () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647 };
})();
let appDir: string;
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
const now = Date.UTC(2026, 10, 25, 12);
const from = now - 2 * HOUR;
const range = `from=${new Date(from).toISOString()}&to=${new Date(now).toISOString()}&step=1h`;

beforeAll(async () => {
  appDir = await buildDashboard();
  server = await createTestServer({ bucket: '1h' }, { dashboardDir: appDir, clock: () => now });
  const features = { x: 'numeric', purpose: 'categorical', member: 'boolean' };
  expect((await server.request('POST', '/v1/models', { name: 'credit', type: 'binary', features })).status).toBe(201);
  const reference = Array.from({ length: 600 }, () => ({ x: rng.next(), purpose: PURPOSES[Math.floor(rng.next() * 3)], member: rng.next() < 0.5 }));
  expect((await server.request('POST', '/v1/models/credit/reference', { rows: reference })).status).toBe(201);
  // Crypto traffic is shifted in x: its slice drifts, the others do not.
  const events = Array.from({ length: 900 }, (_, i) => {
    const purpose = PURPOSES[Math.floor(rng.next() * 3)]!;
    return {
      id: `e${i}`,
      timestamp: from + i * 8_000,
      features: { x: rng.next() + (purpose === 'crypto' ? 0.7 : 0), purpose, member: rng.next() < 0.5 },
      prediction: rng.next(),
    };
  });
  expect((await server.request('POST', '/v1/models/credit/predictions', { events })).status).toBe(200);
  await profileAll(server, now);
  browser = await launchChromium();
  page = await (await newContext(browser)).newPage();
  errors = collectErrors(page);
  await signIn(page, server.url, server.adminKey);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (appDir !== undefined) rmSync(appDir, { recursive: true, force: true });
});

async function drift(query: string) {
  const r = await server.request('GET', `/v1/models/credit/drift?from=${from}&to=${now}${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return driftResponseSchema.parse(r.body);
}

/** The page's drift summary count and the heatmap's latest score of x. */
async function shown(): Promise<{ rows: string; latestX: string }> {
  const note = (await page.getByTestId('drift-summary').locator('.note').textContent()) ?? '';
  const latestX = (await page.locator('[data-testid="drift-table"] tr[data-feature="x"] td.num').last().textContent()) ?? '';
  return { rows: note.replace(/\s/g, ' ').split(' predictions')[0]!, latestX };
}

describe('the model page sliced', () => {
  it('shows the API’s sliced numbers once a feature value is picked, keeps the slice in the URL, and clears it', async () => {
    await page.goto(`${server.url}/models/credit?${range}`);
    await waitForSettled(page);
    const all = await drift('');
    expect((await shown()).rows).toBe(formatCount(all.rows));
    expect(errors).toEqual([]);

    const picker = page.getByTestId('slice-picker');
    await picker.getByLabel('Slice by').selectOption('purpose');
    await picker.getByLabel('purpose value').selectOption('crypto');
    await page.waitForURL(/slice=purpose%3Acrypto/);
    await page.getByTestId('slice-note').waitFor();
    await waitForSettled(page);
    const crypto = await drift('&slice=purpose:crypto');
    expect(crypto.rows).toBeLessThan(all.rows);
    const series = seriesResponseSchema.parse(
      (await server.request('GET', `/v1/models/credit/series?metric=drift&feature=x&from=${from}&to=${now}&step=1h&slice=purpose:crypto`)).body,
    );
    await expect.poll(async () => (await shown()).rows).toBe(formatCount(crypto.rows));
    const sliced = await shown();
    expect(sliced.latestX).toBe(formatValue(series.points[series.points.length - 1]!.value));
    expect(await page.getByTestId('slice-note').textContent()).toBe('Showing only predictions where purpose = crypto.');

    // A second feature narrows further (both must hold); a reload keeps both.
    await picker.getByLabel('Slice by').selectOption('member');
    await picker.getByLabel('member value').selectOption('true');
    await page.waitForURL(/slice=member%3Atrue/);
    await page.reload();
    await waitForSettled(page);
    const both = await drift('&slice=purpose:crypto&slice=member:true');
    expect(both.rows).toBeLessThan(crypto.rows);
    await expect.poll(async () => (await shown()).rows).toBe(formatCount(both.rows));
    expect(await page.getByTestId('slice-note').textContent()).toBe('Showing only predictions where purpose = crypto and member = true.');

    await page.getByTestId('slice-picker').getByRole('button', { name: 'All values' }).click();
    await page.waitForURL((url) => !url.search.includes('slice='));
    await waitForSettled(page);
    await expect.poll(async () => (await shown()).rows).toBe(formatCount(all.rows));
    expect(await page.locator('.error-note').allTextContents()).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
