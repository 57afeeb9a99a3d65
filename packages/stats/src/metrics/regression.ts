// Regression error metrics for single-output targets, matching scikit-learn 1.2's `_regression.py`
// (NumPy's pairwise summation included, so results round as sklearn's do).

import { InvalidArgumentError } from '../errors.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';
import { checkOptionKeys } from '../options.js';
import { checkSameLength, sampleValues } from '../sample.js';
import { argsort, sortedCopy } from '../sort.js';
import { checkSampleWeight, npAverage } from './sample-weight.js';

/** float64 machine epsilon, sklearn's floor on |y| in MAPE. */
const FLOAT64_EPS = 2.220446049250313e-16;

export interface RegressionOptions {
  sampleWeight?: ArrayLike<number>;
}

function checkTargets(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: object | undefined, allowed: readonly string[]) {
  checkOptionKeys(options, allowed);
  // sklearn refuses NaN and infinities in regression targets.
  const t = sampleValues(yTrue, 'yTrue', { finite: true });
  const p = sampleValues(yPred, 'yPred', { finite: true });
  checkSameLength(p, 'yPred', t, 'yTrue');
  const w = checkSampleWeight((options as RegressionOptions | undefined)?.sampleWeight, t.length);
  return { t, p, w };
}

/** scikit-learn `mean_absolute_error` (1.2): the (weighted) mean of |y − ŷ|. */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: RegressionOptions = {}): number {
  const { t, p, w } = checkTargets(yTrue, yPred, options, ['sampleWeight']);
  const e = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) e[i] = Math.abs((p[i] as number) - (t[i] as number));
  return npAverage(e, w);
}

export interface MeanSquaredErrorOptions extends RegressionOptions {
  /** Return the MSE (default) or, when false, its square root (RMSE), as sklearn 1.2's `squared`. */
  squared?: boolean;
}

/** scikit-learn `mean_squared_error` (1.2): the (weighted) mean of (y − ŷ)²; RMSE when `squared` is false. */
export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: MeanSquaredErrorOptions = {}): number {
  const { t, p, w } = checkTargets(yTrue, yPred, options, ['sampleWeight', 'squared']);
  const { squared = true } = options;
  if (typeof squared !== 'boolean') throw new InvalidArgumentError('squared', 'a boolean', squared);
  const e = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const d = (t[i] as number) - (p[i] as number);
    e[i] = d * d;
  }
  const mse = npAverage(e, w);
  return squared ? mse : Math.sqrt(mse);
}

/** Root mean squared error: scikit-learn `mean_squared_error(squared=False)` (1.2). */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: RegressionOptions = {}): number {
  checkOptionKeys(options, ['sampleWeight']);
  return meanSquaredError(yTrue, yPred, { ...options, squared: false });
}

/**
 * scikit-learn `mean_absolute_percentage_error` (1.2): mean of |y − ŷ| / max(|y|, ε) with ε the
 * float64 machine epsilon, a fraction (not percent); a zero in yTrue gives a huge, finite term.
 */
export function meanAbsolutePercentageError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: RegressionOptions = {}): number {
  const { t, p, w } = checkTargets(yTrue, yPred, options, ['sampleWeight']);
  const e = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) e[i] = Math.abs((p[i] as number) - (t[i] as number)) / Math.max(Math.abs(t[i] as number), FLOAT64_EPS);
  return npAverage(e, w);
}

/**
 * scikit-learn `median_absolute_error` (1.2): the median of |y − ŷ| (mean of the middle two for
 * even n); with weights, sklearn's weighted percentile (the first value whose cumulative weight
 * reaches half the total).
 */
