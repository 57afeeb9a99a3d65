// An experiment's results from its per-bucket sufficient statistics (never from events): per metric
// and variant n and mean, each treatment against the control (the first variant) with @vigil/stats'
// GrowthBook tests, Holm over the goal metrics, sample ratio mismatch, guardrails, a decision, the
// design's power and the cumulative effect over time. Pure: the service reads the aggregates and the
// clock, and the CLI can run the same analysis on aggregates it builds from files.

import { bayesianTest, cupedTest, experimentMde, experimentPower, experimentTest, holm, srmTest } from '@vigil/stats';
import type { ArmStats, CupedArm, PowerMetric } from '@vigil/stats';
import type { ExperimentComparison, ExperimentConfig, ExperimentMetricKind, ExperimentMetricResult, ExperimentResults, ExperimentStatus } from '@vigil/wire';

/** GrowthBook's SRM p-value threshold (`DEFAULT_SRM_THRESHOLD`). */
export const SRM_THRESHOLD = 0.001;
/** GrowthBook checks SRM once every variation has this many units (`DEFAULT_SRM_MINIMINUM_COUNT_PER_VARIATION`). */
export const SRM_MIN_UNITS = 8;
/** Power the design is judged against (the MDE is the effect detectable with it). */
export const TARGET_POWER = 0.8;
/** Most points of a cumulative series: buckets are merged into wider steps beyond it. */
export const MAX_CUMULATIVE_POINTS = 200;

/** One exposure of a unit to a variant (by index), at `ts` (epoch ms): what the store's ingest and `vigil experiment analyze` aggregate. */
export interface ExposureRecord {
  readonly unit: string;
  readonly variant: number;
  readonly ts: number;
}

/** One outcome of a unit on a metric, at `ts` (epoch ms). */
export interface OutcomeRecord {
  readonly unit: string;
  readonly metric: string;
  readonly value: number;
  readonly ts: number;
}

/** Units first exposed, per bucket and variant (the store's `experiment_arms`). */
export interface ArmAggregate {
  readonly bucket_start: number;
  readonly variant: number;
  readonly units: number;
  readonly exposures: number;
  readonly conflicts: number;
}

/** Changes to a metric's sums made by one bucket's outcomes, per variant (the store's `experiment_stats`). */
export interface StatsAggregate {
  readonly bucket_start: number;
  readonly variant: number;
  readonly metric: string;
  readonly sum: number;
  readonly sum_squares: number;
  readonly positives: number;
  readonly pre_sum: number;
  readonly pre_sum_squares: number;
  readonly cross_sum: number;
}

/** One variant's sufficient statistics of a metric: a mean metric has `sumSquares`, a proportion counts positive units in `sum`. */
export interface MetricArm {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares?: number;
  /** CUPED's covariate sums (mean metrics from outcomes). */
  readonly preSum?: number;
  readonly preSumSquares?: number;
  readonly sumCross?: number;
}

/** A metric read off model traffic (champion/challenger): one arm per variant, null where the variant serves no model. */
export interface ModelMetricArms {
  readonly name: string;
  readonly kind: ExperimentMetricKind;
  readonly role: 'goal' | 'secondary' | 'guardrail';
  readonly inverse: boolean;
  readonly arms: readonly (MetricArm | null)[];
}

export interface ResultsInput {
  readonly name: string;
  readonly status: ExperimentStatus;
  readonly config: ExperimentConfig;
  readonly bucketMs: number;
  readonly now: number;
  readonly arms: readonly ArmAggregate[];
  readonly stats: readonly StatsAggregate[];
  readonly modelMetrics?: readonly ModelMetricArms[];
}

interface Sums {
  n: number;
  sum: number;
  sumSquares: number;
  positives: number;
  preSum: number;
  preSumSquares: number;
  sumCross: number;
}

const emptySums = (): Sums => ({ n: 0, sum: 0, sumSquares: 0, positives: 0, preSum: 0, preSumSquares: 0, sumCross: 0 });

/** The arm a test takes: a proportion counts units with a positive value; a mean carries Σx² and, with CUPED, the covariate sums. */
function armOf(kind: ExperimentMetricKind, s: Sums, cuped: boolean): MetricArm {
  if (kind === 'proportion') return { n: s.n, sum: s.positives };
  const arm = { n: s.n, sum: s.sum, sumSquares: Math.max(0, s.sumSquares) };
  return cuped ? { ...arm, preSum: s.preSum, preSumSquares: Math.max(0, s.preSumSquares), sumCross: s.sumCross } : arm;
}

