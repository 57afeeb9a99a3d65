// Metrics of predicted probabilities: log loss, Brier score, the reliability (calibration) curve
// and the expected calibration error, matching scikit-learn 1.2 where sklearn has the metric.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';
import { lowerBound } from '../numeric/search-sorted.js';
import { checkOptionKeys } from '../options.js';
import { checkSameLength } from '../sample.js';
import { sortedCopy } from '../sort.js';
import type { Label, NormLabel } from './labels.js';
import { checkLabelKind, checkLabels, encodeLabels, normalizeLabel, uniqueLabels } from './labels.js';
import { checkScoreMatrix, checkScores, resolvePosLabel } from './scores.js';
import { checkSampleWeight, npAverage } from './sample-weight.js';

/** float64 machine epsilon: sklearn 1.2's `eps='auto'` for float64 predictions. */
const FLOAT64_EPS = 2.220446049250313e-16;

export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 − eps]; 'auto' (default) is float64 epsilon, as in sklearn 1.2. */
  eps?: number | 'auto';
  /** Mean loss per sample (default) rather than the (weighted) sum. */
  normalize?: boolean;
  /** All classes, when yTrue does not show them all; sorted, they index the columns of yPred. */
  labels?: readonly Label[];
  sampleWeight?: ArrayLike<number>;
}

/**
 * scikit-learn `log_loss` (1.2): −Σ y·log(p) per sample, probabilities clipped to [eps, 1 − eps] and
 * each row renormalised to sum 1. `yPred` is the positive-class probability per sample, or a
 * samples × classes matrix with columns in sorted label order. Unlike sklearn, probabilities
 * outside [0, 1] and labels missing from `labels` are errors rather than silently clipped/ignored.
 */
export function logLoss(yTrue: ArrayLike<Label>, yPred: ArrayLike<number> | readonly (readonly number[])[], options: LogLossOptions = {}): number {
  checkOptionKeys(options, ['eps', 'normalize', 'labels', 'sampleWeight']);
  const { eps: epsOpt = 'auto', normalize = true } = options;
  const eps = epsOpt === 'auto' ? FLOAT64_EPS : epsOpt;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) throw new InvalidArgumentError('eps', "'auto' or a number in [0, 0.5)", epsOpt);
  if (typeof normalize !== 'boolean') throw new InvalidArgumentError('normalize', 'a boolean', normalize);
  const t = checkLabels(yTrue, 'yTrue');
  const kind = uniqueLabels([t], ['yTrue']).kind;
  let classes: NormLabel[];
  if (options.labels !== undefined) {
    if (!Array.isArray(options.labels)) throw new InvalidArgumentError('labels', 'an array of class labels', options.labels);
    const given = options.labels.map((l, i) => normalizeLabel(l, `labels[${i}]`));
    given.forEach((l, i) => checkLabelKind(l, kind, `labels[${i}]`));
    classes = uniqueLabels([given], ['labels']).classes;
    if (classes.length < 2) throw new InvalidArgumentError('labels', 'at least two labels for log loss', classes.length);
  } else {
    classes = uniqueLabels([t], ['yTrue']).classes;
    if (classes.length < 2) {
      throw new InvalidArgumentError('labels', `the classes: yTrue holds only one label (${JSON.stringify(classes[0])})`);
    }
  }
  const codes = encodeLabels(t, classes);
  const bad = codes.indexOf(-1);
  if (bad >= 0) throw new InvalidArgumentError(`yTrue[${bad}]`, 'one of labels', t[bad]);
  const k = classes.length;
  const n = t.length;
  const loss = new Float64Array(n);
  const clip = (p: number): number => (p < eps ? eps : p > 1 - eps ? 1 - eps : p);
  const matrix = Array.isArray(yPred) && yPred.length > 0 && typeof yPred[0] === 'object';
  if (!matrix || checkScoreMatrix(yPred, 'yPred', { probability: true }).cols === 1) {
    const p = matrix ? checkScoreMatrix(yPred, 'yPred', { probability: true }).data : checkScores(yPred, 'yPred', { probability: true });
    checkSameLength(p, 'yPred', t, 'yTrue');
    if (k !== 2) throw new InvalidArgumentError('yPred', `a samples × ${k} probability matrix: there are ${k} classes`);
    for (let i = 0; i < n; i++) {
      const p1 = clip(p[i] as number);
      const p0 = 1 - p1;
      const sum = p0 + p1;
      loss[i] = -Math.log((codes[i] === 1 ? p1 : p0) / sum);
    }
  } else {
    const m = checkScoreMatrix(yPred, 'yPred', { probability: true });
    checkSameLength({ length: m.rows }, 'yPred', t, 'yTrue');
    if (m.cols !== k) throw new InvalidArgumentError('yPred', `${k} columns, one per class`, m.cols);
    for (let i = 0; i < n; i++) {
      // NumPy sums each row of the 2-D array left to right; k is small, so plain addition matches.
      let sum = 0;
      for (let j = 0; j < k; j++) sum += clip(m.data[i * k + j] as number);
      loss[i] = -Math.log(clip(m.data[i * k + (codes[i] as number)] as number) / sum);
    }
  }
  const w = checkSampleWeight(options.sampleWeight, n);
  if (normalize) return npAverage(loss, w);
  if (w === undefined) return pairwiseSum(loss);
  let s = 0;
  for (let i = 0; i < n; i++) s += (loss[i] as number) * (w[i] as number);
  return s;
}

