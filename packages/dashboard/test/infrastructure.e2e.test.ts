// The hosts and cost pages in Debian's Chromium against a real server: a GPU host that reported for
// the last hour, a priced model with traffic and a budget; the pages show what the API answers (the
// host's GPUs and models, the bill's total and each model's, the budget's status) and draw their
// charts (per-GPU utilisation, memory, power and temperature; the budget's burn-down) without errors.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestServer, profileAll } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { budgetSchema, costResponseSchema } from '@vigil/wire';
import { formatUsd } from '../src/infrastructure/format-usd.js';
import { buildDashboard, collectErrors, launchChromium, newContext, signIn, waitForSettled } from './dashboard-harness.js';

let appDir: string;
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
/** The server's clock runs this far behind while the price book is stored, so the price book applies to the hour of data that follows. */
let shift = -2 * 3_600_000;

beforeAll(async () => {
  appDir = await buildDashboard();
  server = await createTestServer({ bucket: '5m' }, { dashboardDir: appDir, clock: () => Date.now() + shift });
  expect((await server.request('POST', '/v1/models', { name: 'credit', type: 'binary' })).status).toBe(201);
  const priced = await server.request('PUT', '/v1/pricing', {
    hosts: [{ match: { host: 'gpu-.*' }, usdPerHour: 1.5 }],
    gpus: [{ match: { name: 'NVIDIA H100.*' }, usdPerHour: 2.5 }],
    predictions: [{ model: 'credit', usdPer1k: 0.4 }],
  });
  expect(priced.status).toBe(200);
  shift = 0;
  const now = Date.now();
  const samples = Array.from({ length: 12 }, (_, i) => ({
    timestamp: now - (12 - i) * 5 * 60_000,
    points: [
      { metric: 'cpu_utilization', value: 30 + i },
      { metric: 'memory_utilization', value: 40 },
      ...[0, 1].flatMap((gpu) => [
        { metric: 'gpu_utilization', value: 50 + 10 * gpu + i, labels: { gpu: String(gpu) } },
        { metric: 'gpu_memory_used_bytes', value: (20 + gpu) * 2 ** 30, labels: { gpu: String(gpu) } },
        { metric: 'gpu_power_watts', value: 300 + gpu, labels: { gpu: String(gpu) } },
        { metric: 'gpu_temperature_celsius', value: 60 + gpu, labels: { gpu: String(gpu) } },
      ]),
    ],
  }));
  const sent = await server.request('POST', '/v1/hosts/gpu-box/samples', {
    samples,
    gpus: [
      { index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-a' },
      { index: 1, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-b' },
    ],
    models: ['credit'],
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const events = Array.from({ length: 600 }, (_, i) => ({
    id: `e${i}`,
    timestamp: now - 55 * 60_000 + i * 5_000,
    features: { x: i % 7 },
    prediction: (i % 10) / 10,
  }));
  expect((await server.request('POST', '/v1/models/credit/predictions', { events })).status).toBe(200);
  await profileAll(server, now);
  expect((await server.request('POST', '/v1/budgets', { name: 'credit-month', model: 'credit', period: 'month', amountUsd: 1 })).status).toBe(201);
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

describe('hosts and cost pages', () => {
  it('lists the host with its GPUs and models, and draws its charts per GPU', async () => {
    await visit('/hosts');
    const row = page.locator('[data-host="gpu-box"]');
    expect(await row.textContent()).toContain('0: NVIDIA H100 80GB HBM3, 1: NVIDIA H100 80GB HBM3');
    expect(await row.textContent()).toContain('credit');
    await row.getByRole('link', { name: 'gpu-box' }).click();
    await page.getByRole('heading', { level: 1, name: 'gpu-box' }).waitFor();
    await waitForSettled(page);
    for (const metric of ['cpu_utilization', 'memory_utilization', 'gpu_utilization', 'gpu_memory_used_bytes', 'gpu_power_watts', 'gpu_temperature_celsius'])
      expect(await page.locator(`[data-testid="host-chart-${metric}"]`).getAttribute('data-rendered'), metric).toBe('true');
    expect(await page.getByTestId('host-facts').textContent()).toContain('2 GPUs, serving credit');
    expect(errors).toEqual([]);
    // The model's page names the hosts serving it.
    await visit('/models/credit');
    expect(await page.getByTestId('model-hosts').textContent()).toBe('Served by gpu-box (2 GPUs).');
    expect(errors).toEqual([]);
  }, 120_000);

  it("shows the bill and the budget as the API answers them, with the budget's burn-down", async () => {
    const now = Date.now();
    const bill = costResponseSchema.parse((await server.request('GET', `/v1/cost?from=${now - 86_400_000}&to=${now}`)).body);
    const budget = budgetSchema.parse((await server.request('GET', '/v1/budgets/credit-month')).body);
    await visit('/cost');
    expect(await page.getByTestId('bill-total').textContent()).toContain(formatUsd(bill.totalUsd));
    const credit = bill.models.find((m) => m.model === 'credit')!;
    expect(credit.predictions).toBe(600);
    // $0.40 per 1 000 predictions, and a share of an hour of a priced host with two priced GPUs.
    expect(credit.eventsUsd).toBeCloseTo(0.24, 9);
    expect(credit.infrastructureUsd).toBeGreaterThan(0);
    expect(bill.infrastructureUsd).toBeGreaterThan(credit.infrastructureUsd);
    expect(await page.locator('[data-model="credit"]').textContent()).toContain(formatUsd(credit.totalUsd));
    expect(await page.locator('[data-budget="credit-month"] [data-testid="budget-status"]').textContent()).toBe(budget.status);
    expect(await page.locator('[data-testid="burn-down-credit-month"]').getAttribute('data-rendered')).toBe('true');
    expect(errors).toEqual([]);
  }, 120_000);
});
