// Scale-out, with real `vigil serve` processes on one PostgreSQL schema and the local NATS
// JetStream: replicas SIGKILLed mid-ingest and mid-alerting, and NATS cut away during ingest.
// What is acknowledged is stored exactly once; each notification reaches the webhook exactly once.

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKey } from '../keys/api-keys.js';
import { createTestSchema } from '../testing.js';
import { CuttableProxy, Replica, waitFor } from './replica-harness.js';

const NATS = 'nats://127.0.0.1:4222';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

/** A fresh schema, a stream and consumer named for this test, and the flags replicas need for them. */
async function cluster(tag: string): Promise<{ store: string; adminKey: string; queueArgs: string[]; db: pg.Client }> {
  const schema = await createTestSchema();
  const stream = `VT_${tag}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const db = new pg.Client({ connectionString: schema.url });
  await db.connect();
  cleanups.push(async () => {
    await db.end();
    await schema.drop();
    const nc = await connect({ servers: NATS });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
  });
  return {
    store: schema.url,
    adminKey: generateKey().token,
    queueArgs: ['--queue-stream', stream, '--queue-consumer', `${stream}_w`, '--queue-ack-wait', '3s'],
    db,
  };
}

async function startReplicas(n: number, options: { store: string; adminKey: string; args: string[] }): Promise<Replica[]> {
  const replicas = await Promise.all(Array.from({ length: n }, () => Replica.start(options)));
  cleanups.push(() => Promise.all(replicas.map((r) => r.kill())));
  return replicas;
}

async function storedIds(db: pg.Client, model: string): Promise<{ total: number; distinct: number }> {
  const r = await db.query<{ total: string; distinct: string }>(
    'select count(*) as total, count(distinct p.event_id) as distinct from predictions p join models m on m.id = p.model_id where m.name = $1',
    [model],
  );
  return { total: Number(r.rows[0]!.total), distinct: Number(r.rows[0]!.distinct) };
}

const batchOf = (ids: readonly string[]) => ({ events: ids.map((id, i) => ({ id, features: { x: i % 17 }, prediction: (i % 10) / 10 })) });

describe('scale-out on PostgreSQL and NATS JetStream', () => {
  it('stores every acknowledged event exactly once with three replicas, four senders and one replica SIGKILLed mid-ingest', { timeout: 60_000 }, async () => {
    const c = await cluster('kill');
    const replicas = await startReplicas(3, { store: c.store, adminKey: c.adminKey, args: ['--queue', NATS, ...c.queueArgs] });
    expect((await replicas[0]!.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric' } })).status).toBe(201);

    const SENDERS = 4;
    const BATCHES = 40;
    const SIZE = 50;
    const acked = new Set<string>();
    let ackedBatches = 0;
    let refused = 0;
    const victim = replicas[1]!;
    let killed: Promise<void> | undefined;
    let restarted = false;
    let ackedByRestarted = 0;
    const send = async (sender: number) => {
      // Every sender goes on until the killed replica is back and has taken traffic again.
      for (let b = 0; b < BATCHES || ackedByRestarted < SENDERS; b++) {
        const ids = Array.from({ length: SIZE }, (_, i) => `s${sender}-b${b}-e${i}`);
        // As the SDK does: a batch not acknowledged goes again (to the next replica) until one acknowledges it.
        for (let attempt = 0; ; attempt++) {
          const r = replicas[(sender + b + attempt) % replicas.length]!;
          const status = await r.request('POST', '/v1/models/m/predictions', batchOf(ids)).then(
            (x) => x.status,
            () => 0,
          );
          if (status === 200) {
            if (r === victim && restarted) ackedByRestarted++;
            break;
          }
          refused++;
          await new Promise((res) => setTimeout(res, 100));
        }
        for (const id of ids) acked.add(id);
        ackedBatches++;
        // A quarter of the way in, one replica dies without warning, and comes back 1.5 s later.
        if (ackedBatches === (SENDERS * BATCHES) / 4 && killed === undefined)
          killed = victim.kill().then(async () => {
            await new Promise((res) => setTimeout(res, 1500));
            await victim.restart();
            restarted = true;
          });
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, s) => send(s)));
    await killed;
    expect(acked.size).toBeGreaterThanOrEqual(SENDERS * BATCHES * SIZE);
    expect(refused, 'requests the killed replica could not answer').toBeGreaterThan(0);
    expect(ackedByRestarted, 'batches the restarted replica acknowledged').toBeGreaterThan(0);

    await waitFor('every acknowledged event in PostgreSQL', async () => (await storedIds(c.db, 'm')).total >= acked.size, 30_000, 250);
    const stored = await storedIds(c.db, 'm');
    expect(stored).toEqual({ total: acked.size, distinct: acked.size });
    // Sampled ids, each there exactly once.
    const sample = [...acked].filter((_, i) => i % 97 === 0);
    const found = await c.db.query<{ event_id: string; n: string }>(
      'select event_id, count(*) as n from predictions where event_id = any($1) group by event_id',
      [sample],
    );
    expect(found.rows.length).toBe(sample.length);
    for (const row of found.rows) expect(row.n).toBe('1');
    // The queue drains: every replica reads a lag of 0 once the consumer group acked everything.
    await waitFor('queue lag 0 on every replica', async () => (await Promise.all(replicas.map((r) => r.health()))).every((h) => h.queue?.lag === 0), 10_000);
    const roles = (await Promise.all(replicas.map((r) => r.health()))).map((h) => h.role);
    expect(roles.filter((r) => r === 'leader')).toHaveLength(1);
    const redeliveries = (await Promise.all(replicas.map((r) => r.health()))).map((h) => h.queue?.redeliveries ?? 0);
    // /metrics says the same: one leader, no lag, the redeliveries /healthz counts.
    const scrape = await Promise.all(replicas.map(async (r) => (await fetch(`${r.url}/metrics`)).text()));
    const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(scrape.map((t) => value(t, 'vigil_cluster_leader')).reduce((x, y) => x + y, 0)).toBe(1);
    expect(scrape.map((t) => value(t, 'vigil_queue_lag_batches'))).toEqual([0, 0, 0]);
    expect(scrape.map((t) => value(t, 'vigil_queue_redeliveries_total'))).toEqual(redeliveries);
    expect(scrape.map((t) => value(t, 'vigil_queue_connected'))).toEqual([1, 1, 1]);
    console.log(`scale-out kill test: ${acked.size} events acknowledged, ${refused} requests refused, redeliveries per replica ${redeliveries.join('/')}`);
  });

  it(
    'hands background work over when the leader is SIGKILLed while alerts are due: each notification reaches the webhook exactly once',
    { timeout: 60_000 },
    async () => {
      const c = await cluster('lead');
      const received: { monitor: string; status: string }[] = [];
      const hook: Server = createServer((req, res) => {
        let body = '';
        req.on('data', (b: Buffer) => (body += b.toString()));
        req.on('end', () => {
          const payload = JSON.parse(body) as { status: string; alerts: { labels: Record<string, string> }[] };
          for (const a of payload.alerts) received.push({ monitor: a.labels['monitor'] ?? '?', status: payload.status });
          res.writeHead(200).end('ok');
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      cleanups.push(() => new Promise<void>((r) => hook.close(() => r())));
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const args = ['--webhook-allowlist', '127.0.0.1/32'];
      // The first replica leads (it starts alone); the second follows.
      const [first] = await startReplicas(1, { store: c.store, adminKey: c.adminKey, args });
      expect((await first!.health()).role).toBe('leader');
      const [second] = await startReplicas(1, { store: c.store, adminKey: c.adminKey, args });
      expect((await second!.health()).role).toBe('follower');

      expect((await first!.request('POST', '/v1/models', { name: 'm', type: 'regression' })).status).toBe(201);
      expect((await first!.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url })).status).toBe(201);
      const policy = { route: { receiver: 'hook', groupBy: ['monitor'], groupWait: '1s', groupInterval: '1s', repeatInterval: '24h' } };
      expect((await first!.request('PUT', '/v1/notification-policy', policy)).status).toBe(200);
      // Volume monitors that fire at once (no traffic at all): half while the first replica leads, half just before it dies.
      const monitor = (name: string) => ({ name, model: 'm', type: 'volume', min: 1, window: '5m', interval: '30s' });
      const names = Array.from({ length: 12 }, (_, i) => `quiet-${i}`);
      for (const n of names.slice(0, 6)) expect((await second!.request('POST', '/v1/monitors', monitor(n))).status).toBe(201);
      await waitFor('a first notification from the leader', () => received.length > 0, 20_000);
      for (const n of names.slice(6)) expect((await second!.request('POST', '/v1/monitors', monitor(n))).status).toBe(201);
      await first!.kill();

      await waitFor('the follower to lead', async () => (await second!.health()).role === 'leader', 10_000);
      await waitFor('a notification per monitor', () => new Set(received.map((r) => r.monitor)).size === names.length, 25_000);
      // Time for any second copy to arrive.
      await new Promise((r) => setTimeout(r, 3000));
      const perMonitor = new Map<string, number>();
      for (const r of received) perMonitor.set(r.monitor, (perMonitor.get(r.monitor) ?? 0) + 1);
      expect(Object.fromEntries(perMonitor)).toEqual(Object.fromEntries(names.map((n) => [n, 1])));
      expect(received.every((r) => r.status === 'firing')).toBe(true);
    },
  );

  it('answers 503 with Retry-After while NATS is cut away, and loses nothing it acknowledged', { timeout: 60_000 }, async () => {
    const c = await cluster('cut');
    const proxy = await CuttableProxy.start({ host: '127.0.0.1', port: 4222 });
    cleanups.push(() => proxy.cut());
    const [replica] = await startReplicas(1, { store: c.store, adminKey: c.adminKey, args: ['--queue', `nats://127.0.0.1:${proxy.port}`, ...c.queueArgs] });
    await waitFor('the queue to be ready', async () => (await replica!.health()).queue?.connected === true, 15_000);
    expect((await replica!.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric' } })).status).toBe(201);

    const acked = new Set<string>();
    const refusals: { status: number; retryAfter: string | null }[] = [];
    let cut: Promise<void> | undefined;
    for (let b = 0; b < 60; b++) {
      const ids = Array.from({ length: 20 }, (_, i) => `b${b}-e${i}`);
      for (;;) {
        const r = await replica!.request('POST', '/v1/models/m/predictions', batchOf(ids));
        if (r.status === 200) break;
        refusals.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
        await new Promise((res) => setTimeout(res, 250));
      }
      for (const id of ids) acked.add(id);
      if (b === 15) {
        await proxy.cut();
        cut = new Promise((res) => setTimeout(res, 4000)).then(() => proxy.restore());
      }
    }
    await cut;
    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) expect(r).toEqual({ status: 503, retryAfter: '2' });
    await waitFor('every acknowledged event in PostgreSQL', async () => (await storedIds(c.db, 'm')).total >= acked.size, 20_000, 250);
    expect(await storedIds(c.db, 'm')).toEqual({ total: acked.size, distinct: acked.size });

    // Labels and custom metrics go through the queue too; a metrics batch without ids sent twice is stored once.
    const labels = { labels: Array.from({ length: 20 }, (_, i) => ({ id: `b0-e${i}`, label: i % 2 })) };
    const metrics = { metrics: Array.from({ length: 5 }, (_, i) => ({ name: 'gpu_util', value: i / 10 })) };
    for (const [path, body] of [
      ['labels', labels],
      ['metrics', metrics],
      ['metrics', metrics],
    ] as const)
      expect((await replica!.request('POST', `/v1/models/m/${path}`, body)).status).toBe(200);
    const count = async (table: string) => Number((await c.db.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
    await waitFor('labels and metrics written', async () => (await count('labels')) === 20 && (await count('custom_metrics')) >= 5, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect([await count('labels'), await count('custom_metrics')]).toEqual([20, 5]);
  });
});
