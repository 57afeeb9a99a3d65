// The SDK's experiments against a real Vigil server: assign() computes locally the variant the
// server's /assign answers for every unit, queues the exposures, logOutcome() the outcomes, and after
// flush() the server's results count exactly those units and values; an outcome for a metric the
// experiment lacks is dropped and reported, the others of its batch delivered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@vigil/sdk';
import type { VigilClient, VigilSdkDiagnostic } from '@vigil/sdk';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { experimentResultsSchema } from '@vigil/wire';

let s: TestServer;
let client: VigilClient;
const diagnostics: VigilSdkDiagnostic[] = [];

beforeAll(async () => {
  s = await createTestServer();
  const created = await s.request('POST', '/v1/experiments', {
    name: 'banner',
    coverage: 0.8,
    variants: [
      { name: 'control', weight: 0.3 },
      { name: 'blue', weight: 0.3 },
      { name: 'green', weight: 0.4 },
    ],
    metrics: [{ name: 'clicks', kind: 'mean' }],
  });
  expect(created.status).toBe(201);
  const key = (await s.request('POST', '/v1/keys', { name: 'app', scopes: ['ingest', 'read'] })).body.key as string;
  client = createClient({ url: s.url, apiKey: key, model: 'unused', flushIntervalMs: 60_000, diagnosticsIntervalMs: 10, onError: (d) => diagnostics.push(d) });
});
afterAll(async () => {
  await client.shutdown();
  await s.close();
});

describe('SDK experiments', () => {
  it('assigns locally as the server does, and its exposures and outcomes reach the results', async () => {
    const units = Array.from({ length: 400 }, (_, i) => `visitor-${i}`);
    const local = await Promise.all(units.map((u) => client.assign('banner', u)));
    const counts = new Map<string, number>();
    let clicks = 0;
    for (const [i, u] of units.entries()) {
      const server = (await s.request('GET', `/v1/experiments/banner/assign?unit=${u}`)).body as { variant: string | null; index: number; hash: number };
      expect(local[i]).toEqual(server);
      if (local[i]!.variant === null) continue;
      counts.set(local[i]!.variant!, (counts.get(local[i]!.variant!) ?? 0) + 1);
      if (i % 3 === 0) {
        client.logOutcome('banner', u, 'clicks', 2);
        clicks += 2;
      }
    }
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(250); // 80 % coverage
    expect(counts.size).toBe(3);
    // One bad outcome in the batch: dropped, the rest delivered.
    client.logOutcome('banner', units[0]!, 'nope', 1);
    await client.flush();

    const r = experimentResultsSchema.parse((await s.request('GET', '/v1/experiments/banner/results')).body);
    expect(Object.fromEntries(r.units.variants.map((v) => [v.name, v.n]))).toEqual({
      control: counts.get('control') ?? 0,
      blue: counts.get('blue') ?? 0,
      green: counts.get('green') ?? 0,
    });
    const m = r.metrics[0]!;
    const total = m.variants.reduce((a, v) => a + (v.mean ?? 0) * v.n, 0);
    expect(total).toBeCloseTo(clicks, 9);
    await new Promise((res) => setTimeout(res, 50));
    const samples = diagnostics.flatMap((d) => d.samples);
    expect(samples).toEqual([expect.objectContaining({ reason: 'rejected', stream: 'outcomes', status: 400, path: expect.stringMatching(/metric$/) })]);
    expect(client.stats().dropped.rejected).toBe(1);
  });

  it('answers no variant, and logs nothing, for an experiment it cannot read', async () => {
    const before = client.stats().sent;
    expect(await client.assign('missing', 'visitor-1')).toEqual({ variant: null, index: -1, hash: null });
    await client.flush();
    expect(client.stats().sent).toBe(before);
  });
});
