// Debian's Prometheus scraping a live Vigil on loopback with docs/integrations/prometheus/: the shipped
// prometheus.yml (its target pointed at the test's server, scraped and evaluated every second) and
// vigil-rules.yml. The drift and performance series come back through Prometheus' HTTP API with
// Vigil's own values, every rule evaluates without error on real series, the drift alert is pending
// for the one feature that drifted, and every query of the Grafana dashboards runs.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createTestServer, profileAll } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';

const DIR = join(import.meta.dirname, '..', '..', 'docs', 'integrations', 'prometheus');
const GRAFANA = join(import.meta.dirname, '..', '..', 'docs', 'integrations', 'grafana');
const PROMETHEUS = '/usr/bin/prometheus';

let vigil: TestServer;
let prometheus: ChildProcess;
let promUrl: string;
let promLog = '';
const work = mkdtempSync(join(tmpdir(), 'vigil-prometheus-'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(expr: string): Promise<PromSample[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { resultType: string; result: PromSample[] }; error?: string };
  expect(body.status, body.error).toBe('success');
  return body.data.result;
}

/** Polls `expr` until it has at least `min` samples (Prometheus scrapes every second). */
async function until(expr: string, min = 1, timeoutMs = 30_000): Promise<PromSample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await query(expr);
    if (r.length >= min) return r;
    if (Date.now() > deadline) throw new Error(`no ${expr} in Prometheus after ${timeoutMs} ms; its log:\n${promLog.slice(-3000)}`);
    await sleep(250);
  }
}

/** One sample of Vigil's own exposition, `name{labels}` matched on the given labels. */
function exposed(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  throw new Error(`${name} ${JSON.stringify(labels)} is not in /metrics`);
}

