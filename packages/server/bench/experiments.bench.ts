// Experiments at scale, on loopback against a real `vigil serve` child process (SQLite):
//  1. exposure ingest: BENCH_EXPOSURES first exposures of distinct units in batches of 1000 through
//     HTTP (BENCH_CONCURRENCY requests in flight), beside raw better-sqlite3 inserts of the same rows
//     into the same table in the same run, and beside the same batches through ExperimentService in
//     this process (no HTTP); then outcome ingest on those units;
//  2. results: an experiment holding the aggregates of 10 M exposures and 20 M outcomes, timed through
//     GET …/results, cold and warm, beside the small experiment of step 1.
// Step 2 bulk-loads the per-bucket aggregates (what ingest of those events writes: units per bucket
// and variant, and per bucket, variant and metric Σx, Σx², positives) straight into the store, since
// ingesting 30 M events through HTTP would take this machine most of an hour. Results read only these
// aggregates, so their cost depends on buckets × variants × metrics, not on events; the step-1
// experiment, whose aggregates ingest wrote, shows the same time.
//
//   npm run bench:experiments    (BENCH_EXPOSURES default 300 000, BENCH_CONCURRENCY default 8)

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { createExperimentSchema } from '@vigil/wire';
import { ExperimentService } from '../src/experiments/experiment-service.js';
import { DEFAULT_PROJECT, generateKey, openStore } from '../src/index.js';

