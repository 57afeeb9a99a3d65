// The demo end to end at high speed: a real server, real traffic through @vigil/sdk, and the
// story's promises checked through the public API (docs/demo.md).

import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '@vigil/server';
import { alertListSchema, driftResponseSchema, seriesResponseSchema } from '@vigil/wire';
import { DRIFTED_FEATURES } from './demo-story.js';
import { profileAll } from '@vigil/server/testing';
import { DEMO_MODEL_NAME, startDemo } from './run-demo.js';
import type { RunningDemo } from './run-demo.js';

const HOUR = 3_600_000;
const SPEED = 3600; // one simulated hour per real second
const MINUTE = 60_000;
// The real clock the demo reads; after the story (when the demo's clock runs at real time) the
// test moves it on instead of waiting.
let skew = 0;
const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
let demo: RunningDemo;
let coverageMidway: number;
let midwayAt: number;
const hooks: { signature: string | undefined; body: string }[] = [];
let receiver: Server;
const SECRET = 'demo-secret';
const silent = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };

async function get(path: string): Promise<unknown> {
  const r = await fetch(`${demo.server.url}${path}`, { headers: { authorization: `Bearer ${demo.adminKey}` } });
  const body: unknown = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function series(metric: string, from: number, to: number, step: string) {
  return seriesResponseSchema.parse(await get(`/v1/models/${DEMO_MODEL_NAME}/series?metric=${metric}&from=${from}&to=${to}&step=${step}`));
}

const at = (simMs: number) => demo.storyStart + simMs;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooks.push({ signature: req.headers['x-vigil-signature'] as string | undefined, body });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  demo = await startDemo(
    { server: serverConfigSchema.parse({ port: 0, data: dir, logLevel: 'silent' }), speed: SPEED, seed: 1, now: () => Date.now() + skew },
    silent,
  );
  // Route every alert to a signed webhook, as a team would.
  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${demo.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${demo.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect(
    (await post('/v1/channels', { name: 'oncall', type: 'webhook', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, secret: SECRET }))
      .status,
  ).toBe(201);
  expect((await post('/v1/notification-policy', { route: { receiver: 'oncall', groupBy: ['alertname', 'model'] } }, 'PUT')).status).toBe(200);
  // Midway (simulated 2:30), the first hour has only some of its labels.
  while (demo.simNow() - demo.storyStart < 2.5 * HOUR) await new Promise((r) => setTimeout(r, 50));
  await profileAll(demo.server, demo.simNow());
  coverageMidway = (await series('label_coverage', at(0), at(HOUR), '1h')).points[0]!.value!;
  // The story goes on while the profiler works: on a loaded machine "midway" may come late.
  midwayAt = demo.simNow() - demo.storyStart;
  await demo.finished;
  // Ten minutes on, judged and dispatched minute by minute, so that alerts wait out their
  // group_wait and group_interval however few alerting ticks a busy machine ran during the story.
  for (let i = 0; i < 10; i++) {
    skew += MINUTE;
    await demo.flush();
    await profileAll(demo.server, demo.simNow());
    await demo.server.services.alerting.tick(demo.simNow());
  }
}, 60_000);

afterAll(async () => {
  await demo.stop();
  await new Promise((r) => receiver.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('vigil demo', () => {
  it('flags exactly the drifted features once the drift is in, and none in the reference window', async () => {
    const after = driftResponseSchema.parse(await get(`/v1/models/${DEMO_MODEL_NAME}/drift?from=${at(1.5 * HOUR)}&to=${at(2.5 * HOUR)}`));
    expect(after.basis).toBe('exact');
    expect(
      after.features
        .filter((f) => f.drifted)
        .map((f) => f.name)
        .sort(),
    ).toEqual([...DRIFTED_FEATURES].sort());
    // Evidently's defaults for a reference of more than 1000 rows: normed Wasserstein or Jensen–Shannon.
    for (const f of after.features) expect(['wasserstein', 'jensenshannon']).toContain(f.method);
    const before = driftResponseSchema.parse(await get(`/v1/models/${DEMO_MODEL_NAME}/drift?from=${at(0)}&to=${at(40 * 60_000)}`));
    expect(before.features.filter((f) => f.drifted)).toEqual([]);
    // The sketch-based series agrees for the drifted hour.
    const s = await series('drift', at(1.5 * HOUR), at(2.5 * HOUR), '1h');
    const flagged = s.points.filter((p) => p.labels?.['drifted'] === 'true').map((p) => p.labels!['feature']);
    expect([...new Set(flagged)].sort()).toEqual([...DRIFTED_FEATURES].sort());
  });

  it('shows label coverage growing as labels arrive late', async () => {
    const final = (await series('label_coverage', at(0), at(HOUR), '1h')).points[0]!.value!;
    expect(coverageMidway).toBeGreaterThan(0.2);
    // Labels of the first hour come 30–180 minutes late: read before 3:00, some were still missing.
    if (midwayAt < 3 * HOUR) expect(final).toBeGreaterThan(coverageMidway);
    else expect(final).toBeGreaterThanOrEqual(coverageMidway);
    expect(final).toBeGreaterThan(0.9); // 5 % of labels never come
  });

  it('shows realized accuracy falling after the concept change while the estimate does not', async () => {
    const acc = await series('accuracy', at(0), at(6 * HOUR), '1h');
    const v = (h: number) => acc.points.find((p) => p.t === new Date(at(h * HOUR)).toISOString())!.value!;
    const before = (v(0) + v(1)) / 2;
    const after = (v(3) + v(4)) / 2;
    expect(before - after).toBeGreaterThan(0.05);
    const est = await series('estimated_accuracy', at(0), at(6 * HOUR), '1h');
    const e = (h: number) => est.points.find((p) => p.t === new Date(at(h * HOUR)).toISOString())!.value!;
    expect(Math.abs(e(3) - e(0))).toBeLessThan(0.03);
  });

  it('fires drift alerts for the drifted features and delivers them to a signed webhook', async () => {
    const alerts = alertListSchema.parse(await get('/v1/alerts')).alerts.filter((a) => a.monitor === 'credit-default-drift' && a.state === 'firing');
    expect([...new Set(alerts.map((a) => a.labels['feature']))].sort()).toEqual([...DRIFTED_FEATURES].sort());
    for (const a of alerts)
      expect(a.labels).toMatchObject({ alertname: 'credit-default-drift', model: DEMO_MODEL_NAME, monitor: 'credit-default-drift', severity: 'warning' });
    const drift = hooks
      .map((h) => ({ h, p: JSON.parse(h.body) as { status: string; alerts: { labels: Record<string, string> }[] } }))
      .filter(({ p }) => p.alerts.some((a) => a.labels['alertname'] === 'credit-default-drift'));
    expect(drift.length).toBeGreaterThan(0);
    for (const { h } of drift) expect(h.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(h.body).digest('hex')}`);
    const features = new Set(drift.flatMap(({ p }) => p.alerts.map((a) => a.labels['feature'])));
    for (const f of DRIFTED_FEATURES) expect(features).toContain(f);
  });
});
