// `vigil power`'s answers: the sample size per variant, the minimum detectable effect or the power
// of a design, each by two formulas of @vigil/stats: the guide's normal-approximation formula
// (`sampleSizeTwoProportions` / `sampleSizeTwoMeans` / `minimumDetectableEffect`) and GrowthBook's
// power calculator (`experimentPower` / `experimentMde`: the relative lift's delta-method SE).
// Where a formula answers only one way round, the other is found by searching that same formula,
// so each method's three answers agree with each other.

import { experimentMde, experimentPower, minimumDetectableEffect, sampleSizeTwoMeans, sampleSizeTwoProportions } from '@vigil/stats';
import type { Alternative, PowerMetric, ProportionMethod } from '@vigil/stats';

export type PowerMetricInput = { kind: 'proportion'; baselineRate: number } | { kind: 'mean'; mean?: number; stddev: number };

/** The effect to detect, as given: absolute (rate points, metric units) or relative to the baseline. */
export interface EffectInput {
  value: number;
  relative: boolean;
}

export interface PowerDesign {
  metric: PowerMetricInput;
  alpha: number;
  /** Variants, control included; users split evenly. */
  variants: number;
  alternative: Alternative;
  /** The guide's variance convention for two proportions. */
  method: ProportionMethod;
  /** GrowthBook's sequential testing (N* tuning); the guide's formula is fixed-horizon only. */
  sequential: { tuning: number } | null;
}

export type PowerQuestion =
  | { kind: 'sampleSize'; effect: EffectInput; power: number }
  | { kind: 'mde'; users: number; power: number }
  | { kind: 'power'; users: number; effect: EffectInput };

/** The effect both ways: the difference in metric units (rate points for a proportion) and relative to the baseline (null without a baseline mean). */
export interface Effect {
  absolute: number;
  relative: number | null;
}

export type MethodAnswer =
  | { kind: 'sampleSize'; perVariant: number; perVariantExact: number | null; total: number }
  | { kind: 'mde'; absolute: number; relative: number | null }
  | { kind: 'power'; power: number };

export interface MethodResult {
  /** How the method computes, in a few words. */
  formula: string;
  /** Null when the method cannot answer this design; `note` says why. */
  answer: MethodAnswer | null;
  note?: string;
}

export interface PowerAnswer {
  question: PowerQuestion['kind'];
  design: PowerDesign;
  /** Sample size and power: the effect asked about, both ways. */
  effect: Effect | null;
  /** MDE and power: users in the whole experiment, and per variant. */
  users: { total: number; perVariant: number } | null;
  /** The power the sample size or MDE is for. */
  power: number | null;
  guide: MethodResult;
  growthbook: MethodResult;
}

/** The baseline mean: the rate of a proportion, the given mean of a mean metric (undefined without one). */
function baselineOf(metric: PowerMetricInput): number | undefined {
  return metric.kind === 'proportion' ? metric.baselineRate : metric.mean;
}

/** The effect as an absolute difference and a relative lift; a relative effect needs a baseline. */
export function resolveEffect(metric: PowerMetricInput, effect: EffectInput): Effect {
  const base = baselineOf(metric);
  if (effect.relative) {
    if (base === undefined) throw new RangeError('a relative effect needs the baseline mean (--mean)');
    return { absolute: effect.value * Math.abs(base), relative: effect.value };
  }
  return { absolute: effect.value, relative: base === undefined || base === 0 ? null : effect.value / Math.abs(base) };
}

function growthbookMetric(metric: PowerMetricInput): PowerMetric | null {
  if (metric.kind === 'proportion') return { conversionRate: metric.baselineRate };
  return metric.mean === undefined || metric.mean === 0 ? null : { mean: metric.mean, standardDeviation: metric.stddev };
}

/** The guide's per-group n (unrounded) for this effect and power. */
function guideN(design: PowerDesign, absolute: number, power: number): { n: number; nExact: number } {
  const common = { alpha: design.alpha, power, alternative: design.alternative };
  if (design.metric.kind === 'proportion') {
    const p1 = design.metric.baselineRate;
    const r = sampleSizeTwoProportions({ p1, p2: p1 + absolute, method: design.method, ...common });
    return { n: r.n, nExact: r.nExact };
  }
  const r = sampleSizeTwoMeans({ delta: absolute, sigma: design.metric.stddev, ...common });
  return { n: r.n, nExact: r.nExact };
}

const GUIDE_FORMULA = {
  proportion: {
    pooled: 'two-proportion z-test, pooled variance (Fleiss)',
    unpooled: 'two-proportion z-test, unpooled variance',
    arcsine: "arcsine (Cohen's h)",
  },
  mean: 'two-sample z-test, n = 2σ²(z_α + z_β)²/δ²',
} as const;

function guideFormula(design: PowerDesign): string {
  return design.metric.kind === 'proportion' ? GUIDE_FORMULA.proportion[design.method] : GUIDE_FORMULA.mean;
}

/**
 * The power at which the guide's sample-size formula gives `n` per group. The formula's n is the
 * square of a line in z₁₋β that reaches 0 at some power p₀ and grows on either side; the answer
 * is the power above p₀ where it equals n, found by bisection on the formula itself.
 */
