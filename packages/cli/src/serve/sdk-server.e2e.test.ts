// @vigil/sdk against the real Vigil server on loopback: batching, the label join, retry while the
// server restarts on the same port and store, and shutdown() flushing.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '@vigil/sdk';
import { generateKey, startServer } from '@vigil/server';
import type { RunningServer } from '@vigil/server';
import { predictionRecordSchema } from '@vigil/wire';

const dir = mkdtempSync(join(tmpdir(), 'vigil-sdk-'));
const adminKey = generateKey().token;
let server: RunningServer;

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = (port = 0) => startServer({ host: '127.0.0.1', port, data: dir, adminKey, logLevel: 'silent' }, { loops: false });
const event = (i: number) => ({
  id: `r${i}`,
  features: { amount: i % 97, channel: i % 2 === 0 ? 'web' : 'app' },
  prediction: { label: i % 3 === 0 ? 1 : 0, score: (i % 10) / 10 },
});

async function stored(): Promise<number> {
  const m = await server.store.findModel(1, 'fraud');
  return server.store.countPredictions(m!.id);
}

describe('SDK → Vigil server', () => {
  it('batches predictions and labels into the real server', async () => {
    server = await start();
    const created = await fetch(`${server.url}/v1/models`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'fraud', type: 'binary' }),
    });
    expect(created.status).toBe(201);
    const client = createClient({ url: server.url, apiKey: adminKey, model: 'fraud', maxBatchSize: 1000, flushIntervalMs: 50 });
    for (let i = 0; i < 2500; i++) client.logPrediction(event(i));
    client.logLabel('r3', 1);
    await client.flush();
    expect(await stored()).toBe(2500);
    expect(client.stats().sent).toBe(2501);
    const rec = await fetch(`${server.url}/v1/models/fraud/predictions/r3`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(predictionRecordSchema.parse(await rec.json()).label?.value).toBe(1);
    await client.shutdown();
  });

  it('keeps retrying while the server restarts, then delivers everything once', async () => {
    const port = Number(new URL(server.url).port);
    const client = createClient({ url: server.url, apiKey: adminKey, model: 'fraud', flushIntervalMs: 20, maxRetries: 100 });
    await server.close();
    for (let i = 2500; i < 3000; i++) client.logPrediction(event(i));
    await new Promise((r) => setTimeout(r, 300)); // a few failed attempts while nothing listens
    expect(client.stats().sent).toBe(0);
    server = await start(port);
    await client.flush();
    expect(await stored()).toBe(3000);
    expect(client.stats().dropped).toMatchObject({ queueFull: 0, invalid: 0, rejected: 0, retriesExhausted: 0 });
    // shutdown() flushes what is still queued.
    for (let i = 3000; i < 3100; i++) client.logPrediction(event(i));
    await client.shutdown();
    expect(await stored()).toBe(3100);
  });

  it('counts events the server rejects without losing the rest of the batch', async () => {
    const diagnostics: unknown[] = [];
    const client = createClient({ url: server.url, apiKey: adminKey, model: 'fraud', flushIntervalMs: 20, onError: (d) => diagnostics.push(d) });
    // A score above 1 passes the wire schema but not a binary model's: the server names the index.
    client.logPrediction({ ...event(5000), prediction: { score: 3 } });
    client.logPrediction(event(5001));
    await client.flush();
    expect((await fetch(`${server.url}/v1/models/fraud/predictions/r5001`, { headers: { authorization: `Bearer ${adminKey}` } })).status).toBe(200);
    expect(client.stats().dropped.rejected).toBe(1);
    await client.shutdown();
  });
});
