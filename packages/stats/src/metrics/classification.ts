// Label-based classification metrics (accuracy, confusion matrix, precision / recall / F-beta),
// matching scikit-learn 1.2's `sklearn.metrics._classification` on binary and multiclass targets.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';
import { checkOptionKeys } from '../options.js';
import { checkSameLength } from '../sample.js';
import type { Label, LabelSet, NormLabel } from './labels.js';
import { checkLabelKind, checkLabels, encodeLabels, normalizeLabel, uniqueLabels } from './labels.js';
import { checkSampleWeight, npAverage } from './sample-weight.js';

/** Checked, encoded pair of label arrays (sklearn `_check_targets` for binary / multiclass). */
interface Targets {
  readonly yTrue: NormLabel[];
  readonly yPred: NormLabel[];
  readonly present: LabelSet;
  readonly type: 'binary' | 'multiclass';
}

function checkTargets(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): Targets {
  const t = checkLabels(yTrue, 'yTrue');
  const p = checkLabels(yPred, 'yPred');
  checkSameLength(p, 'yPred', t, 'yTrue');
  const present = uniqueLabels([t, p], ['yTrue', 'yPred']);
  return { yTrue: t, yPred: p, present, type: present.classes.length <= 2 ? 'binary' : 'multiclass' };
}

export interface AccuracyOptions {
  /** Return the fraction of correct predictions (default) rather than their (weighted) count. */
  normalize?: boolean;
  sampleWeight?: ArrayLike<number>;
}

/** scikit-learn `accuracy_score` (1.2): the (weighted) fraction, or count, of exact matches. */
export function accuracyScore(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: AccuracyOptions = {}): number {
  checkOptionKeys(options, ['normalize', 'sampleWeight']);
  const { normalize = true } = options;
  if (typeof normalize !== 'boolean') throw new InvalidArgumentError('normalize', 'a boolean', normalize);
  const { yTrue: t, yPred: p } = checkTargets(yTrue, yPred);
  const w = checkSampleWeight(options.sampleWeight, t.length);
  const score = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) score[i] = t[i] === p[i] ? 1 : 0;
  if (normalize) return npAverage(score, w);
  if (w === undefined) return pairwiseSum(score);
  let s = 0;
  for (let i = 0; i < score.length; i++) s += (score[i] as number) * (w[i] as number);
  return s;
}

export interface ConfusionMatrixOptions {
  /** The labels indexing the matrix, in this order; samples with other labels are left out. */
  labels?: readonly Label[];
  /** Normalise over true labels (rows), predictions (columns) or all; 0/0 becomes 0. */
  normalize?: 'true' | 'pred' | 'all';
  sampleWeight?: ArrayLike<number>;
}

/**
 * scikit-learn `confusion_matrix` (1.2): `C[i][j]` counts samples of true label i predicted as
 * label j, rows and columns in sorted label order (or the order of `labels`).
 */
export function confusionMatrix(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: ConfusionMatrixOptions = {}): number[][] {
  checkOptionKeys(options, ['labels', 'normalize', 'sampleWeight']);
  const { yTrue: t, yPred: p, present } = checkTargets(yTrue, yPred);
  const normalize = options.normalize === undefined ? undefined : checkNormalize(options.normalize);
  let labels: NormLabel[];
  if (options.labels === undefined) {
    labels = present.classes;
  } else {
    labels = checkLabelOption(options.labels, present);
    if (labels.length === 0) throw new EmptySampleError('labels');
    const inTrue = new Set(t);
    if (!labels.some((l) => inTrue.has(l))) throw new InvalidArgumentError('labels', 'at least one label that occurs in yTrue');
  }
  const w = checkSampleWeight(options.sampleWeight, t.length);
  const k = labels.length;
  const it = encodeLabels(t, labels);
  const ip = encodeLabels(p, labels);
  const cm = new Float64Array(k * k);
  for (let i = 0; i < t.length; i++) {
    const a = it[i] as number;
    const b = ip[i] as number;
    if (a < 0 || b < 0) continue;
    cm[a * k + b]! += w === undefined ? 1 : (w[i] as number);
  }
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(Array.from(cm.subarray(i * k, (i + 1) * k)));
  if (normalize === undefined) return out;
  const div = (x: number, d: number): number => (d === 0 ? 0 : x / d);
  if (normalize === 'all') {
    const total = pairwiseSum(cm);
    return out.map((row) => row.map((x) => div(x, total)));
  }
  if (normalize === 'true') {
    return out.map((row) => {
      const s = pairwiseSum(row);
      return row.map((x) => div(x, s));
    });
  }
  const colSums = Array.from({ length: k }, (_, j) => pairwiseSum(out.map((row) => row[j] as number)));
  return out.map((row) => row.map((x, j) => div(x, colSums[j] as number)));
}

