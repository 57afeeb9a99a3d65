// Isotonic regression as scikit-learn 1.2 computes it: the pool-adjacent-violators fit and the
// `IsotonicRegression` estimator (duplicate x pooled, linear interpolation, clipping), CBPE's calibrator.

import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '@vigil/stats';
import { finiteArray } from './finite-array.js';

/** numpy `finfo(float64).resolution`: sklearn's `_make_unique` pools x values closer than this. */
const RESOLUTION = 1e-15;

export interface IsotonicRegressionOptions {
  /** Positive weight per value (default all 1). */
  readonly sampleWeight?: ArrayLike<number>;
  /** Fit a non-decreasing (default) or a non-increasing sequence. */
  readonly increasing?: boolean;
  /** Clip the fit from below / above (sklearn `y_min` / `y_max`). */
  readonly yMin?: number;
  readonly yMax?: number;
}

/**
 * scikit-learn `isotonic_regression(y, sample_weight, y_min, y_max, increasing)` (1.2): the weighted
 * least-squares monotone fit of `y` in the given order, by sklearn's single-pass
 * pool-adjacent-violators (`_inplace_contiguous_isotonic_regression`), so blocks are pooled, and
 * their weighted means rounded, in the same order as sklearn's.
 */
export function isotonicRegression(y: ArrayLike<number>, options: IsotonicRegressionOptions = {}): Float64Array {
  const { increasing = true, yMin, yMax } = options;
  if (typeof increasing !== 'boolean') throw new InvalidArgumentError('increasing', 'a boolean', increasing);
  const values = finiteArray(y, 'y');
  const weights = options.sampleWeight === undefined ? new Float64Array(values.length).fill(1) : finiteArray(options.sampleWeight, 'sampleWeight');
  if (weights.length !== values.length) throw new LengthMismatchError('sampleWeight', 'y', weights.length, values.length);
  for (let i = 0; i < weights.length; i++) {
    if (!((weights[i] as number) > 0)) throw new InvalidArgumentError(`sampleWeight[${i}]`, 'a positive weight', weights[i]);
  }
  if (yMin !== undefined && !Number.isFinite(yMin)) throw new InvalidArgumentError('yMin', 'a finite number', yMin);
  if (yMax !== undefined && !Number.isFinite(yMax)) throw new InvalidArgumentError('yMax', 'a finite number', yMax);
  if (!increasing) {
    values.reverse();
    weights.reverse();
  }
  pav(values, weights);
  if (yMin !== undefined || yMax !== undefined) {
    const lo = yMin ?? -Infinity;
    const hi = yMax ?? Infinity;
    for (let i = 0; i < values.length; i++) values[i] = Math.min(Math.max(values[i] as number, lo), hi);
  }
  if (!increasing) values.reverse();
  return values;
}

/**
 * sklearn's `_inplace_contiguous_isotonic_regression`: `target[i]` links the ends of each pooled
 * block; `y[i]`, `w[i]` at a block's start hold its weighted mean and total weight. Backtracking
 * after each pool keeps it one pass, O(n).
 */
function pav(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = (target[i] as number) + 1;
    if (k === n) break;
    if ((y[i] as number) < (y[k] as number)) {
      i = k;
      continue;
    }
    let sumWy = (w[i] as number) * (y[i] as number);
    let sumW = w[i] as number;
    for (;;) {
      const prevY = y[k] as number;
      sumWy += (w[k] as number) * (y[k] as number);
      sumW += w[k] as number;
      k = (target[k] as number) + 1;
      if (k === n || prevY < (y[k] as number)) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1] as number;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = (target[i] as number) + 1;
    y.fill(y[i] as number, i + 1, k);
    i = k;
  }
}

export interface IsotonicFitOptions {
  /** Positive weight per point (default all 1). */
  readonly sampleWeight?: ArrayLike<number>;
  /** Non-decreasing (default) or non-increasing in x. */
  readonly increasing?: boolean;
  /** Outside the fitted x range: 'clip' to the end values (default, as CBPE) or 'nan'. */
  readonly outOfBounds?: 'clip' | 'nan';
}

/** A fitted isotonic regression: its breakpoints and a predictor. Plain data, JSON-safe. */
export interface IsotonicFit {
  /** Increasing x breakpoints (sklearn `X_thresholds_`). */
  readonly xThresholds: number[];
  /** Fitted values at the breakpoints (sklearn `y_thresholds_`). */
  readonly yThresholds: number[];
  readonly outOfBounds: 'clip' | 'nan';
}

