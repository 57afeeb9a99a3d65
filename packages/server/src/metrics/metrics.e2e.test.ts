// `/metrics` over real HTTP: per-model gauges keep their last value (with the time of the data
// they describe) while traffic pauses, predictions and their latency are counted per model
// version, open alerts are gauges, and a server can require a key to scrape.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@vigil/stats';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 27, 9);
let now = T0;
let s: TestServer;
const rng = createRng(31);

const scrape = async (): Promise<string> => {
  const r = await fetch(`${s.url}/metrics`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.text();
};
/** The value of one sample, by its name and exact label set as prom-client writes it. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const events = (n: number, version: string, from: number, latencyMs: number, shift = 0) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${version}-${from}-${i}`,
    timestamp: from + Math.floor((i * 10 * MINUTE) / n),
    version,
    features: { x: rng.next() + shift },
    prediction: 0.4,
    latencyMs,
  }));

beforeAll(async () => {
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { x: 'numeric' } });
  expect((await s.request('POST', '/v1/models/credit/reference', { rows: Array.from({ length: 1000 }, () => ({ x: rng.next() })) })).status).toBe(201);
});
afterAll(async () => {
  await s.close();
});

describe('/metrics', () => {
  it('counts predictions per model version and observes their latency, not counting a retried batch twice', async () => {
    const batch = events(200, 'v1', now - 10 * MINUTE, 30, 2);
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: batch })).status).toBe(200);
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: batch })).body).toMatchObject({ accepted: 0, duplicates: 200 });
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: events(50, 'v2', now - 10 * MINUTE, 300, 2) })).status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'vigil_predictions_total{project="default",model="credit",version="v1"}')).toBe(200);
    expect(sample(text, 'vigil_predictions_total{project="default",model="credit",version="v2"}')).toBe(50);
    expect(sample(text, 'vigil_prediction_latency_seconds_count{project="default",model="credit",version="v1"}')).toBe(200);
    expect(sample(text, 'vigil_prediction_latency_seconds_bucket{le="0.025",project="default",model="credit",version="v1"}')).toBe(0);
    expect(sample(text, 'vigil_prediction_latency_seconds_bucket{le="0.05",project="default",model="credit",version="v1"}')).toBe(200);
    expect(sample(text, 'vigil_prediction_latency_seconds_sum{project="default",model="credit",version="v2"}')).toBeCloseTo(15, 9);
  });

  it('keeps the per-model gauges at their last value while traffic pauses, beside the time of that data', async () => {
    await s.profiler.catchUp(now);
    await s.services.exporter.refreshGauges(now);
    const live = await scrape();
    const drift = sample(live, 'vigil_feature_drift_score{project="default",model="credit",version="v1",feature="x",method="wasserstein"}');
    expect(drift).toBeGreaterThan(0.1);
    expect(sample(live, 'vigil_feature_drifted{project="default",model="credit",version="v1",feature="x"}')).toBe(1);
    // The newest events fell in the bucket [now − 1 min, now): the data ends now.
    expect(sample(live, 'vigil_model_last_data_timestamp_seconds{project="default",model="credit",version="v1"}')).toBe(now / 1000);

    const dataEnd = now;
    now += 3 * HOUR; // no traffic for three hours
    await s.services.exporter.refreshGauges(now);
    const paused = await scrape();
    expect(sample(paused, 'vigil_feature_drift_score{project="default",model="credit",version="v1",feature="x",method="wasserstein"}')).toBe(drift);
    expect(sample(paused, 'vigil_feature_drifted{project="default",model="credit",version="v2",feature="x"}')).toBe(1);
    expect(sample(paused, 'vigil_model_last_data_timestamp_seconds{project="default",model="credit",version="v1"}')).toBe(dataEnd / 1000);

    // Traffic again, like the reference: the gauges follow the new hour.
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: events(400, 'v1', now - 10 * MINUTE, 30) })).status).toBe(200);
    await s.profiler.catchUp(now);
    await s.services.exporter.refreshGauges(now);
    const back = await scrape();
    expect(sample(back, 'vigil_feature_drifted{project="default",model="credit",version="v1",feature="x"}')).toBe(0);
    expect(sample(back, 'vigil_model_last_data_timestamp_seconds{project="default",model="credit",version="v1"}')).toBe(now / 1000);
    expect(sample(back, 'vigil_model_last_data_timestamp_seconds{project="default",model="credit",version="v2"}')).toBe(dataEnd / 1000);
  });

  it('gauges open alerts by state, severity and model, with zeros for the models that have monitors', async () => {
    const monitor = { model: 'credit', type: 'latency', percentile: 50, window: '10m', interval: '1m' };
    expect((await s.request('POST', '/v1/monitors', { ...monitor, name: 'slow', maxMs: 10, severity: 'critical' })).status).toBe(201);
    expect((await s.request('POST', '/v1/monitors', { ...monitor, name: 'slow-soon', maxMs: 10, for: '5m' })).status).toBe(201);
    await s.services.alerting.tick(now);
    const text = await scrape();
    expect(sample(text, 'vigil_alerts{state="firing",severity="critical",project="default",model="credit"}')).toBe(1);
    expect(sample(text, 'vigil_alerts{state="pending",severity="warning",project="default",model="credit"}')).toBe(1);
    expect(sample(text, 'vigil_alerts{state="firing",severity="warning",project="default",model="credit"}')).toBe(0);
    expect(sample(text, 'vigil_alerts{state="pending",severity="info",project="default",model="credit"}')).toBe(0);
  });

  it('labels every per-model series with its project, so two projects with a model of the same name stay apart', async () => {
    const created = await s.request('POST', '/v1/projects', { name: 'tenant' });
    expect(created.status).toBe(201);
    const key = created.body.adminKey.key as string;
    expect((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { x: 'numeric' } }, key)).status).toBe(201);
    const reference = { rows: Array.from({ length: 1000 }, () => ({ x: rng.next() })) };
    expect((await s.request('POST', '/v1/models/credit/reference', reference, key)).status).toBe(201);
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: events(30, 'v1', now - 10 * MINUTE, 5) }, key)).status).toBe(200);
    expect((await s.request('POST', '/v1/models/credit/labels', { labels: [{ id: `v1-${now - 10 * MINUTE}-0`, label: 1 }] }, key)).status).toBe(200);
    const monitor = { name: 'slow', model: 'credit', type: 'latency', percentile: 50, window: '10m', interval: '1m', maxMs: 10, severity: 'critical' };
    expect((await s.request('POST', '/v1/monitors', monitor, key)).status).toBe(201);
    await s.profiler.catchUp(now);
    await s.services.exporter.refreshGauges(now);
    await s.services.alerting.tick(now);
    const text = await scrape();
    expect(sample(text, 'vigil_predictions_total{project="tenant",model="credit",version="v1"}')).toBe(30);
    expect(sample(text, 'vigil_predictions_total{project="default",model="credit",version="v1"}')).toBeGreaterThanOrEqual(200);
    expect(sample(text, 'vigil_prediction_latency_seconds_sum{project="tenant",model="credit",version="v1"}')).toBeCloseTo(0.15, 9);
    expect(sample(text, 'vigil_ingest_events_total{project="tenant",model="credit",kind="label"}')).toBe(1);
    expect(sample(text, 'vigil_model_last_data_timestamp_seconds{project="tenant",model="credit",version="v1"}')).toBe(now / 1000);
    // Each project's model is compared with its own reference.
    const tenantDrift = sample(text, 'vigil_feature_drift_score{project="tenant",model="credit",version="v1",feature="x",method="wasserstein"}');
    const defaultDrift = sample(text, 'vigil_feature_drift_score{project="default",model="credit",version="v1",feature="x",method="wasserstein"}');
    expect(tenantDrift).toBeGreaterThanOrEqual(0);
    expect(defaultDrift).toBeGreaterThanOrEqual(0);
    expect(tenantDrift).not.toBe(defaultDrift);
    expect(sample(text, 'vigil_model_label_coverage{project="tenant",model="credit",version="v1"}')).toBeCloseTo(1 / 30, 9);
    // Its latency (5 ms) is under the bound: nothing fires there, while the default project's alert still does.
    expect(sample(text, 'vigil_alerts{state="firing",severity="critical",project="tenant",model="credit"}')).toBe(0);
    expect(sample(text, 'vigil_alerts{state="firing",severity="critical",project="default",model="credit"}')).toBe(1);
    expect(text).not.toMatch(/\{model="credit"/);
  });

  it('is open by default and documented so', async () => {
    const doc = (await (await fetch(`${s.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, { security: unknown[] }>> };
    expect(doc.paths['/metrics']!['get']!.security).toEqual([]);
  });
});

describe('/metrics with metricsRequireKey', () => {
  let locked: TestServer;
  beforeAll(async () => {
    locked = await createTestServer({ metricsRequireKey: true });
  });
  afterAll(async () => {
    await locked.close();
  });

  it('answers only a key with the read scope, and says so in the API description', async () => {
    expect((await fetch(`${locked.url}/metrics`)).status).toBe(401);
    const writer = (await locked.request('POST', '/v1/keys', { name: 'sdk', scopes: ['ingest'] })).body.key as string;
    const reader = (await locked.request('POST', '/v1/keys', { name: 'prometheus', scopes: ['read'] })).body.key as string;
    const denied = await locked.request('GET', '/metrics', undefined, writer);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/needs "read"/);
    const ok = await fetch(`${locked.url}/metrics`, { headers: { authorization: `Bearer ${reader}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/vigil_ingest_events_total/);
    expect((await fetch(`${locked.url}/healthz`)).status).toBe(200);
    const doc = (await (await fetch(`${locked.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security: unknown[]; description: string }>>;
    };
    expect(doc.paths['/metrics']!['get']!.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/metrics']!['get']!.description).toMatch(/`read` scope/);
  });
});
