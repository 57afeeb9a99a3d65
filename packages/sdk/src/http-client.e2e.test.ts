// The HTTP client against a real ingest server on 127.0.0.1 (test/receiver.ts): batching, retries,
// Retry-After, refusals, partial resends, bounded memory while the server is down, and shutdown.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver } from '../test/receiver.js';
import { createClient } from './http-client.js';
import type { VigilClientOptions } from './client-options.js';
import type { VigilSdkDiagnostic } from './diagnostics.js';
import type { VigilClient } from './vigil-client.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const event = (i: number) => ({ id: `p${i}`, features: { age: 20 + (i % 50), city: i % 2 === 0 ? 'Lyon' : 'Oslo' }, prediction: { label: i % 2, score: 0.5 } });

const open: Array<{ client: VigilClient; receiver: Receiver }> = [];
afterEach(async () => {
  for (const { client, receiver } of open.splice(0)) {
    await client.shutdown();
    await receiver.close();
  }
});

async function setup(options: Partial<VigilClientOptions> = {}, receiverOptions: Parameters<typeof Receiver.start>[0] = {}) {
  const receiver = await Receiver.start(receiverOptions);
  const diagnostics: VigilSdkDiagnostic[] = [];
  const client = createClient({
    url: receiver.url,
    apiKey: receiver.apiKey,
    model: 'churn',
    flushIntervalMs: 60_000,
    initialBackoffMs: 5,
    maxBackoffMs: 40,
    diagnosticsIntervalMs: 20,
    shutdownTimeoutMs: 5_000,
    onError: (d) => diagnostics.push(d),
    ...options,
  });
  open.push({ client, receiver });
  return { receiver, client, diagnostics };
}

