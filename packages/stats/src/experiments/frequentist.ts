// Frequentist comparison of a treatment arm with the control arm as GrowthBook's stats engine
// computes it: a Welch t-test on the absolute or relative effect, or, with sequential testing on,
// an asymptotic confidence sequence and its always-valid p-value.

import { InvalidArgumentError } from '../errors.js';
import { studentTPpf, studentTSf } from '../distributions/index.js';
import { checkOptionKeys, numberOption } from '../options.js';
import { checkOption } from '../sample.js';
import type { ArmStats } from './arm-stats.js';
import { armMoments, checkArmPair } from './arm-stats.js';
import type { DifferenceType, EffectMoments, ExperimentTestError } from './effect-moments.js';
import { DIFFERENCE_TYPES, effectMoments } from './effect-moments.js';

/** GrowthBook's default `sequentialTestingTuningParameter` (N*). */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

export interface SequentialOptions {
  /**
   * N*, GrowthBook's `sequentialTestingTuningParameter`: the total sample size (both arms) at which
   * the confidence sequence is tightest (default 5000).
   */
  tuning?: number;
}

export interface ExperimentTestOptions {
  /** Default 'relative' (GrowthBook's default). */
  difference?: DifferenceType;
  /** Significance level; the interval is 1 − alpha (default 0.05). */
  alpha?: number;
  /** Present: sequential testing (always-valid interval and p-value), as GrowthBook's toggle. */
  sequential?: SequentialOptions;
}

export interface ExperimentTestResult {
  /** The effect: relative lift or absolute difference; 0 when `error` is set. */
  readonly expected: number;
  /** Its standard error (delta method for the relative lift); 0 when `error` is set. */
  readonly se: number;
  /** Two-sided 1 − alpha confidence interval (a confidence sequence when sequential); (0, 0) when `error` is set. */
  readonly ci: [number, number];
  /** Two-sided p-value (always valid when sequential); 1 when `error` is set. */
  readonly pValue: number;
  /** Welch–Satterthwaite degrees of freedom; 0 when `error` is set. */
  readonly dof: number;
  /** Why GrowthBook's uninformative default output was returned, or null. */
  readonly error: ExperimentTestError | null;
}

export interface ResolvedTestOptions {
  readonly relative: boolean;
  readonly alpha: number;
  readonly tuning: number | null;
}

/** Reads and checks the options shared by `experimentTest` and `cupedTest`. */
export function resolveTestOptions(options: ExperimentTestOptions | undefined): ResolvedTestOptions {
  const o = checkOptionKeys(options, ['difference', 'alpha', 'sequential']);
  const difference = checkOption(o['difference'] ?? 'relative', 'options.difference', DIFFERENCE_TYPES);
  const alpha = numberOption(o, 'alpha', 0.05, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  let tuning: number | null = null;
  if (o['sequential'] !== undefined) {
    const s = o['sequential'];
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new InvalidArgumentError('options.sequential', 'an object { tuning? }', s);
    const so = checkOptionKeys(s, ['tuning']);
    const t = so['tuning'] ?? DEFAULT_SEQUENTIAL_TUNING;
    if (typeof t !== 'number' || !Number.isFinite(t) || !(t > 0)) throw new InvalidArgumentError('options.sequential.tuning', 'a finite number > 0', t);
    tuning = t;
  }
  return { relative: difference === 'relative', alpha, tuning };
}

/**
 * gbstats `frequentist/tests.py` `sequential_rho` (Waudby-Smith et al., arXiv 2103.06476v7, eq. 161),
 * two-sided: ρ = √[(−2 ln α + ln(−2 ln α + 1))/N*]. Also GrowthBook `shared/src/power/power.ts` `sequentialRho`.
 */
export function sequentialRho(alpha: number, tuning: number): number {
  return Math.sqrt((-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning);
}

/**
 * The factor under the radical of the confidence sequence (eq. 9 of arXiv 2103.06476v7):
 * 2(Nρ² + 1)·ln(√(Nρ² + 1)/α)/(Nρ)². GrowthBook `power.ts` `sequentialDiscriminant`.
 */
export function sequentialDiscriminant(n: number, rho: number, alpha: number): number {
  const r2 = n * rho * rho + 1;
  return (2 * r2 * Math.log(Math.sqrt(r2) / alpha)) / (n * rho) ** 2;
}

function defaultOutput(error: ExperimentTestError): ExperimentTestResult {
  return { expected: 0, se: 0, ci: [0, 0], pValue: 1, dof: 0, error };
}

/**
 * gbstats `TwoSidedTTest` / `SequentialTwoSidedTTest` `compute_result` over computed moments.
 * The fixed-horizon p-value is 2·sf(|t|; ν), which is GrowthBook's 2(1 − F(|t|; ν)) without the
 * cancellation of 1 − F for tiny p. The sequential p-value min(1, 1/E) is formed as
 * exp(min(0, ln √(Nρ²+1) − ρ²·st²/(2(Nρ²+1)))) so a huge statistic gives 0 rather than overflowing.
 */
export function frequentistResult(m: EffectMoments, opts: ResolvedTestOptions): ExperimentTestResult {
  if (!m.ok) return defaultOutput(m.error);
  const { estimate, se, dof, n } = m;
  const { alpha, tuning } = opts;
  if (tuning === null) {
    const hw = studentTPpf(1 - alpha / 2, dof) * se;
    const pValue = 2 * studentTSf(Math.abs(estimate / se), dof);
    return { expected: estimate, se, ci: [estimate - hw, estimate + hw], pValue, dof, error: null };
  }
  const rho = sequentialRho(alpha, tuning);
  const s2 = se * se * n;
  const hw = Math.sqrt(s2) * Math.sqrt(sequentialDiscriminant(n, rho, alpha));
  const st2 = (estimate * estimate * n) / (se * se);
  const tr2p1 = n * rho * rho + 1;
  const logInvE = 0.5 * Math.log(tr2p1) - (rho * rho * st2) / (2 * tr2p1);
  const pValue = Math.exp(Math.min(0, logInvE));
  return { expected: estimate, se, ci: [estimate - hw, estimate + hw], pValue, dof, error: null };
}

/**
 * Compares `treatment` with `control` as GrowthBook's frequentist engine does: gbstats
 * `frequentist/tests.py` `TwoSidedTTest` (Welch t, Welch–Satterthwaite dof, relative lift by the
 * delta method of `utils.py` `frequentist_variance`) or, with `sequential`, `SequentialTwoSidedTTest`
 * (Waudby-Smith asymptotic confidence sequence, eq. 9, and always-valid p-value, eq. 155, of
 * arXiv 2103.06476v7). Test value 0; no post-stratification (gbstats' `BaseConfig` default).
 * Quantile arms (gbstats `QuantileStatistic`) take the same test on the quantile difference, fixed
 * horizon only. Degenerate data (an arm with n ≤ 1 or zero variance, a control mean of 0) gives GrowthBook's
 * default output with `error` set; malformed statistics throw, naming the field.
 */
export function experimentTest(control: ArmStats, treatment: ArmStats, options: ExperimentTestOptions = {}): ExperimentTestResult {
  const kind = checkArmPair(control, treatment);
  const opts = resolveTestOptions(options);
  if (kind === 'quantile' && opts.tuning !== null)
    throw new InvalidArgumentError('options.sequential', 'absent: GrowthBook has no sequential testing for quantile metrics');
  const a = armMoments(control);
  const b = armMoments(treatment);
  const m = effectMoments({ ...a, unadjustedMean: a.mean }, { ...b, unadjustedMean: b.mean }, opts.relative);
  return frequentistResult(m, opts);
}
