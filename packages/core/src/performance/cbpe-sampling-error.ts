// CBPE's confidence bands and alert thresholds from a labelled reference (NannyML's sampling error
// and StandardDeviationThreshold), kept as a small JSON so any bucket of any size can be banded.

import { CorruptInputError, EmptySampleError, InvalidArgumentError, LengthMismatchError, rocAucScore } from '@vigil/stats';
import { binaryArray } from './calibrator.js';
import type { EstimatedPerformance } from './cbpe-accumulator.js';
import { numpyArgsort } from './numpy-argsort.js';
import { finiteArray } from './finite-array.js';

const VERSION = 1;

/** The CBPE metrics that get a band and thresholds. */
export type CbpeMetric = 'accuracy' | 'precision' | 'recall' | 'f1' | 'specificity' | 'rocAuc';
export const CBPE_METRICS: readonly CbpeMetric[] = ['accuracy', 'precision', 'recall', 'f1', 'specificity', 'rocAuc'];

/** NannyML's sampling-error components: SE(n) = std / √(n · fraction). */
export interface SamplingErrorComponent {
  std: number;
  fraction: number;
}

/** Alert thresholds; a null side never alerts. */
export interface MetricThreshold {
  lower: number | null;
  upper: number | null;
}

/** What the server stores from a labelled reference to band CBPE estimates (a few hundred bytes). */
export interface CbpeReference {
  type: 'cbpe-reference';
  version: 1;
  /** Reference rows. */
  count: number;
  /** Rows per reference chunk the thresholds were computed on. */
  chunkSize: number;
  /** Null where the reference cannot give one (e.g. no positive predictions for precision). */
  components: Record<CbpeMetric, SamplingErrorComponent | null>;
  thresholds: Record<CbpeMetric, MetricThreshold>;
  /** Realized metric per reference chunk (null where NannyML gets NaN), for charts. */
  realized: Record<CbpeMetric, (number | null)[]>;
}

export interface CbpeReferenceInput {
  /** True labels, 0/1. */
  readonly labels: ArrayLike<0 | 1 | boolean>;
  /** The model's predicted labels, 0/1. */
  readonly predicted: ArrayLike<0 | 1 | boolean>;
  /** Raw (uncalibrated) scores: realized ROC AUC per reference chunk. */
  readonly scores: ArrayLike<number>;
  /** Calibrated probabilities for the ROC AUC sampling error (NannyML fits it on the calibrated column); default `scores`. */
  readonly calibratedScores?: ArrayLike<number>;
}

export interface CbpeReferenceOptions {
  /** Rows per reference chunk; default ⌊n / chunkCount⌋, the remainder a last, smaller chunk (NannyML's 'keep'). */
  readonly chunkSize?: number;
  /** Chunks when `chunkSize` is not given (NannyML's DefaultChunker: 10). */
  readonly chunkCount?: number;
  /** Threshold = mean ± this many population standard deviations of the chunk values (default 3). */
  readonly stdMultiplier?: number;
}

/**
 * The reference side of CBPE's bands (NannyML 0.13, `sampling_error/binary_classification.py` and
 * `thresholds.py`). Sampling-error components per metric, all population std (ddof 0):
 * accuracy — std of 1[y = ŷ], fraction 1; precision — std of the hits among predicted positives,
 * fraction = predicted positives / n; recall — among true positives, fraction = positives / n;
 * specificity — std over true negatives (1) and false positives (0), fraction = their share;
 * F1 — std of TP (1), FN and FP (0) scaled by |TP ∪ FN ∪ FP| / (TP + ½(FN + FP)), fraction = their
 * share; ROC AUC — NannyML's Mann–Whitney construction (labels and scores flipped when positives
 * are the majority; per positive, its rank minus the positives before it, over the negatives),
 * fraction = positives / n, ranked by a port of NumPy 1.24's argsort so tied scores (calibrated
 * ones tie a lot) rank as in NannyML.
 *
 * Thresholds: the realized metric on each reference chunk (NaN rules as NannyML: precision,
 * recall and F1 need both classes among labels and predictions, specificity needs negatives,
 * ROC AUC both classes), then mean ± 3σ over the defined values, clipped to [0, 1].
 */
