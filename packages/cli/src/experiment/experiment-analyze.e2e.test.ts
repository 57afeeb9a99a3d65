// `vigil experiment analyze` against the server: the same units' exposures and outcomes sent through
// the API to a real server (on SQLite and on PostgreSQL) and written to CSV, NDJSON and Parquet
// files (outcomes long and wide); the command's JSON equals the server's `GET …/results` number for
// number, and both equal @vigil/stats' tests on arms computed here from the raw events.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServerOn } from '@vigil/server/testing';
import type { TestServer, TestStoreKind } from '@vigil/server/testing';
import { bucketRanges, chooseVariation, createRng, experimentTest, gbHash } from '@vigil/stats';
import { experimentResultsSchema } from '@vigil/wire';
import type { CreateExperiment, ExperimentResults } from '@vigil/wire';
import { main } from '../main.js';
import { DECISION_WORDS } from './experiment-text.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 3, 6);
const NOW = T0 + 4 * DAY;
const UNITS = 3000;

interface Exposure {
  unit: string;
  variant: string;
  timestamp: number;
}

interface Outcome {
  unit: string;
  metric: string;
  value: number;
  timestamp: number;
}

const definitions: CreateExperiment[] = [
  {
    name: 'checkout',
    variants: [
      { name: 'control', weight: 0.5 },
      { name: 'one-page', weight: 0.25 },
      { name: 'express', weight: 0.25 },
    ],
    metrics: [
      { name: 'converted', kind: 'proportion', role: 'goal' },
      { name: 'revenue', kind: 'mean', role: 'goal' },
      { name: 'latency', kind: 'mean', role: 'guardrail', inverse: true },
    ],
    cuped: { lookbackDays: 1 },
  },
  {
    name: 'checkout-bayes',
    engine: 'bayesian',
    difference: 'absolute',
    variants: [
      { name: 'control', weight: 0.5 },
      { name: 'one-page', weight: 0.25 },
      { name: 'express', weight: 0.25 },
    ],
    metrics: [
      { name: 'converted', kind: 'proportion', role: 'goal' },
      { name: 'revenue', kind: 'mean', role: 'secondary' },
      { name: 'latency', kind: 'mean', role: 'guardrail', inverse: true },
    ],
  },
];

/** Units assigned with GrowthBook's hashing; repeats, conflicts, outcomes before the exposure (some in CUPED's lookback) and of units never exposed. */
function traffic() {
  const rng = createRng(11);
  const r = () => rng.next();
  const names = definitions[0]!.variants.map((v) => v.name);
  const ranges = bucketRanges(3, 1, [0.5, 0.25, 0.25]);
  const exposures: Exposure[] = [];
  const outcomes: Outcome[] = [];
  const first = new Map<string, { variant: number; ts: number }>();
  for (let i = 0; i < UNITS; i++) {
    const unit = `user-${i}`;
    const v = chooseVariation(gbHash('checkout', unit, 2)!, ranges);
    const ts = T0 + Math.floor(r() * 2 * DAY);
    exposures.push({ unit, variant: names[v]!, timestamp: ts });
    first.set(unit, { variant: v, ts });
    if (r() < 0.05) exposures.push({ unit, variant: names[v]!, timestamp: ts + 3 * HOUR });
    if (r() < 0.03) exposures.push({ unit, variant: names[(v + 1) % 3]!, timestamp: ts + HOUR });
    if (r() < [0.1, 0.14, 0.1][v]!) {
      const at = ts + Math.floor(r() * 20 * HOUR);
      outcomes.push({ unit, metric: 'converted', value: 1, timestamp: at });
      outcomes.push({ unit, metric: 'revenue', value: Math.round((20 + r() * 60) * 100) / 100, timestamp: at });
      if (r() < 0.2) outcomes.push({ unit, metric: 'revenue', value: -Math.round(r() * 1000) / 100, timestamp: at + HOUR });
    }
    outcomes.push({ unit, metric: 'latency', value: Math.round((100 + (v === 2 ? 6 : 0) + r() * 40) * 1000) / 1000, timestamp: ts + 1000 });
    if (r() < 0.3) outcomes.push({ unit, metric: 'revenue', value: Math.round(r() * 3000) / 100, timestamp: ts - Math.floor(r() * 2 * DAY) });
  }
  for (let i = 0; i < 30; i++) outcomes.push({ unit: `ghost-${i}`, metric: 'converted', value: 1, timestamp: T0 + HOUR });
  const byTime = <T extends { timestamp: number }>(xs: T[]) =>
    xs
      .map((x, i) => ({ x, i }))
      .sort((a, b) => a.x.timestamp - b.x.timestamp || a.i - b.i)
      .map((p) => p.x);
  return { exposures: byTime(exposures), outcomes: byTime(outcomes), first };
}

