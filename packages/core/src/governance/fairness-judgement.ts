// A fairness monitor's judgement over one window: Fairlearn's metric between the groups of a
// sensitive attribute that are large enough, a two-proportion z-test on the gap between the groups
// with the highest and the lowest rate, and the four-fifths rule (EEOC 29 CFR 1607.4(D)) as the
// default threshold. It fires only when the gap fails the threshold and is significant, so a small
// group's noise does not raise an alarm and a large, real gap does.

import {
  demographicParityDifference,
  demographicParityRatio,
  equalOpportunityDifference,
  equalOpportunityRatio,
  equalizedOddsDifference,
  equalizedOddsRatio,
  zTestProportions,
} from '@vigil/stats';

export const FAIRNESS_METRICS = [
  'demographic_parity_ratio',
  'demographic_parity_difference',
  'equal_opportunity_ratio',
  'equal_opportunity_difference',
  'equalized_odds_ratio',
  'equalized_odds_difference',
] as const;
export type FairnessMetricName = (typeof FAIRNESS_METRICS)[number];

/** One prediction: its group (null: the attribute is missing), whether it selected (predicted the positive class), and the truth when labelled. */
export interface FairnessRow {
  readonly group: string | null;
  readonly predicted: boolean;
  readonly actual: boolean | null;
}

export interface FairnessConfig {
  readonly metric: FairnessMetricName;
  /** Ratios fail below it, differences above it (default 0.8 for ratios, the four-fifths rule; 0.1 for differences). */
  readonly threshold?: number | undefined;
  /** Groups with fewer rows (for opportunity and odds: fewer labelled rows of the compared class) are left out (default 30). */
  readonly minGroupSize?: number | undefined;
  /** Significance level of the z-test on the largest gap (default 0.05). */
  readonly alpha?: number | undefined;
}

export interface FairnessJudgement {
  readonly metric: FairnessMetricName;
  readonly value: number;
  /** The rate each compared group has (selection rate, true positive rate, or for odds the worse of TPR and FPR gaps' rate). */
  readonly byGroup: Readonly<Record<string, number>>;
  /** Rows per compared group (for opportunity and odds: the rows the compared rate counts). */
  readonly groups: Readonly<Record<string, number>>;
  /** Groups left out for being smaller than minGroupSize, with their sizes. */
  readonly tooSmall: Readonly<Record<string, number>>;
  readonly threshold: number;
  readonly fails: boolean;
  /** The two groups the z-test compares: highest and lowest rate. */
  readonly compared: readonly [string, string];
  readonly pValue: number;
  readonly significant: boolean;
  readonly fires: boolean;
}

export function defaultFairnessThreshold(metric: FairnessMetricName): number {
  return metric.endsWith('_ratio') ? 0.8 : 0.1;
}

type Rate = 'selection' | 'tpr' | 'fpr';

/** Rows that count for a rate: every row (selection), the labelled positives (TPR), the labelled negatives (FPR). */
function counted(rows: readonly FairnessRow[], rate: Rate): FairnessRow[] {
  if (rate === 'selection') return rows.filter((r) => r.group !== null) as FairnessRow[];
  return rows.filter((r) => r.group !== null && r.actual === (rate === 'tpr'));
}

function tally(rows: readonly FairnessRow[]): Map<string, { n: number; hits: number }> {
  const m = new Map<string, { n: number; hits: number }>();
  for (const r of rows) {
    const g = m.get(r.group as string) ?? { n: 0, hits: 0 };
    g.n++;
    if (r.predicted) g.hits++;
    m.set(r.group as string, g);
  }
  return m;
}

