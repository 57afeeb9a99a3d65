// Experiments end to end over real sockets, on both stores: 3000 units assigned through the API
// (equal to GrowthBook's hashing computed here), exposures and outcomes sent in batches (some
// outcomes before their unit's exposure, some for units never exposed, some conflicting exposures),
// and results equal to @vigil/stats' tests run on arms computed here from the raw generated data.
// An unbalanced split is flagged by SRM; bad batches are refused whole, naming the field.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bayesianTest, bucketRanges, chooseVariation, createRng, experimentTest, gbHash, holm, srmTest } from '@vigil/stats';
import type { MeanArm, ProportionArm } from '@vigil/stats';
import { assignmentSchema, experimentListSchema, experimentResultsSchema, experimentSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer, TestStoreKind } from '../testing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 27);
const NOW = T0 + 3 * 24 * HOUR;
const UNITS = 3000;

interface Outcome {
  unit: string;
  metric: string;
  value: number;
  timestamp: number;
}

function near(actual: number, expected: number, tol = 1e-9): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

/** The traffic of one experiment: exposures (with a few conflicting repeats) and outcomes, from a seeded generator. */
function traffic(seed: number, assigned: Map<string, number>, names: readonly string[], opts: { lift: number; latencyShift: number; keepTreatment?: number }) {
  const r = createRng(seed);
  const rng = () => r.next();
  const exposures: { unit: string; variant: string; timestamp: number }[] = [];
  const outcomes: Outcome[] = [];
  const firstExposure = new Map<string, { variant: number; ts: number }>();
  for (const [unit, v] of assigned) {
    if (v < 0) continue;
    if (v === 1 && opts.keepTreatment !== undefined && rng() > opts.keepTreatment) continue;
    const ts = T0 + Math.floor(rng() * 48 * HOUR);
    exposures.push({ unit, variant: names[v]!, timestamp: ts });
    firstExposure.set(unit, { variant: v, ts });
    if (rng() < 0.03) exposures.push({ unit, variant: names[1 - v]!, timestamp: ts + HOUR });
    const converts = rng() < (v === 1 ? 0.1 * (1 + opts.lift) : 0.1);
    if (converts) {
      const at = ts + Math.floor(rng() * 20 * HOUR);
      outcomes.push({ unit, metric: 'converted', value: 1, timestamp: at });
      outcomes.push({ unit, metric: 'revenue', value: Math.round((20 + rng() * 60) * 100) / 100, timestamp: at });
      if (rng() < 0.3) outcomes.push({ unit, metric: 'revenue', value: Math.round(rng() * 3000) / 100, timestamp: at + HOUR });
    }
    outcomes.push({ unit, metric: 'latency', value: 100 + (v === 1 ? opts.latencyShift : 0) + Math.round(rng() * 4000) / 100, timestamp: ts + 1000 });
    // Before the exposure: does not count.
    if (rng() < 0.05) outcomes.push({ unit, metric: 'revenue', value: 500, timestamp: ts - 2 * HOUR });
  }
  // Never exposed: waits for an exposure that never comes.
  for (let i = 0; i < 50; i++) outcomes.push({ unit: `ghost-${i}`, metric: 'converted', value: 1, timestamp: T0 + HOUR });
  return { exposures, outcomes, firstExposure };
}

/** Arms per variant computed from the raw data: a unit's value is the sum of its outcomes at or after its first exposure. */
function armsOf(
  metric: string,
  kind: 'mean' | 'proportion',
  outcomes: readonly Outcome[],
  first: ReadonlyMap<string, { variant: number; ts: number }>,
  k: number,
): (MeanArm | ProportionArm)[] {
  const value = new Map<string, number>();
  for (const o of outcomes) {
    const f = first.get(o.unit);
    if (o.metric !== metric || f === undefined || o.timestamp < f.ts) continue;
    value.set(o.unit, (value.get(o.unit) ?? 0) + o.value);
  }
  const arms = Array.from({ length: k }, () => ({ n: 0, sum: 0, sumSquares: 0, positives: 0 }));
  for (const [unit, f] of first) {
    const y = value.get(unit) ?? 0;
    const a = arms[f.variant]!;
    a.n++;
    a.sum += y;
    a.sumSquares += y * y;
    a.positives += y > 0 ? 1 : 0;
  }
  return arms.map((a) => (kind === 'proportion' ? { n: a.n, sum: a.positives } : { n: a.n, sum: a.sum, sumSquares: a.sumSquares }));
}