export function cbpeSamplingError(reference: CbpeReferenceInput, options: CbpeReferenceOptions = {}): CbpeReference {
  if (reference === null || typeof reference !== 'object') throw new InvalidArgumentError('reference', 'an object of labels, predicted and scores', reference);
  const y = binaryArray(reference.labels, 'reference.labels');
  const yHat = binaryArray(reference.predicted, 'reference.predicted');
  const scores = finiteArray(reference.scores, 'reference.scores');
  const calibrated = reference.calibratedScores === undefined ? scores : finiteArray(reference.calibratedScores, 'reference.calibratedScores');
  const n = y.length;
  if (n === 0) throw new EmptySampleError('reference.labels');
  if (yHat.length !== n) throw new LengthMismatchError('reference.predicted', 'reference.labels', yHat.length, n);
  if (scores.length !== n) throw new LengthMismatchError('reference.scores', 'reference.labels', scores.length, n);
  if (calibrated.length !== n) throw new LengthMismatchError('reference.calibratedScores', 'reference.labels', calibrated.length, n);
  const { chunkCount = 10, stdMultiplier = 3 } = options;
  if (!Number.isInteger(chunkCount) || chunkCount < 1) throw new InvalidArgumentError('chunkCount', 'a positive integer', chunkCount);
  if (typeof stdMultiplier !== 'number' || !(stdMultiplier >= 0)) throw new InvalidArgumentError('stdMultiplier', 'a number ≥ 0', stdMultiplier);
  const chunkSize = options.chunkSize ?? Math.max(1, Math.floor(n / chunkCount));
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new InvalidArgumentError('chunkSize', 'a positive integer', chunkSize);

  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < n; i++) {
    if (yHat[i] === 1) {
      if (y[i] === 1) tp++;
      else fp++;
    } else if (y[i] === 1) fn++;
    else tn++;
  }
  const components: Record<CbpeMetric, SamplingErrorComponent | null> = {
    accuracy: { std: bernoulliStd(tp + tn, n), fraction: 1 },
    precision: tp + fp === 0 ? null : { std: bernoulliStd(tp, tp + fp), fraction: (tp + fp) / n },
    recall: tp + fn === 0 ? null : { std: bernoulliStd(tp, tp + fn), fraction: (tp + fn) / n },
    specificity: tn + fp === 0 ? null : { std: bernoulliStd(tn, tn + fp), fraction: (tn + fp) / n },
    f1: f1Component(tp, fp, fn, n),
    rocAuc: aucComponent(y, calibrated),
  };

  const realized: Record<CbpeMetric, (number | null)[]> = { accuracy: [], precision: [], recall: [], f1: [], specificity: [], rocAuc: [] };
  for (let start = 0; start < n; start += chunkSize) {
    const end = Math.min(n, start + chunkSize);
    const values = realizedChunk(y, yHat, scores, start, end);
    for (const m of CBPE_METRICS) realized[m].push(values[m]);
  }
  const thresholds = {} as Record<CbpeMetric, MetricThreshold>;
  for (const m of CBPE_METRICS) thresholds[m] = stdThreshold(realized[m], stdMultiplier);
  return { type: 'cbpe-reference', version: VERSION, count: n, chunkSize, components, thresholds, realized };
}

/** NannyML's sampling error of `metric` for a bucket of `n` rows: std / √(n · fraction); null if undefined. */
export function samplingError(reference: CbpeReference, metric: CbpeMetric, n: number): number | null {
  if (!CBPE_METRICS.includes(metric)) throw new InvalidArgumentError('metric', CBPE_METRICS.join(', '), metric);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('n', 'a non-negative integer', n);
  const c = reference.components[metric];
  if (c === null || n === 0 || !(c.fraction > 0)) return null;
  return c.std / Math.sqrt(n * c.fraction);
}

