// Model cards and post-market monitoring reports from live data: the registry's records and what
// the API measures over a window, gathered through the same services the routes use, so every
// number in a card is the API's answer to the request the card names beside it.

import type { CardChange, CardFairness, CardIncident, CardMetric, ModelCardInput } from '@vigil/core';
import {
  buildModelCard,
  buildPostMarketReport,
  modelCardHtml,
  modelCardMarkdown,
  postMarketReportHtml,
  postMarketReportMarkdown,
  wilsonScoreInterval,
} from '@vigil/core';
import type { SeriesQuery } from '@vigil/wire';
import { RawReply } from '../api/route-spec.js';
import type { AlertService } from '../alerting/alert-service.js';
import type { ModelService } from '../models/model-service.js';
import type { QueryService } from '../queries/query-service.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { Store } from '../storage/store.js';

const DAY = 86_400_000;

/** Realized metrics a card reports, by model type. */
const REALIZED: Record<string, readonly string[]> = {
  binary: ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'],
  multiclass: ['accuracy', 'f1'],
  regression: ['mae', 'rmse', 'r2'],
  ranking: [],
};
const ESTIMATED = ['estimated_accuracy', 'estimated_roc_auc'];
const MAX_VERSIONS = 10;
const MAX_SEGMENT_KEYS = 3;
const MAX_SEGMENT_VALUES = 5;
const MAX_QUALITY_FEATURES = 50;

export interface CardQuery {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly format: 'json' | 'md' | 'html';
  readonly report: 'card' | 'post-market';
}

export interface CardServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly bucketMs: number;
  readonly models: ModelService;
  readonly queries: QueryService;
  readonly registry: RegistryService;
  readonly alerts: AlertService;
  /** The fairness results of a model's fairness monitors over a window (none: the section stays empty). */
  readonly fairness?: (projectId: number, model: string, from: number, to: number) => Promise<CardFairness[]>;
}

export class CardService {
  constructor(private readonly deps: CardServiceDeps) {}

  /** The window [from, to): bucket-aligned start, so one series step of `from` ms covers exactly the window. */
  private window(q: Pick<CardQuery, 'from' | 'to'>): { from: number; to: number } {
    const to = q.to ?? this.deps.clock();
    const rawFrom = q.from ?? to - 30 * DAY;
    const from = Math.floor(rawFrom / this.deps.bucketMs) * this.deps.bucketMs;
    return { from, to };
  }

