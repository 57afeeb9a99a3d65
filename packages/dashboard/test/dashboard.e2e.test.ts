// The dashboard in Debian's Chromium against a real server seeded by the demo at high speed: every
// page loads without errors, the heatmap flags exactly the demo's drifted features, a server-side
// validation error shows beside its field, keyboard drill-down works, times follow the viewer's
// time zone, and acknowledging an alert in the page changes it in the API.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serverConfigSchema } from '@vigil/server';
import { profileAll } from '@vigil/server/testing';
import { alertListSchema, driftResponseSchema, modelSchema } from '@vigil/wire';
import { DRIFTED_FEATURES } from '../../cli/src/demo/demo-story.js';
import { DEMO_MODEL_NAME, startDemo } from '../../cli/src/demo/run-demo.js';
import type { RunningDemo } from '../../cli/src/demo/run-demo.js';
import { buildDashboard, collectErrors, launchChromium, newContext, signIn, waitForSettled } from './dashboard-harness.js';

const HOUR = 3_600_000;
const ZONE = 'America/New_York';
const silent = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };
const dir = mkdtempSync(join(tmpdir(), 'vigil-dashboard-e2e-'));
let appDir: string;
let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
/** The story's six hours as an absolute range: after the story the demo's traffic goes on at real time. */
let story: string;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const init: RequestInit = {
    method,
    headers: { authorization: `Bearer ${demo.adminKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const r = await fetch(`${demo.server.url}${path}`, init);
  const text = await r.text();
  return { status: r.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

beforeAll(async () => {
  appDir = await buildDashboard();
  demo = await startDemo({ server: serverConfigSchema.parse({ port: 0, data: dir, logLevel: 'silent' }), speed: 3600, seed: 1, dashboardDir: appDir }, silent);
  await demo.finished;
  await new Promise((r) => setTimeout(r, 300));
  await profileAll(demo.server, demo.simNow());
  story = `from=${new Date(demo.storyStart).toISOString()}&to=${new Date(demo.storyStart + 6 * HOUR).toISOString()}&step=1h`;
  browser = await launchChromium();
  context = await newContext(browser, { timezoneId: ZONE });
  page = await context.newPage();
  errors = collectErrors(page);
  await signIn(page, demo.server.url, demo.adminKey);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (appDir !== undefined) rmSync(appDir, { recursive: true, force: true });
});

async function visit(path: string): Promise<void> {
  errors.length = 0;
  await page.goto(`${demo.server.url}${path}`);
  await waitForSettled(page);
}

const PAGE_MS = 60_000;

describe('dashboard pages', () => {
  // Paths with the story's range (`?…` is filled in once the demo has run).
  const pages: [string, string][] = [
    ['/??', 'Models'],
    [`/models/${DEMO_MODEL_NAME}??`, DEMO_MODEL_NAME],
    [`/models/${DEMO_MODEL_NAME}/features/income??`, 'income'],
    [`/models/${DEMO_MODEL_NAME}/features/purpose??`, 'purpose'],
    [`/models/${DEMO_MODEL_NAME}/reference`, `Reference data of ${DEMO_MODEL_NAME}`],
    ['/alerts', 'Alerts'],
    ['/monitors', 'Monitors'],
    ['/channels', 'Channels'],
    ['/no/such/page', 'Not found'],
  ];

  for (const [template, heading] of pages) {
    it(
      `loads ${template.replace('??', '')} without console errors, failed requests or error notes`,
      async () => {
        await visit(template.replace('??', `?${story}`));
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
        expect(await page.locator('.error-note').allTextContents()).toEqual([]);
        expect(errors).toEqual([]);
      },
      PAGE_MS,
    );
  }

  it(
    'lists the demo model on the overview with its numbers and a status',
    async () => {
      await visit(`/?${story}`);
      const row = page.locator(`tr[data-model="${DEMO_MODEL_NAME}"]`);
      expect(await row.locator('[data-status]').getAttribute('data-status')).toMatch(/^(warning|alerting)$/);
      const text = (await row.textContent()) ?? '';
      // The latest hour has the drift in: income, purpose and utilization are named.
      for (const f of DRIFTED_FEATURES) expect(text).toContain(f);
      expect(text).toMatch(/accuracy \d+\.\d %/);
    },
    PAGE_MS,
  );

  it(
    'shows times in the viewer’s time zone',
    async () => {
      await visit(`/models/${DEMO_MODEL_NAME}?${story}`);
      expect(await page.locator('header .tz').textContent()).toBe(ZONE);
      const expected = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(demo.storyStart);
      const note = (await page.locator('.range-note').textContent()) ?? '';
      expect(note.replace(/\s/g, ' ')).toContain(expected.replace(/\s/g, ' '));
    },
    PAGE_MS,
  );
});

describe('drift heatmap', () => {
  it(
    'shows the demo’s drifted features above the threshold and every other feature below it',
    async () => {
      await visit(`/models/${DEMO_MODEL_NAME}?${story}`);
      expect(await page.getByTestId('drift-heatmap-chart').getAttribute('data-rendered')).toBe('true');
      const rows = await page.locator('[data-testid="drift-table"] tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          feature: tr.getAttribute('data-feature')!,
          drifted: tr.getAttribute('data-drifted') === 'true',
          ratio: Number(tr.getAttribute('data-worst-ratio')),
        })),
      );
      const model = modelSchema.parse((await api('GET', `/v1/models/${DEMO_MODEL_NAME}`)).body);
      expect(rows.map((r) => r.feature).sort()).toEqual(Object.keys(model.features).sort());
      expect(
        rows
          .filter((r) => r.drifted)
          .map((r) => r.feature)
          .sort(),
      ).toEqual([...DRIFTED_FEATURES].sort());
      for (const r of rows) expect(r.ratio >= 1, r.feature).toBe(DRIFTED_FEATURES.includes(r.feature));
      // Drifted features come first, as in the chart's rows.
      expect(rows.slice(0, DRIFTED_FEATURES.length).every((r) => r.drifted)).toBe(true);
    },
    PAGE_MS,
  );

  it(
    'drills down to a feature from the keyboard',
    async () => {
      await visit(`/models/${DEMO_MODEL_NAME}?${story}`);
      await page.locator('[data-testid="drift-table"] a', { hasText: 'utilization' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'utilization' }).waitFor();
      await waitForSettled(page);
      expect(new URL(page.url()).pathname).toBe(`/models/${DEMO_MODEL_NAME}/features/utilization`);
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      expect(await page.getByTestId('feature-drift-stats').getAttribute('data-drifted')).toBe('true');
    },
    PAGE_MS,
  );

  it(
    'draws the reference against the current distribution of a feature, with both sides’ statistics',
    async () => {
      await visit(`/models/${DEMO_MODEL_NAME}/features/utilization?${story}`);
      expect(await page.getByTestId('feature-distribution-chart').getAttribute('data-rendered')).toBe('true');
      const table = await page
        .locator('[data-testid="feature-statistics"] tbody tr')
        .evaluateAll((trs) =>
          Object.fromEntries(trs.map((tr) => [tr.querySelector('th')!.textContent, [...tr.querySelectorAll('td')].map((td) => td.textContent)])),
        );
      const range = new URLSearchParams(story);
      const drift = driftResponseSchema.parse(
        (await api('GET', `/v1/models/${DEMO_MODEL_NAME}/drift?from=${range.get('from')}&to=${range.get('to')}&feature=utilization`)).body,
      );
      const stats = drift.features.find((f) => f.name === 'utilization')!.statistics!;
      expect(Object.keys(table)).toEqual(['Values', 'Missing', 'Distinct', 'Mean', 'Standard deviation', 'Minimum', 'Median', 'Maximum']);
      const digits = (text: string | null | undefined) => Number((text ?? '').replace(/[^0-9]/g, ''));
      expect(table['Values']!.map(digits)).toEqual([stats.reference.count, stats.current.count]);
      // Utilization drifts in the story: its mean moves, and the page shows both.
      expect(Math.abs(stats.current.mean! - stats.reference.mean!)).toBeGreaterThan(0.05);
      expect(table['Mean']![0]).not.toBe(table['Mean']![1]);
    },
    PAGE_MS,
  );
});

describe('forms', () => {
  it(
    'shows the server’s error beside the field it names, and changes nothing',
    async () => {
      const before = modelSchema.parse((await api('GET', `/v1/models/${DEMO_MODEL_NAME}`)).body).reference;
      await visit(`/models/${DEMO_MODEL_NAME}/reference`);
      const form = page.getByTestId('reference-upload');
      await form
        .getByLabel('File')
        .setInputFiles({ name: 'reference.csv', mimeType: 'text/csv', buffer: Buffer.from('age,income,default\n30,50000,0\n45,72000,1\n') });
      await form.getByLabel('Label column (optional)').fill('no_such_column');
      await form.getByRole('button', { name: 'Upload and replace' }).click();
      const target = form.locator('.field', { has: page.locator('input[name="target"]') });
      await target.locator('.field-error').waitFor();
      expect(await target.locator('.field-error').textContent()).toBe('one of age, income, default');
      expect(await target.locator('input').getAttribute('aria-invalid')).toBe('true');
      expect(await target.locator('input').getAttribute('aria-describedby')).toContain(await target.locator('.field-error').getAttribute('id'));
      // The other fields carry no error.
      expect(await form.locator('.field-error').count()).toBe(1);
      expect(modelSchema.parse((await api('GET', `/v1/models/${DEMO_MODEL_NAME}`)).body).reference).toEqual(before);
    },
    PAGE_MS,
  );
});

describe('monitors', () => {
  it(
    'shows the server’s validation error beside the monitor field it names',
    async () => {
      const probe = await api('GET', '/v1/monitors');
      if (probe.status === 404) return void console.warn('alerting API absent: monitor form test skipped');
      await visit('/monitors');
      await page.getByRole('button', { name: 'New monitor' }).click();
      const form = page.getByTestId('monitor-form');
      await form.getByLabel('Name', { exact: true }).fill('bad name!');
      await form.getByLabel('Window', { exact: true }).fill('soon');
      await form.getByRole('button', { name: 'Create monitor' }).click();
      const name = form.locator('.field', { has: page.locator('input[name="name"]') });
      const window = form.locator('.field', { has: page.locator('input[name="window"]') });
      await name.locator('.field-error').waitFor();
      expect(await name.locator('.field-error').textContent()).toMatch(/letters, digits/);
      expect(await window.locator('.field-error').textContent()).toMatch(/duration/);
      expect(((await api('GET', '/v1/monitors')).body as { monitors: { name: string }[] }).monitors.map((m) => m.name)).not.toContain('bad name!');
    },
    PAGE_MS,
  );
});

describe('alerts', () => {
  it(
    'acknowledging an alert in the page changes its state in the API',
    async () => {
      const probe = await api('GET', '/v1/alerts');
      if (probe.status === 404) return void console.warn('alerting API absent: acknowledgement test skipped');
      // A drift monitor over the whole story: income drifted, so it fires on its first evaluation.
      const created = await api('POST', '/v1/monitors', {
        name: 'dashboard-income-drift',
        model: DEMO_MODEL_NAME,
        type: 'drift',
        features: ['income'],
        window: '30d',
        interval: '1m',
        for: '0s',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      let fingerprint: string | undefined;
      for (let i = 0; i < 150 && fingerprint === undefined; i++) {
        const alerts = alertListSchema.parse((await api('GET', '/v1/alerts')).body).alerts;
        fingerprint = alerts.find((a) => a.monitor === 'dashboard-income-drift' && a.state === 'firing')?.fingerprint;
        if (fingerprint === undefined) await new Promise((r) => setTimeout(r, 200));
      }
      expect(fingerprint, 'the monitor never fired').toBeDefined();

      await visit('/alerts');
      await page.getByLabel('Acting as').fill('Ada on call');
      const item = page.locator(`li[data-fingerprint="${fingerprint}"]`);
      expect(await item.getAttribute('data-acknowledged')).toBe('false');
      await item.getByRole('button', { name: 'Acknowledge' }).click();
      await page.locator(`li[data-fingerprint="${fingerprint}"][data-acknowledged="true"]`).waitFor();
      const alert = alertListSchema.parse((await api('GET', '/v1/alerts')).body).alerts.find((a) => a.fingerprint === fingerprint);
      expect(alert?.acknowledged?.by).toBe('Ada on call');
      expect(errors).toEqual([]);

      // A silence made from the alert matches exactly its labels.
      const again = page.locator(`li[data-fingerprint="${fingerprint}"]`);
      await again.getByRole('button', { name: 'Silence…' }).click();
      await again.getByLabel('Why').fill('known drift, retraining');
      await again.getByRole('button', { name: 'Create silence' }).click();
      await page.getByTestId('silences').getByText('known drift, retraining').waitFor();
      const silences = (await api('GET', '/v1/silences')).body as { silences: { matchers: string[]; createdBy: string; state: string }[] };
      const made = silences.silences.find((x) => x.createdBy === 'Ada on call');
      expect(made?.state).toBe('active');
      expect(made?.matchers).toEqual(
        Object.entries(alert!.labels)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`),
      );
    },
    PAGE_MS,
  );
});
