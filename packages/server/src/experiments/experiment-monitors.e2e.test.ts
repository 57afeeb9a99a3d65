// Experiment monitors over real sockets with a controlled clock: a guardrail breach (a treatment
// whose latency is 20 % worse) fires an `experiment_guardrail` alert that reaches a local webhook
// receiver through the notification machinery; an SRM monitor on a balanced split stays quiet, and
// one on a skewed split fires.

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketRanges, chooseVariation, createRng, gbHash } from '@vigil/stats';
import { monitorSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 27, 12);
let now = T0 + 2 * HOUR;
let s: TestServer;
let receiver: Server;
let receiverUrl: string;
const received: unknown[] = [];

interface WebhookBody {
  status: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

const experiment = (name: string) => ({
  name,
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
  metrics: [
    { name: 'converted', kind: 'proportion' },
    { name: 'latency', kind: 'mean', role: 'guardrail', inverse: true },
  ],
});

/** 2000 units exposed as GrowthBook assigns them; the treatment's latency shifted by `shift` ms; `keep` of the treatment's exposures logged. */
async function run(name: string, seed: number, shift: number, keep = 1) {
  const rng = createRng(seed);
  const ranges = bucketRanges(2, 1, [0.5, 0.5]);
  const exposures: unknown[] = [];
  const outcomes: unknown[] = [];
  for (let i = 0; i < 2000; i++) {
    const unit = `${name}-u${i}`;
    const v = chooseVariation(gbHash(name, unit, 2)!, ranges);
    if (v === 1 && rng.next() > keep) continue;
    const ts = T0 + Math.floor(rng.next() * HOUR);
    exposures.push({ unit, variant: v === 0 ? 'control' : 'treatment', timestamp: ts });
    outcomes.push({ unit, metric: 'latency', value: 100 + (v === 1 ? shift : 0) + rng.next() * 40, timestamp: ts + 10 });
  }
  for (const [path, events] of [
    ['exposures', exposures],
    ['outcomes', outcomes],
  ] as const) {
    const r = await s.request('POST', `/v1/experiments/${name}/${path}`, { events });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  s = await createTestServer({}, { clock: () => now });
  expect((await s.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url: receiverUrl })).status).toBe(201);
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => receiver.close(r));
});

describe('experiment monitors', () => {
  it('refuses a monitor of no experiment, or of a metric that is no guardrail, naming the field', async () => {
    expect((await s.request('POST', '/v1/experiments', experiment('guarded'))).status).toBe(201);
    const none = await s.request('POST', '/v1/monitors', { name: 'm1', type: 'experiment_srm', experiment: 'nope' });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toBe('experiment');
    const goal = await s.request('POST', '/v1/monitors', { name: 'm2', type: 'experiment_guardrail', experiment: 'guarded', metrics: ['converted'] });
    expect(goal.status).toBe(400);
    expect(goal.body.error.details[0].path).toBe('metrics[0]');
    const noModel = await s.request('POST', '/v1/monitors', { name: 'm3', type: 'experiment_srm', experiment: 'guarded', model: 'nope' });
    expect(noModel.status).toBe(400);
    expect(noModel.body.error.details[0].path).toBe('model');
    expect((await s.request('GET', '/v1/monitors')).body.monitors).toEqual([]);
  });

  it('fires a guardrail alert that reaches the webhook, and judges SRM', async () => {
    const g = await s.request('POST', '/v1/monitors', {
      name: 'guarded-guardrails',
      type: 'experiment_guardrail',
      experiment: 'guarded',
      channels: ['hook'],
      severity: 'critical',
    });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    expect(monitorSchema.parse(g.body)).toMatchObject({ type: 'experiment_guardrail', model: '' });
    expect((await s.request('POST', '/v1/monitors', { name: 'guarded-srm', type: 'experiment_srm', experiment: 'guarded', channels: ['hook'] })).status).toBe(
      201,
    );

    // Before any unit: no data, nothing sent.
    await s.services.alerting.tick(now);
    expect((await s.request('GET', '/v1/monitors/guarded-guardrails')).body.health).toBe('no_data');

    await run('guarded', 3, 20);
    now += MINUTE;
    await s.services.alerting.tick(now);
    now += MINUTE;
    await s.services.alerting.tick(now);

    const alerts = (await s.request('GET', '/v1/alerts?state=firing')).body.alerts as { monitor: string; labels: Record<string, string> }[];
    expect(alerts.map((a) => [a.monitor, a.labels['experiment'], a.labels['metric'], a.labels['variant']])).toEqual([
      ['guarded-guardrails', 'guarded', 'latency', 'treatment'],
    ]);
    const bodies = received as WebhookBody[];
    const firing = bodies.flatMap((b) => b.alerts).filter((a) => a.status === 'firing');
    expect(firing).toHaveLength(1);
    expect(firing[0]!.labels).toMatchObject({
      alertname: 'guarded-guardrails',
      experiment: 'guarded',
      metric: 'latency',
      variant: 'treatment',
      severity: 'critical',
    });
    expect(firing[0]!.annotations['summary']).toMatch(/^Guardrail latency is significantly worse in treatment/);
    const srm = await s.request('GET', '/v1/monitors/guarded-srm');
    expect(srm.body).toMatchObject({ health: 'ok', lastDetails: { units: expect.any(Number) } });
    expect(srm.body.lastDetails.pValue).toBeGreaterThan(0.001);
  });

  it('fires an SRM alert on a skewed split', async () => {
    expect((await s.request('POST', '/v1/experiments', experiment('skewed'))).status).toBe(201);
    expect((await s.request('POST', '/v1/monitors', { name: 'skewed-srm', type: 'experiment_srm', experiment: 'skewed', channels: ['hook'] })).status).toBe(
      201,
    );
    await run('skewed', 4, 0, 0.8);
    now += MINUTE;
    await s.services.alerting.tick(now);
    now += MINUTE;
    await s.services.alerting.tick(now);
    const firing = (received as WebhookBody[]).flatMap((b) => b.alerts).filter((a) => a.status === 'firing' && a.labels['alertname'] === 'skewed-srm');
    expect(firing).toHaveLength(1);
    expect(firing[0]!.labels['experiment']).toBe('skewed');
    expect(firing[0]!.annotations['summary']).toMatch(/^Sample ratio mismatch in experiment skewed/);
  });
});