/**
 * scikit-learn `IsotonicRegression(increasing, out_of_bounds).fit(x, y, sample_weight)` (1.2):
 * points sorted by (x, y), equal x values (within 1e-15) pooled to their weighted mean y, the PAV
 * fit, then interior points equal to both neighbours trimmed, exactly as sklearn's `_build_y`.
 * Zero-weight points are dropped, as sklearn drops them.
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, options: IsotonicFitOptions = {}): IsotonicFit {
  const { increasing = true, outOfBounds = 'clip' } = options;
  if (outOfBounds !== 'clip' && outOfBounds !== 'nan') throw new InvalidArgumentError('outOfBounds', "'clip' or 'nan'", outOfBounds);
  if (typeof increasing !== 'boolean') throw new InvalidArgumentError('increasing', 'a boolean', increasing);
  const xs = finiteArray(x, 'x');
  const ys = finiteArray(y, 'y');
  if (ys.length !== xs.length) throw new LengthMismatchError('y', 'x', ys.length, xs.length);
  let ws: Float64Array;
  if (options.sampleWeight === undefined) ws = new Float64Array(xs.length).fill(1);
  else {
    ws = finiteArray(options.sampleWeight, 'sampleWeight');
    if (ws.length !== xs.length) throw new LengthMismatchError('sampleWeight', 'x', ws.length, xs.length);
  }
  // np.lexsort((y, x)) over the points of positive weight: by x, then y, ties keeping input order.
  const kept: number[] = [];
  for (let i = 0; i < ws.length; i++) {
    const wi = ws[i] as number;
    if (wi < 0) throw new InvalidArgumentError(`sampleWeight[${i}]`, 'a non-negative weight', wi);
    if (wi > 0) kept.push(i);
  }
  if (kept.length === 0) throw new EmptySampleError('x');
  kept.sort((a, b) => (xs[a] as number) - (xs[b] as number) || (ys[a] as number) - (ys[b] as number) || a - b);

  // sklearn `_make_unique`: runs of x within RESOLUTION of the run's first x become one point.
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  let curX = xs[kept[0] as number] as number;
  let curY = 0;
  let curW = 0;
  for (const i of kept) {
    const xi = xs[i] as number;
    const wi = ws[i] as number;
    if (xi - curX >= RESOLUTION) {
      ux.push(curX);
      uw.push(curW);
      uy.push(curY / curW);
      curX = xi;
      curW = wi;
      curY = (ys[i] as number) * wi;
    } else {
      curW += wi;
      curY += (ys[i] as number) * wi;
    }
  }
  ux.push(curX);
  uw.push(curW);
  uy.push(curY / curW);

  const fitted = isotonicRegression(uy, { sampleWeight: uw, increasing });
  const m = fitted.length;
  const xThresholds: number[] = [];
  const yThresholds: number[] = [];
  for (let i = 0; i < m; i++) {
    const v = fitted[i] as number;
    if (i > 0 && i < m - 1 && v === fitted[i - 1] && v === fitted[i + 1]) continue;
    xThresholds.push(ux[i] as number);
    yThresholds.push(v);
  }
  return { xThresholds, yThresholds, outOfBounds };
}

/**
 * sklearn `IsotonicRegression.predict` (1.2) at one point: clip to the fitted x range (or NaN
 * outside it), then SciPy `interp1d(kind='linear')`, which for 1-D float64 data is `np.interp`:
 * exact breakpoint values at breakpoints, `slope·(x − x_j) + y_j` between them.
 */
export function predictIsotonic(fit: IsotonicFit, x: number): number {
  const xt = fit.xThresholds;
  const yt = fit.yThresholds;
  const n = xt.length;
  if (typeof x !== 'number' || Number.isNaN(x)) throw new InvalidArgumentError('x', 'a number', x);
  const lo = xt[0] as number;
  const hi = xt[n - 1] as number;
  if (x < lo || x > hi) {
    if (fit.outOfBounds === 'nan') return Number.NaN;
    x = x < lo ? lo : hi;
  }
  if (n === 1) return yt[0] as number;
  if (x === hi) return yt[n - 1] as number;
  // The last breakpoint j with xt[j] ≤ x.
  let a = 0;
  let b = n - 1;
  while (b - a > 1) {
    const mid = (a + b) >>> 1;
    if ((xt[mid] as number) <= x) a = mid;
    else b = mid;
  }
  const x0 = xt[a] as number;
  const y0 = yt[a] as number;
  if (x0 === x) return y0;
  const x1 = xt[a + 1] as number;
  const y1 = yt[a + 1] as number;
  const slope = (y1 - y0) / (x1 - x0);
  let r = slope * (x - x0) + y0;
  if (Number.isNaN(r)) {
    r = slope * (x - x1) + y1;
    if (Number.isNaN(r) && y0 === y1) r = y0;
  }
  return r;
}
