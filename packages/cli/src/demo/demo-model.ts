// The demo model: a simulated credit-default classifier, from loan application to score, latency
// and true outcome. Pure and seeded; docs/demo.md describes every feature and formula.

import type { Rng } from '@vigil/stats';

/** How Vigil should treat each demo feature. */
export type DemoFeatureKind = 'numeric' | 'categorical' | 'boolean';

/** The demo's features, by name, in the order events list them. */
export const DEMO_FEATURES: Readonly<Record<string, DemoFeatureKind>> = Object.freeze({
  age: 'numeric',
  income: 'numeric',
  loan_amount: 'numeric',
  loan_term_months: 'numeric',
  credit_score: 'numeric',
  debt_to_income: 'numeric',
  num_open_accounts: 'numeric',
  months_employed: 'numeric',
  utilization: 'numeric',
  region: 'categorical',
  employment_type: 'categorical',
  purpose: 'categorical',
  has_mortgage: 'boolean',
});

/** One feature value as logged: null is missing. */
export type DemoFeatureValue = number | string | boolean | null;

export const REGIONS = ['north', 'south', 'east', 'west', 'central'] as const;
export const EMPLOYMENT_TYPES = ['salaried', 'self_employed', 'contract', 'unemployed', 'retired'] as const;
export const PURPOSES = ['debt_consolidation', 'home_improvement', 'car', 'business', 'education', 'medical'] as const;
/** The loan purpose that does not exist in the reference window and appears during the story. */
export const NEW_PURPOSE = 'crypto';

/**
 * What the world looks like at one moment of the story. Each field is 0 (or its reference value)
 * in the reference window; the story moves them (see demo-story.ts).
 */
export interface DemoConditions {
  /** 0…1: how far the covariate drift of `income` and `utilization` has gone. */
  covariateDrift: number;
  /** Share of applications with `purpose = 'crypto'` (0 in the reference window). */
  newPurposeShare: number;
  /** Share of applications whose `months_employed` arrives null (a feature-pipeline fault). */
  monthsEmployedMissing: number;
  /** 0…1: how far the concept change (the new link from features to default) has gone. */
  conceptChange: number;
}

/** The reference window's conditions. */
export const REFERENCE_CONDITIONS: Readonly<DemoConditions> = Object.freeze({
  covariateDrift: 0,
  newPurposeShare: 0,
  monthsEmployedMissing: 0.02,
  conceptChange: 0,
});

/**
 * The generator's parameters; docs/demo.md and gen_demo_expectations.py write out the same
 * formulas. Medians are of the reference window.
 */
export const DEMO_MODEL = Object.freeze({
  incomeMedian: 52_000,
  incomeLogSd: 0.55,
  incomeMissing: 0.01,
  /** Log-income shift at full covariate drift: the median falls by 26 %. */
  incomeDriftLog: -0.3,
  /** Logit shift of utilization at full covariate drift: its mean falls from about 0.36 to 0.26. */
  utilizationDriftLogit: -0.6,
  /** `months_employed` null share once the pipeline fault is in. */
  monthsEmployedMissingAfter: 0.3,
  /** `purpose = 'crypto'` share once the new category is fully in. */
  newPurposeShareAfter: 0.15,
  /** The model's decision threshold on its score. */
  threshold: 0.5,
  /** Standard deviation of the score's noise, on the logit scale (small: the score stays calibrated). */
  scoreNoiseLogit: 0.1,
  /** Share of requests that hit a slow path (cold cache, GC pause), and their latency range in ms. */
  slowShare: 0.015,
  slowMinMs: 250,
  slowMaxMs: 2500,
  /** Median and log-sd of the lognormal latency body, ms. */
  latencyMedianMs: 38,
  latencyLogSd: 0.35,
});

const EMPLOYMENT_WEIGHTS_UNDER_55 = [0.66, 0.14, 0.13, 0.045, 0.025];
const EMPLOYMENT_WEIGHTS_55_PLUS = [0.45, 0.12, 0.05, 0.03, 0.35];
const REGION_WEIGHTS = [0.22, 0.26, 0.2, 0.2, 0.12];
const PURPOSE_WEIGHTS = [0.38, 0.18, 0.16, 0.1, 0.09, 0.09];
const EMPLOYMENT_EFFECT: Record<string, number> = { salaried: 0, self_employed: 0.3, contract: 0.4, unemployed: 1.0, retired: 0.1 };
const PURPOSE_EFFECT: Record<string, number> = {
  debt_consolidation: 0.2,
  home_improvement: 0,
  car: 0,
  business: 0.3,
  education: 0.1,
  medical: 0.3,
  crypto: 0,
};
// What the model fills in for a missing value: the reference medians it was trained on.
const IMPUTED_INCOME = 52_000;
const IMPUTED_MONTHS_EMPLOYED = 30;