const EXPOSURES = Number(process.env['BENCH_EXPOSURES'] ?? 300_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const BATCH = 1000;
const BIN = fileURLToPath(new URL('../../cli/bin/vigil.js', import.meta.url));
const HOUR = 3_600_000;
/** The large experiment: 10 M exposed units and 20 M outcomes over 14 days of hourly buckets. */
const BIG_UNITS = 10_000_000;
const BIG_OUTCOMES = 20_000_000;
const BIG_DAYS = 14;

const NOW = Date.now();
const T0 = NOW - 2 * 24 * HOUR;

const definition = (name: string) => ({
  name,
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
  metrics: [
    { name: 'converted', kind: 'proportion', role: 'goal' },
    { name: 'revenue', kind: 'mean', role: 'goal' },
    { name: 'latency', kind: 'mean', role: 'guardrail', inverse: true },
  ],
});

function exposure(i: number) {
  return { unit: `user-${i}`, variant: i % 2 === 0 ? 'control' : 'treatment', timestamp: T0 + Math.floor((i / EXPOSURES) * 24 * HOUR) };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function startServer(dir: string, key: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir, '--log-level', 'warn'], {
    env: { ...process.env, VIGIL_ADMIN_KEY: key, PORT: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m !== null) resolve({ url: m[1]!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${err}`)));
  });
}

async function post(url: string, key: string, body: string): Promise<unknown> {
  const r = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  const json = (await r.json()) as unknown;
  if (r.status !== 200 && r.status !== 201) throw new Error(`${url}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** Sends the bodies with CONCURRENCY requests in flight; events per second. */
async function load(url: string, key: string, bodies: readonly string[], events: number): Promise<{ rate: number; p50: number; p99: number }> {
  let next = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const b = next++;
      if (b >= bodies.length) return;
      const s = performance.now();
      await post(url, key, bodies[b]!);
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: events / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/** The baseline: the same unit rows into the same table (its primary key), prepared statements, one transaction per batch. */
async function rawInserts(dir: string): Promise<number> {
  const path = join(dir, 'raw.db');
  const store = await openStore({ location: path });
  await store.close();
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('insert into experiment_units (experiment_id, unit, variant, exposed_at) values (?, ?, ?, ?) on conflict do nothing');
  const rows = Array.from({ length: EXPOSURES }, (_, i) => exposure(i));
  const tx = db.transaction((batch: ReturnType<typeof exposure>[]) => {
    for (const e of batch) insert.run(1, e.unit, e.variant === 'control' ? 0 : 1, e.timestamp);
  });
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) tx(rows.slice(i, i + BATCH));
  const rate = EXPOSURES / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

/** The same exposures through ExperimentService in this process (no HTTP): store, validation of variants and times, one transaction per batch. */
async function serviceRun(dir: string): Promise<number> {
  const store = await openStore({ location: join(dir, 'service.db') });
  try {
    const project = await store.createProject('bench', { id: 'k', name: 'admin', hash: 'h', scopes: 'admin', root: 1, created_at: NOW, revoked_at: null }, NOW);
    const service = new ExperimentService({ store, clock: () => Date.now(), profileBucketMs: 300_000 });
    await service.create(project!.id, createExperimentSchema.parse(definition('service')));
    const batches: ReturnType<typeof exposure>[][] = [];
    for (let i = 0; i < EXPOSURES; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, EXPOSURES - i) }, (_, j) => exposure(i + j)));
    const t0 = performance.now();
    for (const b of batches) await service.exposures(project!.id, 'service', b);
    return EXPOSURES / ((performance.now() - t0) / 1000);
  } finally {
    await store.close();
  }
}

/** A seeded uniform in [0, 1) (mulberry32), so every run loads the same aggregates. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The aggregates ingest would have written for BIG_UNITS exposures and BIG_OUTCOMES outcomes spread
 * over BIG_DAYS of hourly buckets: per bucket and variant the units first exposed; per bucket,
 * variant and metric the sums of the outcomes that bucket's units produced (conversion 10 % vs 10.5 %,
 * revenue ~ 50 ± 20 per converted unit, one latency ~ 120 ± 30 ms per unit, ~ +1 % in treatment).
 */
function bigAggregates() {
  const r = rng(42);
  const buckets = BIG_DAYS * 24;
  const perBucket = BIG_UNITS / buckets / 2;
  const arms: { bucket_start: number; variant: number; units: number; exposures: number; conflicts: number }[] = [];
  const stats: {
    bucket_start: number;
    variant: number;
    metric: string;
    sum: number;
    sum_squares: number;
    positives: number;
    pre_sum: number;
    pre_sum_squares: number;
    cross_sum: number;
  }[] = [];
  let outcomes = 0;
  const start = Math.floor((NOW - BIG_DAYS * 24 * HOUR) / HOUR) * HOUR;
  for (let b = 0; b < buckets; b++) {
    const at = start + b * HOUR;
    for (let v = 0; v < 2; v++) {
      const n = Math.round(perBucket * (0.98 + 0.04 * r()));
      arms.push({ bucket_start: at, variant: v, units: n, exposures: n, conflicts: 0 });
      const p = v === 0 ? 0.1 : 0.105;
      const conv = Math.round(n * p * (0.97 + 0.06 * r()));
      const revenue = conv * (50 + 2 * (r() - 0.5));
      const zero = { pre_sum: 0, pre_sum_squares: 0, cross_sum: 0 };
      stats.push({ bucket_start: at, variant: v, metric: 'converted', sum: conv, sum_squares: conv, positives: conv, ...zero });
      stats.push({ bucket_start: at, variant: v, metric: 'revenue', sum: revenue, sum_squares: conv * (50 * 50 + 400), positives: conv, ...zero });
      const lat = 120 * (v === 0 ? 1 : 1.01);
      stats.push({ bucket_start: at, variant: v, metric: 'latency', sum: n * lat, sum_squares: n * (lat * lat + 900), positives: n, ...zero });
      outcomes += 2 * conv + n;
    }
  }
  // Revenue repeats and other outcomes that change no figure make up the rest of the 20 M.
  return { arms, stats, outcomes: Math.max(outcomes, BIG_OUTCOMES) };
}

async function timeResults(url: string, key: string, name: string, runs = 30): Promise<{ cold: number; p50: number; p99: number; bytes: number }> {
  const get = async () => {
    const s = performance.now();
    const r = await fetch(`${url}/v1/experiments/${name}/results`, { headers: { authorization: `Bearer ${key}` } });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`results ${r.status}: ${text}`);
    return { ms: performance.now() - s, bytes: text.length };
  };
  const cold = await get();
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await get()).ms);
  warm.sort((a, b) => a - b);
  return { cold: cold.ms, p50: percentile(warm, 0.5), p99: percentile(warm, 0.99), bytes: cold.bytes };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-exp-'));
const key = generateKey().token;
try {
  const data = join(dir, 'server');
  const server = await startServer(data, key);
  try {
    const base = `${server.url}/v1/experiments`;
    await post(base, key, JSON.stringify(definition('ingest')));
    await post(base, key, JSON.stringify(definition('big')));
    // Warm up (JIT, statement caches) on an experiment of its own.
    await post(base, key, JSON.stringify(definition('warmup')));
    await post(
      `${base}/warmup/exposures`,
      key,
      JSON.stringify({ events: Array.from({ length: BATCH }, (_, i) => ({ unit: `w${i}`, variant: 'control', timestamp: T0 })) }),
    );

    const bodies: string[] = [];
    for (let i = 0; i < EXPOSURES; i += BATCH)
      bodies.push(JSON.stringify({ events: Array.from({ length: Math.min(BATCH, EXPOSURES - i) }, (_, j) => exposure(i + j)) }));
    const x = await load(`${base}/ingest/exposures`, key, bodies, EXPOSURES);
    const raw = await rawInserts(dir);
    const inProcess = await serviceRun(dir);

    const outcomeBodies: string[] = [];
    const OUTCOMES = EXPOSURES;
    for (let i = 0; i < OUTCOMES; i += BATCH) {
      outcomeBodies.push(
        JSON.stringify({
          events: Array.from({ length: Math.min(BATCH, OUTCOMES - i) }, (_, j) => {
            const u = i + j;
            const e = exposure(u);
            return u % 3 === 0
              ? { unit: e.unit, metric: 'latency', value: 100 + (u % 50), timestamp: e.timestamp + 1000 }
              : { unit: e.unit, metric: u % 3 === 1 ? 'converted' : 'revenue', value: u % 3 === 1 ? 1 : 20 + (u % 80), timestamp: e.timestamp + 2000 };
          }),
        }),
      );
    }
    const o = await load(`${base}/ingest/outcomes`, key, outcomeBodies, OUTCOMES);

    console.log(`Experiment ingest on loopback: batches of ${BATCH}, ${CONCURRENCY} requests in flight, SQLite synchronous=full`);
    console.log('| events | count | Vigil events/s | p50 ms | p99 ms | raw better-sqlite3 events/s | Vigil ÷ raw |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| exposures (new units) | ${EXPOSURES} | ${Math.round(x.rate)} | ${x.p50.toFixed(1)} | ${x.p99.toFixed(1)} | ${Math.round(raw)} | ${((100 * x.rate) / raw).toFixed(0)} % |`,
    );
    console.log(
      `| exposures through ExperimentService, in process (no HTTP) | ${EXPOSURES} | ${Math.round(inProcess)} | | | ${Math.round(raw)} | ${((100 * inProcess) / raw).toFixed(0)} % |`,
    );
    console.log(`| outcomes (exposed units) | ${OUTCOMES} | ${Math.round(o.rate)} | ${o.p50.toFixed(1)} | ${o.p99.toFixed(1)} | | |`);

    // The big experiment's aggregates, written into the server's store from this process (WAL lets both open it).
    const store = await openStore({ location: join(data, 'vigil.db') });
    let big: ReturnType<typeof bigAggregates>;
    try {
      const project = await store.findProject(DEFAULT_PROJECT);
      const row = await store.experiments.find(project!.id, 'big');
      big = bigAggregates();
      await store.experiments.addAggregates(row!.id, big.arms, big.stats);
    } finally {
      await store.close();
    }
    const bigTime = await timeResults(server.url, key, 'big');
    const smallTime = await timeResults(server.url, key, 'ingest');
    const units = big.arms.reduce((a, r) => a + r.units, 0);
    console.log('');
    console.log('GET /v1/experiments/{e}/results (3 metrics, 2 variants, hourly buckets; cumulative series included)');
    console.log('| experiment | exposures | outcomes | buckets | cold ms | warm p50 ms | warm p99 ms | answer KB |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| bulk-loaded aggregates | ${units} | ${big.outcomes} | ${BIG_DAYS * 24} | ${bigTime.cold.toFixed(1)} | ${bigTime.p50.toFixed(1)} | ${bigTime.p99.toFixed(1)} | ${(bigTime.bytes / 1024).toFixed(0)} |`,
    );
    console.log(
      `| ingested above | ${EXPOSURES} | ${OUTCOMES} | ${new Set(Array.from({ length: EXPOSURES }, (_, i) => Math.floor(exposure(i).timestamp / HOUR))).size} | ${smallTime.cold.toFixed(1)} | ${smallTime.p50.toFixed(1)} | ${smallTime.p99.toFixed(1)} | ${(smallTime.bytes / 1024).toFixed(0)} |`,
    );
  } finally {
    server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
