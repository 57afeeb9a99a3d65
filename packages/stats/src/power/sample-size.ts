// Sample size and minimum detectable effect for two-group comparisons (A/B tests), by the normal
// approximation with equal allocation.

import { InvalidArgumentError } from '../errors.js';
import { checkOption } from '../sample.js';
import { normalPpf } from '../distributions/index.js';
import { checkOptionKeys } from '../options.js';

export const ALTERNATIVES = ['two-sided', 'greater', 'less'] as const;
/** SciPy's names; a one-sided test ('greater' or 'less') uses z₁₋α instead of z₁₋α/₂. */
export type Alternative = (typeof ALTERNATIVES)[number];

export interface SampleSize {
  /** Per-group size, rounded up. */
  readonly n: number;
  /** Per-group size before rounding. */
  readonly nExact: number;
}

function checkOpen01(v: unknown, name: string): number {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) throw new InvalidArgumentError(name, 'a number in (0, 1)', v);
  return v;
}

function checkPositive(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new InvalidArgumentError(name, 'a positive finite number', v);
  return v;
}

/** z₁₋α/₂ (two-sided) or z₁₋α (one-sided) and z_power, with the options checked. */
function criticalValues(alpha: unknown, power: unknown, alternative: unknown): { zAlpha: number; zBeta: number } {
  const a = checkOpen01(alpha, 'options.alpha');
  const p = checkOpen01(power, 'options.power');
  const alt = checkOption(alternative, 'options.alternative', ALTERNATIVES);
  return { zAlpha: normalPpf(alt === 'two-sided' ? 1 - a / 2 : 1 - a), zBeta: normalPpf(p) };
}

// Rounding up 16.000000000000004 to 17 would be an artefact of floating point: values within
// 1e-9 (relative) of an integer count as that integer.
function roundUp(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
}

export interface TwoMeansOptions {
  /** Difference in means to detect (its sign does not matter). */
  delta: number;
  /** Common standard deviation of the outcome in each group. */
  sigma: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Power 1 − β (default 0.8). */
  power?: number;
  /** Default 'two-sided'. */
  alternative?: Alternative;
}

/**
 * Per-group n for comparing two means with known σ: n = 2σ²(z₁₋α/₂ + z₁₋β)²/δ², rounded up (the
 * guide's formula; z₁₋α for one-sided tests). statsmodels `NormalIndPower().solve_power(δ/σ)` adds
 * the far tail's tiny share of power for two-sided tests, so it can be a hair smaller.
 */
export function sampleSizeTwoMeans(options: TwoMeansOptions): SampleSize {
  checkOptionKeys(options, ['delta', 'sigma', 'alpha', 'power', 'alternative']);
  const { alpha = 0.05, power = 0.8, alternative = 'two-sided' } = options;
  const delta = Math.abs(checkFiniteNonZero(options.delta, 'options.delta'));
  const sigma = checkPositive(options.sigma, 'options.sigma');
  const { zAlpha, zBeta } = criticalValues(alpha, power, alternative);
  const nExact = ((zAlpha + zBeta) / delta) ** 2 * 2 * sigma * sigma;
  return { n: roundUp(nExact), nExact };
}

function checkFiniteNonZero(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) throw new InvalidArgumentError(name, 'a finite non-zero number', v);
  return v;
}

export const PROPORTION_METHODS = ['pooled', 'unpooled', 'arcsine'] as const;
/** Variance convention for two proportions (see `sampleSizeTwoProportions`). */
export type ProportionMethod = (typeof PROPORTION_METHODS)[number];

export interface TwoProportionsOptions {
  /** Rate in the control group, in (0, 1). */
  p1: number;
  /** Rate to detect in the treatment group, in (0, 1), ≠ p1. */
  p2: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Power 1 − β (default 0.8). */
  power?: number;
  /** Default 'two-sided'. */
  alternative?: Alternative;
  /** Default 'pooled'. */
  method?: ProportionMethod;
}