describe('batching', () => {
  it('sends a full batch at once and holds a partial one until the interval or flush()', async () => {
    const { receiver, client } = await setup({ maxBatchSize: 5 });
    for (let i = 0; i < 12; i++) client.logPrediction(event(i));
    await receiver.waitFor(() => receiver.accepted.predictions === 10);
    await wait(50);
    expect(receiver.batches.map((b) => b.items.length)).toEqual([5, 5]);
    expect(client.stats()).toMatchObject({ queued: 2, inFlight: 0, sent: 10 });
    await client.flush();
    expect(receiver.batches.map((b) => b.items.length)).toEqual([5, 5, 2]);
    expect(receiver.items('predictions').map((e) => (e as { id: string }).id)).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}`));
    expect(client.stats()).toMatchObject({ queued: 0, inFlight: 0, sent: 12 });
  });

  it('sends partial batches every flushIntervalMs, filling timestamp and version without touching the caller object', async () => {
    const { receiver, client } = await setup({ flushIntervalMs: 30, version: 'v7' });
    const frozen = Object.freeze({ id: 'f', features: Object.freeze({ x: 1 }), prediction: 0.1 });
    const before = Date.now();
    client.logPrediction(frozen);
    client.logPrediction({ ...event(1), version: 'v1', timestamp: '2026-11-27T10:00:00Z' });
    client.logPrediction(event(2));
    await receiver.waitFor(() => receiver.batches.length === 1);
    const after = Date.now();
    expect(frozen).toEqual({ id: 'f', features: { x: 1 }, prediction: 0.1 });
    const [a, b, c] = receiver.items('predictions') as Array<{ version: string; timestamp: number | string }>;
    expect(a).toMatchObject({ id: 'f', version: 'v7' });
    expect(a!.timestamp).toBeGreaterThanOrEqual(before);
    expect(a!.timestamp).toBeLessThanOrEqual(after);
    expect(b).toMatchObject({ version: 'v1', timestamp: '2026-11-27T10:00:00Z' });
    expect(c!.version).toBe('v7');
    client.logPrediction(event(3));
    await receiver.waitFor(() => receiver.batches.length === 2);
    expect(receiver.batches[1]!.items).toHaveLength(1);
  });

  it('stamps an event with the time it was logged, not the time its batch was built', async () => {
    const { receiver, client } = await setup();
    const before = Date.now();
    client.logPrediction(event(0));
    const logged = Date.now();
    await wait(60);
    const flushedAt = Date.now();
    await client.flush();
    const t = (receiver.items('predictions')[0] as { timestamp: number }).timestamp;
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(logged);
    expect(t).toBeLessThan(flushedAt);
  });

  it('sends labels and metrics to their own endpoints, gzip-compressed when asked', async () => {
    const { receiver, client } = await setup({ compression: 'gzip' });
    client.logPrediction(event(0));
    client.logLabel('p0', 1);
    client.logLabel('p1', 'churned', 1_700_000_000_000);
    client.logMetric('gpu_util', 0.73, { gpu: '0' });
    client.logMetric('queue_depth', 4);
    await client.flush();
    // The three streams are sent concurrently: their order of arrival is not fixed.
    expect(receiver.batches.map((b) => [b.stream, b.model, b.contentEncoding, b.items.length]).sort()).toEqual([
      ['labels', 'churn', 'gzip', 2],
      ['metrics', 'churn', 'gzip', 2],
      ['predictions', 'churn', 'gzip', 1],
    ]);
    expect(receiver.items('labels')).toEqual([
      { id: 'p0', label: 1, timestamp: expect.any(Number) as number },
      { id: 'p1', label: 'churned', timestamp: 1_700_000_000_000 },
    ]);
    expect(receiver.items('metrics')).toEqual([
      { name: 'gpu_util', value: 0.73, labels: { gpu: '0' }, timestamp: expect.any(Number) as number },
      { name: 'queue_depth', value: 4, timestamp: expect.any(Number) as number },
    ]);
    expect(client.stats().sent).toBe(5);
  });

  it('splits a batch the server finds too large (413) instead of dropping it', async () => {
    const { receiver, client } = await setup({ maxBatchSize: 1000 }, { maxBodyBytes: 4_000 });
    for (let i = 0; i < 200; i++) client.logPrediction(event(i));
    await client.flush();
    expect(receiver.requests.some((r) => r.status === 413)).toBe(true);
    expect(receiver.accepted.predictions).toBe(200);
    expect(new Set(receiver.items('predictions').map((e) => (e as { id: string }).id)).size).toBe(200);
    expect(client.stats().dropped).toEqual({ queueFull: 0, invalid: 0, rejected: 0, retriesExhausted: 0, shutdown: 0 });
  });
});

describe('retries', () => {
  it('delivers everything once the server comes back', async () => {
    const { receiver, client } = await setup({ maxRetries: 1_000 });
    await receiver.down();
    for (let i = 0; i < 10; i++) client.logPrediction(event(i));
    const flushed = client.flush();
    await wait(150);
    expect(client.stats()).toMatchObject({ queued: 0, inFlight: 10, sent: 0 });
    await receiver.up();
    await flushed;
    expect(receiver.items('predictions').map((e) => (e as { id: string }).id)).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`));
    expect(client.stats()).toMatchObject({ queued: 0, inFlight: 0, sent: 10 });
    expect(client.stats().dropped.retriesExhausted).toBe(0);
  });

  it('retries 500 and 503, and drops after maxRetries', async () => {
    const { receiver, client, diagnostics } = await setup({ maxRetries: 2 });
    receiver.script.push({ status: 500 }, { status: 503 });
    client.logPrediction(event(0));
    await client.flush();
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(receiver.accepted.predictions).toBe(1);

    receiver.script.push({ status: 502 }, { status: 502 }, { status: 502 });
    client.logPrediction(event(1));
    await client.flush();
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 503, 200, 502, 502, 502]);
    expect(client.stats().dropped.retriesExhausted).toBe(1);
    await receiver.waitFor(() => diagnostics.length > 0);
    expect(diagnostics[0]!.samples[0]).toMatchObject({ reason: 'retriesExhausted', status: 502, stream: 'predictions' });
  });

  it('waits as long as a 429 Retry-After asks, even when its own backoff is shorter', async () => {
    const { receiver, client } = await setup({ initialBackoffMs: 1, maxBackoffMs: 5 });
    receiver.script.push({ status: 429, retryAfter: '1' });
    client.logPrediction(event(0));
    await client.flush();
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 200]);
    const gap = receiver.requests[1]!.at - receiver.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(990);
  });
});

