// Group fairness metrics as Fairlearn defines them (fairlearn.metrics, method 'between_groups',
// agg 'worst_case'): a per-group rate, then the largest gap (difference) or the smallest ratio.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import type { Label } from '../metrics/labels.js';
import { checkSameLength } from '../sample.js';
import { checkSampleWeight } from '../metrics/sample-weight.js';

/** A value of a sensitive feature; groups are keyed by `String(value)` (`true` and `'true'` are one group). */
export type SensitiveValue = string | number | boolean;

/** Options of every fairness metric. */
export interface FairnessOptions {
  /** The sensitive feature, one value per sample; each distinct value is a group. */
  readonly sensitiveFeatures: ArrayLike<SensitiveValue>;
  /** Optional non-negative weight per sample (Fairlearn's `sample_weight`). */
  readonly sampleWeight?: ArrayLike<number>;
}

/** A fairness metric with the per-group rates it was computed from. */
export interface FairnessResult<G = number> {
  /** The difference (max − min, ideal 0) or the ratio (min ÷ max, ideal 1) over groups; NaN when undefined (0 ÷ 0). */
  readonly value: number;
  /** Per group (keyed by the sensitive value as a string): the rate the metric compares. */
  readonly byGroup: Record<string, G>;
}

/** Per-group rates of the equalized-odds metrics: Fairlearn's `tpr` and `fpr` columns. */
export interface OddsRates {
  /** True positive rate P(ŷ = 1 | y = 1, group); 0 for a group without positives (scikit-learn's normalised confusion matrix). */
  readonly tpr: number;
  /** False positive rate P(ŷ = 1 | y = 0, group); 0 for a group without negatives. */
  readonly fpr: number;
}

interface GroupCounts {
  /** Σw of all samples, of those predicted positive, of actual positives, of true positives, of actual negatives, of false positives. */
  w: number;
  sel: number;
  pos: number;
  tp: number;
  neg: number;
  fp: number;
}

/** Binary labels as Fairlearn's rates accept them: 0/1 or −1/1 (booleans are 0/1); returns 1 for the positive class. */
function binaryLabels(y: ArrayLike<Label>, name: string): Uint8Array {
  if (y === null || typeof y !== 'object' || typeof (y as { length?: unknown }).length !== 'number') {
    throw new InvalidArgumentError(name, 'an array of binary labels (0/1, -1/1 or booleans)', y);
  }
  if (y.length === 0) throw new EmptySampleError(name);
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v === 0 || v === false || v === -1) out[i] = 0;
    else throw new InvalidArgumentError(`${name}[${i}]`, 'a binary label (0/1, -1/1 or a boolean)', v);
  }
  return out;
}

/** Fairlearn's `_get_labels_for_confusion_matrix`: the labels of yTrue and yPred together lie in {0, 1} or in {−1, 1}. */
function checkLabelFamily(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): void {
  let zero = false;
  let minusOne = false;
  for (const y of [yTrue, yPred]) {
    for (let i = 0; i < y.length; i++) {
      if (y[i] === 0 || y[i] === false) zero = true;
      else if (y[i] === -1) minusOne = true;
    }
  }
  if (zero && minusOne) throw new InvalidArgumentError('yPred', 'labels from {0, 1} or from {-1, 1} in yTrue and yPred together, not both 0 and -1');
}

function groupKey(v: unknown, i: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && !Number.isNaN(v)) return String(v === 0 ? 0 : v);
  throw new InvalidArgumentError(`sensitiveFeatures[${i}]`, 'a string, number or boolean group value (not NaN, null or missing)', v);
}

/** Sums each group's (weighted) confusion counts; groups come out in sorted order, as pandas' groupby gives them. */
function countGroups(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: FairnessOptions, needTrue: boolean): Map<string, GroupCounts> {
  if (options === null || typeof options !== 'object' || options.sensitiveFeatures === undefined) {
    throw new InvalidArgumentError('sensitiveFeatures', 'an array with one group value per sample');
  }
  const p = binaryLabels(yPred, 'yPred');
  const t = needTrue ? binaryLabels(yTrue, 'yTrue') : new Uint8Array(p.length);
  if (needTrue) checkLabelFamily(yTrue, yPred);
  else checkSameLength(yTrue, 'yTrue', yPred, 'yPred');
  checkSameLength(t, 'yTrue', p, 'yPred');
  const s = options.sensitiveFeatures;
  if (s === null || typeof s !== 'object' || typeof s.length !== 'number') {
    throw new InvalidArgumentError('sensitiveFeatures', 'an array with one group value per sample', s);
  }
  checkSameLength(s, 'sensitiveFeatures', p, 'yPred');
  const w = checkSampleWeight(options.sampleWeight, p.length, 'yPred');
  const groups = new Map<string, GroupCounts>();
  const numeric = Array.from({ length: s.length }, (_, i) => s[i]).every((v) => typeof v === 'number');
  for (let i = 0; i < p.length; i++) {
    const key = groupKey(s[i], i);
    let g = groups.get(key);
    if (g === undefined) {
      g = { w: 0, sel: 0, pos: 0, tp: 0, neg: 0, fp: 0 };
      groups.set(key, g);
    }
    const wi = w === undefined ? 1 : (w[i] as number);
    g.w += wi;
    if (p[i] === 1) g.sel += wi;
    if (t[i] === 1) {
      g.pos += wi;
      if (p[i] === 1) g.tp += wi;
    } else {
      g.neg += wi;
      if (p[i] === 1) g.fp += wi;
    }
  }
  const keys = [...groups.keys()].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  return new Map(keys.map((k) => [k, groups.get(k) as GroupCounts]));
}