export interface BrierOptions {
  /** The positive class; by default 1 for {0, 1} / {-1, 1} labels, else the largest number. */
  posLabel?: Label;
  sampleWeight?: ArrayLike<number>;
}

/** scikit-learn `brier_score_loss` (1.2): the (weighted) mean of (y − p)² for a binary target. */
export function brierScoreLoss(yTrue: ArrayLike<Label>, yProb: ArrayLike<number>, options: BrierOptions = {}): number {
  checkOptionKeys(options, ['posLabel', 'sampleWeight']);
  const t = checkLabels(yTrue, 'yTrue');
  const p = checkScores(yProb, 'yProb', { probability: true });
  checkSameLength(p, 'yProb', t, 'yTrue');
  const w = checkSampleWeight(options.sampleWeight, t.length);
  const present = uniqueLabels([t], ['yTrue']);
  if (present.classes.length > 2) throw new InvalidArgumentError('yTrue', 'a binary target', `${present.classes.length} classes`);
  let pos: NormLabel;
  try {
    pos = resolvePosLabel(present, options.posLabel);
  } catch (e) {
    // sklearn falls back to the largest class for numeric labels.
    if (present.kind !== 'number') throw e;
    pos = present.classes[present.classes.length - 1] as NormLabel;
  }
  const sq = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const d = (t[i] === pos ? 1 : 0) - (p[i] as number);
    sq[i] = d * d;
  }
  return npAverage(sq, w);
}

export interface CalibrationCurveOptions {
  /** The positive class; needed unless the labels are {0, 1} or {-1, 1}. */
  posLabel?: Label;
  /** Number of bins (default 5 for `calibrationCurve`, 10 for `expectedCalibrationError`). */
  nBins?: number;
  /** Equal-width bins on [0, 1] ('uniform', default) or bins at the quantiles of yProb. */
  strategy?: 'uniform' | 'quantile';
}

/** A reliability diagram: per non-empty bin, the fraction of positives and the mean probability. */
export interface CalibrationCurve {
  readonly probTrue: Float64Array;
  readonly probPred: Float64Array;
  /** Samples per non-empty bin (not in sklearn's return value; used by the calibration error). */
  readonly counts: Float64Array;
}