  /** The facts a card and a report are built from. */
  async input(projectId: number, modelName: string, q: Pick<CardQuery, 'from' | 'to'>): Promise<ModelCardInput> {
    const { deps } = this;
    const info = await deps.models.info(projectId, modelName);
    const project = await deps.store.projectById(projectId);
    const { from, to } = this.window(q);
    // A step as long as the window's start (a whole number of buckets) puts the whole window in one
    // step that begins exactly at `from`: series answers one point per metric for [from, to).
    const step = from;
    const fromIso = new Date(from).toISOString();
    const toIso = new Date(to).toISOString();
    const base = `/v1/models/${encodeURIComponent(modelName)}/series?from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}&step=${step / 1000}`;
    const series = async (
      metric: string,
      extra: Partial<SeriesQuery> = {},
      extraQuery = '',
    ): Promise<{ value: number | null; lower?: number; upper?: number; query: string }> => {
      const query = `${base}&metric=${encodeURIComponent(metric)}${extraQuery}`;
      try {
        const r = await deps.queries.series(projectId, modelName, { metric, from, to, step, limit: 10, ...extra });
        const p = r.points[0];
        return { value: p?.value ?? null, ...(p?.lower === undefined ? {} : { lower: p.lower }), ...(p?.upper === undefined ? {} : { upper: p.upper }), query };
      } catch {
        return { value: null, query }; // not measurable for this model (no reference, no such metric)
      }
    };
    const metrics: CardMetric[] = [];
    const volume = await series('volume');
    const coverage = await series('label_coverage');
    metrics.push({ metric: 'volume', source: 'realized', slice: 'overall', ...volume });
    metrics.push({ metric: 'label_coverage', source: 'realized', slice: 'overall', ...coverage });
    const labelled = volume.value !== null && coverage.value !== null ? Math.round(volume.value * coverage.value) : 0;
    for (const metric of REALIZED[info.type] ?? []) {
      const r = await series(metric);
      // Accuracy is a proportion of the labelled predictions: its Wilson 95 % interval.
      const ci = metric === 'accuracy' && r.value !== null && labelled > 0 ? wilsonScoreInterval(Math.round(r.value * labelled), labelled) : undefined;
      metrics.push({ metric, source: 'realized', slice: 'overall', ...r, ...(ci === undefined ? {} : { lower: ci.lower, upper: ci.upper }) });
    }
    if (info.type === 'binary' && info.reference !== null) {
      for (const metric of ESTIMATED) metrics.push({ metric, source: 'estimated', slice: 'overall', ...(await series(metric)) });
    }
    const primary = (REALIZED[info.type] ?? [])[0];
    const versions = await deps.registry.listVersions(projectId, modelName);
    for (const v of versions.slice(-MAX_VERSIONS)) {
      const vq = `&version=${encodeURIComponent(v.version)}`;
      metrics.push({ metric: 'volume', source: 'realized', slice: `version=${v.version}`, ...(await series('volume', { version: v.version }, vq)) });
      if (primary !== undefined)
        metrics.push({ metric: primary, source: 'realized', slice: `version=${v.version}`, ...(await series(primary, { version: v.version }, vq)) });
      for (const [metric, value] of Object.entries(v.metrics)) metrics.push({ metric, source: 'declared', slice: `version=${v.version}`, value });
    }
    try {
      const segs = await deps.queries.segments(projectId, modelName, { from, to, limit: MAX_SEGMENT_VALUES });
      for (const key of segs.segments.slice(0, MAX_SEGMENT_KEYS)) {
        for (const { value } of key.values.slice(0, MAX_SEGMENT_VALUES)) {
          const segment = [{ key: key.key, value }];
          const sq = `&segment=${encodeURIComponent(`${key.key}:${value}`)}`;
          metrics.push({ metric: 'volume', source: 'realized', slice: `segment=${key.key}:${value}`, ...(await series('volume', { segment }, sq)) });
          if (primary !== undefined)
            metrics.push({ metric: primary, source: 'realized', slice: `segment=${key.key}:${value}`, ...(await series(primary, { segment }, sq)) });
        }
      }
    } catch {
      // no segments
    }
    let drift: ModelCardInput['drift'] = null;
    if (info.reference !== null && (volume.value ?? 0) > 0) {
      try {
        const d = await deps.queries.drift(projectId, modelName, { from, to });
        drift = {
          share: d.share,
          datasetDrift: d.datasetDrift,
          rows: d.rows,
          features: d.features.map((f) => ({ feature: f.name, method: f.method, score: f.score, threshold: f.threshold, drifted: f.drifted })),
        };
      } catch {
        drift = null;
      }
    }
    const dataQuality: { feature: string; missingShare: number | null; query: string }[] = [];
    for (const feature of Object.keys(info.features).slice(0, MAX_QUALITY_FEATURES)) {
      const r = await series('missing_share', { feature }, `&feature=${encodeURIComponent(feature)}`);
      dataQuality.push({ feature, missingShare: r.value, query: r.query });
    }
    const incidents: CardIncident[] = (await deps.alerts.list(projectId))
      .filter((a) => a.model === modelName && Date.parse(a.activeAt) < to && (a.resolvedAt === null || Date.parse(a.resolvedAt) >= from))
      .map((a) => ({
        monitor: a.monitor,
        state: a.state,
        severity: a.labels['severity'],
        activeAt: a.activeAt,
        firedAt: a.firedAt,
        resolvedAt: a.resolvedAt,
        acknowledgedBy: a.acknowledged?.by ?? null,
        acknowledgedAt: a.acknowledged?.at ?? null,
      }));
    const changes: CardChange[] = (await deps.store.audit.list({ projectId, from, to, limit: 1000 }))
      .map(
        (r) =>
          JSON.parse(r.entry) as { seq: number; time: string; action: string; entity: { type: string; id: string; model?: string }; actor: { name: string } },
      )
      .filter((e) => e.entity.model === modelName || (e.entity.type === 'model' && e.entity.id === modelName))
      .reverse()
      .map((e) => ({ seq: e.seq, time: e.time, action: e.action, entity: `${e.entity.type}:${e.entity.id}`, actor: e.actor.name }));
    const { aliases } = await deps.registry.listAliases(projectId, modelName);
    return {
      model: {
        name: info.name,
        type: info.type,
        description: info.description,
        features: info.features,
        createdAt: info.createdAt,
        project: project?.name ?? '',
      },
      generatedAt: new Date(deps.clock()).toISOString(),
      window: { from: fromIso, to: toIso },
      versions: versions.map((v) => ({
        version: v.version,
        registered: v.registered,
        createdAt: v.createdAt,
        createdBy: v.createdBy,
        description: v.description,
        artifactUri: v.artifactUri,
        artifactDigest: v.artifactDigest,
        trainingDatasetDigest: v.trainingDatasetDigest,
        referenceDatasetDigest: v.referenceDatasetDigest,
        codeCommit: v.codeCommit,
        parameters: v.parameters,
        metrics: v.metrics,
        tags: v.tags,
        aliases: v.aliases,
      })),
      aliases: aliases.map((a) => ({ alias: a.alias, version: a.version, trafficShare: a.trafficShare })),
      reference: info.reference,
      metrics,
      drift,
      dataQuality,
      fairness: deps.fairness === undefined ? [] : await deps.fairness(projectId, modelName, from, to),
      incidents,
      changes,
    };
  }

  /** The card (or the post-market report) in the asked format: JSON as an object, Markdown and HTML as text. */
  async render(projectId: number, modelName: string, q: CardQuery): Promise<unknown> {
    const input = await this.input(projectId, modelName, q);
    if (q.report === 'post-market') {
      const report = buildPostMarketReport(input);
      if (q.format === 'md') return new RawReply('text/markdown; charset=utf-8', postMarketReportMarkdown(report));
      if (q.format === 'html') return new RawReply('text/html; charset=utf-8', postMarketReportHtml(report));
      return report;
    }
    const card = buildModelCard(input);
    if (q.format === 'md') return new RawReply('text/markdown; charset=utf-8', modelCardMarkdown(card));
    if (q.format === 'html') return new RawReply('text/html; charset=utf-8', modelCardHtml(card));
    return card;
  }
}