async function send(s: TestServer, name: string, path: 'exposures' | 'outcomes', events: readonly unknown[], size: number) {
  for (let i = 0; i < events.length; i += size) {
    const r = await s.request('POST', `/v1/experiments/${name}/${path}`, { events: events.slice(i, i + size) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
}

async function assignAll(s: TestServer, name: string, units: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < units.length; i += 100) {
    const answers = await Promise.all(units.slice(i, i + 100).map((u) => s.request('GET', `/v1/experiments/${name}/assign?unit=${encodeURIComponent(u)}`)));
    answers.forEach((a, j) => {
      expect(a.status).toBe(200);
      out.set(units[i + j]!, assignmentSchema.parse(a.body).index);
    });
  }
  return out;
}

const definition = {
  name: 'checkout',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
  metrics: [
    { name: 'converted', kind: 'proportion', role: 'goal' },
    { name: 'revenue', kind: 'mean', role: 'goal' },
    { name: 'latency', kind: 'mean', role: 'guardrail', inverse: true },
  ],
};

describe.each(['sqlite', 'postgres'] as TestStoreKind[])('experiments end to end (%s)', (kind) => {
  let s: TestServer;
  const units = Array.from({ length: UNITS }, (_, i) => `user-${i}`);

  beforeAll(async () => {
    s = await createTestServerOn(kind, {}, { clock: () => NOW });
  });
  afterAll(async () => {
    await s.close();
  });

  it('assigns as GrowthBook hashes, and results equal the statistics computed on the same units', async () => {
    const created = await s.request('POST', '/v1/experiments', definition);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(experimentSchema.parse(created.body)).toMatchObject({ status: 'running', hashVersion: 2, engine: 'frequentist', units: 0 });

    const assigned = await assignAll(s, 'checkout', units);
    const ranges = bucketRanges(2, 1, [0.5, 0.5]);
    for (const [u, index] of assigned) expect(index).toBe(chooseVariation(gbHash('checkout', u, 2)!, ranges));
    const counts = [0, 0];
    for (const v of assigned.values()) counts[v]!++;
    expect(counts[0]! + counts[1]!).toBe(UNITS);

    const { exposures, outcomes, firstExposure } = traffic(kind === 'sqlite' ? 1 : 2, assigned, ['control', 'treatment'], { lift: 0.4, latencyShift: 0 });
    // A tenth of the outcomes arrive before any exposure, the rest after.
    const early = outcomes.filter((_, i) => i % 10 === 0);
    const late = outcomes.filter((_, i) => i % 10 !== 0);
    await send(s, 'checkout', 'outcomes', early, 700);
    await send(s, 'checkout', 'exposures', exposures, 1000);
    await send(s, 'checkout', 'outcomes', late, 1000);

    const res = await s.request('GET', '/v1/experiments/checkout/results');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = experimentResultsSchema.parse(res.body);
    const n = [0, 0];
    for (const f of firstExposure.values()) n[f.variant]!++;
    expect(r.units.variants.map((v) => v.n)).toEqual(n);
    expect(r.units.conflicts).toBe(exposures.length - firstExposure.size);

    const srm = srmTest(n, [0.5, 0.5]);
    near(r.srm.pValue, srm.pValue);
    expect(r.srm.mismatch).toBe(false);

    const pValues: number[] = [];
    for (const m of definition.metrics) {
      const arms = armsOf(m.name, m.kind as 'mean' | 'proportion', outcomes, firstExposure, 2);
      const expected = experimentTest(arms[0]!, arms[1]!, { difference: 'relative', alpha: 0.05 });
      const got = r.metrics.find((x) => x.name === m.name)!;
      expect(got.variants.map((v) => v.n)).toEqual(n);
      near(got.variants[0]!.mean!, arms[0]!.sum / arms[0]!.n);
      const c = got.comparisons[0]!;
      near(c.expected, expected.expected);
      near(c.se, expected.se);
      near(c.ci[0], expected.ci[0], 1e-7);
      near(c.ci[1], expected.ci[1], 1e-7);
      near(c.pValue!, expected.pValue, 1e-7);
      if (m.role === 'goal') pValues.push(expected.pValue);
    }
    const adjusted = holm(pValues).adjusted;
    near(r.metrics[0]!.comparisons[0]!.adjustedPValue!, adjusted[0]!, 1e-7);
    near(r.metrics[1]!.comparisons[0]!.adjustedPValue!, adjusted[1]!, 1e-7);
    // A 40 % lift in conversion on 3000 units is found; the latency guardrail holds.
    expect(r.metrics[0]!.comparisons[0]!.direction).toBe('better');
    expect(r.guardrails).toEqual([expect.objectContaining({ metric: 'latency', variant: 'treatment', status: 'ok' })]);
    expect(r.decision).toMatchObject({ action: 'ship', variant: 'treatment' });
    expect(r.power.metric).toBe('converted');
    expect(r.power.variants[0]!.n).toBe(n[0]! + n[1]!);
    expect(r.power.variants[0]!.power).toBeGreaterThan(0);
    // The cumulative series ends at the totals.
    const conv = r.cumulative.series.find((x) => x.metric === 'converted')!;
    const last = conv.points[conv.points.length - 1]!;
    expect(last.n).toBe(n[0]! + n[1]!);
    near(last.expected!, r.metrics[0]!.comparisons[0]!.expected);
    expect(conv.points.length).toBeGreaterThan(10);

    // The Bayesian engine on the same stored statistics.
    const put = await s.request('PUT', '/v1/experiments/checkout', { ...definition, engine: 'bayesian' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const b = experimentResultsSchema.parse((await s.request('GET', '/v1/experiments/checkout/results')).body);
    for (const m of definition.metrics) {
      const arms = armsOf(m.name, m.kind as 'mean' | 'proportion', outcomes, firstExposure, 2);
      const expected = bayesianTest(arms[0]!, arms[1]!, { difference: 'relative', alpha: 0.05, inverse: m.inverse === true });
      const c = b.metrics.find((x) => x.name === m.name)!.comparisons[0]!;
      near(c.expected, expected.expected);
      near(c.chanceToWin!, expected.chanceToWin, 1e-7);
      near(c.risk![0], expected.risk[0], 1e-7);
      near(c.risk![1], expected.risk[1], 1e-7);
      expect(c.pValue).toBeUndefined();
    }

    const list = experimentListSchema.parse((await s.request('GET', '/v1/experiments')).body);
    expect(list.experiments.map((e) => [e.name, e.units])).toEqual([['checkout', firstExposure.size]]);
  });

  it('flags an unbalanced split by SRM', async () => {
    expect((await s.request('POST', '/v1/experiments', { ...definition, name: 'skewed' })).status).toBe(201);
    const assigned = new Map(units.map((u) => [u, chooseVariation(gbHash('skewed', u, 2)!, bucketRanges(2, 1, [0.5, 0.5]))]));
    // A treatment that loses 15 % of its exposures (a crash before logging, say).
    const { exposures } = traffic(5, assigned, ['control', 'treatment'], { lift: 0, latencyShift: 0, keepTreatment: 0.85 });
    await send(s, 'skewed', 'exposures', exposures, 2000);
    const r = experimentResultsSchema.parse((await s.request('GET', '/v1/experiments/skewed/results')).body);
    const n = r.units.variants.map((v) => v.n);
    near(r.srm.pValue, srmTest(n, [0.5, 0.5]).pValue);
    expect(r.srm.pValue).toBeLessThan(0.001);
    expect(r.srm).toMatchObject({ mismatch: true, checked: true });
    expect(r.decision.action).toBe('inconclusive');
  });
});

describe('experiments: definitions, life and bad input', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServerOn('sqlite', {}, { clock: () => NOW });
    expect((await s.request('POST', '/v1/experiments', definition)).status).toBe(201);
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses bad definitions with a 400 naming the field, storing nothing', async () => {
    const cases: [unknown, string][] = [
      [
        {
          ...definition,
          name: 'w',
          variants: [
            { name: 'a', weight: 0.5 },
            { name: 'b', weight: 0.4 },
          ],
        },
        'variants',
      ],
      [{ ...definition, name: 'one', variants: [{ name: 'a', weight: 1 }] }, 'variants'],
      [
        {
          ...definition,
          name: 'dup',
          variants: [
            { name: 'a', weight: 0.5 },
            { name: 'a', weight: 0.5 },
          ],
        },
        'variants[1].name',
      ],
      [{ ...definition, name: 'dupm', metrics: [definition.metrics[0], definition.metrics[0]] }, 'metrics[1].name'],
      [{ ...definition, name: 'hv', hashVersion: 3 }, 'hashVersion'],
      [
        {
          ...definition,
          name: 'mdl',
          variants: [
            { name: 'a', weight: 0.5, model: 'nope' },
            { name: 'b', weight: 0.5 },
          ],
        },
        'variants[0].model',
      ],
    ];
    for (const [body, path] of cases) {
      const r = await s.request('POST', '/v1/experiments', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const list = experimentListSchema.parse((await s.request('GET', '/v1/experiments')).body);
    expect(list.experiments.map((e) => e.name)).toEqual(['checkout']);
    expect((await s.request('POST', '/v1/experiments', definition)).status).toBe(409);
    expect((await s.request('GET', '/v1/experiments/nope')).status).toBe(404);
  });

  it('refuses a batch with one bad event whole, naming it', async () => {
    const events = Array.from({ length: 5 }, (_, i) => ({ unit: `u${i}`, variant: 'control', timestamp: T0 }));
    const bad = events.map((e, i) => (i === 3 ? { ...e, variant: 'nope' } : e));
    const r = await s.request('POST', '/v1/experiments/checkout/exposures', { events: bad });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([expect.objectContaining({ path: 'events[3].variant', index: 3 })]);
    const shape = await s.request('POST', '/v1/experiments/checkout/exposures', { events: events.map((e, i) => (i === 2 ? { ...e, unit: '' } : e)) });
    expect(shape.status).toBe(400);
    expect(shape.body.error.details[0].path).toBe('events[2].unit');
    expect(experimentSchema.parse((await s.request('GET', '/v1/experiments/checkout')).body).units).toBe(0);

    const outcomes = Array.from({ length: 5 }, (_, i) => ({ unit: `u${i}`, metric: i === 3 ? 'clicks' : 'revenue', value: 1, timestamp: T0 }));
    const o = await s.request('POST', '/v1/experiments/checkout/outcomes', { events: outcomes });
    expect(o.status).toBe(400);
    expect(o.body.error.details).toEqual([expect.objectContaining({ path: 'events[3].metric' })]);
    const nan = await s.request('POST', '/v1/experiments/checkout/outcomes', { events: [{ unit: 'u', metric: 'revenue', value: '3' }] });
    expect(nan.status).toBe(400);
    expect(nan.body.error.details[0].path).toBe('events[0].value');
    const future = await s.request('POST', '/v1/experiments/checkout/exposures', {
      events: [{ unit: 'u', variant: 'control', timestamp: NOW + 30 * 24 * HOUR }],
    });
    expect(future.status).toBe(400);
    expect(future.body.error.details[0].path).toBe('events[0].timestamp');

    const ok = await s.request('POST', '/v1/experiments/checkout/exposures', { events });
    expect(ok.body).toEqual({ accepted: 5, repeated: 0, conflicts: 0, applied: 0 });
  });

  it('keeps variants once units are exposed, refuses exposures once stopped and everything once archived', async () => {
    const renamed = {
      ...definition,
      variants: [
        { name: 'control', weight: 0.5 },
        { name: 'other', weight: 0.5 },
      ],
    };
    expect((await s.request('PUT', '/v1/experiments/checkout', renamed)).status).toBe(409);
    expect((await s.request('PUT', '/v1/experiments/checkout', { ...definition, name: 'other' })).status).toBe(400);
    const reweighted = await s.request('PUT', '/v1/experiments/checkout', { ...definition, coverage: 0.5 });
    expect(reweighted.status).toBe(200);
    expect(reweighted.body.coverage).toBe(0.5);
    // Outside the coverage: no variant.
    const ranges = bucketRanges(2, 0.5, [0.5, 0.5]);
    for (let i = 0; i < 40; i++) {
      const a = assignmentSchema.parse((await s.request('GET', `/v1/experiments/checkout/assign?unit=v${i}`)).body);
      const expected = chooseVariation(gbHash('checkout', `v${i}`, 2)!, ranges);
      expect(a.index).toBe(expected);
      expect(a.variant).toBe(expected < 0 ? null : definition.variants[expected]!.name);
    }

    const stopped = await s.request('POST', '/v1/experiments/checkout/stop');
    expect(stopped.body).toMatchObject({ status: 'stopped', stoppedAt: new Date(NOW).toISOString() });
    const x = await s.request('POST', '/v1/experiments/checkout/exposures', { events: [{ unit: 'late', variant: 'control' }] });
    expect(x.status).toBe(409);
    const o = await s.request('POST', '/v1/experiments/checkout/outcomes', { events: [{ unit: 'u1', metric: 'revenue', value: 2 }] });
    expect(o.body).toEqual({ accepted: 1, pending: 0, ignored: 0 });
    expect((await s.request('GET', '/v1/experiments?status=stopped')).body.experiments).toHaveLength(1);
    expect((await s.request('POST', '/v1/experiments/checkout/archive')).body.status).toBe('archived');
    expect((await s.request('POST', '/v1/experiments/checkout/outcomes', { events: [{ unit: 'u1', metric: 'revenue', value: 2 }] })).status).toBe(409);
    expect((await s.request('POST', '/v1/experiments/checkout/stop')).status).toBe(409);
    expect((await s.request('GET', '/v1/experiments/checkout/results')).status).toBe(200);
  });

  it('needs the read scope to read and ingest (or admin) to log', async () => {
    const ingestKey = (await s.request('POST', '/v1/keys', { name: 'ingest', scopes: ['ingest'] })).body.key as string;
    const readKey = (await s.request('POST', '/v1/keys', { name: 'read', scopes: ['read'] })).body.key as string;
    expect((await s.request('POST', '/v1/experiments', { ...definition, name: 'x' }, ingestKey)).status).toBe(403);
    expect((await s.request('GET', '/v1/experiments/checkout/results', undefined, ingestKey)).status).toBe(403);
    expect((await s.request('GET', '/v1/experiments/checkout/results', undefined, readKey)).status).toBe(200);
    expect((await s.request('POST', '/v1/experiments/checkout/exposures', { events: [{ unit: 'k', variant: 'control' }] }, readKey)).status).toBe(403);
  });
});
