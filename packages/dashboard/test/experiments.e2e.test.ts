// The experiment pages in Debian's Chromium against a real server: experiments created, their units
// assigned with GrowthBook's hashing, exposures and outcomes sent through the API; the list and the
// results pages show the numbers the API answers (lift, interval, p-value or chance to win, the
// decision, guardrails, power), the SRM banner for an unbalanced split and not otherwise, and draw
// their charts without errors.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { bucketRanges, chooseVariation, createRng, gbHash } from '@vigil/stats';
import { experimentResultsSchema } from '@vigil/wire';
import type { CreateExperiment, ExperimentResults } from '@vigil/wire';
import {
  decisionText,
  formatChance,
  formatEffect,
  formatInterval,
  formatPValue,
  GUARDRAIL_TEXT,
  SRM_TEXT,
  srmState,
} from '../src/experiments/experiment-view.js';
import { buildDashboard, collectErrors, launchChromium, newContext, signIn, waitForSettled } from './dashboard-harness.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);
const NOW = T0 + 4 * 24 * HOUR;
const PAGE_MS = 60_000;

let appDir: string;
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

const experiments: Record<string, CreateExperiment> = {
  checkout: {
    name: 'checkout',
    description: 'Three checkout flows',
    variants: [
      { name: 'control', weight: 0.34 },
      { name: 'one-page', weight: 0.33 },
      { name: 'express', weight: 0.33 },
    ],
    metrics: [
      { name: 'converted', kind: 'proportion', role: 'goal' },
      { name: 'revenue', kind: 'mean', role: 'goal' },
      { name: 'latency', kind: 'mean', role: 'guardrail', inverse: true },
    ],
  },
  unbalanced: {
    name: 'unbalanced',
    variants: [
      { name: 'control', weight: 0.5 },
      { name: 'treatment', weight: 0.5 },
    ],
    metrics: [{ name: 'converted', kind: 'proportion', role: 'goal' }],
  },
  bayes: {
    name: 'bayes',
    engine: 'bayesian',
    variants: [
      { name: 'control', weight: 0.5 },
      { name: 'treatment', weight: 0.5 },
    ],
    metrics: [
      { name: 'converted', kind: 'proportion', role: 'goal' },
      { name: 'revenue', kind: 'mean', role: 'goal' },
    ],
  },
};

/**
 * Units assigned as GrowthBook hashes them, exposed over two days; each converts with its variant's
 * rate, converters spend, every unit has a latency (raised by `latencyShift` in the named variant).
 * `keep` drops a share of a variant's exposures (a broken logger: sample ratio mismatch).
 */
