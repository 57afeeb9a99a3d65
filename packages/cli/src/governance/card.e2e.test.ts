// Model cards of the demo model from live data, in JSON, Markdown (Hugging Face front matter) and
// HTML, through the API and `vigil card`: every number the card shows is the API's answer to the
// request the card names beside it, and the three formats carry the same numbers.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serverConfigSchema, startServer } from '@vigil/server';
import type { RunningServer } from '@vigil/server';
import { profileAll } from '@vigil/server/testing';
import { seriesResponseSchema } from '@vigil/wire';
import { DEMO_MODEL_NAME, startDemo } from '../demo/run-demo.js';
import type { RunningDemo } from '../demo/run-demo.js';
import { main } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-card-'));
const silent = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };
let demo: RunningDemo;
/** The demo's store after its story, served again without traffic so that nothing moves under the test. */
let server: RunningServer;
let adminKey: string;
let window: string;

interface CardJson {
  schema_version: string;
  model_details: { name: string; version: { name: string } };
  quantitative_analysis: {
    performance_metrics: { type: string; value: string; slice: string; confidence_interval?: { lower_bound: string; upper_bound: string } }[];
  };
  considerations: { limitations: { description: string }[] };
  vigil: {
    window: { from: string; to: string };
    metrics: { metric: string; source: string; slice: string; value: number | null; lower?: number; upper?: number; query?: string }[];
    drift: { share: number; features: { feature: string; drifted: boolean }[] } | null;
    dataQuality: { feature: string; missingShare: number | null; query: string }[];
    incidents: { monitor: string }[];
    versions: { version: string; registered: boolean }[];
  };
}

