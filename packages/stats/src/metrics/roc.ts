// Score-based binary metrics: ROC curve and AUC (binary, one-vs-rest, one-vs-one, multilabel),
// precision-recall curve and average precision, matching scikit-learn 1.2's `_ranking.py`.

import { InvalidArgumentError } from '../errors.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';
import { checkOptionKeys } from '../options.js';
import { checkSameLength } from '../sample.js';
import { argsort, sortInPlace } from '../sort.js';
import type { Label, NormLabel } from './labels.js';
import { checkLabelKind, checkLabels, encodeLabels, normalizeLabel, uniqueLabels } from './labels.js';
import type { ScoreMatrix } from './scores.js';
import { checkScoreMatrix, checkScores, resolvePosLabel } from './scores.js';
import { checkSampleWeight, npAverage } from './sample-weight.js';

/** Cumulative false and true positives at each distinct threshold, thresholds descending. */
interface ClfCurve {
  readonly fps: Float64Array;
  readonly tps: Float64Array;
  readonly thresholds: Float64Array;
}

/**
 * sklearn `_binary_clf_curve`: one stable argsort, then a single pass from the highest score down
 * (NumPy's reversed mergesort order, so weighted cumulative sums add in the same order).
 */
function binaryClfCurve(isPos: Uint8Array, score: Float64Array, weight?: Float64Array): ClfCurve {
  if (weight !== undefined) {
    // sklearn drops zero-weight samples first: they would add thresholds without moving the curve.
    let m = 0;
    for (let i = 0; i < weight.length; i++) if (weight[i] !== 0) m++;
    if (m < weight.length) {
      const p = new Uint8Array(m);
      const s = new Float64Array(m);
      const w = new Float64Array(m);
      let k = 0;
      for (let i = 0; i < weight.length; i++) {
        if (weight[i] === 0) continue;
        p[k] = isPos[i] as number;
        s[k] = score[i] as number;
        w[k++] = weight[i] as number;
      }
      return binaryClfCurve(p, s, w);
    }
  }
  if (weight === undefined) return countCurve(isPos, score);
  const n = score.length;
  const order = argsort(score);
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thr = new Float64Array(n);
  let m = 0;
  let tp = 0;
  let fp = 0;
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k] as number;
    const pos = isPos[i] as number;
    if (weight === undefined) {
      tp += pos;
    } else {
      const w = weight[i] as number;
      tp += pos * w;
      fp += (1 - pos) * w;
    }
    const s = score[i] as number;
    if (k === 0 || score[order[k - 1] as number] !== s) {
      tps[m] = tp;
      fps[m] = weight === undefined ? n - k - tp : fp;
      thr[m++] = s;
    }
  }
  return { fps: fps.slice(0, m), tps: tps.slice(0, m), thresholds: thr.slice(0, m) };
}

/**
 * Unweighted `_binary_clf_curve`: counts are exact integers, so sorting the positive and the
 * negative scores apart (no index to carry) and merging from the top gives the same curve faster.
 */
function countCurve(isPos: Uint8Array, score: Float64Array): ClfCurve {
  const n = score.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += isPos[i] as number;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(n - nPos);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (isPos[i] === 1) pos[a++] = score[i] as number;
    else neg[b++] = score[i] as number;
  }
  sortInPlace(pos);
  sortInPlace(neg);
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thr = new Float64Array(n);
  let m = 0;
  let i = nPos - 1;
  let j = n - nPos - 1;
  while (i >= 0 || j >= 0) {
    const s = i < 0 ? (neg[j] as number) : j < 0 ? (pos[i] as number) : Math.max(pos[i] as number, neg[j] as number);
    while (i >= 0 && pos[i] === s) i--;
    while (j >= 0 && neg[j] === s) j--;
    tps[m] = nPos - 1 - i;
    fps[m] = n - nPos - 1 - j;
    thr[m++] = s;
  }
  return { fps: fps.slice(0, m), tps: tps.slice(0, m), thresholds: thr.slice(0, m) };
}

/** An ROC curve: false and true positive rates at decreasing thresholds. */
export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** Decreasing thresholds; the first is max(score) + 1 (sklearn 1.2), meaning "predict nothing". */
  readonly thresholds: Float64Array;
}

