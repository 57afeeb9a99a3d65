// The effect estimate shared by every experiment test: absolute or relative difference of the
// treatment and control means, its delta-method variance and the Welch–Satterthwaite dof
// (gbstats `models/tests.py` `EffectMoments`, `utils.py` `frequentist_diff`, `frequentist_variance`,
// `variance_of_ratios`; `frequentist/tests.py` `TTest.dof`).

/** 'relative' (the default, as in GrowthBook): (μ_T − μ_C)/|μ_C|; 'absolute': μ_T − μ_C. */
export type DifferenceType = 'relative' | 'absolute';

export const DIFFERENCE_TYPES: readonly DifferenceType[] = ['relative', 'absolute'];

/**
 * Why a test gave GrowthBook's uninformative default output (estimate 0, interval (0, 0), p = 1):
 * 'ZERO_NEGATIVE_VARIANCE' when an arm's variance or the effect's variance is ≤ 0 (which includes
 * n ≤ 1), 'BASELINE_ZERO' when the control mean is 0.
 */
export type ExperimentTestError = 'ZERO_NEGATIVE_VARIANCE' | 'BASELINE_ZERO';

/** An arm reduced to what the effect needs; `mean` is the CUPED-adjusted mean where there is one. */
export interface ArmEstimate {
  readonly n: number;
  readonly mean: number;
  readonly unadjustedMean: number;
  readonly variance: number;
  /** gbstats `_has_zero_variance` where it is more than variance ≤ 0 (quantile arms); default false. */
  readonly degenerate?: boolean;
}

export type EffectMoments =
  | { readonly ok: true; readonly estimate: number; readonly se: number; readonly dof: number; readonly n: number }
  | { readonly ok: false; readonly error: ExperimentTestError; readonly dof: number; readonly n: number };

/**
 * gbstats `utils.py` `variance_of_ratios`: Var(M/D) ≈ V_M/μ_D² + V_D·μ_M²/μ_D⁴ − 2·C_MD·μ_M/μ_D³,
 * 0 when μ_D = 0.
 */
export function varianceOfRatios(meanM: number, varM: number, meanD: number, varD: number, covMD: number): number {
  if (meanD === 0) return 0;
  return varM / meanD ** 2 + (varD * meanM ** 2) / meanD ** 4 - (2 * covMD * meanM) / meanD ** 3;
}

/**
 * gbstats `utils.py` `frequentist_variance` (and GrowthBook `packages/shared/src/power/power.ts`
 * `frequentistVariance`): σ²_T/n_T + σ²_C/n_C, or for the relative lift the delta method
 * σ²_T/(n_T μ_C²) + σ²_C μ_T²/(n_C μ_C⁴).
 */
export function frequentistVariance(varA: number, meanA: number, nA: number, varB: number, meanB: number, nB: number, relative: boolean): number {
  return relative ? varianceOfRatios(meanB, varB / nB, meanA, varA / nA, 0) : varB / nB + varA / nA;
}

/** gbstats `frequentist/tests.py` `TTest.dof`: Welch–Satterthwaite from the per-unit variances. */
export function welchDof(a: ArmEstimate, b: ArmEstimate): number {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  return (vb + va) ** 2 / (b.variance ** 2 / (b.n ** 2 * (b.n - 1)) + a.variance ** 2 / (a.n ** 2 * (a.n - 1)));
}

/**
 * gbstats `EffectMoments.compute_result`: the checks in its order (variances, then the baseline),
 * then the estimate and its standard error. `relativeVariance` replaces the delta method of
 * `frequentistVariance` where the arms are CUPED-adjusted.
 */
export function effectMoments(a: ArmEstimate, b: ArmEstimate, relative: boolean, relativeVariance?: () => number): EffectMoments {
  const n = a.n + b.n;
  const variance =
    relative && relativeVariance ? relativeVariance() : frequentistVariance(a.variance, a.unadjustedMean, a.n, b.variance, b.unadjustedMean, b.n, relative);
  if (a.degenerate || b.degenerate || !(a.variance > 0) || !(b.variance > 0) || !(variance > 0))
    return { ok: false, error: 'ZERO_NEGATIVE_VARIANCE', dof: 0, n };
  if (a.mean === 0 || a.unadjustedMean === 0) return { ok: false, error: 'BASELINE_ZERO', dof: 0, n };
  const estimate = relative ? (b.mean - a.mean) / Math.abs(a.unadjustedMean) : b.mean - a.mean;
  return { ok: true, estimate, se: Math.sqrt(variance), dof: welchDof(a, b), n };
}
