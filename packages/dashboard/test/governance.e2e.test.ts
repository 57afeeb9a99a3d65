// The governance pages in Debian's Chromium against a real server: the model page's fairness panel
// on a biased stream shows the fairness monitor's own numbers (each group's rate and size as the API
// answers them, their Wilson intervals, the ratio against the four-fifths rule and the verdict);
// the audit page lists the changes made through the API with the seqs, actions, entities and actors
// the API answers, filters by entity and actor as the API does, shows the signed head with its
// signature checked, and checks an entry's inclusion proof in the browser — and catches an entry
// edited in the store.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { wilsonScoreInterval } from '@vigil/core';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { auditListSchema, monitorSchema } from '@vigil/wire';
import type { AuditList } from '@vigil/wire';
import { buildDashboard, collectErrors, launchChromium, newContext, signIn, waitForSettled } from './dashboard-harness.js';

const NOW = Date.UTC(2026, 10, 27, 12);
let appDir: string;
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

/** A seeded generator (Park–Miller), so the stream is the same on every run. */
const rng = (() => {
  let state = 11;
  return { next: () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647 };
})();

beforeAll(async () => {
  appDir = await buildDashboard();
  server = await createTestServer({}, { dashboardDir: appDir, clock: () => NOW });
  expect((await server.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { region: 'categorical', x: 'numeric' } })).status).toBe(201);
  // Selection rates 0.6 (north) against 0.3 (south), 400 rows each, and a group too small to judge.
  const events = [];
  let i = 0;
  for (const [region, p, n] of [
    ['north', 0.6, 400],
    ['south', 0.3, 400],
    ['islands', 0.5, 12],
  ] as const)
    for (let k = 0; k < n; k++, i++)
      events.push({
        id: `e${i}`,
        timestamp: NOW - 3_600_000 + i * 1000,
        features: { region, x: rng.next() },
        prediction: { score: rng.next() < p ? 0.9 : 0.1 },
      });
  for (let k = 0; k < events.length; k += 500)
    expect((await server.request('POST', '/v1/models/credit/predictions', { events: events.slice(k, k + 500) })).status).toBe(200);
  expect((await server.request('POST', '/v1/monitors', { name: 'region-parity', model: 'credit', type: 'fairness', attribute: 'region' })).status).toBe(201);
  const project = await server.store.findProject('default');
  for (const m of await server.store.alerting.monitors(project!.id)) await server.services.alerting.evaluateOne(m, NOW);
  // More changes for the audit page: a second key, a monitor changed by it, a channel with a secret.
  const key = await server.request('POST', '/v1/keys', { name: 'ops-editor', role: 'editor' });
  expect(key.status).toBe(201);
  const latency = { name: 'latency', model: 'credit', type: 'latency', percentile: 95, maxMs: 250, window: '1h' };
  expect((await server.request('POST', '/v1/monitors', latency, key.body.key)).status).toBe(201);
  expect((await server.request('PUT', '/v1/monitors/latency', { ...latency, maxMs: 300 }, key.body.key)).status).toBe(200);
  expect((await server.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x', secret: 'hunter2-secret' })).status).toBe(
    201,
  );
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

async function apiAudit(query = ''): Promise<AuditList> {
  const r = await server.request('GET', `/v1/audit${query}`);
  expect(r.status).toBe(200);
  return auditListSchema.parse(r.body);
}

async function pageRows() {
  return page.locator('[data-testid="audit-table"] tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      seq: Number(r.getAttribute('data-seq')),
      action: r.getAttribute('data-action'),
      entity: r.getAttribute('data-entity'),
      actor: r.getAttribute('data-actor'),
    })),
  );
}

const rowsOf = (list: AuditList) =>
  list.entries.map((e) => ({ seq: e.seq, action: e.action, entity: `${e.entity.type}:${e.entity.id}`, actor: e.actor.type === 'key' ? e.actor.id : 'system' }));