function checkNormalize(v: unknown): 'true' | 'pred' | 'all' {
  if (v !== 'true' && v !== 'pred' && v !== 'all') throw new InvalidArgumentError('normalize', "one of 'true', 'pred', 'all'", v);
  return v;
}

function checkLabelOption(labels: unknown, present: LabelSet): NormLabel[] {
  if (!Array.isArray(labels)) throw new InvalidArgumentError('labels', 'an array of class labels', labels);
  const out = labels.map((l, i) => normalizeLabel(l, `labels[${i}]`));
  out.forEach((l, i) => checkLabelKind(l, present.kind, `labels[${i}]`));
  if (new Set(out).size !== out.length) throw new InvalidArgumentError('labels', 'distinct labels');
  return out;
}

/** The averages of sklearn's precision/recall/F-score; `null` keeps one score per label. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | null;
/** sklearn's `zero_division`: what 0/0 becomes ('warn' acts as 0, silently). */
export type ZeroDivision = 'warn' | 0 | 1;

export interface PrecisionRecallOptions {
  /** How to average over labels (default 'binary': report `posLabel` only). */
  average?: Average;
  /** The positive class when `average` is 'binary' (default 1). */
  posLabel?: Label;
  /** Labels to score (and their order when `average` is null); others still count as errors. */
  labels?: readonly Label[];
  zeroDivision?: ZeroDivision;
  sampleWeight?: ArrayLike<number>;
}

export interface FbetaOptions extends PrecisionRecallOptions {
  /** Weight of recall relative to precision (>= 0; Infinity gives recall). */
  beta: number;
}

/** Precision, recall, F-beta and support; averaged scores come as numbers, per-label ones as arrays. */
export interface PrecisionRecallFscoreSupport<T extends number | number[]> {
  readonly precision: T;
  readonly recall: T;
  readonly fscore: T;
  /** Per-label (weighted) count of true samples; null when averaged, as in sklearn. */
  readonly support: number[] | null;
}

const PRF_OPTIONS = ['average', 'posLabel', 'labels', 'zeroDivision', 'sampleWeight'] as const;

/**
 * scikit-learn `precision_recall_fscore_support` (1.2). The default average is `null` (per label),
 * as in sklearn; 'warn' zero division acts as 0 without output.
 */
export function precisionRecallFscoreSupport(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions & { beta?: number; average: Exclude<Average, null> },
): PrecisionRecallFscoreSupport<number>;
export function precisionRecallFscoreSupport(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options?: PrecisionRecallOptions & { beta?: number },
): PrecisionRecallFscoreSupport<number | number[]>;
export function precisionRecallFscoreSupport(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions & { beta?: number } = {},
): PrecisionRecallFscoreSupport<number | number[]> {
  checkOptionKeys(options, [...PRF_OPTIONS, 'beta']);
  return prfs(yTrue, yPred, { average: null, ...options }, options.beta ?? 1);
}