/** np.percentile(sorted, q) with the default linear method, rounding like NumPy's `_lerp`. */
function percentileSorted(s: Float64Array, q: number): number {
  const n = s.length;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return s[n - 1] as number;
  if (virtual < 0) return s[0] as number;
  const lo = Math.floor(virtual);
  const gamma = virtual - lo;
  const a = s[lo] as number;
  const b = s[lo + 1] as number;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * scikit-learn `calibration_curve` (1.2). Bins are [0, 1/n], (1/n, 2/n], …: a probability on an
 * inner edge falls in the lower bin (`searchsorted` left). Empty bins are left out.
 */
export function calibrationCurve(yTrue: ArrayLike<Label>, yProb: ArrayLike<number>, options: CalibrationCurveOptions = {}): CalibrationCurve {
  checkOptionKeys(options, ['posLabel', 'nBins', 'strategy']);
  return calibration(yTrue, yProb, options, 5);
}

function calibration(yTrue: ArrayLike<Label>, yProb: ArrayLike<number>, options: CalibrationCurveOptions, defaultBins: number): CalibrationCurve {
  const { nBins = defaultBins, strategy = 'uniform' } = options;
  if (!Number.isInteger(nBins) || nBins < 1) throw new InvalidArgumentError('nBins', 'a positive integer', nBins);
  if (strategy !== 'uniform' && strategy !== 'quantile') throw new InvalidArgumentError('strategy', "'uniform' or 'quantile'", strategy);
  const t = checkLabels(yTrue, 'yTrue');
  const p = checkScores(yProb, 'yProb', { probability: true });
  checkSameLength(p, 'yProb', t, 'yTrue');
  const present = uniqueLabels([t], ['yTrue']);
  if (present.classes.length > 2) throw new InvalidArgumentError('yTrue', 'a binary target', `${present.classes.length} classes`);
  const pos = resolvePosLabel(present, options.posLabel);
  // np.linspace(0, 1, nBins + 1): i · (1 / nBins), the last edge exactly 1.
  const step = 1 / nBins;
  const edges = new Float64Array(nBins + 1);
  if (strategy === 'uniform') {
    for (let i = 0; i < nBins; i++) edges[i] = i * step;
  } else {
    const s = sortedCopy(p);
    for (let i = 0; i < nBins; i++) edges[i] = percentileSorted(s, (i * step * 100) / 100);
  }
  edges[nBins] = strategy === 'uniform' ? 1 : percentileSorted(sortedCopy(p), 1);
  const sums = new Float64Array(nBins + 1);
  const trues = new Float64Array(nBins + 1);
  const totals = new Float64Array(nBins + 1);
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    // Index among the inner edges edges[1..nBins-1], leftmost insertion point.
    const lo = lowerBound(edges, v, 1, nBins) - 1;
    sums[lo]! += v;
    trues[lo]! += t[i] === pos ? 1 : 0;
    totals[lo]! += 1;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b <= nBins; b++) {
    const c = totals[b] as number;
    if (c === 0) continue;
    probTrue.push((trues[b] as number) / c);
    probPred.push((sums[b] as number) / c);
    counts.push(c);
  }
  return { probTrue: Float64Array.from(probTrue), probPred: Float64Array.from(probPred), counts: Float64Array.from(counts) };
}

/**
 * Expected calibration error (no sklearn function): Σ_b (n_b / n) · |mean(y)_b − mean(p)_b| over
 * the bins of sklearn `calibration_curve` with the same `nBins` and `strategy` (default 10,
 * 'uniform'), summed over non-empty bins in order with NumPy's `np.sum`.
 */
export function expectedCalibrationError(yTrue: ArrayLike<Label>, yProb: ArrayLike<number>, options: CalibrationCurveOptions = {}): number {
  checkOptionKeys(options, ['posLabel', 'nBins', 'strategy']);
  const { probTrue, probPred, counts } = calibration(yTrue, yProb, options, 10);
  const n = pairwiseSum(counts);
  if (n === 0) throw new EmptySampleError('yProb');
  const terms = new Float64Array(counts.length);
  for (let b = 0; b < counts.length; b++) terms[b] = ((counts[b] as number) / n) * Math.abs((probTrue[b] as number) - (probPred[b] as number));
  return pairwiseSum(terms);
}