function rocFromCurve(c: ClfCurve, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = c;
  const m = fps.length;
  if (dropIntermediate && m > 2) {
    // Keep the corners: points where either cumulative count changes slope.
    const f2 = new Float64Array(m);
    const t2 = new Float64Array(m);
    const h2 = new Float64Array(m);
    let q = 0;
    for (let j = 0; j < m; j++) {
      if (j > 0 && j < m - 1) {
        const d2f = (fps[j + 1] as number) - (fps[j] as number) - ((fps[j] as number) - (fps[j - 1] as number));
        const d2t = (tps[j + 1] as number) - (tps[j] as number) - ((tps[j] as number) - (tps[j - 1] as number));
        if (d2f === 0 && d2t === 0) continue;
      }
      f2[q] = fps[j] as number;
      t2[q] = tps[j] as number;
      h2[q++] = thresholds[j] as number;
    }
    fps = f2.subarray(0, q);
    tps = t2.subarray(0, q);
    thresholds = h2.subarray(0, q);
  }
  const k = fps.length + 1;
  const fpr = new Float64Array(k);
  const tpr = new Float64Array(k);
  const thr = new Float64Array(k);
  thr[0] = (thresholds[0] as number) + 1;
  thr.set(thresholds, 1);
  const fTot = fps[k - 2] as number;
  const tTot = tps[k - 2] as number;
  // No negatives (or positives) leaves the rate undefined: NaN, where sklearn warns.
  for (let i = 1; i < k; i++) {
    fpr[i] = fTot <= 0 ? Number.NaN : (fps[i - 1] as number) / fTot;
    tpr[i] = tTot <= 0 ? Number.NaN : (tps[i - 1] as number) / tTot;
  }
  if (fTot <= 0) fpr[0] = Number.NaN;
  if (tTot <= 0) tpr[0] = Number.NaN;
  return { fpr, tpr, thresholds: thr };
}

/** sklearn `auc` / `np.trapz` over an increasing x. */
function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const terms = new Float64Array(x.length - 1);
  for (let i = 0; i + 1 < x.length; i++) {
    terms[i] = ((x[i + 1] as number) - (x[i] as number)) * (((y[i + 1] as number) + (y[i] as number)) / 2);
  }
  return pairwiseSum(terms);
}

/** Binary target: positive flags for `pos` among checked labels. */
function positives(y: readonly NormLabel[], pos: NormLabel): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] === pos ? 1 : 0;
  return out;
}

export interface RocCurveOptions {
  /** The positive class; needed unless the labels are {0, 1} or {-1, 1}. */
  posLabel?: Label;
  /** Drop thresholds that lie on a straight segment of the curve (default true). */
  dropIntermediate?: boolean;
  sampleWeight?: ArrayLike<number>;
}

/** scikit-learn `roc_curve` (1.2), thresholds[0] = max(yScore) + 1. */
export function rocCurve(yTrue: ArrayLike<Label>, yScore: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  checkOptionKeys(options, ['posLabel', 'dropIntermediate', 'sampleWeight']);
  const { dropIntermediate = true } = options;
  if (typeof dropIntermediate !== 'boolean') throw new InvalidArgumentError('dropIntermediate', 'a boolean', dropIntermediate);
  const { isPos, score, weight } = binaryInput(yTrue, yScore, options.posLabel, options.sampleWeight);
  return rocFromCurve(binaryClfCurve(isPos, score, weight), dropIntermediate);
}

function binaryInput(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  posLabel: Label | undefined,
  sampleWeight: ArrayLike<number> | undefined,
  scoreName = 'yScore',
): { isPos: Uint8Array; score: Float64Array; weight: Float64Array | undefined } {
  const t = checkLabels(yTrue, 'yTrue');
  const score = checkScores(yScore, scoreName);
  checkSameLength(score, scoreName, t, 'yTrue');
  const present = uniqueLabels([t], ['yTrue']);
  if (present.classes.length > 2 && posLabel === undefined) {
    throw new InvalidArgumentError('posLabel', 'a positive label: yTrue is multiclass');
  }
  const pos = resolvePosLabel(present, posLabel);
  return { isPos: positives(t, pos), score, weight: checkSampleWeight(sampleWeight, t.length) };
}