/** One metric's estimate with its confidence band and thresholds. */
export interface CbpeBand {
  value: number | null;
  samplingError: number | null;
  /** value ∓ range·SE, clipped to [0, 1]. */
  lowerConfidence: number | null;
  upperConfidence: number | null;
  lowerThreshold: number | null;
  upperThreshold: number | null;
  /** The estimate lies strictly outside the thresholds. */
  alert: boolean;
}

/** Bands every CBPE metric of a bucket's estimate: value ± `samplingErrorRange` (default 3) · SE, and alerts. */
export function cbpeBands(
  estimate: EstimatedPerformance,
  reference: CbpeReference,
  options: { samplingErrorRange?: number } = {},
): Record<CbpeMetric, CbpeBand> {
  const { samplingErrorRange = 3 } = options;
  if (typeof samplingErrorRange !== 'number' || !(samplingErrorRange >= 0)) {
    throw new InvalidArgumentError('samplingErrorRange', 'a number ≥ 0', samplingErrorRange);
  }
  const out = {} as Record<CbpeMetric, CbpeBand>;
  for (const m of CBPE_METRICS) {
    const value = estimate[m];
    const se = samplingError(reference, m, estimate.count);
    const { lower, upper } = reference.thresholds[m];
    const banded = value !== null && se !== null;
    out[m] = {
      value,
      samplingError: se,
      lowerConfidence: banded ? Math.max(0, value - samplingErrorRange * se) : null,
      upperConfidence: banded ? Math.min(1, value + samplingErrorRange * se) : null,
      lowerThreshold: lower,
      upperThreshold: upper,
      alert: value !== null && ((lower !== null && value < lower) || (upper !== null && value > upper)),
    };
  }
  return out;
}

/** Checks a stored `CbpeReference`; throws `CorruptInputError` naming the first bad field. */
export function cbpeReferenceFromJSON(json: unknown): CbpeReference {
  const o = object(json, 'json');
  if (o['type'] !== 'cbpe-reference') throw new CorruptInputError('json.type', "'cbpe-reference'", o['type']);
  if (o['version'] !== VERSION) throw new CorruptInputError('json.version', String(VERSION), o['version']);
  const count = o['count'];
  const chunkSize = o['chunkSize'];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new CorruptInputError('json.count', 'a positive integer', count);
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize < 1)
    throw new CorruptInputError('json.chunkSize', 'a positive integer', chunkSize);
  const comps = object(o['components'], 'json.components');
  const ths = object(o['thresholds'], 'json.thresholds');
  const real = object(o['realized'], 'json.realized');
  const components = {} as Record<CbpeMetric, SamplingErrorComponent | null>;
  const thresholds = {} as Record<CbpeMetric, MetricThreshold>;
  const realized = {} as Record<CbpeMetric, (number | null)[]>;
  for (const m of CBPE_METRICS) {
    const c = comps[m];
    if (c === null) components[m] = null;
    else {
      const co = object(c, `json.components.${m}`);
      const std = co['std'];
      const fraction = co['fraction'];
      if (typeof std !== 'number' || !(std >= 0)) throw new CorruptInputError(`json.components.${m}.std`, 'a number ≥ 0', std);
      if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1))
        throw new CorruptInputError(`json.components.${m}.fraction`, 'a number in [0, 1]', fraction);
      components[m] = { std, fraction };
    }
    const t = object(ths[m], `json.thresholds.${m}`);
    const side = (k: 'lower' | 'upper'): number | null => {
      const v = t[k];
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new CorruptInputError(`json.thresholds.${m}.${k}`, 'a number or null', v);
      return v;
    };
    thresholds[m] = { lower: side('lower'), upper: side('upper') };
    const r = real[m];
    if (!Array.isArray(r) || r.some((v) => v !== null && typeof v !== 'number'))
      throw new CorruptInputError(`json.realized.${m}`, 'an array of numbers or nulls', r);
    realized[m] = r as (number | null)[];
  }
  return { type: 'cbpe-reference', version: VERSION, count, chunkSize, components, thresholds, realized };
}