/** scikit-learn's `confusion_matrix(normalize='true')` then `nan_to_num`: an empty row gives rates of 0. */
function rowRate(hits: number, total: number): number {
  return total === 0 ? 0 : hits / total;
}

/** pandas' min and max over a column, skipping NaN (NaN when every group is NaN). */
function extremes(values: readonly number[]): { min: number; max: number } {
  let min = Number.NaN;
  let max = Number.NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!(v >= min)) min = v;
    if (!(v <= max)) max = v;
  }
  return { min, max };
}

function difference(values: readonly number[]): number {
  const { min, max } = extremes(values);
  return max - min;
}

function ratio(values: readonly number[]): number {
  const { min, max } = extremes(values);
  return min / max;
}

type Rate = 'selection' | 'tpr' | 'fpr';

function rates(groups: Map<string, GroupCounts>, rate: Rate): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [k, g] of groups) {
    // Fairlearn's selection_rate is a plain weighted mean (0 ÷ 0 = NaN for a group of zero weight).
    out[k] = rate === 'selection' ? g.sel / g.w : rate === 'tpr' ? rowRate(g.tp, g.pos) : rowRate(g.fp, g.neg);
  }
  return out;
}

function oddsRates(groups: Map<string, GroupCounts>): Record<string, OddsRates> {
  const out: Record<string, OddsRates> = Object.create(null) as Record<string, OddsRates>;
  for (const [k, g] of groups) out[k] = { tpr: rowRate(g.tp, g.pos), fpr: rowRate(g.fp, g.neg) };
  return out;
}

/**
 * Demographic parity difference: max − min over groups of the selection rate P(ŷ = 1 | group).
 * Fairlearn `demographic_parity_difference` (method 'between_groups'); `yTrue` is ignored but must
 * match `yPred` in length. `byGroup` holds each group's selection rate.
 */
export function demographicParityDifference(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: FairnessOptions): FairnessResult {
  const byGroup = rates(countGroups(yTrue, yPred, options, false), 'selection');
  return { value: difference(Object.values(byGroup)), byGroup };
}

/**
 * Demographic parity ratio: min ÷ max over groups of the selection rate (Fairlearn
 * `demographic_parity_ratio`, 'between_groups'); its value is the worst four-fifths-rule impact ratio.
 * NaN when no group selects anyone. `byGroup` holds each group's selection rate.
 */
export function demographicParityRatio(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: FairnessOptions): FairnessResult {
  const byGroup = rates(countGroups(yTrue, yPred, options, false), 'selection');
  return { value: ratio(Object.values(byGroup)), byGroup };
}

/**
 * Equal opportunity difference: max − min over groups of the true positive rate (Fairlearn
 * `equal_opportunity_difference`). `byGroup` holds each group's TPR (0 for a group without positives,
 * as Fairlearn's `true_positive_rate` gives it).
 */
export function equalOpportunityDifference(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: FairnessOptions): FairnessResult {
  const byGroup = rates(countGroups(yTrue, yPred, options, true), 'tpr');
  return { value: difference(Object.values(byGroup)), byGroup };
}

/** Equal opportunity ratio: min ÷ max over groups of the TPR (Fairlearn `equal_opportunity_ratio`). `byGroup` holds each group's TPR. */
export function equalOpportunityRatio(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: FairnessOptions): FairnessResult {
  const byGroup = rates(countGroups(yTrue, yPred, options, true), 'tpr');
  return { value: ratio(Object.values(byGroup)), byGroup };
}

/**
 * Equalized odds difference: the larger of the TPR difference and the FPR difference (Fairlearn
 * `equalized_odds_difference`, agg 'worst_case'). `byGroup` holds each group's `{ tpr, fpr }`.
 */
export function equalizedOddsDifference(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: FairnessOptions): FairnessResult<OddsRates> {
  const byGroup = oddsRates(countGroups(yTrue, yPred, options, true));
  const g = Object.values(byGroup);
  return { value: pyMax(difference(g.map((r) => r.tpr)), difference(g.map((r) => r.fpr))), byGroup };
}

/**
 * Equalized odds ratio: the smaller of the TPR ratio and the FPR ratio (Fairlearn
 * `equalized_odds_ratio`, agg 'worst_case'). `byGroup` holds each group's `{ tpr, fpr }`.
 */
export function equalizedOddsRatio(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: FairnessOptions): FairnessResult<OddsRates> {
  const byGroup = oddsRates(countGroups(yTrue, yPred, options, true));
  const g = Object.values(byGroup);
  return { value: pyMin(ratio(g.map((r) => r.tpr)), ratio(g.map((r) => r.fpr))), byGroup };
}

// Python's built-in max/min over a pandas Series of two: a comparison with NaN is false, so the first
// element is kept unless the second compares greater (smaller).
function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}