function binaryAuc(isPos: Uint8Array, score: Float64Array, weight: Float64Array | undefined, maxFpr?: number): number {
  let nPos = 0;
  for (let i = 0; i < isPos.length; i++) nPos += isPos[i] as number;
  if (nPos === 0 || nPos === isPos.length) {
    throw new InvalidArgumentError('yTrue', 'both classes: only one class is present, and ROC AUC is not defined then');
  }
  const { fpr, tpr } = rocFromCurve(binaryClfCurve(isPos, score, weight), true);
  if (maxFpr === undefined || maxFpr === 1) return trapezoid(fpr, tpr);
  // McClish-standardised partial AUC up to maxFpr, interpolating the curve at maxFpr.
  let stop = 0;
  while (stop < fpr.length && (fpr[stop] as number) <= maxFpr) stop++;
  const x0 = fpr[stop - 1] as number;
  const x1 = fpr[stop] as number;
  const y0 = tpr[stop - 1] as number;
  const y1 = tpr[stop] as number;
  const yAt = ((y1 - y0) / (x1 - x0)) * (maxFpr - x0) + y0;
  const xs = Float64Array.from({ length: stop + 1 }, (_, i) => (i < stop ? (fpr[i] as number) : maxFpr));
  const ys = Float64Array.from({ length: stop + 1 }, (_, i) => (i < stop ? (tpr[i] as number) : yAt));
  const partial = trapezoid(xs, ys);
  const minArea = 0.5 * maxFpr ** 2;
  return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
}

/** Averages of sklearn's `_average_binary_score`; `null` returns one score per column. */
export type BinaryAverage = 'micro' | 'macro' | 'weighted' | 'samples' | null;

/** An indicator matrix (0/1) with a score matrix of the same shape. */
interface Indicator {
  readonly y: Uint8Array;
  readonly rows: number;
  readonly cols: number;
}

/** sklearn `_average_binary_score` for indicator targets (multilabel, or one-vs-rest). */
function averageBinaryScore(
  metric: (isPos: Uint8Array, score: Float64Array, weight: Float64Array | undefined) => number,
  y: Indicator,
  s: ScoreMatrix,
  average: BinaryAverage,
  weight: Float64Array | undefined,
): number | number[] {
  const { rows, cols } = y;
  if (average === 'micro') {
    let w: Float64Array | undefined;
    if (weight !== undefined) {
      w = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) w.fill(weight[i] as number, i * cols, (i + 1) * cols);
    }
    return metric(y.y, s.data, w);
  }
  if (average === 'samples') {
    const scores = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      scores[i] = metric(y.y.subarray(i * cols, (i + 1) * cols), s.data.subarray(i * cols, (i + 1) * cols), undefined);
    }
    return npAverage(scores, weight);
  }
  const scores = new Float64Array(cols);
  const colPos = new Uint8Array(rows);
  const colScore = new Float64Array(rows);
  let avgWeight: Float64Array | undefined;
  if (average === 'weighted') avgWeight = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    // NumPy sums a column of a 2-D array row by row, not pairwise.
    let wsum = 0;
    for (let i = 0; i < rows; i++) {
      colPos[i] = y.y[i * cols + c] as number;
      colScore[i] = s.data[i * cols + c] as number;
      wsum += (colPos[i] as number) * (weight === undefined ? 1 : (weight[i] as number));
    }
    if (avgWeight !== undefined) avgWeight[c] = wsum;
    scores[c] = metric(colPos, colScore, weight);
  }
  if (average === null) return Array.from(scores);
  if (avgWeight !== undefined) {
    const total = pairwiseSum(avgWeight);
    if (Math.abs(total) <= 1e-8) return 0;
    for (let c = 0; c < cols; c++) if (avgWeight[c] === 0) scores[c] = 0;
  }
  return npAverage(scores, avgWeight);
}

function checkIndicator(y: unknown, name: string): Indicator {
  const m = checkScoreMatrix(y, name);
  const out = new Uint8Array(m.data.length);
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i] as number;
    if (v !== 0 && v !== 1) throw new InvalidArgumentError(`${name}[${Math.floor(i / m.cols)}][${i % m.cols}]`, 'a 0/1 indicator', v);
    out[i] = v;
  }
  return { y: out, rows: m.rows, cols: m.cols };
}

function isMatrix(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null;
}

export interface RocAucOptions {
  /** How to average per-class scores (multiclass / multilabel; default 'macro'). */
  average?: BinaryAverage;
  /** Multiclass strategy: one-vs-rest or one-vs-one (default 'raise': multiclass is an error). */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /** The classes of the score columns, sorted (multiclass only). */
  labels?: readonly Label[];
  /** McClish-standardised partial AUC up to this false positive rate (binary only). */
  maxFpr?: number;
  sampleWeight?: ArrayLike<number>;
}