/** Population std of k ones and m − k zeros. */
function bernoulliStd(k: number, m: number): number {
  const p = k / m;
  return Math.sqrt(p * (1 - p));
}

/** NannyML `f1_sampling_error_components`: TP as 1, FN and FP as 0, scaled by the F1 correcting factor. */
function f1Component(tp: number, fp: number, fn: number, n: number): SamplingErrorComponent | null {
  const m = tp + fp + fn;
  if (m === 0) return null;
  const factor = m / ((fn + fp) * 0.5 + tp);
  return { std: bernoulliStd(tp, m) * factor, fraction: m / n };
}

/** NannyML `auroc_sampling_error_components`. */
function aucComponent(yIn: Uint8Array, pIn: Float64Array): SamplingErrorComponent | null {
  const n = yIn.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += yIn[i] as number;
  const flip = nPos / n > 0.5;
  const y = flip ? yIn.map((v) => 1 - v) : yIn;
  const p = flip ? pIn.map((v) => 1 - v) : pIn;
  if (flip) nPos = n - nPos;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const order = numpyArgsort(p);
  // np.unique(y * rank)[1:]: the ranks of the positives, minus the 0 that negatives (and a
  // positive at rank 0) collapse into.
  const ranks: number[] = [];
  for (let r = 1; r < n; r++) if (y[order[r] as number] === 1) ranks.push(r);
  const ser = ranks.map((r, i) => (r - i) / nNeg);
  if (ser.length === 0) return { std: 0, fraction: nPos / n };
  const mean = ser.reduce((a, b) => a + b, 0) / ser.length;
  const variance = ser.reduce((a, b) => a + (b - mean) * (b - mean), 0) / ser.length;
  return { std: Math.sqrt(variance), fraction: nPos / n };
}

/** The realized metrics of rows [start, end) with NannyML's NaN (null) rules. */
function realizedChunk(y: Uint8Array, yHat: Uint8Array, scores: Float64Array, start: number, end: number): Record<CbpeMetric, number | null> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = start; i < end; i++) {
    if (yHat[i] === 1) {
      if (y[i] === 1) tp++;
      else fp++;
    } else if (y[i] === 1) fn++;
    else tn++;
  }
  const m = end - start;
  const bothTrue = tp + fn > 0 && fp + tn > 0;
  const bothPred = tp + fp > 0 && fn + tn > 0;
  const labelled = bothTrue && bothPred;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const denom = precision + recall;
  return {
    accuracy: (tp + tn) / m,
    precision: labelled ? precision : null,
    recall: labelled ? recall : null,
    f1: labelled ? (2 * precision * recall) / (denom === 0 ? 1 : denom) : null,
    specificity: tn + fp === 0 ? null : tn / (tn + fp),
    rocAuc: bothTrue ? rocAucScore(Array.from(y.subarray(start, end)), scores.subarray(start, end)) : null,
  };
}

/** NannyML `StandardDeviationThreshold(k, k)` with nanmean / nanstd, then the [0, 1] metric limits. */
function stdThreshold(values: readonly (number | null)[], k: number): MetricThreshold {
  const v = values.filter((x): x is number => x !== null);
  if (v.length === 0) return { lower: null, upper: null };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) * (b - mean), 0) / v.length);
  return { lower: Math.max(0, mean - k * std), upper: Math.min(1, mean + k * std) };
}

function object(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new CorruptInputError(field, 'a JSON object', v);
  return v as Record<string, unknown>;
}
