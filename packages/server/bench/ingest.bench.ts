// Ingest throughput on loopback: a real `vigil serve` child process takes events with 20 features
// from this (separate) load process, in batches of 100 and 1000; beside it, raw better-sqlite3
// inserts of the same rows into the same table in the same run, as the baseline.
//
//   npm run bench:ingest            (BENCH_EVENTS events per batch size, default 200 000;
//                                    BENCH_CONCURRENCY requests in flight, default 8)

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { generateKey, openStore } from '../src/index.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const SYNC = process.env['BENCH_SYNC'] ?? 'full';
const BIN = fileURLToPath(new URL('../../cli/bin/vigil.js', import.meta.url));
const FEATURES = 20;

function makeEvent(i: number): Record<string, unknown> {
  const features: Record<string, number | string> = {};
  for (let f = 0; f < FEATURES; f++) features[`f${f}`] = f < 15 ? Math.round(Math.sin(i * (f + 1)) * 1e4) / 100 : `c${(i * (f + 3)) % 17}`;
  return {
    id: `e${i}`,
    timestamp: 1_790_000_000_000 + i,
    features,
    prediction: { label: i % 3 === 0 ? 1 : 0, score: (i % 100) / 100 },
    latencyMs: 5 + (i % 50),
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function startServer(dir: string, key: string): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir, '--log-level', 'warn', '--sqlite-synchronous', SYNC], {
    env: { ...process.env, VIGIL_ADMIN_KEY: key, PORT: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m !== null) resolve({ url: m[1]!, pid: child.pid!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${err}`)));
  });
}

async function serverRss(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /vigil_process_resident_memory_bytes (\d+)/.exec(text);
  return m === null ? NaN : Number(m[1]) / 2 ** 20;
}

async function loadRun(url: string, key: string, model: string, batch: number, offset: number) {
  const bodies: string[] = [];
  for (let i = 0; i < EVENTS; i += batch)
    bodies.push(JSON.stringify({ events: Array.from({ length: Math.min(batch, EVENTS - i) }, (_, j) => makeEvent(offset + i + j)) }));
  const latencies: number[] = [];
  let nextBody = 0;
  let peakRss = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const b = nextBody++;
      if (b >= bodies.length) return;
      const s = performance.now();
      const r = await fetch(`${url}/v1/models/${model}/predictions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: bodies[b]!,
      });
      const json = (await r.json()) as { accepted: number };
      if (r.status !== 200 || json.accepted !== Math.min(batch, EVENTS - b * batch)) throw new Error(`bad answer ${r.status} ${JSON.stringify(json)}`);
      latencies.push(performance.now() - s);
    }
  };
  const sampler = setInterval(() => {
    void serverRss(url).then((m) => (peakRss = Math.max(peakRss, m)));
  }, 250);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, await serverRss(url));
  latencies.sort((a, b) => a - b);
  return { rate: EVENTS / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), rss: peakRss };
}

/** The baseline: the same rows, the same table and indexes, prepared statements, one transaction per batch. */
async function rawInserts(dir: string, batch: number): Promise<number> {
  const path = join(dir, `raw-${batch}.db`);
  const store = await openStore({ location: path, sqliteSynchronous: SYNC as 'full' | 'normal' });
  await store.close();
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${SYNC.toUpperCase()}`);
  const insert = db.prepare(
    'insert into predictions (model_id, event_id, ts, version, segment, features, prediction, latency_ms, cost_usd, trace_id, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (model_id, event_id) do nothing',
  );
  const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));
  const tx = db.transaction((rows: Record<string, unknown>[]) => {
    for (const e of rows)
      insert.run(
        1,
        e['id'],
        e['timestamp'],
        'default',
        '',
        JSON.stringify(e['features']),
        JSON.stringify(e['prediction']),
        e['latencyMs'],
        null,
        null,
        Date.now(),
      );
  });
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += batch) tx(events.slice(i, i + batch));
  const rate = EVENTS / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const key = generateKey().token;
try {
  const server = await startServer(join(dir, 'server'), key);
  try {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    await fetch(`${server.url}/v1/models`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench', type: 'binary' }) });
    // Warm up (JIT, statement caches), then measure.
    await fetch(`${server.url}/v1/models/bench/predictions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events: Array.from({ length: 1000 }, (_, i) => makeEvent(-1 - i)) }),
    });
    console.log(`Ingest on loopback: ${EVENTS} events of ${FEATURES} features per batch size, ${CONCURRENCY} requests in flight, SQLite synchronous=${SYNC}`);
    console.log('| batch | Vigil events/s | p50 ms | p99 ms | server peak RSS MB | raw better-sqlite3 events/s | Vigil ÷ raw |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    let offset = 0;
    for (const batch of [100, 1000]) {
      const r = await loadRun(server.url, key, 'bench', batch, offset);
      offset += EVENTS;
      const raw = await rawInserts(dir, batch);
      console.log(
        `| ${batch} | ${Math.round(r.rate)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${Math.round(r.rss)} | ${Math.round(raw)} | ${((100 * r.rate) / raw).toFixed(0)} % |`,
      );
    }
  } finally {
    server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