/**
 * scikit-learn `roc_auc_score` (1.2): the trapezoid area under the ROC curve (ties give the
 * diagonal segment, i.e. count one half). `yScore` is a vector for binary targets (the larger label
 * is positive), a samples × classes probability matrix for multiclass targets (columns in sorted
 * label order; `multiClass` 'ovr' or 'ovo'), or a matrix beside a 0/1 indicator matrix `yTrue`.
 * One argsort and one pass per binary problem: O(n log n).
 */
export function rocAucScore(yTrue: ArrayLike<Label>, yScore: ArrayLike<number>, options?: RocAucOptions): number;
export function rocAucScore(
  yTrue: ArrayLike<Label> | readonly (readonly number[])[],
  yScore: readonly (readonly number[])[],
  options?: RocAucOptions,
): number | number[];
export function rocAucScore(
  yTrue: ArrayLike<Label> | readonly (readonly number[])[],
  yScore: ArrayLike<number> | readonly (readonly number[])[],
  options: RocAucOptions = {},
): number | number[] {
  checkOptionKeys(options, ['average', 'multiClass', 'labels', 'maxFpr', 'sampleWeight']);
  const { average = 'macro', multiClass = 'raise', maxFpr } = options;
  if (average !== null && !['micro', 'macro', 'weighted', 'samples'].includes(average)) {
    throw new InvalidArgumentError('average', "one of 'micro', 'macro', 'weighted', 'samples', null", average);
  }
  if (!['raise', 'ovr', 'ovo'].includes(multiClass)) throw new InvalidArgumentError('multiClass', "one of 'raise', 'ovr', 'ovo'", multiClass);
  if (maxFpr !== undefined && (typeof maxFpr !== 'number' || !(maxFpr > 0 && maxFpr <= 1))) {
    throw new InvalidArgumentError('maxFpr', 'a number in (0, 1]', maxFpr);
  }
  const auc = (p: Uint8Array, s: Float64Array, w: Float64Array | undefined): number => binaryAuc(p, s, w, maxFpr);
  if (isMatrix(yTrue)) {
    const y = checkIndicator(yTrue, 'yTrue');
    const s = checkScoreMatrix(yScore, 'yScore');
    checkSameShape(y, s);
    return averageBinaryScore(auc, y, s, average, checkSampleWeight(options.sampleWeight, y.rows));
  }
  const t = checkLabels(yTrue, 'yTrue');
  const present = uniqueLabels([t], ['yTrue']);
  if (!isMatrix(yScore)) {
    const score = checkScores(yScore, 'yScore');
    checkSameLength(score, 'yScore', t, 'yTrue');
    if (present.classes.length > 2) {
      throw new InvalidArgumentError('yScore', 'a samples × classes probability matrix: yTrue is multiclass');
    }
    if (present.classes.length < 2) {
      throw new InvalidArgumentError('yTrue', 'both classes: only one class is present, and ROC AUC is not defined then');
    }
    const w = checkSampleWeight(options.sampleWeight, t.length);
    return binaryAuc(positives(t, present.classes[1] as NormLabel), score, w, maxFpr);
  }
  const s = checkScoreMatrix(yScore, 'yScore');
  checkSameLength(s.data.length === 0 ? [] : { length: s.rows }, 'yScore', t, 'yTrue');
  if (present.classes.length <= 2 && s.cols <= 2) {
    throw new InvalidArgumentError('yScore', 'a vector of positive-class scores for a binary target');
  }
  if (maxFpr !== undefined && maxFpr !== 1) throw new InvalidArgumentError('maxFpr', 'undefined: partial AUC is binary only', maxFpr);
  if (multiClass === 'raise') throw new InvalidArgumentError('multiClass', "'ovr' or 'ovo' for a multiclass target", multiClass);
  return multiclassAuc(t, present.kind, s, options, multiClass, average);
}

function checkSameShape(y: Indicator, s: ScoreMatrix): void {
  if (y.rows !== s.rows || y.cols !== s.cols) {
    throw new InvalidArgumentError('yScore', `a ${y.rows} × ${y.cols} matrix like yTrue`, `${s.rows} × ${s.cols}`);
  }
}