describe('refusals', () => {
  it('does not retry a 401 and reports the drop with the status', async () => {
    const { receiver, client, diagnostics } = await setup({ apiKey: 'wrong-key' });
    for (let i = 0; i < 3; i++) client.logPrediction(event(i));
    await client.flush();
    await wait(30);
    expect(receiver.requests.map((r) => r.status)).toEqual([401]);
    expect(client.stats().dropped.rejected).toBe(3);
    await receiver.waitFor(() => diagnostics.length > 0);
    expect(diagnostics[0]!.message).toContain('HTTP 401: a valid API key is required');
    expect(diagnostics[0]!.dropped.rejected).toBe(3);
  });

  it('on a 400 drops only the events the server named and resends the rest once', async () => {
    const { receiver, client, diagnostics } = await setup({ maxBatchSize: 10 });
    receiver.rejectIds.add('p3').add('p7');
    for (let i = 0; i < 10; i++) client.logPrediction(event(i));
    await client.flush();
    expect(receiver.requests.map((r) => [r.status, r.count])).toEqual([
      [400, 10],
      [200, 8],
    ]);
    expect(receiver.items('predictions').map((e) => (e as { id: string }).id)).toEqual(['p0', 'p1', 'p2', 'p4', 'p5', 'p6', 'p8', 'p9']);
    expect(client.stats()).toMatchObject({ sent: 8, dropped: { rejected: 2 } });
    await receiver.waitFor(() => diagnostics.length > 0);
    expect(diagnostics[0]!.samples.map((s) => [s.id, s.path, s.status])).toEqual([
      ['p3', 'id', 400],
      ['p7', 'id', 400],
    ]);
  });

  it('resends only once: a second 400 drops the rest, and a 400 without indexes drops the batch', async () => {
    const { receiver, client } = await setup();
    const refusal = (index: number) => ({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: `events[${index}].features.x`, message: 'no', index }] } },
    });
    receiver.script.push(refusal(3), refusal(0));
    for (let i = 0; i < 10; i++) client.logPrediction(event(i));
    await client.flush();
    expect(receiver.requests.map((r) => r.status)).toEqual([400, 400]);
    expect(client.stats().dropped.rejected).toBe(10);

    receiver.script.push({ status: 400, body: { error: { code: 'INVALID_JSON', message: 'not JSON' } } });
    for (let i = 10; i < 15; i++) client.logPrediction(event(i));
    await client.flush();
    expect(receiver.requests.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(client.stats()).toMatchObject({ sent: 0, dropped: { rejected: 15 } });
  });

  it('drops invalid events before sending, naming the zod path, so the server never refuses the batch', async () => {
    const { receiver, client, diagnostics } = await setup();
    client.logPrediction(event(0));
    client.logPrediction({ id: 'bad-age', features: { age: [1] as unknown as number }, prediction: 1 });
    client.logPrediction({ id: '', features: {}, prediction: 1 });
    client.logPrediction({ ...event(1), latencyMs: -3 });
    client.logLabel('p0', undefined as unknown as number);
    client.logMetric('9 bad name', 1);
    client.logMetric('fine_metric', Number.NaN);
    client.logPrediction(event(2));
    await client.flush();
    expect(receiver.requests.every((r) => r.status === 200)).toBe(true);
    expect(receiver.items('predictions').map((e) => (e as { id: string }).id)).toEqual(['p0', 'p2']);
    expect(receiver.items('labels')).toEqual([]);
    expect(client.stats().dropped.invalid).toBe(6);
    await receiver.waitFor(() => diagnostics.length > 0);
    expect(diagnostics[0]!.samples.map((s) => [s.stream, s.path, s.id])).toEqual([
      ['predictions', 'features.age', 'bad-age'],
      ['predictions', 'id', ''],
      ['predictions', 'latencyMs', 'p1'],
      ['labels', 'label', 'p0'],
      ['metrics', 'name', undefined],
      ['metrics', 'value', undefined],
    ]);
  });
});