beforeAll(async () => {
  vigil = await createTestServer({}, { loops: true });
  const features = { income: 'numeric', age: 'numeric' } as const;
  expect((await vigil.request('POST', '/v1/models', { name: 'credit', type: 'binary', features })).status).toBe(201);
  // The reference: income around 50 000; current traffic: income around 80 000 (drifted), age unchanged.
  const wave = (i: number) => Math.sin(i * 12.9898) * 0.5 + 0.5;
  const rows = Array.from({ length: 400 }, (_, i) => ({
    income: 40_000 + 20_000 * wave(i),
    age: 20 + 50 * wave(i + 7),
    label: i % 3 === 0 ? 1 : 0,
    score: i % 3 === 0 ? 0.8 : 0.2,
  }));
  expect((await vigil.request('POST', '/v1/models/credit/reference', { rows, target: 'label', prediction: 'score' })).status).toBe(201);
  const now = Date.now();
  const events = Array.from({ length: 300 }, (_, i) => ({
    id: `p${i}`,
    timestamp: now - 1_800_000 + i * 5_000,
    version: 'v2',
    features: { income: 70_000 + 20_000 * wave(i + 3), age: 20 + 50 * wave(i + 11) },
    prediction: { label: i % 3 === 0 ? 1 : 0, score: i % 3 === 0 ? 0.8 : 0.2 },
  }));
  expect((await vigil.request('POST', '/v1/models/credit/predictions', { events })).status).toBe(200);
  // Three quarters of the labels agree with the prediction: accuracy 0.75.
  const labels = events.map((e, i) => ({ id: e.id, label: i % 4 === 0 ? 1 - e.prediction.label : e.prediction.label }));
  expect((await vigil.request('POST', '/v1/models/credit/labels', { labels })).status).toBe(200);
  await profileAll(vigil, Date.now());
  await vigil.services.exporter.refreshGauges(Date.now());

  const config = parse(readFileSync(join(DIR, 'prometheus.yml'), 'utf8')) as {
    global: Record<string, string>;
    rule_files: string[];
    alerting?: unknown;
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };
  config.global['scrape_interval'] = '1s';
  config.global['evaluation_interval'] = '1s';
  config.rule_files = config.rule_files.map((f) => join(DIR, f));
  delete config.alerting; // no Alertmanager in this test
  const job = config.scrape_configs.find((j) => j.job_name === 'vigil')!;
  job.static_configs = [{ targets: [new URL(vigil.url).host] }];
  writeFileSync(join(work, 'prometheus.yml'), stringify(config));

  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(work, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prometheus.stdout!.on('data', (b: Buffer) => (promLog += b.toString()));
  prometheus.stderr!.on('data', (b: Buffer) => (promLog += b.toString()));
  for (let waited = 0; ; waited += 200) {
    try {
      if ((await fetch(`${promUrl}/-/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (waited > 30_000 || prometheus.exitCode !== null) throw new Error(`Prometheus did not start:\n${promLog}`);
    await sleep(200);
  }
}, 90_000);

afterAll(async () => {
  if (prometheus !== undefined && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus.once('exit', r));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await vigil?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('Prometheus scraping Vigil', () => {
  it('sees the target up and reads the drift and performance series back with Vigil’s values', async () => {
    const up = await until('up{job="vigil"} == 1');
    expect(up[0]!.metric['instance']).toBe(new URL(vigil.url).host);
    const text = await (await fetch(`${vigil.url}/metrics`)).text();

    const drift = await until('vigil_feature_drift_score{model="credit"}', 2);
    const byFeature = new Map(drift.map((s) => [s.metric['feature'], s]));
    for (const feature of ['income', 'age']) {
      const s = byFeature.get(feature)!;
      expect(s.metric).toMatchObject({ job: 'vigil', project: 'default', model: 'credit', version: 'v2' });
      expect(Number(s.value[1])).toBe(exposed(text, 'vigil_feature_drift_score', { feature, version: 'v2' }));
    }
    const drifted = await until('vigil_feature_drifted{model="credit"}', 2);
    expect(Object.fromEntries(drifted.map((s) => [s.metric['feature'], Number(s.value[1])]))).toEqual({ income: 1, age: 0 });

    const accuracy = await until('vigil_model_performance{model="credit",metric="accuracy"}');
    expect(Number(accuracy[0]!.value[1])).toBeCloseTo(0.75, 12);
    expect(Number(accuracy[0]!.value[1])).toBe(exposed(text, 'vigil_model_performance', { metric: 'accuracy', version: 'v2' }));
    const coverage = await until('vigil_model_label_coverage{model="credit"}');
    expect(Number(coverage[0]!.value[1])).toBe(1);
    expect((await until('vigil_predictions_total{model="credit"}')).length).toBe(1);
    // The loops' gauges (vigil serve's scheduler) are scraped as well.
    const loops = await until('vigil_loop_last_success_timestamp_seconds', 2);
    expect(loops.map((s) => s.metric['loop'])).toEqual(expect.arrayContaining(['profiler', 'alerting']));
  }, 60_000);

  it('names only metrics Vigil exposes in vigil-rules.yml', async () => {
    const text = await (await fetch(`${vigil.url}/metrics`)).text();
    const types = new Map([...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const rulesText = readFileSync(join(DIR, 'vigil-rules.yml'), 'utf8');
    const used = new Set([...rulesText.matchAll(/\bvigil_[a-z_]+\b/g)].map((m) => m[0]));
    expect(used.size).toBeGreaterThan(8);
    for (const name of used) {
      const base = name.replace(/_(count|bucket|sum)$/, '');
      const ok = types.has(name) || (base !== name && types.get(base) === 'histogram');
      expect(ok, `${name} is not in Vigil's /metrics`).toBe(true);
    }
  });

  it('answers every query of the Grafana dashboards, with data for traffic, drift and performance', async () => {
    await until('rate(vigil_predictions_total[1m])');
    const values: Record<string, string> = { project: 'default', model: 'credit', version: 'v2', job: 'vigil', instance: '.*', __rate_interval: '1m' };
    const text = await (await fetch(`${vigil.url}/metrics`)).text();
    const types = new Map([...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const mustHaveData = [
      'Predictions per second',
      'Drift score by feature',
      'Share of features drifted',
      'Accuracy',
      'Realized performance',
      'Label coverage',
      'Loop lag',
    ];
    const withData = new Set<string>();
    for (const file of readdirSync(GRAFANA).filter((f) => f.endsWith('.json'))) {
      const dashboard = JSON.parse(readFileSync(join(GRAFANA, file), 'utf8')) as { panels: { type: string; title: string; targets?: { expr: string }[] }[] };
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        for (const target of panel.targets ?? []) {
          const expr = target.expr.replace(/\$\{?(\w+)\}?/g, (_, name: string) => values[name] ?? `$${name}`);
          expect(expr, `${file} / ${panel.title}`).not.toContain('$');
          for (const m of expr.matchAll(/\bvigil_[a-z0-9_]+\b/g)) {
            const base = m[0].replace(/_(count|bucket|sum)$/, '');
            expect(types.has(m[0]) || (base !== m[0] && types.get(base) === 'histogram'), `${file} / ${panel.title}: ${m[0]} is not in /metrics`).toBe(true);
          }
          // query() fails the test when Prometheus cannot parse or run the expression.
          if ((await query(expr)).length > 0) withData.add(panel.title);
        }
      }
    }
    for (const title of mustHaveData) expect(withData.has(title), `no data for "${title}"`).toBe(true);
  }, 60_000);

  it('evaluates every rule of vigil-rules.yml on the live series, the drift alert pending for the drifted feature', async () => {
    const share = await until('vigil:model_drift_share{model="credit"}');
    expect(Number(share[0]!.value[1])).toBe(0.5);
    const deadline = Date.now() + 30_000;
    let rules: { name: string; type: string; health: string; lastError?: string }[] = [];
    let alerts: { labels: Record<string, string>; state: string }[] = [];
    for (;;) {
      const body = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as {
        data: { groups: { rules: { name: string; type: string; health: string; lastError?: string; alerts?: typeof alerts }[] }[] };
      };
      rules = body.data.groups.flatMap((g) => g.rules);
      alerts = rules.flatMap((r) => r.alerts ?? []);
      if (rules.length > 0 && rules.every((r) => r.health === 'ok') && alerts.some((a) => a.labels['alertname'] === 'VigilFeatureDrift')) break;
      if (Date.now() > deadline) break;
      await sleep(250);
    }
    const shipped = (
      parse(readFileSync(join(DIR, 'vigil-rules.yml'), 'utf8')) as { groups: { rules: { alert?: string; record?: string }[] }[] }
    ).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.name).sort()).toEqual(shipped.map((r) => r.alert ?? r.record).sort());
    for (const r of rules) expect(r.health, `${r.name}: ${r.lastError ?? ''}`).toBe('ok');
    const drift = alerts.filter((a) => a.labels['alertname'] === 'VigilFeatureDrift');
    expect(drift.map((a) => [a.labels['feature'], a.state])).toEqual([['income', 'pending']]);
  }, 60_000);
});
