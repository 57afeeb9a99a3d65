import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildModelCard, huggingFaceMetadata, modelCardHtml, modelCardMarkdown } from './model-card.js';
import type { ModelCardInput } from './model-card.js';
import { buildPostMarketReport, postMarketReportHtml, postMarketReportMarkdown } from './post-market-report.js';

const input: ModelCardInput = {
  model: {
    name: 'credit',
    type: 'binary',
    description: 'Default risk <scores>',
    features: { income: 'numeric', region: 'categorical' },
    createdAt: '2026-01-01T00:00:00.000Z',
    project: 'default',
  },
  generatedAt: '2026-02-01T00:00:00.000Z',
  window: { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
  versions: [
    {
      version: 'v1',
      registered: false,
      createdAt: '2026-01-02T00:00:00.000Z',
      createdBy: 'system (first seen in events)',
      description: null,
      artifactUri: null,
      artifactDigest: null,
      trainingDatasetDigest: null,
      referenceDatasetDigest: null,
      codeCommit: null,
      parameters: {},
      metrics: {},
      tags: {},
      aliases: [],
    },
    {
      version: 'v2',
      registered: true,
      createdAt: '2026-01-10T00:00:00.000Z',
      createdBy: 'ops',
      description: 'retrained',
      artifactUri: 's3://m/v2',
      artifactDigest: 'sha256:a',
      trainingDatasetDigest: 'sha256:t',
      referenceDatasetDigest: 'sha256:r',
      codeCommit: 'abc',
      parameters: { depth: 4 },
      metrics: { accuracy: 0.9, roc_auc: 0.95, mae: 0.1 },
      tags: { license: 'apache-2.0', intended_use: 'Pre-screening of loan applications | not final decisions' },
      aliases: ['champion'],
    },
  ],
  aliases: [{ alias: 'champion', version: 'v2', trafficShare: 1 }],
  reference: { rows: 1000, source: 'upload', updatedAt: '2026-01-10T00:00:00.000Z' },
  metrics: [
    {
      metric: 'accuracy',
      source: 'realized',
      slice: 'overall',
      value: 0.8123456789,
      lower: 0.8,
      upper: 0.82,
      query: '/v1/models/credit/series?metric=accuracy',
    },
    { metric: 'estimated_roc_auc', source: 'estimated', slice: 'overall', value: 0.93, lower: 0.9, upper: 0.96 },
    { metric: 'accuracy', source: 'realized', slice: 'version=v2', value: 0.83 },
    { metric: 'label_coverage', source: 'realized', slice: 'overall', value: 0.4 },
    { metric: 'volume', source: 'realized', slice: 'overall', value: 5000 },
  ],
  drift: { share: 0.5, datasetDrift: true, rows: 5000, features: [{ feature: 'income', method: 'wasserstein', score: 0.3, threshold: 0.1, drifted: true }] },
  dataQuality: [{ feature: 'income', missingShare: 0.01, query: '/v1/models/credit/series?metric=missing_share&feature=income' }],
  fairness: [
    {
      attribute: 'region',
      metric: 'demographic_parity_ratio',
      value: 0.6,
      byGroup: { north: 0.5, south: 0.3 },
      groups: { north: 100, south: 80 },
      pValue: 0.001,
      threshold: 0.8,
      fails: true,
    },
  ],
  incidents: [
    {
      monitor: 'acc',
      state: 'resolved',
      activeAt: '2026-01-15T00:00:00.000Z',
      firedAt: '2026-01-15T00:10:00.000Z',
      resolvedAt: '2026-01-15T02:10:00.000Z',
      acknowledgedBy: 'ana',
      acknowledgedAt: '2026-01-15T00:40:00.000Z',
    },
  ],
  changes: [{ seq: 3, time: '2026-01-10T00:00:00.000Z', action: 'modelAlias.update', entity: 'modelAlias:champion', actor: 'ops' }],
};

describe('model cards', () => {
  const card = buildModelCard(input);

  it('fills the Model Card Toolkit fields from the registry and the measurements', () => {
    expect(card.schema_version).toBe('0.0.2');
    expect(card.model_details).toMatchObject({
      name: 'credit',
      overview: 'Default risk <scores>',
      version: { name: 'v2' },
      licenses: [{ identifier: 'apache-2.0' }],
    });
    expect(card.model_parameters.input_format_map).toEqual([
      { key: 'income', value: 'numeric' },
      { key: 'region', value: 'categorical' },
    ]);
    expect(card.model_parameters.data.map((d) => d.name)).toEqual(['training', 'reference', 'production']);
    // Values and bounds are strings (the toolkit's schema), the exact numbers the API gave.
    expect(card.quantitative_analysis.performance_metrics[0]).toEqual({
      type: 'accuracy',
      value: '0.8123456789',
      slice: 'overall',
      confidence_interval: { lower_bound: '0.8', upper_bound: '0.82' },
    });
    expect(card.quantitative_analysis.performance_metrics).toContainEqual({ type: 'selection_rate', value: '0.3', slice: 'region=south' });
    expect(card.considerations.limitations.map((l) => l.description).join(' ')).toMatch(/40\.0 %.*drifted.*income/);
    expect(card.considerations.ethical_considerations[0]!.name).toMatch(/fails the threshold/);
    expect(card.considerations.use_cases).toEqual([{ description: 'Pre-screening of loan applications | not final decisions' }]);
  });

  it('writes Markdown with Hugging Face YAML front matter that parses, numbers exact', () => {
    const md = modelCardMarkdown(card);
    const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
    expect(m).not.toBeNull();
    const meta = parse(m![1]!) as Record<string, unknown>;
    expect(meta).toEqual(huggingFaceMetadata(card));
    expect(meta['license']).toBe('apache-2.0');
    expect(meta['datasets']).toEqual(['sha256:t']);
    const results = (meta['model-index'] as { results: { metrics: { type: string; value: number }[] }[] }[])[0]!.results[0]!;
    expect(results.metrics).toContainEqual(expect.objectContaining({ type: 'accuracy', value: 0.8123456789 }));
    expect(md).toContain('# Model card: credit');
    expect(md).toContain('| accuracy | realized | overall | 0.8123456789 | 0.8 – 0.82 |');
    // A pipe inside a cell is escaped so the table keeps its columns.
    expect(md).toContain('Pre-screening of loan applications | not final decisions');
    expect(md).toMatch(/\| region \| demographic_parity_ratio \| 0\.6 \|/);
  });

  it('writes HTML with every text escaped and no script', () => {
    const html = modelCardHtml(card);
    expect(html).toContain('<h1>Model card: credit</h1>');
    expect(html).toContain('Default risk &lt;scores&gt;');
    expect(html).not.toContain('<scores>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<td>0.8123456789</td>');
  });
});

describe('post-market monitoring reports', () => {
  const r = buildPostMarketReport(input);
  it('compares measured metrics with the declared ones and times the incidents', () => {
    expect(r.version).toBe('v2');
    expect(r.comparisons).toEqual([
      { metric: 'accuracy', declared: 0.9, measured: 0.8123456789, source: 'realized', difference: 0.8123456789 - 0.9, degraded: true },
      { metric: 'roc_auc', declared: 0.95, measured: 0.93, source: 'estimated', difference: 0.93 - 0.95, degraded: false },
      { metric: 'mae', declared: 0.1, measured: null, source: null, difference: null, degraded: false },
    ]);
    expect(r.incidents[0]).toMatchObject({ minutesToAcknowledge: 30, minutesToResolve: 120 });
    expect(r.summary).toEqual({ degradedMetrics: ['accuracy'], incidents: 1, unresolvedIncidents: 0, changes: 1, driftedFeatures: ['income'] });
    expect(postMarketReportMarkdown(r)).toContain('| accuracy | 0.9 | 0.8123456789 | realized |');
    expect(postMarketReportHtml(r)).toContain('<h1>Post-market monitoring report: credit</h1>');
  });
});
