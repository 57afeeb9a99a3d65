// CUPED (regression adjustment): the post-exposure metric Y adjusted by the same metric's
// pre-exposure value X, with one θ estimated on both arms pooled, as GrowthBook does it.

import { InvalidArgumentError } from '../errors.js';
import type { ArmKind } from './arm-stats.js';
import { armMean, armVariance, checkCount, checkFinite } from './arm-stats.js';
import type { ArmEstimate } from './effect-moments.js';
import { effectMoments } from './effect-moments.js';
import type { ExperimentTestOptions, ExperimentTestResult } from './frequentist.js';
import { frequentistResult, resolveTestOptions } from './frequentist.js';

/**
 * One arm's sufficient statistics with the pre-period covariate (gbstats
 * `RegressionAdjustedStatistic`): n units, Σy and Σy² of the metric after exposure, Σx and Σx² of
 * the same metric over the pre-exposure lookback, and Σxy. A mean metric gives both `sumSquares`
 * and `preSumSquares`; a proportion metric (y and x in {0, 1}) gives neither.
 */
export interface CupedArm {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares?: number;
  readonly preSum: number;
  readonly preSumSquares?: number;
  /** Σ y·x over the arm's units. */
  readonly sumCross: number;
}

export interface CupedTestResult extends ExperimentTestResult {
  /** θ = Cov(Y, X)/Var(X) on the pooled arms; 0 means no adjustment was made (no pre- or post-period variance). */
  readonly theta: number;
}

function checkCupedArm(arm: unknown, name: string): ArmKind {
  if (arm === null || typeof arm !== 'object' || Array.isArray(arm)) throw new InvalidArgumentError(name, 'an object of sufficient statistics', arm);
  const a = arm as Record<string, unknown>;
  const n = checkCount(a['n'], `${name}.n`);
  const sum = checkFinite(a['sum'], `${name}.sum`);
  const preSum = checkFinite(a['preSum'], `${name}.preSum`);
  checkFinite(a['sumCross'], `${name}.sumCross`);
  const hasSs = a['sumSquares'] !== undefined;
  const hasPre = a['preSumSquares'] !== undefined;
  if (hasSs !== hasPre)
    throw new InvalidArgumentError(hasSs ? `${name}.preSumSquares` : `${name}.sumSquares`, 'given with the other (a mean metric) or neither (a proportion)');
  if (!hasSs) {
    for (const [k, v] of [
      ['sum', sum],
      ['preSum', preSum],
    ] as const) {
      if (v < 0 || v > n) throw new InvalidArgumentError(`${name}.${k}`, `a count in [0, n = ${n}]`, v);
    }
    return 'proportion';
  }
  for (const k of ['sumSquares', 'preSumSquares']) {
    if (checkFinite(a[k], `${name}.${k}`) < 0) throw new InvalidArgumentError(`${name}.${k}`, 'a finite number ≥ 0', a[k]);
  }
  return 'mean';
}

/**
 * gbstats `models/statistics.py` `compute_covariance`: Σxy/n − ΣxΣy/n² for two proportions,
 * (Σxy − ΣxΣy/n)/(n − 1) otherwise; 0 when n ≤ 1.
 */
function covariance(kind: ArmKind, n: number, sumY: number, sumX: number, sumCross: number): number {
  if (n <= 1) return 0;
  return kind === 'proportion' ? sumCross / n - (sumY * sumX) / (n * n) : (sumCross - (sumY * sumX) / n) / (n - 1);
}

interface Sums {
  kind: ArmKind;
  n: number;
  sum: number;
  ss: number;
  preSum: number;
  preSs: number;
  sumCross: number;
}

function sums(kind: ArmKind, arm: CupedArm): Sums {
  return {
    kind,
    n: arm.n,
    sum: arm.sum,
    ss: kind === 'mean' ? (arm.sumSquares as number) : arm.sum,
    preSum: arm.preSum,
    preSs: kind === 'mean' ? (arm.preSumSquares as number) : arm.preSum,
    sumCross: arm.sumCross,
  };
}

/**
 * gbstats `models/statistics.py` `compute_theta`: θ = Cov(Y, X)/Var(X) on the control and treatment
 * sums pooled (`create_joint_statistic`), 0 when the pooled pre- or post-period variance is 0.
 */
