// Design-time power and minimum detectable effect of an experiment as GrowthBook's power
// calculator computes them (relative lift; users split evenly over the variations).

import { InvalidArgumentError } from '../errors.js';
import { normalCdf, normalPpf } from '../distributions/index.js';
import { booleanOption, checkOptionKeys, numberOption } from '../options.js';
import { frequentistVariance } from './effect-moments.js';
import { DEFAULT_SEQUENTIAL_TUNING, sequentialDiscriminant, sequentialRho } from './frequentist.js';
import type { SequentialOptions } from './frequentist.js';

/**
 * The metric, as GrowthBook's power calculator takes it: a mean metric by its mean and standard
 * deviation, or a proportion by its conversion rate (variance p(1 − p)).
 */
export type PowerMetric = { mean: number; standardDeviation: number } | { conversionRate: number };

export interface ExperimentDesignOptions {
  metric: PowerMetric;
  /** Users in the whole experiment (all variations together). */
  users: number;
  /** Number of variations, control included (default 2); users split evenly. */
  variations?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Present: the test will be sequential, with this N* (default 5000). */
  sequential?: SequentialOptions;
}

export interface ExperimentPowerOptions extends ExperimentDesignOptions {
  /** Relative lift to detect (0.05 = +5 %). */
  effectSize: number;
  /** Default true. */
  twoTailed?: boolean;
}

export interface ExperimentMdeOptions extends ExperimentDesignOptions {
  /** Target power (default 0.8). */
  power?: number;
}

export type ExperimentMdeResult =
  { readonly ok: true; readonly mde: number } | { readonly ok: false; readonly reason: 'POWER_NOT_ABOVE_ALPHA' | 'TOO_FEW_USERS' };

interface Design {
  mean: number;
  variance: number;
  users: number;
  variations: number;
  alpha: number;
  tuning: number | null;
}

