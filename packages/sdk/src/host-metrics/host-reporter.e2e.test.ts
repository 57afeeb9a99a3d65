// The host reporter against a local receiver of `POST /v1/hosts/{host}/samples` (the wire schema
// judges every body): samples collected while the server fails (503, then Retry-After) are kept and
// delivered in order once it answers, a refused batch is dropped and reported, the buffer's bound
// drops the oldest, and collecting never waits for a send.

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hostSamplesSchema } from '@vigil/wire';
import type { HostSamples } from '@vigil/wire';
import { HostCollector } from './host-collector.js';
import { HostReporter } from './host-reporter.js';

interface Receiver {
  url: string;
  bodies: HostSamples[];
  /** Statuses to answer before accepting (503, 429, 400, …). */
  script: { status: number; retryAfter?: string }[];
  paths: string[];
  delayMs: number;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], script: [], paths: [], delayMs: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      setTimeout(() => {
        r.paths.push(req.url ?? '');
        const next = r.script.shift();
        if (next !== undefined) {
          res.writeHead(next.status, { 'content-type': 'application/json', ...(next.retryAfter === undefined ? {} : { 'retry-after': next.retryAfter }) });
          res.end(JSON.stringify({ error: { code: 'X', message: `scripted ${next.status}`, details: [{ path: 'samples[0]', message: 'scripted' }] } }));
          return;
        }
        const parsed = hostSamplesSchema.safeParse(JSON.parse(text));
        if (!parsed.success) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: parsed.error.message } }));
          return;
        }
        r.bodies.push(parsed.data);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: 1 }));
      }, r.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  return r;
}

/** A collector that reads no GPU and waits only 20 ms for its first rates. */
const collector = () => new HostCollector({ nvidiaSmi: false, firstIntervalMs: 20 });

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open) await o.close();
  open = [];
});

describe('HostReporter', () => {
  it('keeps samples while the server fails and delivers them in order once it answers', async () => {
    const r = await receiver();
    open.push(r);
    r.script.push({ status: 503 }, { status: 429, retryAfter: '0' }, { status: 502 });
    const warnings: string[] = [];
    const reporter = new HostReporter({
      url: r.url,
      apiKey: 'k',
      host: 'node-1',
      models: ['credit'],
      labels: { zone: 'eu' },
      collector: collector(),
      initialBackoffMs: 1,
      maxBackoffMs: 5,
      maxRetries: 5,
      onWarning: (m) => warnings.push(m),
    });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push((await reporter.collectOnce()).timestamp);
    expect(await reporter.send()).toBe(true);
    expect(r.paths).toEqual(Array(4).fill('/v1/hosts/node-1/samples'));
    expect(r.bodies).toHaveLength(1);
    expect(r.bodies[0]!.samples.map((s) => s.timestamp)).toEqual(times);
    expect(r.bodies[0]!.models).toEqual(['credit']);
    expect(r.bodies[0]!.labels).toEqual({ zone: 'eu' });
    expect(reporter.stats()).toMatchObject({ collected: 3, sent: 3, dropped: 0, buffered: 0 });
    expect(warnings).toEqual([]);
    await reporter.shutdown();
  });

  it('holds samples past its retries for the next send, and drops a batch the server refuses', async () => {
    const r = await receiver();
    open.push(r);
    r.script.push({ status: 500 }, { status: 500 });
    const warnings: string[] = [];
    const reporter = new HostReporter({
      url: r.url,
      apiKey: 'k',
      host: 'node-2',
      collector: collector(),
      maxRetries: 1,
      initialBackoffMs: 1,
      onWarning: (m) => warnings.push(m),
    });
    await reporter.collectOnce();
    expect(await reporter.send()).toBe(false);
    expect(reporter.stats().buffered).toBe(1);
    expect(warnings.some((w) => w.includes('not delivered yet'))).toBe(true);
    await reporter.collectOnce();
    expect(await reporter.send()).toBe(true);
    expect(r.bodies[0]!.samples).toHaveLength(2);
    r.script.push({ status: 400 });
    await reporter.collectOnce();
    expect(await reporter.send()).toBe(true);
    expect(reporter.stats()).toMatchObject({ sent: 2, dropped: 1, buffered: 0 });
    expect(warnings.some((w) => w.includes('refused a batch') && w.includes('samples[0]'))).toBe(true);
    await reporter.shutdown();
  });

  it('drops the oldest samples past its bound, and collects while a send hangs', async () => {
    const r = await receiver();
    open.push(r);
    r.delayMs = 400;
    const reporter = new HostReporter({ url: r.url, apiKey: 'k', host: 'node-3', collector: collector(), maxBuffered: 2, maxBatch: 1 });
    await reporter.collectOnce();
    const sending = reporter.send();
    // The send is in flight for 400 ms; collecting goes on meanwhile.
    const started = Date.now();
    const third = [await reporter.collectOnce(), await reporter.collectOnce(), await reporter.collectOnce()];
    expect(Date.now() - started).toBeLessThan(400);
    expect(reporter.stats().dropped).toBeGreaterThanOrEqual(1);
    await sending;
    await reporter.send();
    // The newest sample always survives.
    expect(r.bodies.flatMap((b) => b.samples.map((s) => s.timestamp))).toContain(third[2]!.timestamp);
    await reporter.shutdown();
  });
});