export function cupedTheta(control: CupedArm, treatment: CupedArm): number {
  const kind = checkCupedArm(control, 'control');
  if (checkCupedArm(treatment, 'treatment') !== kind) throw new InvalidArgumentError('treatment', `a ${kind} arm like control`);
  return thetaOf(sums(kind, control), sums(kind, treatment));
}

function thetaOf(a: Sums, b: Sums): number {
  const n = a.n + b.n;
  const varPost = armVariance(a.kind, n, a.sum + b.sum, a.ss + b.ss);
  const varPre = armVariance(a.kind, n, a.preSum + b.preSum, a.preSs + b.preSs);
  if (varPre === 0 || varPost === 0) return 0;
  return covariance(a.kind, n, a.sum + b.sum, a.preSum + b.preSum, a.sumCross + b.sumCross) / varPre;
}

interface AdjustedArm extends ArmEstimate {
  readonly postVariance: number;
  readonly preVariance: number;
  readonly preMean: number;
  readonly covariance: number;
}

/** gbstats `RegressionAdjustedStatistic` with θ set: mean Ȳ − θX̄, variance σ²_Y + θ²σ²_X − 2θσ_XY (0 when n ≤ 1). */
function adjust(s: Sums, theta: number): AdjustedArm {
  const postMean = armMean(s.n, s.sum);
  const preMean = armMean(s.n, s.preSum);
  const postVariance = armVariance(s.kind, s.n, s.sum, s.ss);
  const preVariance = armVariance(s.kind, s.n, s.preSum, s.preSs);
  const cov = covariance(s.kind, s.n, s.sum, s.preSum, s.sumCross);
  const variance = s.n <= 1 ? 0 : postVariance + theta * theta * preVariance - 2 * theta * cov;
  return { n: s.n, mean: postMean - theta * preMean, unadjustedMean: postMean, variance, postVariance, preVariance, preMean, covariance: cov };
}

/**
 * gbstats `models/tests.py` `frequentist_variance_relative_cuped`: the delta-method variance of the
 * CUPED relative lift, as GrowthBook writes it (gradients at the unadjusted control mean Ȳ_C).
 */
function relativeCupedVariance(a: AdjustedArm, b: AdjustedArm, theta: number): number {
  const ya = a.unadjustedMean;
  const denTrt = b.n * ya * ya;
  const denCtrl = a.n * ya * ya;
  if (denTrt === 0 || denCtrl === 0) return 0;
  const vTrt = (b.postVariance + theta * theta * b.preVariance - 2 * theta * b.covariance) / denTrt;
  const c = -b.unadjustedMean;
  const vCtrl = ((a.postVariance * c * c) / (ya * ya) + (2 * theta * a.covariance * c) / ya + theta * theta * a.preVariance) / denCtrl;
  return vTrt + vCtrl;
}

/**
 * CUPED comparison of `treatment` with `control` as GrowthBook computes it: θ from gbstats
 * `compute_theta` on the pooled arms (`create_theta_adjusted_statistics`; θ = 0 falls back to the
 * unadjusted test), adjusted means Ȳ − θX̄ and variances σ²_Y + θ²σ²_X − 2θσ_XY
 * (`RegressionAdjustedStatistic`), the absolute effect as the difference of adjusted means and the
 * relative lift over the unadjusted control mean with `frequentist_variance_relative_cuped`; then the
 * same Welch or sequential test as `experimentTest` (`TwoSidedTTest`, `SequentialTwoSidedTTest`).
 */
export function cupedTest(control: CupedArm, treatment: CupedArm, options: ExperimentTestOptions = {}): CupedTestResult {
  const kind = checkCupedArm(control, 'control');
  if (checkCupedArm(treatment, 'treatment') !== kind) throw new InvalidArgumentError('treatment', `a ${kind} arm like control`);
  const opts = resolveTestOptions(options);
  const sa = sums(kind, control);
  const sb = sums(kind, treatment);
  const theta = thetaOf(sa, sb);
  const a = adjust(sa, theta);
  const b = adjust(sb, theta);
  const m = effectMoments(a, b, opts.relative, theta === 0 ? undefined : () => relativeCupedVariance(a, b, theta));
  return { ...frequentistResult(m, opts), theta };
}