async function get(path: string): Promise<{ status: number; type: string; text: string }> {
  const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${adminKey}` } });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

beforeAll(async () => {
  demo = await startDemo({ server: serverConfigSchema.parse({ port: 0, data: dir, logLevel: 'silent' }), speed: 3600, seed: 1 }, silent);
  await demo.finished;
  await demo.flush();
  await profileAll(demo.server, demo.simNow());
  const storyStart = demo.storyStart;
  const stoppedAt = demo.simNow();
  adminKey = demo.adminKey;
  await demo.stop();
  // The demo keeps sending traffic and late labels after its story: serve its store again, still, on its clock.
  server = await startServer({ port: 0, data: join(dir, 'demo'), adminKey, logLevel: 'silent' }, { loops: false, clock: () => stoppedAt });
  await profileAll(server, stoppedAt);
  // Declared values for the version in service, so the post-market report has something to compare.
  const versions = (JSON.parse((await get(`/v1/models/${DEMO_MODEL_NAME}/versions`)).text) as { versions: { version: string }[] }).versions;
  const r = await fetch(`${server.url}/v1/models/${DEMO_MODEL_NAME}/versions/${encodeURIComponent(versions.at(-1)!.version)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      metrics: { accuracy: 0.95, roc_auc: 0.9 },
      tags: { license: 'apache-2.0', intended_use: 'Demo of credit default risk' },
      trainingDatasetDigest: 'sha256:demo',
    }),
  });
  expect(r.status).toBe(200);
  window = `from=${encodeURIComponent(new Date(storyStart).toISOString())}&to=${encodeURIComponent(new Date(stoppedAt).toISOString())}`;
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo model’s card', () => {
  let card: CardJson;

  beforeAll(async () => {
    const r = await get(`/v1/models/${DEMO_MODEL_NAME}/card?format=json&${window}`);
    expect(r.status, r.text).toBe(200);
    expect(r.type).toMatch(/application\/json/);
    card = JSON.parse(r.text) as CardJson;
  });

  it('fills the Model Card Toolkit fields', () => {
    expect(card.schema_version).toBe('0.0.2');
    expect(card.model_details.name).toBe(DEMO_MODEL_NAME);
    expect(card.model_details.version.name).toBe(card.vigil.versions.at(-1)!.version);
    const types = new Set(card.quantitative_analysis.performance_metrics.map((m) => m.type));
    for (const t of ['volume', 'label_coverage', 'accuracy', 'roc_auc', 'estimated_accuracy', 'declared_accuracy']) expect(types, t).toContain(t);
    const accuracy = card.quantitative_analysis.performance_metrics.find((m) => m.type === 'accuracy' && m.slice === 'overall')!;
    expect(accuracy.confidence_interval).toBeDefined();
    expect(Number(accuracy.confidence_interval!.lower_bound)).toBeLessThan(Number(accuracy.value));
    expect(card.quantitative_analysis.performance_metrics.some((m) => m.slice.startsWith('segment='))).toBe(true);
    // The demo's story drifts income, utilization and purpose.
    expect(card.vigil.drift?.features.filter((f) => f.drifted).map((f) => f.feature)).toEqual(expect.arrayContaining(['income']));
    expect(card.vigil.metrics.find((m) => m.metric === 'volume' && m.slice === 'overall')!.value).toBeGreaterThan(1000);
  });

  it('holds, for every number, the API’s answer to the request it names', async () => {
    const asked = [
      ...card.vigil.metrics.filter((m) => m.query !== undefined),
      ...card.vigil.dataQuality.map((q) => ({ query: q.query, value: q.missingShare, lower: undefined, upper: undefined, metric: 'missing_share' })),
    ];
    expect(asked.length).toBeGreaterThan(20);
    for (const m of asked) {
      const r = await get(m.query!);
      expect(r.status, m.query).toBe(200);
      const s = seriesResponseSchema.parse(JSON.parse(r.text));
      expect(s.points.length, m.query).toBeLessThanOrEqual(1);
      expect(s.points[0]?.value ?? null, m.query).toBe(m.value);
      if (m.metric.startsWith('estimated_')) {
        expect(s.points[0]?.lower, m.query).toBe(m.lower);
        expect(s.points[0]?.upper, m.query).toBe(m.upper);
      }
    }
    // One step covers exactly the window: the volume is every event the demo sent in it.
    const volume = card.vigil.metrics.find((m) => m.metric === 'volume' && m.slice === 'overall')!.value!;
    const byVersion = card.vigil.metrics.filter((m) => m.metric === 'volume' && m.slice.startsWith('version=')).reduce((a, m) => a + (m.value ?? 0), 0);
    expect(byVersion).toBe(volume);
  });

  it('carries the same numbers in Markdown, with Hugging Face YAML front matter', async () => {
    const r = await get(`/v1/models/${DEMO_MODEL_NAME}/card?format=md&${window}`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/text\/markdown/);
    const m = /^---\n([\s\S]*?)\n---\n/.exec(r.text);
    const meta = parse(m![1]!) as {
      license: string;
      tags: string[];
      'model-index': { name: string; results: { metrics: { type: string; value: number }[] }[] }[];
    };
    expect(meta.license).toBe('apache-2.0');
    expect(meta.tags).toContain('vigil');
    expect(meta['model-index'][0]!.name).toBe(DEMO_MODEL_NAME);
    for (const x of meta['model-index'][0]!.results[0]!.metrics) {
      const source = x.type.startsWith('estimated_') ? 'estimated' : 'realized';
      expect(x.value, x.type).toBe(card.vigil.metrics.find((c) => c.metric === x.type && c.slice === 'overall' && c.source === source)!.value);
    }
    for (const c of card.vigil.metrics.filter((x) => x.value !== null))
      expect(r.text, `${c.metric} ${c.slice}`).toContain(`| ${c.metric} | ${c.source} | ${c.slice} | ${c.value} |`);
  });

  it('carries the same numbers in HTML', async () => {
    const r = await get(`/v1/models/${DEMO_MODEL_NAME}/card?format=html&${window}`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/text\/html/);
    expect(r.text).toContain(`<h1>Model card: ${DEMO_MODEL_NAME}</h1>`);
    expect(r.text).not.toMatch(/<script/i);
    for (const c of card.vigil.metrics.filter((x) => x.value !== null && x.slice === 'overall')) expect(r.text, c.metric).toContain(`<td>${c.value}</td>`);
  });

  it('gives the post-market monitoring report of the window', async () => {
    const r = await get(`/v1/models/${DEMO_MODEL_NAME}/card?report=post-market&format=json&${window}`);
    expect(r.status).toBe(200);
    const report = JSON.parse(r.text) as {
      kind: string;
      comparisons: { metric: string; declared: number; measured: number | null; degraded: boolean }[];
      summary: { degradedMetrics: string[] };
    };
    expect(report.kind).toBe('post-market-monitoring');
    const acc = report.comparisons.find((c) => c.metric === 'accuracy')!;
    expect(acc.measured).toBe(card.vigil.metrics.find((m) => m.metric === 'accuracy' && m.slice === 'overall')!.value);
    // The demo's accuracy falls well below the declared 0.95.
    expect(acc.degraded).toBe(true);
    expect(report.summary.degradedMetrics).toContain('accuracy');
    const md = await get(`/v1/models/${DEMO_MODEL_NAME}/card?report=post-market&format=md&${window}`);
    expect(md.text).toContain('# Post-market monitoring report');
    expect((await get(`/v1/models/${DEMO_MODEL_NAME}/card?report=post-market&format=html&${window}`)).text).toContain('<h1>Post-market monitoring report');
  });

  it('is written by vigil card in each format, with the API’s numbers', async () => {
    const q = window.split('&').map((p) => decodeURIComponent(p.split('=')[1]!));
    for (const format of ['json', 'md', 'html']) {
      const out = join(dir, `card.${format}`);
      const code = await main(
        ['card', DEMO_MODEL_NAME, '--url', server.url, '--key', adminKey, '--format', format, '--from', q[0]!, '--to', q[1]!, '--out', out],
        silent,
      );
      expect(code, format).toBe(0);
      const text = readFileSync(out, 'utf8');
      const accuracy = card.vigil.metrics.find((m) => m.metric === 'accuracy' && m.slice === 'overall')!.value!;
      if (format === 'json') expect((JSON.parse(text) as CardJson).vigil.metrics).toEqual(card.vigil.metrics);
      else expect(text).toContain(String(accuracy));
    }
    const bad = await main(['card', 'no-such-model', '--url', server.url, '--key', adminKey], silent);
    expect(bad).toBe(2);
  });

  it('refuses a bad format naming the field', async () => {
    const r = await get(`/v1/models/${DEMO_MODEL_NAME}/card?format=pdf`);
    expect(r.status).toBe(400);
    expect(r.text).toContain('query.format');
  });
});