function armSummary(kind: ExperimentMetricKind, name: string, a: MetricArm | null): { name: string; n: number; mean: number | null; stddev: number | null } {
  if (a === null || a.n === 0) return { name, n: a?.n ?? 0, mean: null, stddev: null };
  const mean = a.sum / a.n;
  if (kind === 'proportion') return { name, n: a.n, mean, stddev: Math.sqrt(Math.max(0, mean * (1 - mean))) };
  const ss = a.sumSquares ?? 0;
  return { name, n: a.n, mean, stddev: a.n > 1 ? Math.sqrt(Math.max(0, (ss - (a.sum * a.sum) / a.n) / (a.n - 1))) : null };
}

interface TestSettings {
  readonly engine: ExperimentConfig['engine'];
  readonly difference: ExperimentConfig['difference'];
  readonly alpha: number;
  readonly sequential: ExperimentConfig['sequential'];
}

const ERROR_NOTES: Record<string, string> = {
  ZERO_NEGATIVE_VARIANCE: 'no variance in an arm: no test',
  BASELINE_ZERO: 'the control mean is 0: no relative lift',
};

/** One treatment against the control (GrowthBook's engines through @vigil/stats). */
export function compareArms(
  settings: TestSettings,
  kind: ExperimentMetricKind,
  inverse: boolean,
  control: MetricArm,
  treatment: MetricArm,
  variant: string,
): ExperimentComparison {
  const none = (note: string, pValue: number | undefined): ExperimentComparison => ({
    variant,
    expected: 0,
    se: 0,
    ci: [0, 0],
    ...(pValue === undefined ? {} : { pValue }),
    significant: false,
    direction: 'none',
    note,
  });
  const frequentist = settings.engine === 'frequentist';
  if (control.n < 2 || treatment.n < 2)
    return frequentist ? none('fewer than 2 units in an arm', 1) : { ...none('fewer than 2 units in an arm', undefined), chanceToWin: 0.5, risk: [0, 0] };
  const options = { difference: settings.difference, alpha: settings.alpha };
  if (frequentist) {
    const sequential = settings.sequential === undefined ? {} : { sequential: { tuning: settings.sequential.tuning } };
    const r =
      kind === 'mean' && control.preSum !== undefined && treatment.preSum !== undefined
        ? cupedTest(control as CupedArm, treatment as CupedArm, { ...options, ...sequential })
        : experimentTest(control as ArmStats, treatment as ArmStats, { ...options, ...sequential });
    if (r.error !== null) return none(ERROR_NOTES[r.error] ?? r.error, r.pValue);
    const significant = r.pValue < settings.alpha;
    const better = inverse ? r.expected < 0 : r.expected > 0;
    return {
      variant,
      expected: r.expected,
      se: r.se,
      ci: r.ci,
      pValue: r.pValue,
      significant,
      direction: significant ? (better ? 'better' : 'worse') : 'none',
    };
  }
  const r = bayesianTest(control as ArmStats, treatment as ArmStats, { ...options, inverse });
  if (r.error !== null) return { ...none(ERROR_NOTES[r.error] ?? r.error, undefined), chanceToWin: r.chanceToWin, risk: r.risk };
  const win = r.chanceToWin > 1 - settings.alpha;
  const lose = r.chanceToWin < settings.alpha;
  return {
    variant,
    expected: r.expected,
    se: r.se,
    ci: r.ci,
    chanceToWin: r.chanceToWin,
    risk: r.risk,
    significant: win || lose,
    direction: win ? 'better' : lose ? 'worse' : 'none',
  };
}

/** Power to detect the target relative effect with the units so far, and the relative MDE at 80 % power (GrowthBook's power calculator, two arms). */
function powerOf(config: ExperimentConfig, kind: ExperimentMetricKind, control: MetricArm, treatment: MetricArm): { power: number | null; mde: number | null } {
  const c = armSummary(kind, '', control);
  if (c.mean === null || c.stddev === null || !(c.stddev > 0) || c.mean === 0) return { power: null, mde: null };
  const metric: PowerMetric = kind === 'proportion' ? { conversionRate: c.mean } : { mean: c.mean, standardDeviation: c.stddev };
  const design = {
    metric,
    users: control.n + treatment.n,
    variations: 2,
    alpha: config.alpha,
    ...(config.sequential === undefined ? {} : { sequential: { tuning: config.sequential.tuning } }),
  };
  let power: number | null = null;
  let mde: number | null = null;
  try {
    power = experimentPower({ ...design, effectSize: config.targetMde });
  } catch {
    power = null;
  }
  try {
    const r = experimentMde({ ...design, power: TARGET_POWER });
    mde = r.ok ? r.mde : null;
  } catch {
    mde = null;
  }
  return { power: power !== null && Number.isFinite(power) ? power : null, mde: mde !== null && Number.isFinite(mde) ? mde : null };
}