function prfs(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions,
  beta: number,
): PrecisionRecallFscoreSupport<number | number[]> {
  const { average = 'binary', posLabel = 1, zeroDivision = 'warn' } = options;
  if (average !== null && average !== 'binary' && average !== 'micro' && average !== 'macro' && average !== 'weighted') {
    throw new InvalidArgumentError('average', "one of 'binary', 'micro', 'macro', 'weighted', null", average);
  }
  if (zeroDivision !== 'warn' && zeroDivision !== 0 && zeroDivision !== 1) {
    throw new InvalidArgumentError('zeroDivision', "one of 'warn', 0, 1", zeroDivision);
  }
  if (typeof beta !== 'number' || Number.isNaN(beta) || beta < 0) throw new InvalidArgumentError('beta', 'a number >= 0', beta);
  const tg = checkTargets(yTrue, yPred);
  const w = checkSampleWeight(options.sampleWeight, tg.yTrue.length);
  let selected: NormLabel[] | undefined = options.labels === undefined ? undefined : checkLabelOption(options.labels, tg.present);
  if (average === 'binary') {
    if (tg.type !== 'binary') {
      throw new InvalidArgumentError('average', "'micro', 'macro', 'weighted' or null: the target is multiclass, not binary", average);
    }
    const pos = normalizeLabel(posLabel, 'posLabel');
    checkLabelKind(pos, tg.present.kind, 'posLabel');
    if (!tg.present.classes.includes(pos) && tg.present.classes.length >= 2) {
      throw new InvalidArgumentError('posLabel', `one of the labels ${JSON.stringify(tg.present.classes)}`, pos);
    }
    selected = [pos];
  }
  // sklearn scores `labels` first, then appends the present labels it does not name.
  const all = selected === undefined ? tg.present.classes : [...selected, ...tg.present.classes.filter((c) => !selected.includes(c))];
  const nSel = selected === undefined ? all.length : selected.length;
  const it = encodeLabels(tg.yTrue, all);
  const ip = encodeLabels(tg.yPred, all);
  const k = all.length;
  const tp = new Float64Array(k);
  const predS = new Float64Array(k);
  const trueS = new Float64Array(k);
  for (let i = 0; i < it.length; i++) {
    const a = it[i] as number;
    const b = ip[i] as number;
    const wi = w === undefined ? 1 : (w[i] as number);
    if (a === b) tp[a]! += wi;
    predS[b]! += wi;
    trueS[a]! += wi;
  }
  let tpSum = Array.from(tp.subarray(0, nSel));
  // sklearn goes through fp = pred - tp and back, which rounds the same way here.
  let predSum = tpSum.map((x, i) => x + ((predS[i] as number) - x));
  let trueSum = tpSum.map((x, i) => x + ((trueS[i] as number) - x));
  if (average === 'micro') {
    tpSum = [pairwiseSum(tpSum)];
    predSum = [pairwiseSum(predSum)];
    trueSum = [pairwiseSum(trueSum)];
  }
  const zd = zeroDivision === 1 ? 1 : 0;
  const precision = tpSum.map((x, i) => ((predSum[i] as number) === 0 ? zd : x / (predSum[i] as number)));
  const recall = tpSum.map((x, i) => ((trueSum[i] as number) === 0 ? zd : x / (trueSum[i] as number)));
  const beta2 = beta * beta;
  const fscore =
    beta === Number.POSITIVE_INFINITY
      ? recall.slice()
      : precision.map((pr, i) => {
          const rc = recall[i] as number;
          let denom = beta2 * pr + rc;
          if (denom === 0) denom = 1;
          return ((1 + beta2) * pr * rc) / denom;
        });
  if (average === null) return { precision, recall, fscore, support: trueSum };
  let weights: Float64Array | undefined;
  if (average === 'weighted') {
    weights = Float64Array.from(trueSum);
    if (pairwiseSum(weights) === 0) {
      if (pairwiseSum(predSum) === 0) return { precision: zd, recall: zd, fscore: zd, support: null };
      return { precision: 0, recall: zd, fscore: 0, support: null };
    }
  }
  return {
    precision: npAverage(Float64Array.from(precision), weights),
    recall: npAverage(Float64Array.from(recall), weights),
    fscore: npAverage(Float64Array.from(fscore), weights),
    support: null,
  };
}

/** Per-label arrays for `average: null`, a number otherwise (a union when the average is not known statically). */
type Scores<O> = O extends { average: infer A } ? ([A] extends [null] ? number[] : null extends A ? number | number[] : number) : number;

/** scikit-learn `precision_score` (1.2): tp / (tp + fp), averaged as `average` says. */
export function precisionScore<O extends PrecisionRecallOptions>(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options?: O): Scores<O> {
  checkOptionKeys(options, PRF_OPTIONS);
  return prfs(yTrue, yPred, options ?? {}, 1).precision as Scores<O>;
}

/** scikit-learn `recall_score` (1.2): tp / (tp + fn), averaged as `average` says. */
export function recallScore<O extends PrecisionRecallOptions>(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options?: O): Scores<O> {
  checkOptionKeys(options, PRF_OPTIONS);
  return prfs(yTrue, yPred, options ?? {}, 1).recall as Scores<O>;
}

/** scikit-learn `f1_score` (1.2): the harmonic mean of precision and recall. */
export function f1Score<O extends PrecisionRecallOptions>(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options?: O): Scores<O> {
  checkOptionKeys(options, PRF_OPTIONS);
  return prfs(yTrue, yPred, options ?? {}, 1).fscore as Scores<O>;
}

/** scikit-learn `fbeta_score` (1.2): (1 + β²)·P·R / (β²·P + R). */
export function fbetaScore<O extends FbetaOptions>(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: O): Scores<O> {
  checkOptionKeys(options, [...PRF_OPTIONS, 'beta']);
  if (options === undefined || options.beta === undefined) throw new InvalidArgumentError('beta', 'a number >= 0 (fbetaScore needs it)');
  return prfs(yTrue, yPred, options, options.beta).fscore as Scores<O>;
}