export function medianAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: RegressionOptions = {}): number {
  const { t, p, w } = checkTargets(yTrue, yPred, options, ['sampleWeight']);
  const e = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) e[i] = Math.abs((p[i] as number) - (t[i] as number));
  if (w === undefined) {
    const s = sortedCopy(e);
    const n = s.length;
    const h = n >> 1;
    return n % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
  }
  const order = argsort(e);
  const cdf = new Float64Array(e.length);
  let acc = 0;
  for (let i = 0; i < order.length; i++) {
    acc += w[order[i] as number] as number;
    cdf[i] = acc;
  }
  let target = 0.5 * acc;
  if (target === 0) target = Number.MIN_VALUE;
  let k = 0;
  while (k < cdf.length && (cdf[k] as number) < target) k++;
  k = Math.min(k, cdf.length - 1);
  return e[order[k] as number] as number;
}

/** scikit-learn `max_error` (1.2): the largest |y − ŷ|. */
export function maxError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { t, p } = checkTargets(yTrue, yPred, undefined, []);
  let m = 0;
  for (let i = 0; i < t.length; i++) m = Math.max(m, Math.abs((t[i] as number) - (p[i] as number)));
  return m;
}

/**
 * Mean error, the bias of the predictions (no sklearn function): the (weighted) mean of ŷ − y,
 * positive when the model over-predicts. Computed as `np.average(y_pred - y_true, weights=w)`.
 */
export function meanError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: RegressionOptions = {}): number {
  const { t, p, w } = checkTargets(yTrue, yPred, options, ['sampleWeight']);
  const e = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) e[i] = (p[i] as number) - (t[i] as number);
  return npAverage(e, w);
}

export interface R2Options extends RegressionOptions {
  /** Replace the NaN / −∞ of a constant yTrue by 1 (perfect fit) or 0 (default true, as sklearn 1.2). */
  forceFinite?: boolean;
}

function assemble(numerator: number, denominator: number, forceFinite: boolean): number {
  if (!forceFinite) return 1 - numerator / denominator;
  if (numerator !== 0 && denominator !== 0) return 1 - numerator / denominator;
  return numerator !== 0 ? 0 : 1;
}

/**
 * scikit-learn `r2_score` (1.2): 1 − Σ w(y − ŷ)² / Σ w(y − ȳ)². A constant yTrue scores 1 when
 * the fit is perfect and 0 otherwise (`forceFinite`); fewer than two samples give NaN, as sklearn.
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: R2Options = {}): number {
  const { t, p, w } = checkTargets(yTrue, yPred, options, ['sampleWeight', 'forceFinite']);
  const { forceFinite = true } = options;
  if (typeof forceFinite !== 'boolean') throw new InvalidArgumentError('forceFinite', 'a boolean', forceFinite);
  if (t.length < 2) return Number.NaN;
  const mean = npAverage(t, w);
  const num = new Float64Array(t.length);
  const den = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const wi = w === undefined ? 1 : (w[i] as number);
    const d = (t[i] as number) - (p[i] as number);
    const c = (t[i] as number) - mean;
    num[i] = wi * (d * d);
    den[i] = wi * (c * c);
  }
  return assemble(pairwiseSum(num), pairwiseSum(den), forceFinite);
}

/**
 * scikit-learn `explained_variance_score` (1.2): 1 − Var_w(y − ŷ) / Var_w(y), with the same
 * finite-forcing of constant targets as `r2Score`.
 */
export function explainedVarianceScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: R2Options = {}): number {
  const { t, p, w } = checkTargets(yTrue, yPred, options, ['sampleWeight', 'forceFinite']);
  const { forceFinite = true } = options;
  if (typeof forceFinite !== 'boolean') throw new InvalidArgumentError('forceFinite', 'a boolean', forceFinite);
  const n = t.length;
  const diff = new Float64Array(n);
  for (let i = 0; i < n; i++) diff[i] = (t[i] as number) - (p[i] as number);
  const diffAvg = npAverage(diff, w);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (t[i] as number) - (p[i] as number) - diffAvg;
    a[i] = d * d;
  }
  const numerator = npAverage(a, w);
  const tAvg = npAverage(t, w);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (t[i] as number) - tAvg;
    b[i] = d * d;
  }
  return assemble(numerator, npAverage(b, w), forceFinite);
}
