// Per-arm sufficient statistics of an experiment metric and the moments GrowthBook derives from
// them (gbstats `models/statistics.py`). Sums merge across days and slices by addition.

import { InvalidArgumentError } from '../errors.js';

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
 * One arm of a metric: an arm with `sumSquares` is a mean metric (gbstats `SampleMeanStatistic`),
 * one without is a proportion (gbstats `ProportionStatistic`).
 */
export type ArmStats = MeanArm | ProportionArm;

/** The metric kind of an arm, by its shape. */
export type ArmKind = 'mean' | 'proportion';

/** Mean and per-unit variance of an arm, as gbstats computes them. */
export interface ArmMoments {
  readonly kind: ArmKind;
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

export function armKind(arm: ArmStats): ArmKind {
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

/** Mean and variance of a checked arm. */
export function armMoments(arm: ArmStats): ArmMoments {
  const kind = armKind(arm);
  const ss = kind === 'mean' ? (arm as MeanArm).sumSquares : arm.sum;
  return { kind, n: arm.n, mean: armMean(arm.n, arm.sum), variance: armVariance(kind, arm.n, arm.sum, ss) };
}
