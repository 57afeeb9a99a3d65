// Interquartile range, SciPy's definition: the difference of two percentiles, optionally scaled.

import { InvalidArgumentError } from '../errors.js';
import { checkOptionKeys } from '../options.js';
import type { NumericArray } from '../sample.js';
import { checkOption, sampleValues } from '../sample.js';
import { sortInPlace } from '../sort.js';
import type { QuantileMethod } from './quantile.js';
import { QUANTILE_METHODS, quantileSorted } from './quantile.js';

// SciPy's `_scale_conversions['normal']` = 2·√2·erfinv(1/2) = 2·Φ⁻¹(3/4): turns an IQR into σ.
const NORMAL_IQR_SCALE = 1.3489795003921634;

export interface IqrOptions {
  /** Percentiles (0..100) whose difference is taken; SciPy `rng`, default [25, 75]. */
  rng?: readonly [number, number];
  /** Divisor, or 'normal' for a consistent σ estimate under normality; SciPy `scale`, default 1. */
  scale?: number | 'normal';
  /** Percentile method; SciPy `interpolation`, default 'linear'. */
  interpolation?: QuantileMethod;
}

/** SciPy `scipy.stats.iqr(x, rng=(25, 75), scale=1.0, interpolation='linear')` (1.10). Throws on NaN. */
export function iqr(x: NumericArray, options: IqrOptions = {}): number {
  checkOptionKeys(options, ['rng', 'scale', 'interpolation']);
  const { rng = [25, 75], scale = 1 } = options;
  const method = checkOption(options.interpolation ?? 'linear', 'options.interpolation', QUANTILE_METHODS);
  if (!Array.isArray(rng) || rng.length !== 2 || !rng.every((r) => typeof r === 'number' && r >= 0 && r <= 100)) {
    throw new InvalidArgumentError('options.rng', 'two percentiles in [0, 100]', rng);
  }
  let divisor: number;
  if (scale === 'normal') divisor = NORMAL_IQR_SCALE;
  else if (typeof scale === 'number' && Number.isFinite(scale) && scale > 0) divisor = scale;
  else throw new InvalidArgumentError('options.scale', "a positive number or 'normal'", scale);
  const s = sortInPlace(sampleValues(x, 'x'));
  const lo = quantileSorted(s, rng[0] / 100, method);
  const hi = quantileSorted(s, rng[1] / 100, method);
  return (hi - lo) / divisor;
}
