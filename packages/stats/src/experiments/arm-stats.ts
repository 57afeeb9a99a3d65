// Per-arm sufficient statistics of an experiment metric and the moments GrowthBook derives from
// them (gbstats `models/statistics.py`). Sums merge across days and slices by addition.

import { InvalidArgumentError } from '../errors.js';
import { ndtri } from '../special/index.js';

/** A mean metric (revenue, latency, …): n units, Σy and Σy². */
export interface MeanArm {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** A proportion metric (conversion): n units of which `sum` converted; variance μ(1 − μ). */
export interface ProportionArm {
  readonly n: number;
  readonly sum: number;
}

/**
 * A quantile metric (p50, p90 latency, …) as gbstats `QuantileStatistic` takes it: the sample
 * quantile at level `nu` of n values, and the order statistics at the ranks
 * L, U = nStar·(ν ∓ z₀.₉₇₅·√(ν(1 − ν)/nStar)) that bound it (GrowthBook evaluates them at nStar, the
 * largest of 100·2^(k−1), k = 1..20, not above n).
 */
export interface QuantileArm {
  readonly n: number;
  readonly nStar: number;
  /** Quantile level in (0, 1). */
  readonly nu: number;
  readonly quantileHat: number;
  readonly quantileLower: number;
  readonly quantileUpper: number;
}

/**
 * One arm of a metric: an arm with `sumSquares` is a mean metric (gbstats `SampleMeanStatistic`),
 * one with `nu` a quantile (gbstats `QuantileStatistic`), and one with neither a proportion
 * (gbstats `ProportionStatistic`).
 */
export type ArmStats = MeanArm | ProportionArm | QuantileArm;

/** The metric kind of an arm, by its shape. */
export type ArmKind = 'mean' | 'proportion' | 'quantile';

/** Mean and per-unit variance of an arm, as gbstats computes them. */
export interface ArmMoments {
  readonly kind: ArmKind;
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
  /** gbstats `_has_zero_variance`: variance ≤ 0, or for a quantile too few values for its interval. */
  readonly degenerate: boolean;
}

export function armKind(arm: ArmStats): ArmKind {
  if ((arm as Partial<QuantileArm>).nu !== undefined) return 'quantile';
  return (arm as Partial<MeanArm>).sumSquares === undefined ? 'proportion' : 'mean';
}

function checkObject(arm: unknown, name: string): Readonly<Record<string, unknown>> {
  if (arm === null || typeof arm !== 'object' || Array.isArray(arm)) throw new InvalidArgumentError(name, 'an object of sufficient statistics', arm);
  return arm as Record<string, unknown>;
}

/** n must be a non-negative integer (a count of units). */
export function checkCount(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidArgumentError(name, 'a non-negative integer', v);
  return v;
}

export function checkFinite(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(name, 'a finite number', v);
  return v;
}

/** Checks an arm's fields, naming the bad one (`control.sum`), and returns its kind. */
export function checkArm(arm: unknown, name: string): ArmKind {
  const a = checkObject(arm, name);
  const n = checkCount(a['n'], `${name}.n`);
  if (a['nu'] !== undefined) {
    checkCount(a['nStar'], `${name}.nStar`);
    const nu = a['nu'];
    if (typeof nu !== 'number' || !(nu > 0 && nu < 1)) throw new InvalidArgumentError(`${name}.nu`, 'a quantile level in (0, 1)', nu);
    checkFinite(a['quantileHat'], `${name}.quantileHat`);
    const lo = checkFinite(a['quantileLower'], `${name}.quantileLower`);
    if (checkFinite(a['quantileUpper'], `${name}.quantileUpper`) < lo) {
      throw new InvalidArgumentError(`${name}.quantileUpper`, `a number ≥ quantileLower (${lo})`, a['quantileUpper']);
    }
    return 'quantile';
  }
  const sum = checkFinite(a['sum'], `${name}.sum`);
  if (a['sumSquares'] === undefined) {
    if (sum < 0 || sum > n) throw new InvalidArgumentError(`${name}.sum`, `a count of conversions in [0, n = ${n}]`, sum);
    return 'proportion';
  }
  const ss = checkFinite(a['sumSquares'], `${name}.sumSquares`);
  if (ss < 0) throw new InvalidArgumentError(`${name}.sumSquares`, 'a finite number ≥ 0', ss);
  return 'mean';
}

/** Both arms of a comparison must be valid and of the same metric kind. */
export function checkArmPair(control: unknown, treatment: unknown): ArmKind {
  const kind = checkArm(control, 'control');
  if (checkArm(treatment, 'treatment') !== kind) throw new InvalidArgumentError('treatment', `a ${kind} arm like control`);
  return kind;
}

/** gbstats `SampleMeanStatistic.mean` / `ProportionStatistic.mean`: Σy/n, 0 when n = 0. */
export function armMean(n: number, sum: number): number {
  return n === 0 ? 0 : sum / n;
}

/**
 * gbstats `SampleMeanStatistic.variance`: (Σy² − (Σy)²/n)/(n − 1), 0 when n ≤ 1;
 * `ProportionStatistic.variance`: μ(1 − μ) (the population variance, as gbstats uses it).
 */
export function armVariance(kind: ArmKind, n: number, sum: number, sumSquares: number): number {
  if (kind === 'proportion') {
    const m = armMean(n, sum);
    return m * (1 - m);
  }
  if (n <= 1) return 0;
  return (sumSquares - (sum * sum) / n) / (n - 1);
}

const Z_975 = ndtri(0.975);

/**
 * gbstats `QuantileStatistic`: variance (nStar/n)(n − 1)((U − L)/(2z))² with z = Φ⁻¹(0.975)
 * (0 when n ≤ 1), floored at 1e-5 once n ≥ 100; degenerate (`_has_zero_variance`) when
 * n ≤ z²ν/(1 − ν) or n ≤ z²(1 − ν)/ν, or when the unfloored variance is ≤ 0.
 */
function quantileMoments(q: QuantileArm): ArmMoments {
  const init = q.n <= 1 ? 0 : (q.nStar / q.n) * (q.n - 1) * ((q.quantileUpper - q.quantileLower) / (2 * Z_975)) ** 2;
  const variance = q.n < 100 ? init : Math.max(init, 1e-5);
  const z2 = Z_975 * Z_975;
  const degenerate = q.n <= (z2 * q.nu) / (1 - q.nu) || q.n <= (z2 * (1 - q.nu)) / q.nu || init <= 0;
  return { kind: 'quantile', n: q.n, mean: q.quantileHat, variance, degenerate };
}

/** Mean and variance of a checked arm. */
export function armMoments(arm: ArmStats): ArmMoments {
  const kind = armKind(arm);
  if (kind === 'quantile') return quantileMoments(arm as QuantileArm);
  const { n, sum } = arm as MeanArm | ProportionArm;
  const ss = kind === 'mean' ? (arm as MeanArm).sumSquares : sum;
  const variance = armVariance(kind, n, sum, ss);
  return { kind, n, mean: armMean(n, sum), variance, degenerate: !(variance > 0) };
}
