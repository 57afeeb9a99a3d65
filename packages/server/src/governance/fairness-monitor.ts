// Fairness monitors: the raw events of the window (with their labels), grouped by the sensitive
// attribute (a feature, or a segment key as `segment:<key>`), judged by core's judgeFairness. The
// same judgement fills the fairness section of the model's card.

import type { CardFairness, EvaluationResult, FairnessRow } from '@vigil/core';
import { classKey, judgeFairness, normalizePrediction } from '@vigil/core';
import type { LabelValue, MonitorConfig, PredictionValue } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import { modelSchemaOf } from '../models/model-records.js';
import type { MonitorRow } from '../storage/alerting-store.js';
import { windowEvents } from '../storage/window-events.js';
import type { ModelRow, Store } from '../storage/store.js';

type FairnessConfig = Extract<MonitorConfig, { type: 'fairness' }>;

/** Most events one judgement reads. */
const MAX_ROWS = 200_000;

/** The window's rows as the judgement takes them: group, selected (predicted positive), truth. */
async function rowsOf(store: Store, model: ModelRow, attribute: string, from: number, to: number): Promise<FairnessRow[]> {
  const schema = modelSchemaOf(model);
  const positive = schema.positiveClass;
  const segmentKey = attribute.startsWith('segment:') ? attribute.slice('segment:'.length) : undefined;
  const raw = await windowEvents(store.db, model.id, { from, to }, MAX_ROWS);
  return raw.map((r) => {
    const source =
      segmentKey === undefined
        ? (JSON.parse(r.features) as Record<string, unknown>)
        : r.segment === ''
          ? {}
          : (JSON.parse(r.segment) as Record<string, unknown>);
    const v = source[segmentKey ?? attribute];
    const group = v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
    const p = normalizePrediction(JSON.parse(r.prediction) as PredictionValue, schema);
    const label = r.label === null ? null : (JSON.parse(r.label) as LabelValue);
    const actual = label === null ? null : classKey(label) === positive;
    return { group, predicted: p.label === positive, actual };
  });
}

function judge(rows: readonly FairnessRow[], config: FairnessConfig) {
  return judgeFairness(rows, { metric: config.metric, threshold: config.threshold, minGroupSize: config.minGroupSize, alpha: config.alpha });
}

export async function evaluateFairnessMonitor(
  deps: { readonly store: Store },
  monitor: MonitorRow,
  config: FairnessConfig,
  now: number,
): Promise<{ result: EvaluationResult; details: Record<string, unknown> }> {
  const model = await deps.store.modelById(monitor.model_id);
  if (model === undefined) return { result: { error: `the model of monitor "${monitor.name}" no longer exists` }, details: {} };
  if (model.type !== 'binary') return { result: { error: `fairness monitors judge binary models; "${model.name}" is ${model.type}` }, details: {} };
  const rows = await rowsOf(deps.store, model, config.attribute, now - parseDuration(config.window), now);
  const j = judge(rows, config);
  if ('noData' in j) return { result: { noData: true }, details: { rows: rows.length, reason: j.noData } };
  const summary = `${config.metric} over ${config.attribute} is ${j.value.toFixed(3)} (threshold ${j.threshold}); ${j.compared[0]} ${j.byGroup[j.compared[0]]!.toFixed(3)} against ${j.compared[1]} ${j.byGroup[j.compared[1]]!.toFixed(3)}, p = ${j.pValue.toPrecision(3)}`;
  return {
    result: [{ labels: { attribute: config.attribute, metric: config.metric }, value: j.value, firing: j.fires, annotations: { summary } }],
    details: {
      rows: rows.length,
      attribute: config.attribute,
      metric: j.metric,
      threshold: j.threshold,
      alpha: config.alpha ?? 0.05,
      value: j.value,
      byGroup: j.byGroup,
      groups: j.groups,
      tooSmall: j.tooSmall,
      compared: j.compared,
      pValue: j.pValue,
      fails: j.fails,
      significant: j.significant,
      fires: j.fires,
    },
  };
}

/** The fairness section of a model's card: each of its fairness monitors judged over the card's window. */
export async function fairnessForCard(store: Store, projectId: number, modelName: string, from: number, to: number): Promise<CardFairness[]> {
  const model = await store.findModel(projectId, modelName);
  if (model === undefined || model.type !== 'binary') return [];
  const out: CardFairness[] = [];
  for (const m of await store.alerting.monitors(projectId)) {
    if (m.type !== 'fairness' || Number(m.model_id) !== model.id) continue;
    const config = JSON.parse(m.config) as FairnessConfig;
    const j = judge(await rowsOf(store, model, config.attribute, from, to), config);
    if ('noData' in j) out.push({ attribute: config.attribute, metric: config.metric, value: null, byGroup: {}, groups: {}, pValue: null });
    else
      out.push({
        attribute: config.attribute,
        metric: j.metric,
        value: j.value,
        byGroup: j.byGroup,
        groups: j.groups,
        pValue: j.pValue,
        threshold: j.threshold,
        fails: j.fails,
      });
  }
  return out;
}
