// Scale-out behind the ingest queue (issue 21): 1, 2 and 3 real `vigil serve --queue` replicas on one
// PostgreSQL schema and the local NATS JetStream take the same events from 8 senders (batches of 100,
// round-robin over the replicas). Printed per replica count: acknowledged events/s (HTTP 200 after
// JetStream's ack), stored events/s (until the last event is in PostgreSQL), and the CPU seconds each
// part used (replicas, PostgreSQL, nats-server, the senders); then the raw PostgreSQL insert rate of
// the same rows (multi-row INSERT … ON CONFLICT DO NOTHING, 8 connections, a transaction per 100 rows)
// in the same run, as the limit, and each setup's ratio to it; and one replica writing directly
// (no queue) for comparison.
//
//   npm run bench:scale-out     (needs NATS with JetStream on 127.0.0.1:4222 and PostgreSQL; BENCH_EVENTS, default 60 000)
// Not in `npm run bench`: it needs the NATS server.

import { readFileSync, readdirSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { generateKey } from '../src/index.js';
import { Replica, waitFor } from '../src/cluster/replica-harness.js';
import { createTestSchema } from '../src/testing.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 60_000);
const SENDERS = 8;
const BATCH = 100;
const FEATURES = 20;
const NATS = 'nats://127.0.0.1:4222';
const T0 = Date.now() - 3_600_000;

function makeEvent(i: number): { id: string; timestamp: number; features: Record<string, number | string>; prediction: number } {
  const features: Record<string, number | string> = {};
  for (let f = 0; f < FEATURES; f++) features[`f${f}`] = f < 15 ? Math.round(Math.sin(i * (f + 1)) * 1e4) / 100 : `c${(i * (f + 3)) % 17}`;
  return { id: `e${i}`, timestamp: T0 + i, features, prediction: (i % 100) / 100 };
}
const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));
const batches = Array.from({ length: Math.ceil(EVENTS / BATCH) }, (_, b) => events.slice(b * BATCH, (b + 1) * BATCH));

/** CPU seconds (user + system) of every process, by pid, with its name. */
function cpuByPid(): Map<number, { comm: string; s: number }> {
  const tick = 100;
  const out = new Map<number, { comm: string; s: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), { comm, s: (Number(f[11]) + Number(f[12])) / tick });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

function cpuSpent(before: Map<number, { comm: string; s: number }>, replicaPids: readonly number[]): Record<string, number> {
  const after = cpuByPid();
  const parts: Record<string, number> = { replicas: 0, postgres: 0, 'nats-server': 0, senders: 0 };
  for (const [pid, a] of after) {
    const d = a.s - (before.get(pid)?.s ?? 0);
    if (replicaPids.includes(pid)) parts['replicas']! += d;
    else if (a.comm === 'postgres') parts['postgres']! += d;
    else if (a.comm === 'nats-server') parts['nats-server']! += d;
    else if (pid === process.pid) parts['senders']! += d;
  }
  return parts;
}

async function stored(db: pg.Client): Promise<number> {
  return Number((await db.query<{ n: string }>('select count(*) as n from predictions')).rows[0]!.n);
}

async function withSchema<T>(fn: (url: string, db: pg.Client) => Promise<T>): Promise<T> {
  const schema = await createTestSchema();
  const db = new pg.Client({ connectionString: schema.url });
  await db.connect();
  try {
    return await fn(schema.url, db);
  } finally {
    await db.end();
    await schema.drop();
  }
}

