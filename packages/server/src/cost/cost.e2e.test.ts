// Cost over a real socket, on SQLite and PostgreSQL: a versioned price book (a change prices later
// events only), events priced explicitly, by tokens (input × price + output × price) and per
// prediction, the cost and token series, and a day of synthetic traffic on priced hosts whose
// attributed costs plus idle equal the price book's bill to the nano-dollar.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costResponseSchema, pricingResponseSchema, seriesResponseSchema } from '@vigil/wire';
import { createTestServerOn, profileAll } from '../testing.js';
import type { TestServer, TestStoreKind } from '../testing.js';

const DAY = Date.UTC(2026, 10, 26);
const H = 3_600_000;
const MIN = 60_000;

/** Nano-dollars of `usd`, from its decimal form (the test's own arithmetic, in BigInt). */
const nanos = (usd: string): bigint => {
  const [w, f = ''] = usd.split('.');
  return BigInt(w!) * 1_000_000_000n + BigInt(f.padEnd(9, '0'));
};

describe.each(['sqlite', 'postgres'] as TestStoreKind[])('cost on %s', (kind) => {
  let s: TestServer;
  let now = DAY + 30 * H;

  beforeAll(async () => {
    s = await createTestServerOn(kind, { bucket: '5m' }, { clock: () => now });
    for (const name of ['llm', 'credit']) expect((await s.request('POST', '/v1/models', { name, type: 'regression' })).status).toBe(201);
  });
  afterAll(async () => {
    await s.close();
  });

  const pricing = {
    hosts: [{ match: { host: 'gpu-.*' }, usdPerHour: 1.2345 }],
    gpus: [{ match: { name: 'NVIDIA H100.*' }, usdPerHour: 2.4937 }],
    predictions: [{ model: 'credit', usdPer1k: 0.4 }],
    tokens: [
      { match: 'gpt-4o-mini', inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6, cachedInputUsdPerMillion: 0.075 },
      { match: 'gpt-4o', inputUsdPerMillion: 2.5, outputUsdPerMillion: 10 },
    ],
  };

  it('stores the price book as versions, refusing a bad pattern by its field', async () => {
    now = DAY;
    const r = await s.request('PUT', '/v1/pricing', pricing);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(pricingResponseSchema.parse(r.body)).toMatchObject({ version: 1, effectiveFrom: new Date(DAY).toISOString() });
    const bad = await s.request('PUT', '/v1/pricing', { tokens: [{ match: '(gpt', inputUsdPerMillion: 1, outputUsdPerMillion: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('tokens[0].match');
    const negative = await s.request('PUT', '/v1/pricing', { hosts: [{ match: {}, usdPerHour: -1 }] });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].path).toBe('hosts[0].usdPerHour');
    expect((await s.request('GET', '/v1/pricing')).body.history).toHaveLength(1);
  });

  it('prices events by their explicit cost, their tokens, or per prediction', async () => {
    now = DAY + H;
    const t = DAY + 10 * MIN;
    const llm = await s.request('POST', '/v1/models/llm/predictions', {
      events: [
        { id: 'a', timestamp: t, features: { x: 1 }, prediction: 1, usage: { model: 'gpt-4o', inputTokens: 1234, outputTokens: 567 } },
        {
          id: 'b',
          timestamp: t,
          features: { x: 2 },
          prediction: 1,
          usage: { model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400 },
        },
        { id: 'c', timestamp: t, features: { x: 3 }, prediction: 1, costUsd: 0.0125, usage: { model: 'gpt-4o', inputTokens: 99, outputTokens: 99 } },
        { id: 'd', timestamp: t, features: { x: 4 }, prediction: 1, usage: { model: 'unknown-llm', inputTokens: 5, outputTokens: 5 } },
      ],
    });
    expect(llm.status, JSON.stringify(llm.body)).toBe(200);
    const credit = await s.request('POST', '/v1/models/credit/predictions', {
      events: Array.from({ length: 3 }, (_, i) => ({ id: `k${i}`, timestamp: t, features: { x: i }, prediction: 0.5 })),
    });
    expect(credit.status).toBe(200);
    const bad = await s.request('POST', '/v1/models/llm/predictions', {
      events: [{ id: 'z', features: {}, prediction: 1, usage: { model: 'gpt-4o', inputTokens: 5, outputTokens: 1, cachedInputTokens: 9 } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('events[0].usage.cachedInputTokens');
    await profileAll(s, now);
    // Token cost: input × price + output × price (per million), in nano-dollars.
    const a = (1234n * nanos('2.5') + 567n * nanos('10')) / 1_000_000n;
    const b = (600n * nanos('0.15') + 400n * nanos('0.075') + 100n * nanos('0.6')) / 1_000_000n;
    const c = nanos('0.0125');
    expect((await s.request('GET', '/v1/models/llm/predictions/a')).body.costUsd).toBe(Number(a) / 1e9);
    expect((await s.request('GET', '/v1/models/llm/predictions/c')).body.costUsd).toBe(0.0125);
    expect((await s.request('GET', '/v1/models/llm/predictions/d')).body.costUsd).toBeNull();
    const q = (model: string, metric: string) => s.request('GET', `/v1/models/${model}/series?metric=${metric}&from=${DAY}&to=${DAY + H}&step=1h`);
    const cost = seriesResponseSchema.parse((await q('llm', 'cost_usd')).body);
    expect(cost.points).toEqual([{ t: new Date(DAY).toISOString(), value: Number(a + b + c) / 1e9 }]);
    expect((await q('llm', 'tokens_input')).body.points[0].value).toBe(1234 + 1000 + 99 + 5);
    expect((await q('llm', 'tokens_output')).body.points[0].value).toBe(567 + 100 + 99 + 5);
    expect((await q('llm', 'cost_per_prediction')).body.points[0].value).toBeCloseTo(Number(a + b + c) / 1e9 / 4, 15);
    // Per prediction: $0.40 per 1 000 → 400 000 nano-dollars each.
    expect((await q('credit', 'cost_usd')).body.points[0].value).toBe(0.0012);
    expect((await q('credit', 'cost_per_1k_predictions')).body.points[0].value).toBeCloseTo(0.4, 12);
  });

  it('prices later events at a changed price and never reprices the past', async () => {
    now = DAY + 2 * H;
    const changed = await s.request('PUT', '/v1/pricing', { ...pricing, tokens: [{ match: 'gpt-4o', inputUsdPerMillion: 5, outputUsdPerMillion: 20 }] });
    expect(changed.body.version).toBe(2);
    // One event after the change, and a late one whose own time is before it.
    const r = await s.request('POST', '/v1/models/llm/predictions', {
      events: [
        { id: 'after', timestamp: DAY + 2 * H + MIN, features: { x: 1 }, prediction: 1, usage: { model: 'gpt-4o', inputTokens: 1_000_000, outputTokens: 0 } },
        { id: 'late', timestamp: DAY + 20 * MIN, features: { x: 1 }, prediction: 1, usage: { model: 'gpt-4o', inputTokens: 1_000_000, outputTokens: 0 } },
      ],
    });
    expect(r.status).toBe(200);
    expect((await s.request('GET', '/v1/models/llm/predictions/after')).body.costUsd).toBe(5);
    expect((await s.request('GET', '/v1/models/llm/predictions/late')).body.costUsd).toBe(2.5);
    expect((await s.request('GET', `/v1/pricing?at=${DAY + H}`)).body.version).toBe(1);
    expect((await s.request('GET', '/v1/pricing')).body.version).toBe(2);
  });

  it('allocates a day of priced hosts to the models they serve, attributed plus idle equal to the bill to the nano-dollar', async () => {
    // Two GPU hosts report every 5 minutes for a whole day; gpu-b serves nothing (all idle).
    now = DAY + 25 * H;
    const body = (util: (i: number) => number, models: string[]) => ({
      samples: Array.from({ length: 288 }, (_, i) => ({
        timestamp: DAY + i * 5 * MIN + 7_000,
        points: [
          { metric: 'cpu_utilization', value: 10 + (i % 50) },
          { metric: 'cpu_count', value: 16 },
          { metric: 'gpu_utilization', value: util(i), labels: { gpu: '0' } },
          { metric: 'gpu_utilization', value: (util(i) * 7) % 100, labels: { gpu: '1' } },
        ],
      })),
      gpus: [
        { index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-0' },
        { index: 1, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-1' },
      ],
      models,
    });
    expect(
      (
        await s.request(
          'POST',
          '/v1/hosts/gpu-a/samples',
          body((i) => (i * 13) % 101, ['llm', 'credit']),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await s.request(
          'POST',
          '/v1/hosts/gpu-b/samples',
          body(() => 50, []),
        )
      ).status,
    ).toBe(200);
    // Traffic through the day for both models (their share of gpu-a).
    const events = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, timestamp: DAY + 3 * H + i * 61_000, features: { x: i }, prediction: 1 }));
    expect((await s.request('POST', '/v1/models/llm/predictions', { events: events('day-l', 900) })).status).toBe(200);
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: events('day-c', 300) })).status).toBe(200);
    await profileAll(s, now);
    const r = await s.request('GET', `/v1/cost?from=${DAY}&to=${DAY + 24 * H}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const bill = costResponseSchema.parse(r.body);
    // The price book's bill: (host + 2 GPUs) × 24 h for each of the two hosts.
    const expected = 2n * (nanos('1.2345') + 2n * nanos('2.4937')) * 24n;
    expect(BigInt(bill.infrastructureNanos)).toBe(expected);
    const attributed = bill.models.reduce((n, m) => n + BigInt(m.infrastructureNanos), 0n);
    expect(attributed + BigInt(bill.idleNanos)).toBe(expected);
    expect(bill.hosts.map((h) => [h.host, BigInt(h.billNanos)])).toEqual([
      ['gpu-a', expected / 2n],
      ['gpu-b', expected / 2n],
    ]);
    expect(BigInt(bill.hosts[1]!.idleNanos)).toBe(expected / 2n);
    for (const h of bill.hosts) expect(BigInt(h.allocatedNanos) + BigInt(h.idleNanos)).toBe(BigInt(h.billNanos));
    const llm = bill.models.find((m) => m.model === 'llm')!;
    const credit = bill.models.find((m) => m.model === 'credit')!;
    expect(BigInt(llm.infrastructureNanos)).toBeGreaterThan(BigInt(credit.infrastructureNanos));
    expect(BigInt(credit.infrastructureNanos)).toBeGreaterThan(0n);
    // The whole: events plus infrastructure.
    const eventCosts = bill.models.reduce((n, m) => n + BigInt(m.eventsNanos), 0n);
    expect(BigInt(bill.totalNanos)).toBe(eventCosts + expected);
    for (const m of bill.models) expect(BigInt(m.totalNanos)).toBe(BigInt(m.eventsNanos) + BigInt(m.infrastructureNanos));
    // The model series carries its share of the hosts too.
    const series = seriesResponseSchema.parse((await s.request('GET', `/v1/models/llm/series?metric=cost_usd&from=${DAY}&to=${DAY + 24 * H}&step=1d`)).body);
    expect(series.points).toHaveLength(1);
    expect(series.points[0]!.value).toBeCloseTo(llm.totalUsd, 9);
  });
});
