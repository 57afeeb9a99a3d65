// "No data" is the absence of data over a monitor's window, not a quiet minute: a concept-drift
// monitor on defaults stays quiet while labels pause for less than its window, and no-data goes
// through `for` like any other state (Grafana: Normal → Pending → NoData).

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@vigil/stats';
import { alertListSchema, monitorSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
let now = Date.UTC(2026, 10, 27, 9);
let s: TestServer;
let receiver: Server;
const received: { status: string; alerts: { labels: Record<string, string>; status: string }[] }[] = [];
const rng = createRng(17);
let seq = 0;

/** `n` predictions of the last ten minutes with their labels, about 10 % wrong. */
async function labelled(n: number) {
  const events = [];
  const labels = [];
  for (let i = 0; i < n; i++) {
    const id = `p${seq++}`;
    const score = rng.next();
    const predicted = score >= 0.5 ? 1 : 0;
    events.push({ id, timestamp: now - 10 * MINUTE + Math.floor((i * 10 * MINUTE) / n), features: { x: rng.next() }, prediction: score });
    labels.push({ id, label: rng.next() < 0.1 ? 1 - predicted : predicted });
  }
  expect((await s.request('POST', '/v1/models/clf/predictions', { events })).status).toBe(200);
  expect((await s.request('POST', '/v1/models/clf/labels', { labels })).status).toBe(200);
  await s.profiler.catchUp(now);
}

const tick = async (ms: number) => {
  now += ms;
  await s.services.alerting.tick(now);
};
const alertNames = async (state: string) =>
  alertListSchema.parse((await s.request('GET', `/v1/alerts?state=${state}`)).body).alerts.map((a) => `${a.labels['alertname']}/${a.labels['rulename'] ?? ''}`);
const health = async (name: string) => monitorSchema.parse((await s.request('GET', `/v1/monitors/${name}`)).body).health;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as { port: number }).port;
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'clf', type: 'binary', features: { x: 'numeric' } });
  expect((await s.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url: `http://127.0.0.1:${port}/hook` })).status).toBe(201);
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => receiver.close(r));
});

describe('concept drift when labels pause', () => {
  it('a pause shorter than the window is not "no data": no DatasourceNoData alert, no notification', async () => {
    // Defaults: window 1h, interval 1m, for 0s.
    const r = await s.request('POST', '/v1/monitors', { name: 'concept', model: 'clf', type: 'concept_drift', channels: ['hook'] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    for (let burst = 0; burst < 3; burst++) {
      await labelled(300);
      await tick(MINUTE);
      expect(await health('concept')).toBe('ok');
      // Labels pause for 20 minutes, evaluated every minute.
      for (let m = 0; m < 20; m++) await tick(MINUTE);
      expect(await health('concept')).toBe('ok');
      expect(await alertNames('firing')).toEqual([]);
    }
    const timeline = alertListSchema.parse((await s.request('GET', '/v1/alerts')).body).alerts;
    expect(timeline).toEqual([]);
    expect(received).toEqual([]);
    const details = monitorSchema.parse((await s.request('GET', '/v1/monitors/concept')).body).lastDetails!;
    expect(details).toMatchObject({ labelsConsumed: 0 });
    expect(Date.parse(details['lastLabelsAt'] as string)).toBe(now - 20 * MINUTE);
  });

  it('labels gone for the whole window are no data, raised once and resolved once when labels return', async () => {
    for (let m = 0; m < 40; m++) await tick(MINUTE); // 60 minutes since the last labels
    expect(await health('concept')).toBe('no_data');
    expect(await alertNames('firing')).toEqual(['DatasourceNoData/concept']);
    await tick(MINUTE); // group_wait
    expect(received.map((n) => n.status)).toEqual(['firing']);
    for (let m = 0; m < 10; m++) await tick(MINUTE);
    await labelled(300);
    await tick(MINUTE);
    expect(await health('concept')).toBe('ok');
    expect(await alertNames('firing')).toEqual([]);
    for (let m = 0; m < 6; m++) await tick(MINUTE); // group_interval
    expect(received.map((n) => n.status)).toEqual(['firing', 'resolved']);
  });

  it('no data goes through `for`: pending first, firing only once it has lasted `for`', async () => {
    const r = await s.request('POST', '/v1/monitors', { name: 'patient', model: 'clf', type: 'concept_drift', window: '10m', for: '15m' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await labelled(300);
    await tick(MINUTE);
    expect(await health('patient')).toBe('ok');
    for (let m = 0; m < 10; m++) await tick(MINUTE); // 10 minutes without labels: no data from now on
    expect(await health('patient')).toBe('no_data');
    expect(await alertNames('pending')).toEqual(['DatasourceNoData/patient']);
    for (let m = 0; m < 14; m++) await tick(MINUTE);
    expect(await alertNames('firing')).not.toContain('DatasourceNoData/patient');
    await tick(MINUTE);
    expect(await alertNames('firing')).toContain('DatasourceNoData/patient');
  });
});
