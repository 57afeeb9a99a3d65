// GrowthBook's Bayesian engine for one treatment against control: a Gaussian posterior on the
// effect, chance to win, credible interval and risk (expected loss).

import { InvalidArgumentError } from '../errors.js';
import { normalPpf } from '../distributions/index.js';
import { ndtr } from '../special/index.js';
import { booleanOption, checkOptionKeys, numberOption } from '../options.js';
import { checkOption } from '../sample.js';
import type { ArmStats } from './arm-stats.js';
import { armMoments, checkArmPair } from './arm-stats.js';
import type { DifferenceType, ExperimentTestError } from './effect-moments.js';
import { DIFFERENCE_TYPES, effectMoments } from './effect-moments.js';

/** A proper Gaussian prior on the relative lift, N(mean, stddev²) (GrowthBook's default stddev is 0.3). */
export interface LiftPrior {
  mean: number;
  stddev: number;
}

export interface BayesianTestOptions {
  /** Default 'relative'. */
  difference?: DifferenceType;
  /** The credible interval is 1 − alpha (default 0.05). */
  alpha?: number;
  /** Proper prior on the relative lift; absent: GrowthBook's improper flat prior (posterior = data). */
  prior?: LiftPrior;
  /** A metric where lower is better: chance to win is P(effect < 0) and the risks swap (default false). */
  inverse?: boolean;
}

export interface BayesianTestResult {
  /** Posterior mean of the effect. */
  readonly expected: number;
  /** Posterior standard deviation of the effect. */
  readonly se: number;
  /** P(effect > 0) under the posterior (P(effect < 0) for an inverse metric). */
  readonly chanceToWin: number;
  /** Equal-tailed 1 − alpha credible interval. */
  readonly ci: [number, number];
  /** Expected loss of choosing [control, treatment]. */
  readonly risk: [number, number];
  /** Why GrowthBook's default output (chance 0.5, all else 0) was returned, or null. */
  readonly error: ExperimentTestError | null;
}

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * gbstats `bayesian/tests.py` `EffectBayesianABTest.get_risk` for a posterior N(m, s²):
 * risk_ctrl = P(Δ > 0)·E[Δ | Δ > 0] and risk_trt = −P(Δ < 0)·E[Δ | Δ < 0], which for a normal are
 * m·Φ(m/s) + s·φ(m/s) and s·φ(m/s) − m·Φ(−m/s) (the truncated-normal means multiplied out).
 * Where |m/s| > 37 GrowthBook uses the limit [max(m, 0), max(−m, 0)]; so does this.
 */
export function gaussianRisk(m: number, s: number): [number, number] {
  if (s > 0 && Math.abs(m / s) > 37) return [Math.max(m, 0), Math.max(-m, 0)];
  const z = m / s;
  const phi = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  return [m * ndtr(z) + s * phi, s * phi - m * ndtr(-z)];
}

/**
 * Compares `treatment` with `control` as GrowthBook's Bayesian engine does: gbstats
 * `bayesian/tests.py` `EffectBayesianABTest` over the effect moments of `models/tests.py`
 * `EffectMoments`. Flat (improper) prior by default, so the posterior is N(Δ̂, SE²); with `prior`,
 * post_prec = 1/SE² + 1/σ₀² and post_mean = (Δ̂/SE² + μ₀/σ₀²)/post_prec, the relative prior rescaled
 * to μ₀·|μ_C| and σ₀²·μ_C² for an absolute difference (`prior_type` 'relative', GrowthBook's default).
 * Chance to win = Φ(m/s); interval `utils.py` `gaussian_credible_interval`; risk `get_risk`.
 */
export function bayesianTest(control: ArmStats, treatment: ArmStats, options: BayesianTestOptions = {}): BayesianTestResult {
  checkArmPair(control, treatment);
  const o = checkOptionKeys(options, ['difference', 'alpha', 'prior', 'inverse']);
  const relative = checkOption(o['difference'] ?? 'relative', 'options.difference', DIFFERENCE_TYPES) === 'relative';
  const alpha = numberOption(o, 'alpha', 0.05, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  const inverse = booleanOption(o, 'inverse', false);
  let prior: LiftPrior | null = null;
  if (o['prior'] !== undefined) {
    const p = o['prior'];
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new InvalidArgumentError('options.prior', 'an object { mean, stddev }', p);
    const po = checkOptionKeys(p, ['mean', 'stddev']);
    if (typeof po['mean'] !== 'number' || !Number.isFinite(po['mean'])) throw new InvalidArgumentError('options.prior.mean', 'a finite number', po['mean']);
    const sd = po['stddev'];
    if (typeof sd !== 'number' || !Number.isFinite(sd) || !(sd > 0)) throw new InvalidArgumentError('options.prior.stddev', 'a finite number > 0', sd);
    prior = { mean: po['mean'], stddev: sd };
  }

  const a = armMoments(control);
  const b = armMoments(treatment);
  const m = effectMoments({ ...a, unadjustedMean: a.mean }, { ...b, unadjustedMean: b.mean }, relative);
  if (!m.ok) return { expected: 0, se: 0, chanceToWin: 0.5, ci: [0, 0], risk: [0, 0], error: m.error };

  const dataVar = m.se * m.se;
  let mean = m.estimate;
  let prec = 1 / dataVar;
  if (prior) {
    const scale = relative ? 1 : Math.abs(a.mean);
    const priorMean = prior.mean * scale;
    const priorVar = prior.stddev * prior.stddev * scale * scale;
    prec += 1 / priorVar;
    mean = (m.estimate / dataVar + priorMean / priorVar) / prec;
  }
  const sd = Math.sqrt(1 / prec);
  const risk = gaussianRisk(mean, sd);
  return {
    expected: mean,
    se: sd,
    chanceToWin: inverse ? ndtr(-mean / sd) : ndtr(mean / sd),
    ci: [normalPpf(alpha / 2, mean, sd), normalPpf(1 - alpha / 2, mean, sd)],
    risk: inverse ? [risk[1], risk[0]] : risk,
    error: null,
  };
}