function resolveDesign(o: Readonly<Record<string, unknown>>): Design {
  const metric = o['metric'];
  if (metric === null || typeof metric !== 'object' || Array.isArray(metric)) {
    throw new InvalidArgumentError('options.metric', 'an object { mean, standardDeviation } or { conversionRate }', metric);
  }
  const mo = metric as Record<string, unknown>;
  let mean: number;
  let variance: number;
  if (mo['conversionRate'] !== undefined) {
    const p = checkOptionKeys(mo, ['conversionRate'])['conversionRate'];
    if (typeof p !== 'number' || !(p > 0 && p < 1)) throw new InvalidArgumentError('options.metric.conversionRate', 'a number in (0, 1)', p);
    mean = p;
    variance = p * (1 - p);
  } else {
    checkOptionKeys(mo, ['mean', 'standardDeviation']);
    const m = mo['mean'];
    const sd = mo['standardDeviation'];
    if (typeof m !== 'number' || !Number.isFinite(m) || m === 0) throw new InvalidArgumentError('options.metric.mean', 'a finite non-zero number', m);
    if (typeof sd !== 'number' || !Number.isFinite(sd) || !(sd > 0))
      throw new InvalidArgumentError('options.metric.standardDeviation', 'a finite number > 0', sd);
    mean = m;
    variance = sd * sd;
  }
  const users = numberOption(o, 'users', Number.NaN, { min: 0, minExclusive: true });
  if (Number.isNaN(users)) throw new InvalidArgumentError('options.users', 'a finite number > 0');
  const variations = numberOption(o, 'variations', 2, { min: 2, integer: true });
  const alpha = numberOption(o, 'alpha', 0.05, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  let tuning: number | null = null;
  if (o['sequential'] !== undefined) {
    const so = checkOptionKeys(o['sequential'], ['tuning']);
    tuning = numberOption(so, 'tuning', DEFAULT_SEQUENTIAL_TUNING, { min: 0, minExclusive: true });
  }
  return { mean, variance, users, variations, alpha, tuning };
}

/**
 * GrowthBook `power.ts` `sequentialPowerSequentialVariance`: the per-unit variance that makes a
 * fixed-horizon z-interval as wide as the confidence sequence at n,
 * n·(√(variance/n)·√n·√discriminant / z₁₋α/₂)².
 */
function sequentialVariance(variance: number, n: number, alpha: number, tuning: number): number {
  const rho = sequentialRho(alpha, tuning);
  const zSequential = Math.sqrt(n) * Math.sqrt(sequentialDiscriminant(n, rho, alpha));
  const zStar = normalPpf(1 - 0.5 * alpha);
  return n * ((Math.sqrt(variance / n) * zSequential) / zStar) ** 2;
}

/**
 * GrowthBook `packages/shared/src/power/power.ts` `powerEstFrequentist` (with `powerFrequentist`):
 * power to detect a relative lift `effectSize` with `users` split over `variations`, each treatment
 * against control. σ_Δ is the delta-method SE of the relative lift at μ_B = μ_A(1 + effect)
 * (`frequentistVariance`); π = 1 − Φ(z* − Δ/σ_Δ) + Φ(−z* − Δ/σ_Δ) two-tailed (z* = z₁₋α/₂),
 * 1 − Φ(z₁₋α − Δ/σ_Δ) one-tailed. Sequential: σ_Δ inflated to the confidence sequence's width
 * (`sequentialPowerStandardError`), a lower bound as it assumes one look.
 */
export function experimentPower(options: ExperimentPowerOptions): number {
  const o = checkOptionKeys(options, ['metric', 'users', 'variations', 'alpha', 'sequential', 'effectSize', 'twoTailed']);
  const d = resolveDesign(o);
  const effect = o['effectSize'];
  if (typeof effect !== 'number' || !Number.isFinite(effect)) throw new InvalidArgumentError('options.effectSize', 'a finite number', effect);
  const twoTailed = booleanOption(o, 'twoTailed', true);
  const nPer = d.users / d.variations;
  let se: number;
  if (d.tuning !== null) {
    const vRel = frequentistVariance(d.variance, d.mean, nPer, d.variance, d.mean * (1 + effect), nPer, true);
    se = Math.sqrt(sequentialVariance(vRel, 2 * nPer, d.alpha, d.tuning));
  } else {
    se = Math.sqrt(frequentistVariance(d.variance, d.mean, nPer, d.variance, d.mean * (1 + effect), nPer, true));
  }
  const zStar = normalPpf(twoTailed ? 1 - 0.5 * d.alpha : 1 - d.alpha);
  const standardized = effect / se;
  let power = 1 - normalCdf(zStar - standardized);
  if (twoTailed) power += normalCdf(-zStar - standardized);
  return power;
}

/**
 * GrowthBook `packages/shared/src/power/power.ts` `findMdeFrequentist`: the smallest relative lift
 * detectable with `power`, from the quadratic in μ_B
 * μ_B²(1 − k²σ²/(nμ_A²)) − 2μ_Aμ_B + (μ_A² − k²σ²/n) = 0 with k = z₁₋α/₂ − z₁₋power and n the users
 * per variation (σ² replaced by the sequential variance when sequential); MDE = (μ_B − μ_A)/μ_A for
 * the larger root. Not solvable (`TOO_FEW_USERS`) when n ≤ σ²k²/μ_A²; `POWER_NOT_ABOVE_ALPHA` when power ≤ alpha.
 */
export function experimentMde(options: ExperimentMdeOptions): ExperimentMdeResult {
  const o = checkOptionKeys(options, ['metric', 'users', 'variations', 'alpha', 'sequential', 'power']);
  const d = resolveDesign(o);
  const power = numberOption(o, 'power', 0.8, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  if (power <= d.alpha) return { ok: false, reason: 'POWER_NOT_ABOVE_ALPHA' };
  const nA = d.users / d.variations;
  const z = normalPpf(1 - 0.5 * d.alpha) - normalPpf(1 - power);
  const m = d.mean;
  const v = d.tuning !== null ? sequentialVariance(d.variance, 2 * nA, d.alpha, d.tuning) : d.variance;
  if (nA <= (v * z * z) / (m * m)) return { ok: false, reason: 'TOO_FEW_USERS' };
  const sigma2 = v / nA;
  const aStar = 1 - (z * z * sigma2) / (m * m);
  const bStar = -2 * m;
  const cStar = m * m - z * z * sigma2;
  const disc = bStar * bStar - 4 * aStar * cStar;
  const sol = (-bStar + Math.sqrt(disc)) / (2 * aStar);
  return { ok: true, mde: (sol - m) / m };
}