/** Equal JSON, numbers to 1e-9 relative (the server adds the same terms in another order), whole numbers exactly. */
function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) expect(actual, path).toBe(expected);
    else expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, Math.abs(expected)));
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), stderrIsTTY: false, stderrColumns: 80 });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-experiment-analyze-'));
const data = traffic();
const file = (name: string) => join(dir, name);

beforeAll(() => {
  for (const d of definitions) writeFileSync(file(`${d.name}.json`), JSON.stringify(d));
  // CSV exposures with ISO times, in an order of their own (the command orders by time).
  const shuffled = [...data.exposures].reverse();
  writeFileSync(
    file('exposures.csv'),
    `unit,variant,timestamp\n${shuffled.map((e) => `${e.unit},${e.variant},${new Date(e.timestamp).toISOString()}`).join('\n')}\n`,
  );
  // NDJSON outcomes, long, with epoch milliseconds.
  writeFileSync(file('outcomes.ndjson'), `${data.outcomes.map((o) => JSON.stringify(o)).join('\n')}\n`);
  // Parquet: exposures with TIMESTAMP columns; outcomes wide (a column per metric, one filled per row).
  const ex = parquetWriteBuffer({
    columnData: [
      { name: 'unit', data: data.exposures.map((e) => e.unit), type: 'STRING' },
      { name: 'variant', data: data.exposures.map((e) => e.variant), type: 'STRING' },
      { name: 'timestamp', data: data.exposures.map((e) => new Date(e.timestamp)), type: 'TIMESTAMP' },
    ],
  });
  writeFileSync(file('exposures.parquet'), new Uint8Array(ex));
  const metric = (m: string) => data.outcomes.map((o) => (o.metric === m ? o.value : null));
  const oc = parquetWriteBuffer({
    columnData: [
      { name: 'unit', data: data.outcomes.map((o) => o.unit), type: 'STRING' },
      { name: 'timestamp', data: data.outcomes.map((o) => new Date(o.timestamp)), type: 'TIMESTAMP' },
      { name: 'converted', data: metric('converted'), type: 'DOUBLE' },
      { name: 'revenue', data: metric('revenue'), type: 'DOUBLE' },
      { name: 'latency', data: metric('latency'), type: 'DOUBLE' },
    ],
  });
  writeFileSync(file('outcomes.parquet'), new Uint8Array(oc));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['sqlite', 'postgres'] as TestStoreKind[])('vigil experiment analyze equals the server (%s)', (kind) => {
  let s: TestServer;
  const fromServer = new Map<string, ExperimentResults>();

  beforeAll(async () => {
    s = await createTestServerOn(kind, {}, { clock: () => NOW });
    for (const d of definitions) {
      const created = await s.request('POST', '/v1/experiments', d);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      // In time order, exposures first: the order the command takes the files in.
      for (const [path, events] of [
        ['exposures', data.exposures],
        ['outcomes', data.outcomes],
      ] as const) {
        for (let i = 0; i < events.length; i += 5000) {
          const r = await s.request('POST', `/v1/experiments/${d.name}/${path}`, { events: events.slice(i, i + 5000) });
          expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
        }
      }
      const r = await s.request('GET', `/v1/experiments/${d.name}/results`);
      expect(r.status).toBe(200);
      fromServer.set(d.name, experimentResultsSchema.parse(r.body));
    }
  }, 120_000);

  afterAll(async () => {
    await s?.close();
  });

  for (const d of definitions) {
    for (const [exposures, outcomes] of [
      ['exposures.csv', 'outcomes.ndjson'],
      ['exposures.parquet', 'outcomes.parquet'],
    ] as const) {
      it(`${d.name}: ${exposures} and ${outcomes} give the server's results`, async () => {
        const r = await run([
          'experiment',
          'analyze',
          '--exposures',
          file(exposures),
          '--outcomes',
          file(outcomes),
          '--config',
          file(`${d.name}.json`),
          '--format',
          'json',
          '--now',
          new Date(NOW).toISOString(),
        ]);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        const cli = experimentResultsSchema.parse(JSON.parse(r.out));
        const server = fromServer.get(d.name)!;
        expectSame(JSON.parse(r.out), server);
        // Not a vacuous equality: the experiment has units, effects and a cumulative series.
        expect(cli.units.total).toBe(UNITS);
        expect(cli.units.conflicts).toBeGreaterThan(0);
        expect(cli.cumulative.series[0]!.points.length).toBeGreaterThan(20);
      });
    }
  }

  it('equals the Welch tests of @vigil/stats on arms computed from the raw events', () => {
    const server = fromServer.get('checkout')!;
    const value = new Map<string, number>();
    for (const o of data.outcomes) {
      const f = data.first.get(o.unit);
      if (o.metric !== 'converted' || f === undefined || o.timestamp < f.ts) continue;
      value.set(o.unit, (value.get(o.unit) ?? 0) + o.value);
    }
    const arms = [0, 1, 2].map(() => ({ n: 0, sum: 0 }));
    for (const [unit, f] of data.first) {
      arms[f.variant]!.n++;
      if ((value.get(unit) ?? 0) > 0) arms[f.variant]!.sum++;
    }
    const converted = server.metrics.find((m) => m.name === 'converted')!;
    converted.comparisons.forEach((c, j) => {
      const expected = experimentTest(arms[0]!, arms[j + 1]!, { difference: 'relative', alpha: 0.05 });
      expect(Math.abs(c.expected - expected.expected)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(c.pValue! - expected.pValue)).toBeLessThanOrEqual(1e-7);
    });
  });
});

describe('vigil experiment analyze: text and HTML', () => {
  it('prints the decision and a table per metric, and writes a self-contained page with its charts', async () => {
    const args = ['experiment', 'analyze', '--exposures', file('exposures.csv'), '--outcomes', file('outcomes.ndjson'), '--config', file('checkout.json')];
    const text = await run([...args, '--now', String(NOW)]);
    expect(text.code).toBe(0);
    const json = experimentResultsSchema.parse(JSON.parse((await run([...args, '--now', String(NOW), '--format', 'json'])).out));
    expect(text.out).toContain(`Experiment checkout: frequentist`);
    expect(text.out).toContain(`Decision: ${DECISION_WORDS[json.decision.action]}`);
    expect(text.out).toContain(json.decision.reason);
    for (const m of json.metrics) expect(text.out).toContain(`${m.name} (${m.role}, ${m.kind}`);
    const page = file('checkout.html');
    const html = await run([...args, '--format', 'html', '--output', page]);
    expect(html.code).toBe(0);
    expect(html.out).toBe('');
    const body = readFileSync(page, 'utf8');
    expect(body.startsWith('<!doctype html>')).toBe(true);
    expect(body.match(/<svg/g)?.length).toBe(1 + 2); // the lift chart, a cumulative chart per goal metric
    expect(body).not.toMatch(/<script|https?:\/\//);
    expect(body).toContain('Effect of each treatment against the control');
  });

  it('refuses files that do not fit the experiment, naming the place', async () => {
    writeFileSync(file('bad-exposures.csv'), 'unit,variant,timestamp\nuser-1,control,2026-04-06T00:00:00Z\nuser-2,treatment,2026-04-06T00:00:00Z\n');
    const r = await run([
      'experiment',
      'analyze',
      '--exposures',
      file('bad-exposures.csv'),
      '--outcomes',
      file('outcomes.ndjson'),
      '--config',
      file('checkout.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`bad-exposures.csv:3:variant: expected a variant of "checkout": one of control, one-page, express, got "treatment"`);
    const missing = await run([
      'experiment',
      'analyze',
      '--exposures',
      file('nope.csv'),
      '--outcomes',
      file('outcomes.ndjson'),
      '--config',
      file('checkout.json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.csv');
  });
});