const iso = (t: number) => new Date(t).toISOString();

export function experimentResults(input: ResultsInput): ExperimentResults {
  const { config } = input;
  const k = config.variants.length;
  const names = config.variants.map((v) => v.name);
  const settings: TestSettings = { engine: config.engine, difference: config.difference, alpha: config.alpha, sequential: config.sequential };

  // Units per variant, and per bucket for the cumulative series.
  const units = new Array<number>(k).fill(0);
  let conflicts = 0;
  const unitsByBucket = new Map<number, number[]>();
  for (const a of input.arms) {
    if (a.variant < 0 || a.variant >= k) continue;
    units[a.variant]! += Number(a.units);
    conflicts += Number(a.conflicts);
    let row = unitsByBucket.get(Number(a.bucket_start));
    if (row === undefined) unitsByBucket.set(Number(a.bucket_start), (row = new Array<number>(k).fill(0)));
    row[a.variant]! += Number(a.units);
  }

  // SRM over the served variants (a shadow variant serves no units).
  const served = config.variants.map((v, i) => ({ i, v })).filter(({ v }) => v.shadow !== true);
  const srmCounts = served.map(({ i }) => units[i]!);
  const srm = srmTest(
    srmCounts,
    served.map(({ v }) => v.weight),
  );
  const srmChecked = srmCounts.every((n) => n >= SRM_MIN_UNITS);
  const srmResult = { statistic: srm.statistic, pValue: srm.pValue, mismatch: srmChecked && srm.pValue < SRM_THRESHOLD, checked: srmChecked };

  // Outcome metrics: totals per variant.
  const byMetric = new Map<string, StatsAggregate[]>();
  for (const s of input.stats) {
    let list = byMetric.get(s.metric);
    if (list === undefined) byMetric.set(s.metric, (list = []));
    list.push(s);
  }
  const totalsOf = (metric: string): Sums[] => {
    const t = units.map((n) => ({ ...emptySums(), n }));
    for (const s of byMetric.get(metric) ?? []) {
      if (s.variant < 0 || s.variant >= k) continue;
      addStats(t[s.variant]!, s);
    }
    return t;
  };

  interface Entry {
    result: ExperimentMetricResult;
    arms: (MetricArm | null)[];
  }
  const entries: Entry[] = [];
  const comparisonsFor = (kind: ExperimentMetricKind, inverse: boolean, arms: (MetricArm | null)[]): ExperimentComparison[] => {
    const control = arms[0] ?? null;
    const out: ExperimentComparison[] = [];
    for (let i = 1; i < k; i++) {
      const t = arms[i] ?? null;
      if (control === null || t === null) {
        out.push({
          variant: names[i]!,
          expected: 0,
          se: 0,
          ci: [0, 0],
          significant: false,
          direction: 'none',
          note: 'no data for this variant or the control',
        });
        continue;
      }
      out.push(compareArms(settings, kind, inverse, control, t, names[i]!));
    }
    return out;
  };
  for (const m of config.metrics) {
    if (m.source === 'model') continue;
    const cuped = config.cuped !== undefined && config.engine === 'frequentist' && m.kind === 'mean';
    const arms = totalsOf(m.name).map((s) => armOf(m.kind, s, cuped));
    entries.push({
      arms,
      result: {
        name: m.name,
        kind: m.kind,
        role: m.role,
        inverse: m.inverse,
        source: 'outcomes',
        variants: arms.map((a, i) => armSummary(m.kind, names[i]!, a)),
        comparisons: comparisonsFor(m.kind, m.inverse, arms),
      },
    });
  }
  for (const mm of input.modelMetrics ?? []) {
    const arms = [...mm.arms];
    entries.push({
      arms,
      result: {
        name: mm.name,
        kind: mm.kind,
        role: mm.role,
        inverse: mm.inverse,
        source: 'model',
        variants: arms.map((a, i) => armSummary(mm.kind, names[i]!, a)),
        comparisons: comparisonsFor(mm.kind, mm.inverse, arms),
      },
    });
  }

  // Holm over every goal metric × treatment (frequentist): GrowthBook's family, with its holm-bonferroni correction.
  if (config.engine === 'frequentist') {
    const family = entries.filter((e) => e.result.role === 'goal').flatMap((e) => e.result.comparisons);
    if (family.length > 0) {
      const adjusted = holm(
        family.map((c) => c.pValue ?? 1),
        { alpha: config.alpha },
      ).adjusted;
      family.forEach((c, i) => {
        const p = adjusted[i]!;
        c.adjustedPValue = p;
        if (c.note === undefined) {
          c.significant = p < config.alpha;
          if (!c.significant) c.direction = 'none';
          else {
            const m = entries.find((e) => e.result.comparisons.includes(c))!.result;
            c.direction = (m.inverse ? c.expected < 0 : c.expected > 0) ? 'better' : 'worse';
          }
        }
      });
    }
  }

  // Guardrails: a treatment significantly worse than the control (unadjusted) is failing.
  const minUnits = Math.max(2, config.minSampleSize);
  const guardrails = entries
    .filter((e) => e.result.role === 'guardrail')
    .flatMap((e) =>
      e.result.comparisons.map((c, j) => {
        const control = e.arms[0] ?? null;
        const t = e.arms[j + 1] ?? null;
        const enough = control !== null && t !== null && control.n >= minUnits && t.n >= minUnits && c.note === undefined;
        return {
          metric: e.result.name,
          variant: c.variant,
          status: !enough ? ('no_data' as const) : c.significant && c.direction === 'worse' ? ('failing' as const) : ('ok' as const),
          expected: c.note === undefined ? c.expected : null,
          pValue: c.pValue ?? null,
          chanceToWin: c.chanceToWin ?? null,
        };
      }),
    );

  // Power on the first goal metric.
  const goal = entries.find((e) => e.result.role === 'goal');
  const power = {
    metric: goal?.result.name ?? null,
    targetMde: config.targetMde,
    variants: names.slice(1).map((variant, j) => {
      const c = goal?.arms[0] ?? null;
      const t = goal?.arms[j + 1] ?? null;
      const n = (c?.n ?? 0) + (t?.n ?? 0);
      if (goal === undefined || c === null || t === null) return { variant, n, power: null, mde: null };
      return { variant, n, ...powerOf(config, goal.result.kind, c, t) };
    }),
  };

  const decision = decide(
    config,
    names,
    units,
    srmResult,
    guardrails,
    entries.map((e) => e.result),
    power.variants,
  );

  // Cumulative effect of each goal metric (from outcomes) over time, from the per-bucket sums.
  const cumulative = cumulativeSeries(config, input, names, unitsByBucket, byMetric, settings);

  return {
    experiment: input.name,
    status: input.status,
    engine: config.engine,
    alpha: config.alpha,
    difference: config.difference,
    sequential: config.sequential !== undefined && config.engine === 'frequentist',
    computedAt: iso(input.now),
    units: { total: units.reduce((a, b) => a + b, 0), conflicts, variants: names.map((name, i) => ({ name, n: units[i]! })) },
    srm: srmResult,
    metrics: entries.map((e) => e.result),
    guardrails,
    decision,
    power,
    cumulative,
  };
}

