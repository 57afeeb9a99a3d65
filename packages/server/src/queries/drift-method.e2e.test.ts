// A drift method forced with `?method=` (or a drift monitor's `method`) runs on the features whose
// type it fits and leaves the others on Evidently's defaults, as Evidently's per-type methods do;
// no method, threshold or window makes the drift answer a 5xx.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftPreset } from '@vigil/core';
import type { Table } from '@vigil/core';
import { createRng } from '@vigil/stats';
import { driftResponseSchema, monitorSchema } from '@vigil/wire';
import type { DriftResponse } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);
const CITIES = ['Lyon', 'Paris', 'Nice'];
const now = T0 + 2 * HOUR;
const rng = createRng(11);

let s: TestServer;

interface Row {
  x: number;
  city: string;
  note: number | null;
}

function rows(n: number, shift: number, withNote: boolean): Row[] {
  return Array.from({ length: n }, () => ({
    x: rng.next() + shift,
    city: CITIES[Math.floor(rng.next() * (shift > 0 ? 2 : 3))]!,
    note: withNote ? rng.next() : null,
  }));
}

const reference = rows(2000, 0, true);
const current = rows(600, 0.3, false); // `note` is never sent in the window

function table(data: Row[]): Table {
  return {
    rowCount: data.length,
    columns: [
      { name: 'x', values: Float64Array.from(data, (r) => r.x) },
      { name: 'city', values: data.map((r) => r.city) },
    ],
  };
}

async function drift(query: string): Promise<DriftResponse> {
  const r = await s.request('GET', `/v1/models/m/drift?from=${T0}&to=${now}&${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return driftResponseSchema.parse(r.body);
}

const byName = (d: DriftResponse) => Object.fromEntries(d.features.map((f) => [f.name, f]));

beforeAll(async () => {
  s = await createTestServer({ bucket: '1h' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric', city: 'categorical', note: 'numeric' } });
  expect((await s.request('POST', '/v1/models/m/reference', { rows: reference })).status).toBe(201);
  const events = current.map((r, i) => ({ id: `e${i}`, timestamp: T0 + i * 1000, features: { x: r.x, city: r.city }, prediction: 0.5 }));
  expect((await s.request('POST', '/v1/models/m/predictions', { events })).status).toBe(200);
  await s.profiler.catchUp(now);
});
afterAll(async () => s.close());

describe('GET /drift with a forced method', () => {
  it('runs ks on the numeric feature and keeps the categorical one on its default, saying which ran', async () => {
    const d = byName(await drift('method=ks'));
    const expected = driftPreset(table(reference), table(current), {
      columns: ['x', 'city'],
      columnTypes: { x: 'numerical', city: 'categorical' },
      numMethod: 'ks',
    });
    expect(d['x']!.method).toBe('ks');
    expect(d['x']!.score).toBeCloseTo(expected.columns.find((c) => c.name === 'x')!.score, 12);
    // 2000 reference rows: Evidently's default for a categorical column is Jensen–Shannon.
    expect(d['city']!.method).toBe('jensenshannon');
    expect(d['city']!.score).toBeCloseTo(expected.columns.find((c) => c.name === 'city')!.score, 12);
  });

  it('runs a categorical method on the categorical feature only, and one for both kinds on both', async () => {
    const cat = byName(await drift('method=chisquare'));
    expect(cat['city']!.method).toBe('chisquare');
    expect(cat['x']!.method).toBe('wasserstein');
    const both = byName(await drift('method=psi'));
    expect([both['x']!.method, both['city']!.method]).toEqual(['psi', 'psi']);
  });

  it('applies a threshold given with a method to the features that method runs on', async () => {
    const d = byName(await drift('method=ks&threshold=0.01'));
    expect(d['x']!.threshold).toBe(0.01);
    expect(d['city']!.threshold).toBe(0.1);
  });

  it('leaves out a feature with no value in the window instead of failing', async () => {
    const d = await drift('');
    expect(d.features.map((f) => f.name).sort()).toEqual(['city', 'x']);
  });

  it('answers 400 naming query.method for a method the server cannot run, and for data the method refuses', async () => {
    const text = await s.request('GET', `/v1/models/m/drift?from=${T0}&to=${now}&method=abs_text_content_drift`);
    expect(text.status).toBe(400);
    expect(text.body.error.details[0].path).toBe('query.method');
    // Fisher's exact test takes at most two categories; the reference has three.
    const fisher = await s.request('GET', `/v1/models/m/drift?from=${T0}&to=${now}&method=fisher_exact`);
    expect(fisher.status).toBe(400);
    expect(fisher.body.error.code).toBe('DRIFT_METHOD_FAILED');
    expect(fisher.body.error.details[0].path).toBe('query.method');
    expect(fisher.body.error.message).toContain('city');
  });

  it('never answers a 5xx, whatever the method', async () => {
    const methods = ['ks', 'chisquare', 'z', 'jensenshannon', 'wasserstein', 'kl_div', 'psi', 'hellinger', 'ed', 'mannw', 'anderson'];
    for (const m of [...methods, 'cramer_von_mises', 'fisher_exact', 'g_test', 'es', 't_test', 'TVD', 'empirical_mmd', 'nope']) {
      const r = await s.request('GET', `/v1/models/m/drift?from=${T0}&to=${now}&method=${m}`);
      expect(r.status, `${m}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
    }
  });
});

describe('a drift monitor with a method', () => {
  it('evaluates a model with a categorical feature, each feature labelled with the method that ran', async () => {
    const created = await s.request('POST', '/v1/monitors', { name: 'ks-drift', model: 'm', type: 'drift', method: 'ks', window: '3h', minSamples: 10 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await s.services.alerting.tick(now);
    const m = monitorSchema.parse((await s.request('GET', '/v1/monitors/ks-drift')).body);
    expect(m.health, JSON.stringify(m)).not.toBe('error');
    const alerts = ((await s.request('GET', '/v1/alerts')).body.alerts as { labels: Record<string, string> }[]).filter(
      (x) => x.labels['monitor'] === 'ks-drift',
    );
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.labels['method']).toBe(a.labels['feature'] === 'x' ? 'ks' : 'jensenshannon');
  });
});