describe('never in the caller’s way', () => {
  it('logPrediction, logLabel and logMetric never throw, whatever they are given, before and after shutdown', async () => {
    const { receiver, client } = await setup();
    const circular: Record<string, unknown> = { x: 1 };
    circular.self = circular;
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no reading');
        },
        ownKeys() {
          throw new Error('no listing');
        },
      },
    );
    const getter = Object.defineProperty({}, 'id', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const garbage: unknown[] = [
      undefined,
      null,
      0,
      'x',
      Symbol('s'),
      [],
      () => 1,
      hostile,
      getter,
      { id: 'c', features: circular, prediction: 1 },
      { id: 'b', features: { big: 10n }, prediction: 1 },
    ];
    const all = () => {
      for (const g of garbage) {
        client.logPrediction(g as never);
        client.logLabel(g as never, g as never, g as never);
        client.logMetric(g as never, g as never, g as never, g as never);
      }
    };
    expect(all).not.toThrow();
    client.logPrediction(event(0));
    await client.flush();
    expect(receiver.items('predictions').map((e) => (e as { id: string }).id)).toEqual(['p0']);
    expect(client.stats().dropped.invalid).toBe(garbage.length * 3);
    await client.shutdown();
    expect(all).not.toThrow();
    expect(client.stats().dropped.shutdown).toBe(garbage.length * 3);
  });

  it('holds at most maxQueueSize events while the server is down, counting the rest, then delivers the kept ones', async () => {
    const { receiver, client, diagnostics } = await setup({
      maxQueueSize: 500,
      maxBatchSize: 100,
      maxConcurrentRequests: 2,
      flushIntervalMs: 10,
      maxRetries: 100_000,
      maxBackoffMs: 20,
    });
    await receiver.down();
    let most = 0;
    for (let chunk = 0; chunk < 50; chunk++) {
      for (let i = 0; i < 100; i++) client.logPrediction(event(chunk * 100 + i));
      const s = client.stats();
      most = Math.max(most, s.queued + s.inFlight);
      await wait(2);
    }
    const s = client.stats();
    expect(most).toBe(500);
    expect(s.queued + s.inFlight).toBe(500);
    expect(s.dropped.queueFull).toBe(4_500);
    expect(s.sent).toBe(0);
    await receiver.waitFor(() => diagnostics.length > 0);
    expect(diagnostics[0]!.message).toMatch(/queue full/);
    await receiver.up();
    await client.flush();
    // The first 500 logged are the ones kept (two batches retry side by side, so arrival order may vary).
    const ids = receiver.items('predictions').map((e) => Number((e as { id: string }).id.slice(1)));
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(client.stats()).toMatchObject({ queued: 0, inFlight: 0, sent: 500 });
  });
});

describe('shutdown', () => {
  it('flushes what is queued; a second call is the same promise and sends nothing more', async () => {
    const { receiver, client } = await setup();
    for (let i = 0; i < 7; i++) client.logPrediction(event(i));
    const first = client.shutdown();
    const second = client.shutdown();
    expect(second).toBe(first);
    await first;
    expect(receiver.accepted.predictions).toBe(7);
    const requests = receiver.requests.length;
    await client.shutdown();
    client.logPrediction(event(99));
    await client.flush();
    await wait(30);
    expect(receiver.requests.length).toBe(requests);
    expect(client.stats()).toMatchObject({ sent: 7, dropped: { shutdown: 1 } });
  });

  it('gives up after shutdownTimeoutMs when the server stays down, counting what it dropped', async () => {
    const { receiver, client, diagnostics } = await setup({ shutdownTimeoutMs: 100, maxRetries: 100_000, maxBatchSize: 10, maxConcurrentRequests: 1 });
    await receiver.down();
    for (let i = 0; i < 35; i++) client.logPrediction(event(i));
    const t0 = performance.now();
    await client.shutdown();
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(client.stats()).toMatchObject({ queued: 0, inFlight: 0, sent: 0, dropped: { shutdown: 35 } });
    expect(diagnostics.at(-1)!.dropped.shutdown).toBeGreaterThan(0);
  });

  it('does not keep the process alive on its own', async () => {
    const script = fileURLToPath(new URL('../test/idle-client-process.ts', import.meta.url));
    const t0 = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--conditions=@vigil/source', '--import', 'tsx', script], { stdio: 'ignore' });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('the process did not exit within 15 s'));
      }, 15_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
