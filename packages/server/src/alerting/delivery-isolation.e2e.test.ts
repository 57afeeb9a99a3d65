// A receiver that never answers stalls nothing else: with the server's own loops running, the other
// channel's notification arrives promptly and monitors keep being evaluated, while the hung send
// waits for its timeout (issue 15, item 11).

import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorSchema } from '@vigil/wire';
import { serverConfigSchema } from '../config.js';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let now = Date.UTC(2026, 10, 27, 15);
let s: TestServer;
let hung: Server;
let ok: Server;
const held: ServerResponse[] = [];
const delivered: number[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

/** Polls `check` until it holds or `ms` pass; answers how long it took. */
async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
}

const lastEvaluated = async (name: string) => monitorSchema.parse((await s.request('GET', `/v1/monitors/${name}`)).body).lastEvaluatedAt;

beforeAll(async () => {
  // Takes the request and never answers it.
  hung = createServer((_req, res) => void held.push(res));
  ok = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered.push(now);
      res.end('ok');
    });
  });
  const [hungUrl, okUrl] = [await listen(hung), await listen(ok)];
  // The receivers are on loopback, which webhooks reach only when allowed (where the server has the setting).
  const allowLoopback = 'webhookAllowlist' in serverConfigSchema.shape ? { webhookAllowlist: ['127.0.0.1'] } : {};
  s = await createTestServer({ alertInterval: 50, ...allowLoopback }, { clock: () => now, loops: true });
  expect((await s.request('POST', '/v1/models', { name: 'm', type: 'regression' })).status).toBe(201);
  // The hung channel comes first: its notification is first in the outbox.
  for (const [name, url] of [
    ['hung', hungUrl],
    ['ok', okUrl],
  ] as const) {
    expect((await s.request('POST', '/v1/channels', { name, type: 'webhook', url })).status).toBe(201);
    // A volume monitor that fires at once: no traffic at all in the window.
    const monitor = { name: `quiet-${name}`, model: 'm', type: 'volume', min: 1, window: '5m', interval: '30s', channels: [name] };
    expect((await s.request('POST', '/v1/monitors', monitor)).status).toBe(201);
  }
});
afterAll(async () => {
  await s.close();
  for (const res of held) res.destroy();
  hung.closeAllConnections();
  await new Promise((r) => hung.close(r));
  await new Promise((r) => ok.close(r));
});

describe('delivery beside a receiver that never answers', () => {
  it('delivers the other channel promptly and keeps evaluating monitors', async () => {
    await within(5000, async () => (await lastEvaluated('quiet-ok')) !== null && (await lastEvaluated('quiet-hung')) !== null);
    // Past group_wait: both notifications are due; the hung receiver takes its request and holds it.
    now += 31_000;
    await within(5000, () => held.length >= 1);
    await within(2000, () => delivered.length >= 1);
    // Monitors are still evaluated on time while the hung send is in flight (its timeout is 10 s).
    const before = await lastEvaluated('quiet-hung');
    now += 31_000;
    await within(2000, async () => (await lastEvaluated('quiet-hung')) !== before && (await lastEvaluated('quiet-ok')) !== before);
    expect(held.length).toBe(1);
  });
});