/** An applicant's true attributes (never missing) and the categorical facts the score uses. */
interface Applicant {
  creditScore: number;
  debtToIncome: number;
  utilization: number;
  income: number;
  loanAmount: number;
  loanTermMonths: number;
  monthsEmployed: number;
  employmentType: string;
  purpose: string;
  hasMortgage: boolean;
}

/** One simulated prediction: what is logged, and the truth behind it. */
export interface DemoDraw {
  features: Record<string, DemoFeatureValue>;
  prediction: { label: 0 | 1; score: number };
  latencyMs: number;
  /** The outcome, drawn from `defaultProbability`. */
  label: 0 | 1;
  /** The true probability of default under the conditions of the moment (not logged; for tests and docs). */
  defaultProbability: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function pick<T>(items: readonly T[], weights: readonly number[], u: number): T {
  let acc = 0;
  for (let i = 0; i < items.length - 1; i++) {
    acc += weights[i] as number;
    if (u < acc) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

// The fixed logistic model of the reference window. The trained model is exactly this function of
// the logged features (with missing values imputed), so its scores are calibrated until the concept changes.
function referenceLogit(a: Applicant): number {
  const xCredit = (a.creditScore - 690) / 65;
  const xDti = Math.log(a.debtToIncome / 0.3) / 0.45;
  const xUtil = (a.utilization - 0.35) / 0.2;
  const xIncome = Math.log(a.income / 52_000) / 0.55;
  const xLoanToIncome = (Math.log(a.loanAmount / a.income) - Math.log(12_000 / 52_000)) / 0.577;
  const xEmployed = Math.log((a.monthsEmployed + 1) / 31) / 0.75;
  const xTerm = (a.loanTermMonths - 36) / 12;
  return (
    -2.6 +
    1.5 *
      (-1.0 * xCredit +
        0.5 * xDti +
        0.3 * xUtil -
        0.15 * xIncome +
        0.3 * xLoanToIncome -
        0.25 * xEmployed +
        0.15 * xTerm +
        (EMPLOYMENT_EFFECT[a.employmentType] ?? 0) +
        (PURPOSE_EFFECT[a.purpose] ?? 0) -
        0.3 * (a.hasMortgage ? 1 : 0))
  );
}

// The concept change: rates rise, so debt burden and long terms weigh far more, self-employed and
// contract incomes become fragile, and crypto-funded loans go bad. The model knows none of this.
function conceptShift(a: Applicant): number {
  const xDti = Math.log(a.debtToIncome / 0.3) / 0.45;
  const xTerm = (a.loanTermMonths - 36) / 12;
  const fragile = a.employmentType === 'self_employed' || a.employmentType === 'contract' ? 1 : 0;
  const crypto = a.purpose === NEW_PURPOSE ? 1 : 0;
  return 2.0 * xDti + 0.8 * xTerm + 1.5 * fragile + 2.5 * crypto;
}

/**
 * Draws one loan application and everything that follows from it under `conditions`: the logged
 * features, the model's calibrated score and label, its latency and the true outcome. The draws
 * are made from `rng` in a fixed order, so a seeded rng gives the same application every time.
 */
export function simulateApplication(rng: Rng, conditions: DemoConditions): DemoDraw {
  const m = DEMO_MODEL;
  // Correlated latent normals (a Gaussian copula): age, income and credit history move together.
  const zAge = rng.normal();
  const zIncome = 0.4 * zAge + Math.sqrt(0.84) * rng.normal();
  const zCredit = 0.25 * zAge + 0.3 * zIncome + Math.sqrt(0.7875) * rng.normal();
  const zUtil = -0.5 * zCredit + Math.sqrt(0.75) * rng.normal();
  const zDti = -0.3 * zIncome - 0.2 * zCredit + Math.sqrt(0.822) * rng.normal();
  const zLoan = 0.5 * zIncome + Math.sqrt(0.75) * rng.normal();
  const zTerm = 0.8 * zLoan + 0.6 * rng.normal();
  const zAccounts = 0.3 * zAge + Math.sqrt(0.91) * rng.normal();
  const zEmployed = 0.6 * zAge + 0.8 * rng.normal();
  const scoreNoise = rng.normal();

  const age = clamp(Math.round(18 + Math.exp(3.0 + 0.42 * zAge)), 18, 85);
  // The drift moves the marginals of income and utilization only; the latents (and so every other
  // feature) keep their distribution, which is what makes exactly two numeric features drift.
  const income = Math.round(Math.exp(Math.log(m.incomeMedian) + m.incomeLogSd * zIncome + m.incomeDriftLog * conditions.covariateDrift));
  const creditScore = clamp(Math.round(690 + 65 * zCredit), 300, 850);
  const utilization = round(sigmoid(-0.7 + 1.1 * zUtil + m.utilizationDriftLogit * conditions.covariateDrift), 3);
  const debtToIncome = round(Math.exp(Math.log(0.3) + 0.45 * zDti), 3);
  const loanAmount = clamp(Math.round(Math.exp(Math.log(12_000) + 0.6 * zLoan) / 100) * 100, 1_000, 100_000);
  const loanTermMonths = zTerm < -0.9 ? 12 : zTerm < -0.3 ? 24 : zTerm < 0.3 ? 36 : zTerm < 0.9 ? 48 : 60;
  const numOpenAccounts = Math.round(Math.exp(1.6 + 0.45 * zAccounts));
  const monthsEmployed = Math.min(Math.round(Math.exp(3.4 + 0.75 * zEmployed)), 12 * (age - 16));

  const region = pick(REGIONS, REGION_WEIGHTS, rng.next());
  const employmentType = pick(EMPLOYMENT_TYPES, age >= 55 ? EMPLOYMENT_WEIGHTS_55_PLUS : EMPLOYMENT_WEIGHTS_UNDER_55, rng.next());
  const uNew = rng.next();
  const uPurpose = rng.next();
  const purpose = uNew < conditions.newPurposeShare ? NEW_PURPOSE : pick(PURPOSES, PURPOSE_WEIGHTS, uPurpose);
  const hasMortgage = rng.next() < sigmoid(-0.6 + 0.9 * zIncome + 0.5 * zAge);

  const incomeMissing = rng.next() < m.incomeMissing;
  const monthsMissing = rng.next() < conditions.monthsEmployedMissing;

  const truth: Applicant = { creditScore, debtToIncome, utilization, income, loanAmount, loanTermMonths, monthsEmployed, employmentType, purpose, hasMortgage };
  const seen: Applicant = {
    ...truth,
    income: incomeMissing ? IMPUTED_INCOME : income,
    monthsEmployed: monthsMissing ? IMPUTED_MONTHS_EMPLOYED : monthsEmployed,
  };
  const defaultProbability = sigmoid(referenceLogit(truth) + conditions.conceptChange * conceptShift(truth));
  const score = round(sigmoid(referenceLogit(seen) + m.scoreNoiseLogit * scoreNoise), 4);
  const label: 0 | 1 = rng.next() < defaultProbability ? 1 : 0;

  const uSlow = rng.next();
  const uLatency = rng.next();
  const latencyMs =
    uSlow < m.slowShare
      ? Math.exp(Math.log(m.slowMinMs) + uLatency * Math.log(m.slowMaxMs / m.slowMinMs))
      : Math.exp(Math.log(m.latencyMedianMs) + m.latencyLogSd * rng.normal());

  return {
    features: {
      age,
      income: incomeMissing ? null : income,
      loan_amount: loanAmount,
      loan_term_months: loanTermMonths,
      credit_score: creditScore,
      debt_to_income: debtToIncome,
      num_open_accounts: numOpenAccounts,
      months_employed: monthsMissing ? null : monthsEmployed,
      utilization,
      region,
      employment_type: employmentType,
      purpose,
      has_mortgage: hasMortgage,
    },
    prediction: { label: score >= m.threshold ? 1 : 0, score },
    latencyMs: round(latencyMs, 1),
    label,
    defaultProbability,
  };
}