describe('the fairness panel', () => {
  it('shows the fairness monitor’s numbers on a biased stream', async () => {
    const monitor = monitorSchema.parse((await server.request('GET', '/v1/monitors/region-parity')).body);
    const d = monitor.lastDetails as {
      value: number;
      byGroup: Record<string, number>;
      groups: Record<string, number>;
      fires: boolean;
      pValue: number;
      threshold: number;
    };
    expect(d.fires).toBe(true);
    await page.goto(`${server.url}/models/credit?from=${new Date(NOW - 2 * 3_600_000).toISOString()}&to=${new Date(NOW).toISOString()}`);
    await page.getByTestId('fairness-monitor').waitFor();
    await waitForSettled(page);
    const panel = page.locator('[data-monitor="region-parity"]');
    expect(await panel.getAttribute('data-fires')).toBe('true');
    expect(await panel.getByTestId('fairness-verdict').getAttribute('data-verdict')).toBe('fires');
    const value = panel.getByTestId('fairness-value');
    expect(Number(await value.getAttribute('data-value'))).toBe(d.value);
    expect(Number(await value.getAttribute('data-threshold'))).toBe(0.8);
    expect(await value.textContent()).toContain('four-fifths');
    expect(Number(await panel.getByTestId('fairness-p').getAttribute('data-p'))).toBe(d.pValue);
    const groups = await panel.locator('[data-testid="fairness-groups"] tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        group: r.getAttribute('data-group')!,
        rate: Number(r.getAttribute('data-rate')),
        n: Number(r.getAttribute('data-n')),
        lower: Number(r.getAttribute('data-lower')),
        upper: Number(r.getAttribute('data-upper')),
      })),
    );
    // The API's groups, the small one left out, each with the Wilson interval of its counts.
    expect(groups.map((g) => g.group).sort()).toEqual(Object.keys(d.byGroup).sort());
    expect(groups.map((g) => g.group)).not.toContain('islands');
    for (const g of groups) {
      expect(g.rate).toBe(d.byGroup[g.group]);
      expect(g.n).toBe(d.groups[g.group]);
      const ci = wilsonScoreInterval(Math.round(g.rate * g.n), g.n);
      expect(g.lower).toBeCloseTo(ci.lower, 12);
      expect(g.upper).toBeCloseTo(ci.upper, 12);
      expect(g.lower).toBeLessThan(g.rate);
      expect(g.upper).toBeGreaterThan(g.rate);
    }
    expect(d.value).toBeCloseTo(d.byGroup['south']! / d.byGroup['north']!, 12);
    expect(d.value).toBeLessThan(0.8);
    await expect(panel.textContent()).resolves.toContain('islands (12)');
    expect(errors).toEqual([]);
  });
});

describe('the audit page', () => {
  it('lists the API’s entries with the signed head, its signature checked', async () => {
    const api = await apiAudit();
    expect(api.entries.length).toBeGreaterThanOrEqual(6);
    await page.goto(`${server.url}/audit`);
    await page.getByTestId('audit-table').waitFor();
    await page.locator('[data-testid="head-signature"][data-status="valid"]').waitFor();
    expect(await pageRows()).toEqual(rowsOf(api));
    expect(Number(await page.getByTestId('head-size').textContent())).toBe(api.treeHead.size);
    expect(await page.getByTestId('head-root').textContent()).toBe(api.treeHead.root);
    const actions = (await pageRows()).map((r) => r.action);
    for (const a of ['model.create', 'monitor.create', 'monitor.update', 'key.create', 'channel.create']) expect(actions).toContain(a);
    // The channel's secret never reaches the page (nor the log).
    expect(await page.content()).not.toContain('hunter2-secret');
    expect(errors).toEqual([]);
  });

  it('filters by entity and actor as the API does', async () => {
    await page.getByLabel('Entity').fill('monitor:latency');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/entity=monitor%3Alatency/);
    await page.locator('[data-testid="audit-table"] tbody tr[data-entity="monitor:latency"]').first().waitFor();
    await waitForSettled(page);
    const byEntity = await apiAudit('?entity=monitor:latency');
    expect(byEntity.entries.map((e) => e.action).sort()).toEqual(['monitor.create', 'monitor.update']);
    expect(await pageRows()).toEqual(rowsOf(byEntity));

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Actor').fill('ops-editor');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/actor=ops-editor/);
    await waitForSettled(page);
    const byActor = await apiAudit('?actor=ops-editor');
    expect(byActor.entries.length).toBe(2);
    await page.locator(`[data-testid="audit-table"] tbody tr[data-seq="${byActor.entries[0]!.seq}"]`).waitFor();
    expect(await pageRows()).toEqual(rowsOf(byActor));
    expect(errors).toEqual([]);
  });

  it('checks an entry’s inclusion proof against the signed root in the browser', async () => {
    await page.goto(`${server.url}/audit`);
    await page.getByTestId('audit-table').waitFor();
    const api = await apiAudit();
    for (const e of [api.entries[0]!, api.entries.at(-1)!, api.entries[2]!]) {
      const row = page.locator(`tr[data-seq="${e.seq}"]`);
      await row.getByRole('button', { name: `Check the inclusion proof of entry ${e.seq}` }).click();
      await row.locator('[data-testid="inclusion"][data-state="verified"]').waitFor();
      expect(await row.getByTestId('inclusion').textContent()).toContain(`signed tree of ${api.treeHead.size}`);
    }
    expect(errors).toEqual([]);
  });

  it('finds an entry edited in the store: it no longer hashes to its leaf', async () => {
    const api = await apiAudit('?entity=monitor:latency');
    const target = api.entries.find((e) => e.action === 'monitor.update')!;
    const row = await server.store.db.selectFrom('audit_log').select(['entry']).where('seq', '=', target.seq).executeTakeFirstOrThrow();
    const edited = row.entry.replace('"ops-editor"', '"someone-else"');
    expect(edited).not.toBe(row.entry);
    await server.store.db.updateTable('audit_log').set({ entry: edited }).where('seq', '=', target.seq).execute();
    await page.goto(`${server.url}/audit?entity=monitor:latency`);
    const tr = page.locator(`tr[data-seq="${target.seq}"]`);
    await tr.waitFor();
    await tr.getByRole('button', { name: `Check the inclusion proof of entry ${target.seq}` }).click();
    await tr.locator('[data-testid="inclusion"][data-state="failed"]').waitFor();
    expect(await tr.getByTestId('inclusion').textContent()).toContain('does not hash to its leaf');
  });
});