async function runReplicas(n: number, queue = true): Promise<{ acked: number; stored: number; cpu: Record<string, number> }> {
  const stream = `VBENCH_${n}_${Date.now().toString(36)}`;
  const adminKey = generateKey().token;
  try {
    return await withSchema(async (url, db) => {
      const args = [...(queue ? ['--queue', NATS, '--queue-stream', stream, '--queue-consumer', `${stream}_w`] : []), '--log-level', 'warn'];
      const replicas = await Promise.all(Array.from({ length: n }, () => Replica.start({ store: url, adminKey, args })));
      try {
        if (queue) await Promise.all(replicas.map((r) => waitFor('the queue', async () => (await r.health()).queue?.connected === true, 20_000)));
        const model = {
          name: 'm',
          type: 'binary',
          features: Object.fromEntries(Array.from({ length: FEATURES }, (_, f) => [`f${f}`, f < 15 ? 'numeric' : 'categorical'])),
        };
        if ((await replicas[0]!.request('POST', '/v1/models', model)).status !== 201) throw new Error('model not created');
        const pids = replicas.map((r) => r.child!.pid!);
        const before = cpuByPid();
        const started = performance.now();
        let next = 0;
        const sender = async () => {
          for (let b = next++; b < batches.length; b = next++) {
            const r = await replicas[b % n]!.request('POST', '/v1/models/m/predictions', { events: batches[b] });
            if (r.status !== 200) throw new Error(`batch ${b}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
          }
        };
        await Promise.all(Array.from({ length: SENDERS }, sender));
        const ackedS = (performance.now() - started) / 1000;
        await waitFor('every event stored', async () => (await stored(db)) >= EVENTS, 300_000, 100);
        const storedS = (performance.now() - started) / 1000;
        return { acked: EVENTS / ackedS, stored: EVENTS / storedS, cpu: cpuSpent(before, pids) };
      } finally {
        await Promise.all(replicas.map((r) => r.kill()));
      }
    });
  } finally {
    const nc = await connect({ servers: NATS });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
  }
}

/** The same rows straight into the predictions table: the rate PostgreSQL itself allows here. */
async function rawInsert(): Promise<{ rate: number; cpu: Record<string, number> }> {
  const adminKey = generateKey().token;
  return withSchema(async (url, db) => {
    // A replica without a queue migrates the schema and makes the model; then it stops.
    const r = await Replica.start({ store: url, adminKey, args: ['--log-level', 'warn'] });
    await r.request('POST', '/v1/models', { name: 'm', type: 'binary' });
    await r.kill();
    const modelId = Number((await db.query<{ id: string }>("select id from models where name = 'm'")).rows[0]!.id);
    const clients = await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    const now = Date.now();
    const before = cpuByPid();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      clients.map(async (c) => {
        for (let b = next++; b < batches.length; b = next++) {
          const rows = batches[b]!;
          const values: unknown[] = [];
          const tuples = rows.map((e, i) => {
            values.push(modelId, e.id, e.timestamp, 'default', '', JSON.stringify(e.features), JSON.stringify(e.prediction), now);
            const o = i * 8;
            return `($${o + 1},$${o + 2},$${o + 3},$${o + 4},$${o + 5},$${o + 6},$${o + 7},$${o + 8})`;
          });
          await c.query('begin');
          await c.query(
            `insert into predictions (model_id, event_id, ts, version, segment, features, prediction, received_at) values ${tuples.join(',')} on conflict (model_id, event_id) do nothing`,
            values,
          );
          await c.query('commit');
        }
      }),
    );
    const rate = EVENTS / ((performance.now() - started) / 1000);
    const cpu = cpuSpent(before, []);
    await Promise.all(clients.map((c) => c.end()));
    if ((await stored(db)) !== EVENTS) throw new Error('raw insert: not every row stored');
    return { rate, cpu };
  });
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const cpuText = (cpu: Record<string, number>) =>
  Object.entries(cpu)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ');

const raw = await rawInsert();
console.log(`raw PostgreSQL insert of the same rows: ${fmt(raw.rate)} events/s (CPU: ${cpuText(raw.cpu)})`);
const direct = await runReplicas(1, false);
console.log(
  `1 replica writing directly (no --queue): acknowledged = stored ${fmt(direct.stored)} events/s = ${((100 * direct.stored) / raw.rate).toFixed(0)} % of raw insert (CPU: ${cpuText(direct.cpu)})`,
);
for (const n of [1, 2, 3]) {
  const r = await runReplicas(n);
  console.log(
    `${n} replica(s) behind the queue: acknowledged ${fmt(r.acked)} events/s, stored ${fmt(r.stored)} events/s = ${((100 * r.stored) / raw.rate).toFixed(0)} % of raw insert (CPU: ${cpuText(r.cpu)})`,
  );
}
console.log(`(${EVENTS} events of ${FEATURES} features, batches of ${BATCH}, ${SENDERS} senders; machine: ${(await import('node:os')).cpus().length} CPUs)`);