function guidePower(design: PowerDesign, absolute: number, n: number): number {
  const f = (p: number) => guideN(design, absolute, p).nExact;
  // p₀: the minimum of a unimodal function of p (golden-section search).
  let lo = 1e-12;
  let hi = 1 - 1e-12;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  let low = (lo + hi) / 2;
  let high = 1 - 1e-16;
  if (f(high) <= n) return 1;
  for (let i = 0; i < 200 && high - low > 1e-16; i++) {
    const mid = (low + high) / 2;
    if (f(mid) < n) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function guideAnswer(design: PowerDesign, q: PowerQuestion, effect: Effect | null): MethodResult {
  const formula = guideFormula(design);
  const sequential = design.sequential === null ? {} : { note: 'the guide’s formula is for a fixed horizon: it ignores --sequential' };
  switch (q.kind) {
    case 'sampleSize': {
      const r = guideN(design, effect!.absolute, q.power);
      return { formula, answer: { kind: 'sampleSize', perVariant: r.n, perVariantExact: r.nExact, total: r.n * design.variants }, ...sequential };
    }
    case 'mde': {
      const n = q.users / design.variants;
      const spread = design.metric.kind === 'proportion' ? { baselineRate: design.metric.baselineRate } : { sigma: design.metric.stddev };
      const absolute = minimumDetectableEffect({ n, ...spread, alpha: design.alpha, power: q.power, alternative: design.alternative });
      const base = baselineOf(design.metric);
      return {
        formula: design.metric.kind === 'proportion' ? 'z-test with the baseline’s variance p(1 − p) in both groups' : formula,
        answer: { kind: 'mde', absolute, relative: base === undefined || base === 0 ? null : absolute / Math.abs(base) },
        ...sequential,
      };
    }
    case 'power':
      return { formula, answer: { kind: 'power', power: guidePower(design, effect!.absolute, q.users / design.variants) }, ...sequential };
  }
}

/** Smallest whole number of users per variant at which GrowthBook's power reaches `power`; null when none up to 10¹². */
function growthbookSampleSize(design: PowerDesign, metric: PowerMetric, relative: number, power: number): number | null {
  const at = (n: number) =>
    experimentPower({
      metric,
      users: n * design.variants,
      variations: design.variants,
      alpha: design.alpha,
      effectSize: relative,
      twoTailed: design.alternative === 'two-sided',
      ...(design.sequential !== null && { sequential: { tuning: design.sequential.tuning } }),
    });
  let high = 2;
  while (at(high) < power) {
    high *= 2;
    if (high > 1e12) return null;
  }
  let low = 1;
  if (at(low) >= power) return low;
  // at(low) < power ≤ at(high)
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (at(mid) >= power) high = mid;
    else low = mid;
  }
  return high;
}

function growthbookAnswer(design: PowerDesign, q: PowerQuestion, effect: Effect | null): MethodResult {
  const formula = `relative lift, delta-method SE${design.sequential === null ? '' : `, sequential (tuning ${design.sequential.tuning})`}`;
  const metric = growthbookMetric(design.metric);
  if (metric === null) return { formula, answer: null, note: 'GrowthBook’s calculator works on the relative lift: give the baseline mean (--mean)' };
  if (design.alternative === 'less') return { formula, answer: null, note: 'GrowthBook’s calculator has two-sided and one-sided (greater) tests only' };
  const sequential = design.sequential === null ? {} : { sequential: { tuning: design.sequential.tuning } };
  const design2 = { metric, variations: design.variants, alpha: design.alpha, ...sequential };
  const base = baselineOf(design.metric)!;
  switch (q.kind) {
    case 'sampleSize': {
      const n = growthbookSampleSize(design, metric, effect!.relative!, q.power);
      if (n === null) return { formula, answer: null, note: 'the power stays below the target up to 10¹² users per variant' };
      return { formula, answer: { kind: 'sampleSize', perVariant: n, perVariantExact: null, total: n * design.variants } };
    }
    case 'mde': {
      if (design.alternative !== 'two-sided') return { formula, answer: null, note: 'GrowthBook’s MDE is for a two-sided test' };
      const r = experimentMde({ ...design2, users: q.users, power: q.power });
      if (!r.ok)
        return {
          formula,
          answer: null,
          note: r.reason === 'TOO_FEW_USERS' ? 'too few users: no effect is detectable with this power' : 'the power must be above alpha',
        };
      return { formula, answer: { kind: 'mde', absolute: r.mde * Math.abs(base), relative: r.mde } };
    }
    case 'power':
      return {
        formula,
        answer: {
          kind: 'power',
          power: experimentPower({ ...design2, users: q.users, effectSize: effect!.relative!, twoTailed: design.alternative === 'two-sided' }),
        },
      };
  }
}

/** Answers one question about one design by both methods. */
export function answerPower(design: PowerDesign, q: PowerQuestion): PowerAnswer {
  const effect = q.kind === 'mde' ? null : resolveEffect(design.metric, q.effect);
  return {
    question: q.kind,
    design,
    effect,
    users: q.kind === 'sampleSize' ? null : { total: q.users, perVariant: q.users / design.variants },
    power: q.kind === 'power' ? null : q.power,
    guide: guideAnswer(design, q, effect),
    growthbook: growthbookAnswer(design, q, effect),
  };
}