async function sendTraffic(
  e: CreateExperiment,
  units: number,
  seed: number,
  opts: { rates: number[]; latencyShift?: Record<string, number>; keep?: Record<string, number> },
): Promise<void> {
  const rng = createRng(seed);
  const ranges = bucketRanges(
    e.variants.length,
    1,
    e.variants.map((v) => v.weight),
  );
  const exposures: { unit: string; variant: string; timestamp: number }[] = [];
  const outcomes: { unit: string; metric: string; value: number; timestamp: number }[] = [];
  const metrics = new Set(e.metrics.map((m) => m.name));
  for (let i = 0; i < units; i++) {
    const unit = `${e.name}-user-${i}`;
    const v = chooseVariation(gbHash(e.name, unit, 2)!, ranges);
    const variant = e.variants[v]!.name;
    if (rng.next() > (opts.keep?.[variant] ?? 1)) continue;
    const ts = T0 + Math.floor(rng.next() * 48 * HOUR);
    exposures.push({ unit, variant, timestamp: ts });
    if (rng.next() < opts.rates[v]!) {
      outcomes.push({ unit, metric: 'converted', value: 1, timestamp: ts + HOUR });
      if (metrics.has('revenue')) outcomes.push({ unit, metric: 'revenue', value: Math.round((20 + rng.next() * 60) * 100) / 100, timestamp: ts + HOUR });
    }
    if (metrics.has('latency'))
      outcomes.push({ unit, metric: 'latency', value: 100 + (opts.latencyShift?.[variant] ?? 0) + rng.next() * 40, timestamp: ts + 1000 });
  }
  for (const [path, events] of [
    ['exposures', exposures],
    ['outcomes', outcomes],
  ] as const) {
    for (let i = 0; i < events.length; i += 1000) {
      const r = await server.request('POST', `/v1/experiments/${e.name}/${path}`, { events: events.slice(i, i + 1000) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  }
}

async function resultsOf(name: string): Promise<ExperimentResults> {
  const r = await server.request('GET', `/v1/experiments/${name}/results`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return experimentResultsSchema.parse(r.body);
}

beforeAll(async () => {
  appDir = await buildDashboard();
  server = await createTestServer({}, { clock: () => NOW, dashboardDir: appDir });
  for (const e of Object.values(experiments)) {
    const created = await server.request('POST', '/v1/experiments', e);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  await sendTraffic(experiments['checkout']!, 3000, 1, { rates: [0.1, 0.14, 0.1], latencyShift: { express: 15 } });
  await sendTraffic(experiments['unbalanced']!, 1200, 2, { rates: [0.1, 0.1], keep: { treatment: 0.7 } });
  await sendTraffic(experiments['bayes']!, 1500, 3, { rates: [0.1, 0.13] });
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

async function visit(path: string): Promise<void> {
  errors.length = 0;
  await page.goto(`${server.url}${path}`);
  await waitForSettled(page);
}

const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

describe('experiment pages', () => {
  it(
    'lists every experiment with its status, units, sample ratio check and decision as the API answers them',
    async () => {
      await visit('/');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Experiments' }).click();
      await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
      await waitForSettled(page);
      expect(new URL(page.url()).pathname).toBe('/experiments');
      for (const name of Object.keys(experiments)) {
        const r = await resultsOf(name);
        const row = `tr[data-experiment="${name}"]`;
        expect(await text(`${row} [data-testid="units"]`)).toBe(r.units.total.toLocaleString('en-US'));
        expect(await page.locator(`${row} [data-testid="srm"]`).getAttribute('data-srm')).toBe(srmState(r.srm));
        expect(await text(`${row} [data-testid="srm"]`)).toContain(SRM_TEXT[srmState(r.srm)]);
        expect(await page.locator(`${row} [data-testid="decision"]`).getAttribute('data-action')).toBe(r.decision.action);
        expect(await text(`${row} [data-testid="decision"]`)).toContain(decisionText(r.decision));
        expect(await text(`${row} [data-testid="status"]`)).toBe('running');
      }
      expect(await page.locator('tr[data-experiment="unbalanced"] [data-testid="srm"]').getAttribute('data-srm')).toBe('mismatch');
      expect(await page.locator('tr[data-experiment="checkout"] [data-testid="srm"]').getAttribute('data-srm')).toBe('ok');
      expect(errors).toEqual([]);
    },
    PAGE_MS,
  );

  it(
    'shows each treatment’s lift, interval, p-values and verdict on each metric as the API answers them, with guardrails, power and charts',
    async () => {
      await visit('/experiments');
      await page.getByRole('link', { name: 'checkout' }).click();
      await page.getByRole('heading', { level: 1, name: 'checkout' }).waitFor();
      await waitForSettled(page);
      const r = await resultsOf('checkout');
      expect(await page.locator('[data-testid="srm-banner"]').count()).toBe(0);
      expect(await page.locator('[data-testid="decision"]').getAttribute('data-action')).toBe(r.decision.action);
      expect(await text('[data-testid="decision"]')).toContain(decisionText(r.decision));
      expect(await text('[data-testid="decision"]')).toContain(r.decision.reason);
      let compared = 0;
      for (const m of r.metrics) {
        for (const c of m.comparisons) {
          const row = `table[data-metric="${m.name}"] tr[data-variant="${c.variant}"]`;
          expect(c.note).toBeUndefined();
          // The raw numbers, and the text a reader sees.
          expect(Number(await page.locator(row).getAttribute('data-expected'))).toBe(c.expected);
          expect(Number(await page.locator(row).getAttribute('data-ci-low'))).toBe(c.ci[0]);
          expect(Number(await page.locator(row).getAttribute('data-ci-high'))).toBe(c.ci[1]);
          expect(await text(`${row} [data-testid="effect"]`)).toBe(formatEffect(c.expected, 'relative'));
          expect(await text(`${row} [data-testid="interval"]`)).toBe(formatInterval(c.ci, 'relative'));
          expect(await text(`${row} [data-testid="p-value"]`)).toBe(formatPValue(c.pValue));
          if (m.role === 'goal') expect(await text(`${row} [data-testid="adjusted-p-value"]`)).toBe(formatPValue(c.adjustedPValue));
          expect(await page.locator(row).getAttribute('data-direction')).toBe(c.direction);
          compared++;
        }
        for (const v of m.variants) {
          expect(await text(`table[data-metric="${m.name}"] tr[data-variant="${v.name}"] td:nth-of-type(1)`)).toBe(v.n.toLocaleString('en-US'));
        }
      }
      expect(compared).toBe(6);
      // The story the data tells: one-page converts better; express is slower, so its latency guardrail fails.
      expect(r.metrics[0]!.comparisons.find((c) => c.variant === 'one-page')!.direction).toBe('better');
      const failing = r.guardrails.find((g) => g.variant === 'express')!;
      expect(failing.status).toBe('failing');
      for (const g of r.guardrails) {
        const row = `tr[data-guardrail="${g.metric}"][data-variant="${g.variant}"]`;
        expect(await page.locator(row).getAttribute('data-status')).toBe(g.status);
        expect(await text(row)).toContain(GUARDRAIL_TEXT[g.status]);
      }
      for (const p of r.power.variants) {
        const row = page.locator(`[data-testid="power"] tr[data-variant="${p.variant}"]`);
        expect(Number(await row.getAttribute('data-power'))).toBe(p.power);
        expect(Number(await row.getAttribute('data-mde'))).toBe(p.mde);
      }
      // Both charts are drawn: the lift of 6 rows, and one cumulative chart per goal metric.
      expect(await page.locator('[data-testid="lift-chart"]').getAttribute('data-rendered')).toBe('true');
      expect(await page.locator('[data-testid="cumulative-chart"]').count()).toBe(2);
      expect(await page.locator('.error-note').allTextContents()).toEqual([]);
      expect(errors).toEqual([]);
    },
    PAGE_MS,
  );

  it(
    'raises the SRM banner for an unbalanced split, with the API’s p-value',
    async () => {
      await visit('/experiments/unbalanced');
      const r = await resultsOf('unbalanced');
      expect(r.srm.mismatch).toBe(true);
      const banner = page.locator('[data-testid="srm-banner"]');
      expect(await banner.getAttribute('role')).toBe('alert');
      expect(Number(await banner.getAttribute('data-p-value'))).toBe(r.srm.pValue);
      const words = (await banner.textContent()) ?? '';
      expect(words).toContain(SRM_TEXT.mismatch);
      expect(words).toContain(`p = ${formatPValue(r.srm.pValue)}`);
      for (const v of r.units.variants) expect(words).toContain(v.n.toLocaleString('en-US'));
      expect(await page.locator('[data-testid="decision"]').getAttribute('data-action')).toBe('inconclusive');
      expect(errors).toEqual([]);
    },
    PAGE_MS,
  );

  it(
    'shows the Bayesian engine’s chance to win and risk',
    async () => {
      await visit('/experiments/bayes');
      const r = await resultsOf('bayes');
      expect(await page.locator('[data-testid="srm-banner"]').count()).toBe(0);
      for (const m of r.metrics) {
        const c = m.comparisons[0]!;
        const row = `table[data-metric="${m.name}"] tr[data-variant="treatment"]`;
        expect(Number(await page.locator(row).getAttribute('data-chance-to-win'))).toBe(c.chanceToWin);
        expect(await text(`${row} [data-testid="chance"]`)).toBe(formatChance(c.chanceToWin));
        expect(await text(`${row} [data-testid="effect"]`)).toBe(formatEffect(c.expected, 'relative'));
        expect(await text(`${row} [data-testid="interval"]`)).toBe(formatInterval(c.ci, 'relative'));
        expect(await text(`${row} [data-testid="risk"]`)).toBe(`${formatEffect(c.risk![0], 'relative')} / ${formatEffect(c.risk![1], 'relative')}`);
      }
      expect(errors).toEqual([]);
    },
    PAGE_MS,
  );

  it(
    'says so for an experiment that does not exist',
    async () => {
      await visit('/experiments/no-such-experiment');
      expect(await text('.error-note')).toContain('no experiment "no-such-experiment"');
    },
    PAGE_MS,
  );
});
