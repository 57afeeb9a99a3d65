// Ingest beside heavy reads (issue 15, item 13): a real `vigil serve` child takes batches of 100
// events from 8 concurrent senders, first alone, then while two clients query drift (exact tests on
// raw events, a window off the bucket grid) and a day's series back to back. Printed: ingest events/s
// in each phase and their ratio, /healthz p50 and p99, and what the query clients got (200, 429, 503).
// Run twice: with the query gate as configured by default, and with it opened wide
// (VIGIL_QUERY_CONCURRENCY=64, VIGIL_QUERY_SHARE=1), which is how the server behaved before it.
//
//   npm run bench:ingest-queries     (BENCH_SECONDS per phase, default 8; BENCH_SEED_EVENTS, default 50 000)

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKey } from '../src/index.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const SEED_EVENTS = Number(process.env['BENCH_SEED_EVENTS'] ?? 50_000);
const SENDERS = 8;
const BATCH = 100;
const BIN = fileURLToPath(new URL('../../cli/bin/vigil.js', import.meta.url));
const FEATURES = 20;
const HOUR = 3_600_000;

let seq = 0;
function makeEvent(ts: number): Record<string, unknown> {
  const i = seq++;
  const features: Record<string, number | string> = {};
  for (let f = 0; f < FEATURES; f++) features[`f${f}`] = f < 15 ? Math.round(Math.sin(i * (f + 1)) * 1e4) / 100 : `c${(i * (f + 3)) % 17}`;
  return { id: `e${i}`, timestamp: ts, features, prediction: { label: i % 3 === 0 ? 1 : 0, score: (i % 100) / 100 } };
}

async function startServer(dir: string, key: string, env: Record<string, string>): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir, '--log-level', 'warn', '--sqlite-synchronous', 'normal'], {
    env: { ...process.env, ...env, VIGIL_ADMIN_KEY: key, PORT: '' },
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

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function phase(url: string, key: string, withQueries: boolean) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const deadline = performance.now() + SECONDS * 1000;
  let accepted = 0;
  let refused = 0;
  const health: number[] = [];
  const queries = { ok: 0, busy: 0, late: 0, other: 0, ms: [] as number[] };
  const sender = async () => {
    while (performance.now() < deadline) {
      const now = Date.now();
      const body = JSON.stringify({ events: Array.from({ length: BATCH }, (_, j) => makeEvent(now - ((j * 7919) % HOUR))) });
      const r = await fetch(`${url}/v1/models/m/predictions`, { method: 'POST', headers, body });
      await r.arrayBuffer();
      if (r.status === 200) accepted += BATCH;
      else refused++;
    }
  };
  const querier = async (n: number) => {
    for (let i = n; performance.now() < deadline; i++) {
      const now = Date.now();
      const path =
        i % 2 === 0 ? `/v1/models/m/drift?method=ks&from=${now - HOUR + 17_000}&to=${now}` : `/v1/models/m/series?metric=drift&from=${now - 24 * HOUR}`;
      const t = performance.now();
      const r = await fetch(`${url}${path}`, { headers });
      await r.arrayBuffer();
      queries.ms.push(performance.now() - t);
      if (r.status === 200) queries.ok++;
      else if (r.status === 429) queries.busy++;
      else if (r.status === 503) queries.late++;
      else queries.other++;
      // A refused client waits as Retry-After says (at least a little), as the SDK would.
      if (r.status === 429 || r.status === 503) await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('retry-after') ?? 1)));
    }
  };
  const prober = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      health.push(performance.now() - t);
      await new Promise((res) => setTimeout(res, 50));
    }
  };
  const t0 = performance.now();
  await Promise.all([...Array.from({ length: SENDERS }, sender), prober(), ...(withQueries ? [querier(0), querier(1)] : [])]);
  const seconds = (performance.now() - t0) / 1000;
  return { rate: accepted / seconds, refused, healthP50: pct(health, 0.5), healthP99: pct(health, 0.99), queries };
}

async function run(label: string, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-iq-'));
  const key = generateKey().token;
  const server = await startServer(dir, key, env);
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  try {
    const features: Record<string, string> = {};
    for (let f = 0; f < FEATURES; f++) features[`f${f}`] = f < 15 ? 'numeric' : 'categorical';
    await fetch(`${server.url}/v1/models`, { method: 'POST', headers, body: JSON.stringify({ name: 'm', type: 'binary', features }) });
    const rows = Array.from({ length: 5000 }, () => makeEvent(0)['features']);
    const ref = await fetch(`${server.url}/v1/models/m/reference`, { method: 'POST', headers, body: JSON.stringify({ rows }) });
    if (ref.status !== 201) throw new Error(`reference: ${ref.status} ${await ref.text()}`);
    for (let i = 0; i < SEED_EVENTS; i += 1000) {
      const now = Date.now();
      const body = JSON.stringify({ events: Array.from({ length: 1000 }, (_, j) => makeEvent(now - ((j * 7919 + i) % HOUR))) });
      await (await fetch(`${server.url}/v1/models/m/predictions`, { method: 'POST', headers, body })).arrayBuffer();
    }
    await new Promise((res) => setTimeout(res, 3000)); // the profiler catches up with the seed
    const alone = await phase(server.url, key, false);
    await new Promise((res) => setTimeout(res, 3000)); // and with the first phase's events, so both phases start level
    const loaded = await phase(server.url, key, true);
    const q = loaded.queries;
    console.log(
      `${label.padEnd(34)} ingest alone ${alone.rate.toFixed(0).padStart(6)} ev/s · with 2 query clients ${loaded.rate.toFixed(0).padStart(6)} ev/s · ratio ${(loaded.rate / alone.rate).toFixed(2)}` +
        ` · /healthz p50 ${alone.healthP50.toFixed(1)} → ${loaded.healthP50.toFixed(1)} ms, p99 ${alone.healthP99.toFixed(1)} → ${loaded.healthP99.toFixed(1)} ms` +
        ` · queries 200×${q.ok} 429×${q.busy} 503×${q.late} other×${q.other}, p50 ${pct(q.ms, 0.5).toFixed(0)} ms · ingest refused ${alone.refused + loaded.refused}`,
    );
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await run('query gate (defaults)', {});
await run('query gate open (as before)', { VIGIL_QUERY_CONCURRENCY: '64', VIGIL_QUERY_SHARE: '1' });