function multiclassAuc(
  t: NormLabel[],
  kind: 'number' | 'string',
  s: ScoreMatrix,
  options: RocAucOptions,
  multiClass: 'ovr' | 'ovo',
  average: BinaryAverage,
): number | number[] {
  for (let i = 0; i < s.rows; i++) {
    let sum = 0;
    for (let j = 0; j < s.cols; j++) sum += s.data[i * s.cols + j] as number;
    if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5)) {
      throw new InvalidArgumentError(`yScore[${i}]`, 'probabilities summing to 1 over classes (multiclass ROC AUC)', sum);
    }
  }
  const allowed = multiClass === 'ovr' ? ['micro', 'macro', 'weighted', null] : ['macro', 'weighted'];
  if (!allowed.includes(average)) {
    throw new InvalidArgumentError(
      'average',
      `one of ${allowed.map((a) => (a === null ? 'null' : `'${a}'`)).join(', ')} for multiClass '${multiClass}'`,
      average,
    );
  }
  let classes: NormLabel[];
  if (options.labels !== undefined) {
    if (!Array.isArray(options.labels)) throw new InvalidArgumentError('labels', 'an array of class labels', options.labels);
    classes = options.labels.map((l, i) => normalizeLabel(l, `labels[${i}]`));
    classes.forEach((l, i) => checkLabelKind(l, kind, `labels[${i}]`));
    const sorted = uniqueLabels([classes], ['labels']).classes;
    if (sorted.length !== classes.length) throw new InvalidArgumentError('labels', 'distinct labels');
    if (sorted.some((c, i) => c !== classes[i])) throw new InvalidArgumentError('labels', 'labels in sorted order');
    if (classes.length !== s.cols) throw new InvalidArgumentError('labels', `${s.cols} labels, one per column of yScore`, classes.length);
  } else {
    classes = uniqueLabels([t], ['yTrue']).classes;
    if (classes.length !== s.cols) {
      throw new InvalidArgumentError('yScore', `${classes.length} columns, one per class in yTrue`, s.cols);
    }
  }
  const codes = encodeLabels(t, classes);
  const bad = codes.indexOf(-1);
  if (bad >= 0) throw new InvalidArgumentError(`yTrue[${bad}]`, 'one of labels', t[bad]);
  const auc = (p: Uint8Array, sc: Float64Array, w: Float64Array | undefined): number => binaryAuc(p, sc, w, undefined);
  if (multiClass === 'ovr') {
    const y = new Uint8Array(s.rows * s.cols);
    for (let i = 0; i < s.rows; i++) y[i * s.cols + (codes[i] as number)] = 1;
    const w = checkSampleWeight(options.sampleWeight, t.length);
    return averageBinaryScore(auc, { y, rows: s.rows, cols: s.cols }, s, average, w);
  }
  if (options.sampleWeight !== undefined) throw new InvalidArgumentError('sampleWeight', "undefined: not supported with multiClass 'ovo'");
  const presentCodes = Array.from(new Set(codes)).sort((a, b) => a - b);
  const pairScores: number[] = [];
  const prevalence: number[] = [];
  for (let ia = 0; ia < presentCodes.length; ia++) {
    for (let ib = ia + 1; ib < presentCodes.length; ib++) {
      const a = presentCodes[ia] as number;
      const b = presentCodes[ib] as number;
      let m = 0;
      for (let i = 0; i < codes.length; i++) if (codes[i] === a || codes[i] === b) m++;
      const aPos = new Uint8Array(m);
      const bPos = new Uint8Array(m);
      const aScore = new Float64Array(m);
      const bScore = new Float64Array(m);
      let k = 0;
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i] as number;
        if (c !== a && c !== b) continue;
        aPos[k] = c === a ? 1 : 0;
        bPos[k] = c === b ? 1 : 0;
        aScore[k] = s.data[i * s.cols + a] as number;
        bScore[k++] = s.data[i * s.cols + b] as number;
      }
      prevalence.push(m / codes.length);
      pairScores.push((auc(aPos, aScore, undefined) + auc(bPos, bScore, undefined)) / 2);
    }
  }
  return npAverage(Float64Array.from(pairScores), average === 'weighted' ? Float64Array.from(prevalence) : undefined);
}

/** A precision-recall curve: precision and recall at increasing thresholds, ending at (1, 0). */
export interface PrecisionRecallCurve {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  /** Increasing distinct scores; one fewer than precision and recall. */
  readonly thresholds: Float64Array;
}

export interface PrecisionRecallCurveOptions {
  /** The positive class; needed unless the labels are {0, 1} or {-1, 1}. */
  posLabel?: Label;
  sampleWeight?: ArrayLike<number>;
}

