// Each monitor type judges only on enough data and says what it judged on; concept-drift
// detectors resume across restarts; inhibition mutes drift alerts while a volume alert fires.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@vigil/stats';
import { alertListSchema, monitorSchema } from '@vigil/wire';
import { generateKey } from '../keys/api-keys.js';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
let now = Date.UTC(2026, 10, 27, 9);
const clock = () => now;
const data = mkdtempSync(join(tmpdir(), 'vigil-monitors-'));
const adminKey = generateKey().token;
let s: TestServer;
const rng = createRng(5);
let seq = 0;

async function send(n: number, opts: { errorRate: number; latency?: number; from?: number }) {
  const from = opts.from ?? now - 10 * MINUTE;
  const events = [];
  const labels = [];
  for (let i = 0; i < n; i++) {
    const id = `p${seq++}`;
    const score = rng.next();
    const predicted = score >= 0.5 ? 1 : 0;
    const truth = rng.next() < opts.errorRate ? 1 - predicted : predicted;
    events.push({ id, timestamp: from + Math.floor((i * 10 * MINUTE) / n), features: { x: rng.next() }, prediction: score, latencyMs: opts.latency ?? 10 });
    labels.push({ id, label: truth });
  }
  expect((await s.request('POST', '/v1/models/clf/predictions', { events })).status).toBe(200);
  expect((await s.request('POST', '/v1/models/clf/labels', { labels })).status).toBe(200);
  await s.profiler.catchUp(now);
}

const monitor = async (name: string) => monitorSchema.parse((await s.request('GET', `/v1/monitors/${name}`)).body);
const firing = async () => alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts;

beforeAll(async () => {
  s = await createTestServer({ data, adminKey, bucket: '1m' }, { clock });
  await s.request('POST', '/v1/models', { name: 'clf', type: 'binary', features: { x: 'numeric' } });
});
afterAll(async () => {
  await s.close();
  rmSync(data, { recursive: true, force: true });
});

describe('monitor types', () => {
  it('performance waits for enough labels, then fires below the bound and reports its coverage', async () => {
    const r = await s.request('POST', '/v1/monitors', {
      name: 'acc',
      model: 'clf',
      type: 'performance',
      metric: 'accuracy',
      condition: { op: 'lt', value: 0.8 },
      window: '10m',
      interval: '1m',
      minLabels: 200,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await send(50, { errorRate: 0.5 });
    await s.services.alerting.tick(now);
    expect((await monitor('acc')).health).toBe('no_data');
    await send(400, { errorRate: 0.5 });
    now += MINUTE;
    await s.services.alerting.tick(now);
    const m = await monitor('acc');
    expect(m.health).toBe('ok');
    // The window moved a minute: it holds the 405 events of the last nine minutes, all labelled.
    expect(m.lastDetails).toMatchObject({ rows: 405, labelled: 405, labelCoverage: 1 });
    expect((await firing()).map((a) => a.labels['alertname'])).toContain('acc');
  });

  it('latency fires above its bound on the chosen percentile', async () => {
    await s.request('POST', '/v1/monitors', { name: 'slow', model: 'clf', type: 'latency', percentile: 99, maxMs: 100, window: '10m', interval: '1m' });
    await send(300, { errorRate: 0.1, latency: 250 });
    now += MINUTE;
    await s.services.alerting.tick(now);
    const slow = (await firing()).find((a) => a.labels['alertname'] === 'slow');
    expect(slow?.labels['percentile']).toBe('p99');
    expect(slow?.value).toBe(250);
  });

  it('concept drift: an online detector over the error stream fires when the error rate jumps, and resumes after a restart', async () => {
    const r = await s.request('POST', '/v1/monitors', {
      name: 'concept',
      model: 'clf',
      type: 'concept_drift',
      detector: 'ddm',
      window: '10m',
      interval: '1m',
      keepFiringFor: '30m',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await send(1500, { errorRate: 0.05 });
    now += MINUTE;
    await s.services.alerting.tick(now);
    expect((await firing()).some((a) => a.labels['alertname'] === 'concept')).toBe(false);
    const consumed = (await monitor('concept')).lastDetails!['labelsConsumed'] as number;
    expect(consumed).toBeGreaterThan(1500);

    // Restart: the detector's state and watermark come back from the store.
    await s.close();
    s = await createTestServer({ data, adminKey, bucket: '1m' }, { clock });
    await send(1500, { errorRate: 0.6 });
    now += MINUTE;
    await s.services.alerting.tick(now);
    expect((await monitor('concept')).lastDetails!['labelsConsumed']).toBe(1500);
    const concept = (await firing()).find((a) => a.labels['alertname'] === 'concept');
    expect(concept?.labels['detector']).toBe('ddm');
  });

  it('custom metrics and volume', async () => {
    await s.request('POST', '/v1/models/clf/metrics', { metrics: [{ name: 'gpu_temp', value: 91, timestamp: now - MINUTE }] });
    expect(
      (
        await s.request('POST', '/v1/monitors', {
          name: 'hot',
          model: 'clf',
          type: 'custom_metric',
          metric: 'gpu_temp',
          aggregation: 'max',
          condition: { op: 'gt', value: 85 },
          window: '10m',
          interval: '1m',
        })
      ).status,
    ).toBe(201);
    expect(
      (await s.request('POST', '/v1/monitors', { name: 'flood', model: 'clf', type: 'volume', max: 100, window: '10m', interval: '1m', severity: 'critical' }))
        .status,
    ).toBe(201);
    now += MINUTE;
    await s.services.alerting.tick(now);
    const names = (await firing()).map((a) => a.labels['alertname']);
    expect(names).toContain('hot');
    expect(names).toContain('flood');
  });

  it('inhibits warnings of a model while its critical volume alert fires', async () => {
    await s.request('PUT', '/v1/notification-policy', {
      route: {},
      inhibitRules: [{ sourceMatchers: ['alertname="flood"'], targetMatchers: ['severity="warning"'], equal: ['model'] }],
    });
    const alerts = await firing();
    expect(alerts.find((a) => a.labels['alertname'] === 'flood')!.inhibited).toBe(false);
    expect(alerts.filter((a) => a.labels['severity'] === 'warning').every((a) => a.inhibited)).toBe(true);
  });
});