function addStats(t: Sums, s: StatsAggregate): void {
  t.sum += s.sum;
  t.sumSquares += s.sum_squares;
  t.positives += Number(s.positives);
  t.preSum += s.pre_sum;
  t.preSumSquares += s.pre_sum_squares;
  t.sumCross += s.cross_sum;
}

function addSums(t: Sums, s: Sums): void {
  t.n += s.n;
  t.sum += s.sum;
  t.sumSquares += s.sumSquares;
  t.positives += s.positives;
  t.preSum += s.preSum;
  t.preSumSquares += s.preSumSquares;
  t.sumCross += s.sumCross;
}

/**
 * Vigil's decision rule, in order: a sample ratio mismatch makes every number suspect
 * (`inconclusive`); a failing guardrail means `rollback`; fewer than `minSampleSize` units in a
 * variant means `keep_running`; a treatment significantly better on a goal metric and worse on none
 * is shipped (`ship`, the one with most wins); every treatment significantly worse on a goal metric
 * means `rollback`; otherwise `inconclusive` once the design has 80 % power for the target effect,
 * and `keep_running` before.
 */
function decide(
  config: ExperimentConfig,
  names: readonly string[],
  units: readonly number[],
  srm: { pValue: number; mismatch: boolean },
  guardrails: readonly { metric: string; variant: string; status: string }[],
  metrics: readonly ExperimentMetricResult[],
  power: readonly { variant: string; power: number | null }[],
): ExperimentResults['decision'] {
  if (srm.mismatch)
    return {
      action: 'inconclusive',
      variant: null,
      reason: `sample ratio mismatch (p = ${srm.pValue.toPrecision(3)} < ${SRM_THRESHOLD}): check the assignment before trusting any result`,
    };
  const failing = guardrails.find((g) => g.status === 'failing');
  if (failing !== undefined)
    return { action: 'rollback', variant: failing.variant, reason: `guardrail ${failing.metric} is significantly worse in ${failing.variant}` };
  const short = names.findIndex((_, i) => units[i]! < config.minSampleSize);
  if (short >= 0) return { action: 'keep_running', variant: null, reason: `${names[short]} has ${units[short]} of the ${config.minSampleSize} units it needs` };
  const goals = metrics.filter((m) => m.role === 'goal');
  const score = names.slice(1).map((variant) => {
    let wins = 0;
    let losses = 0;
    for (const m of goals) {
      const c = m.comparisons.find((x) => x.variant === variant);
      if (c?.direction === 'better') wins++;
      if (c?.direction === 'worse') losses++;
    }
    return { variant, wins, losses };
  });
  const winners = score.filter((s) => s.wins > 0 && s.losses === 0).sort((a, b) => b.wins - a.wins);
  if (winners.length > 0) {
    const w = winners[0]!;
    return { action: 'ship', variant: w.variant, reason: `${w.variant} is significantly better on ${w.wins} goal metric(s) and worse on none` };
  }
  if (score.length > 0 && score.every((s) => s.losses > 0)) {
    return { action: 'rollback', variant: score[0]!.variant, reason: 'every treatment is significantly worse than the control on a goal metric' };
  }
  const powered = power.length > 0 && power.every((p) => p.power !== null && p.power >= TARGET_POWER);
  if (powered)
    return {
      action: 'inconclusive',
      variant: null,
      reason: `no significant difference, with ${Math.round(TARGET_POWER * 100)} % power to detect a ${config.targetMde * 100} % effect`,
    };
  return { action: 'keep_running', variant: null, reason: 'no significant difference yet, and too few units to rule out the target effect' };
}