function prFromCurve(c: ClfCurve): PrecisionRecallCurve {
  const m = c.tps.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  const tTot = c.tps[m - 1] as number;
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    const tp = c.tps[j] as number;
    const ps = tp + (c.fps[j] as number);
    precision[i] = ps === 0 ? 0 : tp / ps;
    // With no positives sklearn sets recall to 1 everywhere (and warns).
    recall[i] = tTot === 0 ? 1 : tp / tTot;
    thresholds[i] = c.thresholds[j] as number;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}

/** scikit-learn `precision_recall_curve` (1.2): every distinct score is a threshold. */
export function precisionRecallCurve(yTrue: ArrayLike<Label>, probasPred: ArrayLike<number>, options: PrecisionRecallCurveOptions = {}): PrecisionRecallCurve {
  checkOptionKeys(options, ['posLabel', 'sampleWeight']);
  const { isPos, score, weight } = binaryInput(yTrue, probasPred, options.posLabel, options.sampleWeight, 'probasPred');
  return prFromCurve(binaryClfCurve(isPos, score, weight));
}

function binaryAp(isPos: Uint8Array, score: Float64Array, weight: Float64Array | undefined): number {
  const { precision, recall } = prFromCurve(binaryClfCurve(isPos, score, weight));
  const terms = new Float64Array(recall.length - 1);
  for (let i = 0; i + 1 < recall.length; i++) terms[i] = ((recall[i + 1] as number) - (recall[i] as number)) * (precision[i] as number);
  return -pairwiseSum(terms);
}

export interface AveragePrecisionOptions {
  /** Averaging over the columns of a multilabel target (default 'macro'). */
  average?: BinaryAverage;
  /** The positive class of a binary target (default 1). */
  posLabel?: Label;
  sampleWeight?: ArrayLike<number>;
}

/**
 * scikit-learn `average_precision_score` (1.2): Σ (R_n − R_{n−1}) · P_n over the
 * precision-recall curve, without interpolation. Binary labels with a score vector, or a 0/1
 * indicator matrix with a score matrix (multilabel).
 */
export function averagePrecisionScore(yTrue: ArrayLike<Label>, yScore: ArrayLike<number>, options?: AveragePrecisionOptions): number;
export function averagePrecisionScore(
  yTrue: readonly (readonly number[])[],
  yScore: readonly (readonly number[])[],
  options?: AveragePrecisionOptions,
): number | number[];
export function averagePrecisionScore(
  yTrue: ArrayLike<Label> | readonly (readonly number[])[],
  yScore: ArrayLike<number> | readonly (readonly number[])[],
  options: AveragePrecisionOptions = {},
): number | number[] {
  checkOptionKeys(options, ['average', 'posLabel', 'sampleWeight']);
  const { average = 'macro', posLabel = 1 } = options;
  if (average !== null && !['micro', 'macro', 'weighted', 'samples'].includes(average)) {
    throw new InvalidArgumentError('average', "one of 'micro', 'macro', 'weighted', 'samples', null", average);
  }
  if (isMatrix(yTrue)) {
    if (normalizeLabel(posLabel, 'posLabel') !== 1) throw new InvalidArgumentError('posLabel', '1 for a multilabel indicator target', posLabel);
    const y = checkIndicator(yTrue, 'yTrue');
    const s = checkScoreMatrix(yScore, 'yScore');
    checkSameShape(y, s);
    return averageBinaryScore(binaryAp, y, s, average, checkSampleWeight(options.sampleWeight, y.rows));
  }
  const t = checkLabels(yTrue, 'yTrue');
  const present = uniqueLabels([t], ['yTrue']);
  if (present.classes.length > 2) throw new InvalidArgumentError('yTrue', 'a binary target (or a multilabel indicator matrix), not multiclass');
  const pos = normalizeLabel(posLabel, 'posLabel');
  checkLabelKind(pos, present.kind, 'posLabel');
  if (present.classes.length === 2 && !present.classes.includes(pos)) {
    throw new InvalidArgumentError('posLabel', `one of the labels ${JSON.stringify(present.classes)}`, posLabel);
  }
  const score = checkScores(yScore, 'yScore');
  checkSameLength(score, 'yScore', t, 'yTrue');
  return binaryAp(positives(t, pos), score, checkSampleWeight(options.sampleWeight, t.length));
}
