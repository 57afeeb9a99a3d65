// The demo after its story (docs/demo.md, "After the story"): an hour later on the demo's clock the
// server is still alive and truthful. The default dashboard range holds traffic and labels, the
// monitors still have data and the alerts agree with them, and the server's clock is the real one.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '@vigil/server';
import { alertListSchema, monitorListSchema, seriesResponseSchema } from '@vigil/wire';
import type { SeriesResponse } from '@vigil/wire';
import { DRIFTED_FEATURES } from './demo-story.js';
import { profileAll } from '@vigil/server/testing';
import { DEMO_MODEL_NAME, startDemo } from './run-demo.js';
import type { RunningDemo } from './run-demo.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-after-'));
const silent = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };
// The real clock the demo reads: the test moves it forward instead of waiting an hour.
let skew = 0;
const realNow = () => Date.now() + skew;
let demo: RunningDemo;
let now: number;

async function get(path: string): Promise<unknown> {
  const r = await fetch(`${demo.server.url}${path}`, { headers: { authorization: `Bearer ${demo.adminKey}` } });
  const body: unknown = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body;
}

// What the dashboard asks for its default range: the last 24 hours of the server's clock, at the
// automatic step (10 minutes for a day).
async function lastDay(metric: string): Promise<SeriesResponse> {
  return seriesResponseSchema.parse(await get(`/v1/models/${DEMO_MODEL_NAME}/series?metric=${metric}&step=10m`));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Moves the demo's clock on to `target` in steps of two minutes, so the demo sends the traffic as
// it goes, and profiles all of it.
async function advanceTo(target: number): Promise<void> {
  while (demo.simNow() < target) {
    skew += 2 * MINUTE;
    await sleep(10);
  }
  await demo.flush();
  await profileAll(demo.server, demo.simNow());
}

beforeAll(async () => {
  demo = await startDemo({ server: serverConfigSchema.parse({ port: 0, data: dir, logLevel: 'silent' }), speed: 3600, seed: 1, now: realNow }, silent);
  await demo.finished;
  // An hour after the end. The server's alerting loop may have judged the monitors while the
  // profiler was behind the test's fast clock, so go on past their longest interval (10 minutes)
  // with everything profiled, and judge them now.
  await advanceTo(demo.storyEnd + 50 * MINUTE);
  await advanceTo(demo.storyEnd + HOUR);
  now = demo.simNow();
  // The server's own alerting loop may have judged a monitor moments ago, while its profiler was
  // behind the test's fast clock, and scheduled it minutes ahead: judge every monitor now, on
  // everything profiled, then dispatch.
  const project = await demo.server.store.findProject('default');
  for (const m of await demo.server.store.alerting.monitors(project!.id)) await demo.server.services.alerting.evaluateOne(m, now);
  await demo.server.services.alerting.tick(now);
}, 90_000);

afterAll(async () => {
  await demo.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('vigil demo, an hour after its story', () => {
  it('runs the server on the real clock, so events stamped now land at its now', async () => {
    expect(Math.abs(now - realNow())).toBeLessThan(MINUTE);
    expect(Date.parse((await lastDay('volume')).to)).toBeGreaterThan(realNow() - MINUTE);
  });

  it('shows traffic in the default range, through the last hour', async () => {
    const volume = await lastDay('volume');
    const counts = volume.points.filter((p) => (p.value ?? 0) > 0);
    expect(counts.length).toBeGreaterThan(30);
    const lastHour = counts.filter((p) => Date.parse(p.t) >= now - HOUR).reduce((a, p) => a + p.value!, 0);
    // About 90 predictions a simulated minute at this time of the daily rhythm.
    expect(lastHour).toBeGreaterThan(40 * 60);
    expect(counts.some((p) => Date.parse(p.t) >= now - 15 * MINUTE)).toBe(true);
  });

  it('shows labels and realized accuracy in the default range, with labels still arriving', async () => {
    const coverage = (await lastDay('label_coverage')).points.filter((p) => p.value !== null);
    expect(coverage.some((p) => p.value! > 0.9)).toBe(true);
    // Predictions of the hour after the story have labels too (30–180 minutes late).
    expect(coverage.some((p) => Date.parse(p.t) >= demo.storyEnd && p.value! > 0)).toBe(true);
    const accuracy = (await lastDay('accuracy')).points.filter((p) => p.value !== null);
    expect(accuracy.length).toBeGreaterThan(10);
    expect(accuracy.some((p) => Date.parse(p.t) >= demo.storyEnd)).toBe(true);
  });

  it('keeps every monitor judging on data, and every alert in agreement with its monitor', async () => {
    const monitors = monitorListSchema.parse(await get('/v1/monitors')).monitors;
    expect(monitors.length).toBe(3);
    for (const m of monitors) {
      expect(m.health, m.name).toBe('ok');
      expect(Date.parse(m.lastEvaluatedAt!), m.name).toBeGreaterThanOrEqual(demo.storyEnd + 30 * MINUTE);
    }
    const alerts = alertListSchema.parse(await get('/v1/alerts')).alerts;
    const health = new Map(monitors.map((m) => [m.name, m.health]));
    for (const a of alerts.filter((x) => x.state === 'firing' || x.state === 'pending')) expect(health.get(a.monitor), a.fingerprint).toBe('ok');
    // The world is as the story left it, so what fired still fires, on fresh evaluations.
    const firing = alerts.filter((a) => a.state === 'firing');
    const drifted = new Set(firing.filter((a) => a.monitor === 'credit-default-drift').map((a) => a.labels['feature']));
    expect([...drifted].sort()).toEqual([...DRIFTED_FEATURES].sort());
    expect(firing.some((a) => a.monitor === 'credit-default-quality' && a.labels['feature'] === 'months_employed')).toBe(true);
    expect(firing.some((a) => a.monitor === 'credit-default-accuracy')).toBe(true);
  });
});
