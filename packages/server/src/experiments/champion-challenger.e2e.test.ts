// Champion/challenger over real sockets: variants bound to model versions get those versions'
// accuracy, error rate and latency from their predictions and labels (read off the profiler's
// bucket profiles), compared like any metric; a shadow variant scored on the champion's request ids
// gets its agreement with the champion. Expected figures are computed here from the generated data.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, experimentTest } from '@vigil/stats';
import { experimentResultsSchema } from '@vigil/wire';
import { createTestServer, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12);
let now = T0;
let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({}, { clock: () => now });
  for (const name of ['credit', 'credit-shadow'])
    expect((await s.request('POST', '/v1/models', { name, type: 'binary', features: { x: 'numeric' } })).status).toBe(201);
});
afterAll(async () => {
  await s.close();
});

async function post(path: string, body: unknown) {
  const r = await s.request('POST', path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe('champion/challenger', () => {
  it('compares the bound versions on their own traffic, and the shadow on the champion’s requests', async () => {
    const created = await s.request('POST', '/v1/experiments', {
      name: 'credit-v2',
      variants: [
        { name: 'champion', weight: 0.5, model: 'credit', version: 'v1' },
        { name: 'challenger', weight: 0.5, model: 'credit', version: 'v2' },
        { name: 'shadow', weight: 0, model: 'credit-shadow', version: 's1', shadow: true },
      ],
      metrics: [
        { name: 'approved', kind: 'proportion' },
        { name: 'error_rate', kind: 'proportion', source: 'model', role: 'guardrail' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const rng = createRng(9);
    const correct = { v1: 0, v2: 0 };
    let agree = 0;
    const latency = { v1: [] as number[], v2: [] as number[] };
    for (const version of ['v1', 'v2'] as const) {
      const events = [];
      const labels = [];
      const shadow = [];
      for (let i = 0; i < 400; i++) {
        const id = `${version}-${i}`;
        const truth = rng.next() < 0.5 ? 1 : 0;
        // v1 is right 70 % of the time, v2 85 %.
        const right = rng.next() < (version === 'v1' ? 0.7 : 0.85);
        const score = (right ? truth : 1 - truth) === 1 ? 0.8 : 0.2;
        const ms = Math.round(20 + rng.next() * 10 + (version === 'v2' ? 5 : 0));
        latency[version].push(ms);
        if (right) correct[version]++;
        events.push({ id, timestamp: T0 + MINUTE + i, version, features: { x: i }, prediction: score, latencyMs: ms });
        labels.push({ id, label: truth });
        if (version === 'v1') {
          // The shadow sees the champion's requests and agrees on 60 % of them.
          const same = rng.next() < 0.6;
          if (same) agree++;
          shadow.push({ id, timestamp: T0 + MINUTE + i, version: 's1', features: { x: i }, prediction: same ? score : 1 - score });
        }
      }
      await post('/v1/models/credit/predictions', { events });
      await post('/v1/models/credit/labels', { labels });
      if (shadow.length > 0) await post('/v1/models/credit-shadow/predictions', { events: shadow });
    }
    now = T0 + 30 * MINUTE;
    await profileAll(s, now);

    const r = experimentResultsSchema.parse((await s.request('GET', '/v1/experiments/credit-v2/results')).body);
    const byName = new Map(r.metrics.map((m) => [m.name, m]));
    expect([...byName.keys()]).toEqual(['approved', 'accuracy', 'error_rate', 'latency_ms', 'cost_usd', 'agreement']);

    const accuracy = byName.get('accuracy')!;
    expect(accuracy).toMatchObject({ source: 'model', role: 'secondary', kind: 'proportion' });
    expect(accuracy.variants.map((v) => v.n)).toEqual([400, 400, 0]);
    expect(accuracy.variants[0]!.mean).toBeCloseTo(correct.v1 / 400, 12);
    expect(accuracy.variants[1]!.mean).toBeCloseTo(correct.v2 / 400, 12);
    const expected = experimentTest({ n: 400, sum: correct.v1 }, { n: 400, sum: correct.v2 });
    const c = accuracy.comparisons.find((x) => x.variant === 'challenger')!;
    expect(c.expected).toBeCloseTo(expected.expected, 12);
    expect(c.pValue!).toBeCloseTo(expected.pValue, 10);

    // The declared guardrail on the error rate holds: the challenger errs less.
    const errors = byName.get('error_rate')!;
    expect(errors).toMatchObject({ role: 'guardrail', inverse: true });
    expect(errors.variants[1]!.mean).toBeCloseTo(1 - correct.v2 / 400, 12);
    expect(r.guardrails.find((g) => g.variant === 'challenger')).toMatchObject({ metric: 'error_rate', status: 'ok' });

    const lat = byName.get('latency_ms')!;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(lat.variants[0]!.mean).toBeCloseTo(mean(latency.v1), 9);
    expect(lat.variants[1]!.mean).toBeCloseTo(mean(latency.v2), 9);
    expect(lat.comparisons.find((x) => x.variant === 'challenger')!.direction).toBe('worse');

    const agreement = byName.get('agreement')!;
    expect(agreement.variants.map((v) => v.n)).toEqual([0, 0, 400]);
    expect(agreement.variants[2]!.mean).toBeCloseTo(agree / 400, 12);

    // The shadow serves no units: it is outside SRM.
    expect(r.srm.checked).toBe(false);
  });
});