/**
 * Per-group n to detect p1 vs p2 with a two-proportion z-test, rounded up. 'pooled' (default, the
 * textbook formula, Fleiss): n = [z_α·√(2p̄(1−p̄)) + z_β·√(p1(1−p1) + p2(1−p2))]² / (p1 − p2)², p̄ = (p1 + p2)/2,
 * the null variance under H0 and the alternative's under H1. 'unpooled': (z_α + z_β)²·(p1(1−p1) + p2(1−p2))/(p1 − p2)².
 * 'arcsine': 2·((z_α + z_β)/h)² with Cohen's h = 2·asin√p1 − 2·asin√p2 — statsmodels
 * `NormalIndPower` with `proportion_effectsize`, without its far-tail term.
 */
export function sampleSizeTwoProportions(options: TwoProportionsOptions): SampleSize {
  checkOptionKeys(options, ['p1', 'p2', 'alpha', 'power', 'alternative', 'method']);
  const { alpha = 0.05, power = 0.8, alternative = 'two-sided' } = options;
  const p1 = checkOpen01(options.p1, 'options.p1');
  const p2 = checkOpen01(options.p2, 'options.p2');
  if (p1 === p2) throw new InvalidArgumentError('options.p2', 'a rate different from p1', p2);
  const method = checkOption(options.method ?? 'pooled', 'options.method', PROPORTION_METHODS);
  const { zAlpha, zBeta } = criticalValues(alpha, power, alternative);
  const d = p1 - p2;
  const v1 = p1 * (1 - p1) + p2 * (1 - p2);
  let nExact: number;
  if (method === 'pooled') {
    const pbar = (p1 + p2) / 2;
    nExact = (zAlpha * Math.sqrt(2 * pbar * (1 - pbar)) + zBeta * Math.sqrt(v1)) ** 2 / (d * d);
  } else if (method === 'unpooled') {
    nExact = ((zAlpha + zBeta) ** 2 * v1) / (d * d);
  } else {
    const h = 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
    nExact = 2 * ((zAlpha + zBeta) / h) ** 2;
  }
  return { n: roundUp(nExact), nExact };
}

export interface MdeOptions {
  /** Per-group sample size. */
  n: number;
  /** Standard deviation of a continuous outcome (give this or `baselineRate`). */
  sigma?: number;
  /** Control conversion rate for a proportion outcome (give this or `sigma`). */
  baselineRate?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Power 1 − β (default 0.8). */
  power?: number;
  /** Default 'two-sided'. */
  alternative?: Alternative;
}

/**
 * Smallest absolute difference detectable with n per group: (z₁₋α/₂ + z₁₋β)·σ·√(2/n), the inverse
 * of `sampleSizeTwoMeans`. With `baselineRate` p the outcome is a rate and σ² = p(1 − p) in both
 * groups (the variance at the baseline — an approximation that ignores the variance change
 * under the alternative); divide by p for a relative MDE.
 */
export function minimumDetectableEffect(options: MdeOptions): number {
  checkOptionKeys(options, ['n', 'sigma', 'baselineRate', 'alpha', 'power', 'alternative']);
  const { alpha = 0.05, power = 0.8, alternative = 'two-sided' } = options;
  const n = checkPositive(options.n, 'options.n');
  let sd: number;
  if (options.sigma !== undefined && options.baselineRate !== undefined) {
    throw new InvalidArgumentError('options', 'either sigma or baselineRate, not both');
  } else if (options.sigma !== undefined) sd = checkPositive(options.sigma, 'options.sigma');
  else if (options.baselineRate !== undefined) {
    const p = checkOpen01(options.baselineRate, 'options.baselineRate');
    sd = Math.sqrt(p * (1 - p));
  } else throw new InvalidArgumentError('options.sigma', 'sigma or baselineRate');
  const { zAlpha, zBeta } = criticalValues(alpha, power, alternative);
  return (zAlpha + zBeta) * sd * Math.sqrt(2 / n);
}