function cumulativeSeries(
  config: ExperimentConfig,
  input: ResultsInput,
  names: readonly string[],
  unitsByBucket: ReadonlyMap<number, number[]>,
  byMetric: ReadonlyMap<string, StatsAggregate[]>,
  settings: TestSettings,
): ExperimentResults['cumulative'] {
  const k = names.length;
  const goals = config.metrics.filter((m) => m.role === 'goal' && m.source === 'outcomes');
  const buckets = new Set<number>(unitsByBucket.keys());
  for (const m of goals) for (const s of byMetric.get(m.name) ?? []) buckets.add(Number(s.bucket_start));
  const sorted = [...buckets].sort((a, b) => a - b);
  if (sorted.length === 0) return { bucketMs: input.bucketMs, series: [] };
  const first = sorted[0]!;
  const span = sorted[sorted.length - 1]! - first + input.bucketMs;
  const step = input.bucketMs * Math.max(1, Math.ceil(span / input.bucketMs / MAX_CUMULATIVE_POINTS));
  const stepEnd = (b: number) => first + (Math.floor((b - first) / step) + 1) * step;

  const series: ExperimentResults['cumulative']['series'] = [];
  for (const m of goals) {
    const cuped = config.cuped !== undefined && config.engine === 'frequentist' && m.kind === 'mean';
    // Per step end: the units and sums added in that step.
    const steps = new Map<number, Sums[]>();
    const at = (end: number) => {
      let row = steps.get(end);
      if (row === undefined) steps.set(end, (row = Array.from({ length: k }, emptySums)));
      return row;
    };
    for (const [b, row] of unitsByBucket) row.forEach((n, v) => (at(stepEnd(b))[v]!.n += n));
    for (const s of byMetric.get(m.name) ?? []) if (s.variant >= 0 && s.variant < k) addStats(at(stepEnd(Number(s.bucket_start)))[s.variant]!, s);
    const ends = [...steps.keys()].sort((a, b) => a - b);
    const running = Array.from({ length: k }, emptySums);
    const points: { at: number; arms: MetricArm[] }[] = [];
    for (const end of ends) {
      steps.get(end)!.forEach((s, v) => addSums(running[v]!, s));
      points.push({ at: Math.min(end, input.now), arms: running.map((r) => armOf(m.kind, r, cuped)) });
    }
    for (let i = 1; i < k; i++) {
      if (config.variants[i]!.shadow === true) continue;
      series.push({
        metric: m.name,
        variant: names[i]!,
        points: points.map((p) => {
          const c = compareArms(settings, m.kind, m.inverse, p.arms[0]!, p.arms[i]!, names[i]!);
          return { at: iso(p.at), n: p.arms[0]!.n + p.arms[i]!.n, expected: c.note === undefined ? c.expected : null, ci: c.note === undefined ? c.ci : null };
        }),
      });
    }
  }
  return { bucketMs: input.bucketMs, series };
}