/** The z-test between the highest- and lowest-rate groups of a tally. */
function gapTest(t: Map<string, { n: number; hits: number }>): { compared: [string, string]; pValue: number; gap: number } {
  const groups = [...t.entries()].map(([g, c]) => ({ g, ...c, rate: c.hits / c.n })).sort((a, b) => b.rate - a.rate || (a.g < b.g ? -1 : 1));
  const hi = groups[0]!;
  const lo = groups.at(-1)!;
  const { pvalue } = zTestProportions([hi.hits, lo.hits], [hi.n, lo.n]);
  return { compared: [hi.g, lo.g], pValue: pvalue, gap: hi.rate - lo.rate };
}

/**
 * Judges one window, or answers why it cannot (fewer than two groups large enough). The metric's
 * value is Fairlearn's over the groups kept; the test is statsmodels' pooled two-proportion z-test.
 */
export function judgeFairness(rows: readonly FairnessRow[], config: FairnessConfig): FairnessJudgement | { readonly noData: string } {
  const min = config.minGroupSize ?? 30;
  const alpha = config.alpha ?? 0.05;
  const threshold = config.threshold ?? defaultFairnessThreshold(config.metric);
  const rates: Rate[] = config.metric.startsWith('demographic') ? ['selection'] : config.metric.startsWith('equal_opportunity') ? ['tpr'] : ['tpr', 'fpr'];
  // Groups large enough for every rate the metric compares.
  const tallies = rates.map((r) => tally(counted(rows, r)));
  const all = new Set(rows.filter((r) => r.group !== null).map((r) => r.group as string));
  const tooSmall: Record<string, number> = {};
  const kept = new Set<string>();
  for (const g of all) {
    const sizes = tallies.map((t) => t.get(g)?.n ?? 0);
    if (sizes.every((n) => n >= min)) kept.add(g);
    else tooSmall[g] = Math.min(...sizes);
  }
  if (kept.size < 2) return { noData: `fewer than two groups with at least ${min} rows (${Object.keys(tooSmall).length} too small)` };
  const keptRows = rows.filter((r) => r.group !== null && kept.has(r.group));
  const yPred = keptRows.map((r) => (r.predicted ? 1 : 0));
  const sensitiveFeatures = keptRows.map((r) => r.group as string);
  let value: number;
  if (config.metric.startsWith('demographic')) {
    const f = config.metric === 'demographic_parity_ratio' ? demographicParityRatio : demographicParityDifference;
    value = f(yPred, yPred, { sensitiveFeatures }).value;
  } else {
    const labelled = keptRows.filter((r) => r.actual !== null);
    const yTrue = labelled.map((r) => (r.actual ? 1 : 0));
    const yP = labelled.map((r) => (r.predicted ? 1 : 0));
    const sf = labelled.map((r) => r.group as string);
    const fns = {
      equal_opportunity_ratio: equalOpportunityRatio,
      equal_opportunity_difference: equalOpportunityDifference,
      equalized_odds_ratio: equalizedOddsRatio,
      equalized_odds_difference: equalizedOddsDifference,
    } as const;
    value = fns[config.metric as keyof typeof fns](yTrue, yP, { sensitiveFeatures: sf }).value;
  }
  // The test runs on the rate whose gap is largest (for equalized odds, TPR or FPR).
  const tests = tallies.map((t) => {
    const only = new Map([...t].filter(([g]) => kept.has(g)));
    return { t: only, ...gapTest(only) };
  });
  const worst = tests.reduce((a, b) => (b.gap > a.gap ? b : a));
  const byGroup: Record<string, number> = {};
  const groups: Record<string, number> = {};
  for (const [g, c] of [...worst.t].sort(([a], [b]) => (a < b ? -1 : 1))) {
    byGroup[g] = c.hits / c.n;
    groups[g] = c.n;
  }
  const fails = Number.isNaN(value) ? false : config.metric.endsWith('_ratio') ? value < threshold : value > threshold;
  const significant = worst.pValue < alpha;
  return {
    metric: config.metric,
    value,
    byGroup,
    groups,
    tooSmall,
    threshold,
    fails,
    compared: worst.compared,
    pValue: worst.pValue,
    significant,
    fires: fails && significant,
  };
}
