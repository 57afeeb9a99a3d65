// An experiment's results as text for a terminal: the decision and the split first (with the SRM
// warning when the split is not as designed), then per metric each variant and each treatment
// against the control, guardrails and the design's power.

import type { ExperimentComparison, ExperimentMetricResult, ExperimentResults } from '@vigil/wire';
import type { EventCounts } from './experiment-aggregates.js';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const MINUS = '\u2212';

export function formatEffect(v: number | null | undefined, difference: ExperimentResults['difference']): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const sign = (text: string, x: number) => (x > 0 ? `+${text}` : x < 0 ? `${MINUS}${text}` : text);
  if (difference === 'relative') {
    const pct = v * 100;
    return Math.abs(pct) < 0.005 ? '0.00 %' : sign(`${Math.abs(pct).toFixed(2)} %`, pct);
  }
  return sign(significant(Math.abs(v)), v);
}

export function formatInterval(ci: readonly [number, number] | null | undefined, difference: ExperimentResults['difference']): string {
  return ci === null || ci === undefined ? '–' : `[${formatEffect(ci[0], difference)}, ${formatEffect(ci[1], difference)}]`;
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return p < 1e-4 ? '< 0.0001' : String(Number(p.toPrecision(3)));
}

export function formatPercent(p: number | null | undefined, digits = 1): string {
  return p === null || p === undefined || !Number.isFinite(p) ? '–' : `${(p * 100).toFixed(digits)} %`;
}

function significant(v: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

export const DECISION_WORDS: Record<ExperimentResults['decision']['action'], string> = {
  ship: 'ship',
  rollback: 'roll back',
  keep_running: 'keep running',
  inconclusive: 'inconclusive',
};

export function verdict(c: ExperimentComparison): string {
  if (c.note !== undefined) return c.note;
  return c.direction === 'none' ? 'no significant difference' : c.direction;
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((c, i) => (numeric[i] === true ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}`;
  return [line(header), ...rows.map(line)];
}

function metricLines(m: ExperimentMetricResult, r: ExperimentResults): string[] {
  const bayesian = r.engine === 'bayesian';
  const level = `${Number(((1 - r.alpha) * 100).toPrecision(4))} % interval`;
  const header = [
    'variant',
    'units',
    m.kind === 'proportion' ? 'rate' : 'mean',
    r.difference === 'relative' ? 'lift' : 'difference',
    level,
    bayesian ? 'chance to win' : 'p-value',
    ...(bayesian ? ['risk (control / treatment)'] : m.role === 'goal' ? ['adjusted p (Holm)'] : []),
    'verdict',
  ];
  const byVariant = new Map(m.comparisons.map((c) => [c.variant, c]));
  const rows = m.variants.map((v, i) => {
    const c = byVariant.get(v.name);
    const mean = v.mean === null ? '–' : m.kind === 'proportion' ? formatPercent(v.mean, 2) : significant(v.mean);
    const head = [v.name, count.format(v.n), mean];
    if (c === undefined) return [...head, i === 0 ? 'control' : '', '', '', ...(bayesian || m.role === 'goal' ? [''] : []), ''];
    const tested = c.note === undefined;
    return [
      ...head,
      tested ? formatEffect(c.expected, r.difference) : '–',
      tested ? formatInterval(c.ci, r.difference) : '–',
      bayesian ? formatPercent(c.chanceToWin) : formatP(c.pValue),
      ...(bayesian
        ? [c.risk === undefined ? '–' : `${formatEffect(c.risk[0], r.difference)} / ${formatEffect(c.risk[1], r.difference)}`]
        : m.role === 'goal'
          ? [formatP(c.adjustedPValue)]
          : []),
      verdict(c),
    ];
  });
  const numeric = header.map((_, i) => i >= 1 && i < header.length - 1);
  const facts = [m.role, m.kind, ...(m.inverse ? ['lower is better'] : []), ...(m.source === 'model' ? ['from model traffic'] : [])];
  return [`${m.name} (${facts.join(', ')})`, ...table(header, rows, numeric)];
}

export function experimentText(r: ExperimentResults, counts?: EventCounts, weights?: ReadonlyMap<string, number>): string {
  const out: string[] = [];
  out.push(
    `Experiment ${r.experiment}: ${r.engine}, α = ${r.alpha}, ${r.difference} ${r.difference === 'relative' ? 'lift' : 'difference'}${r.sequential ? ', sequential' : ''} · ${count.format(r.units.total)} units`,
  );
  if (counts !== undefined) {
    out.push(
      `Read ${count.format(counts.exposures)} exposures (${count.format(counts.units)} units, ${count.format(counts.repeated)} repeats, ${count.format(counts.conflicts)} naming another variant than the unit's first) and ${count.format(counts.accepted + counts.beforeExposure + counts.unexposed)} outcomes (${count.format(counts.accepted)} counted, ${count.format(counts.beforeExposure)} before their unit's exposure, ${count.format(counts.unexposed)} of units never exposed).`,
    );
  }
  const d = r.decision;
  out.push('', `Decision: ${DECISION_WORDS[d.action]}${d.variant === null ? '' : ` ${d.variant}`} — ${d.reason}`);
  out.push('');
  if (r.srm.mismatch) {
    out.push(
      `!! Sample ratio mismatch (χ² = ${significant(r.srm.statistic)}, p = ${formatP(r.srm.pValue)}): the units did not split as the weights say; check the assignment and the logging of exposures before trusting any number below.`,
    );
  } else {
    out.push(
      `Sample ratio: ${r.srm.checked ? 'split as designed' : 'not checked yet (every variant needs 8 units)'} (χ² = ${significant(r.srm.statistic)}, p = ${formatP(r.srm.pValue)}).`,
    );
  }
  out.push(
    ...table(
      ['variant', 'units', 'share', 'weight'],
      r.units.variants.map((v) => [
        v.name,
        count.format(v.n),
        r.units.total === 0 ? '–' : formatPercent(v.n / r.units.total),
        weights?.get(v.name) === undefined ? '–' : formatPercent(weights.get(v.name)),
      ]),
      [false, true, true, true],
    ),
  );
  for (const m of r.metrics) out.push('', ...metricLines(m, r));
  if (r.guardrails.length > 0) {
    out.push('', 'Guardrails');
    out.push(
      ...table(
        ['metric', 'variant', 'status', r.difference === 'relative' ? 'lift' : 'difference', r.engine === 'bayesian' ? 'chance to win' : 'p-value'],
        r.guardrails.map((g) => [
          g.metric,
          g.variant,
          g.status === 'failing' ? 'FAILING' : g.status === 'ok' ? 'ok' : 'not enough data',
          formatEffect(g.expected, r.difference),
          r.engine === 'bayesian' ? formatPercent(g.chanceToWin) : formatP(g.pValue),
        ]),
        [false, false, false, true, true],
      ),
    );
  }
  if (r.power.metric !== null) {
    out.push('', `Power on ${r.power.metric} to detect a ${formatPercent(r.power.targetMde)} relative effect, and the MDE at 80 % power`);
    out.push(
      ...table(
        ['treatment', 'units (with the control)', 'power', 'MDE'],
        r.power.variants.map((p) => [p.variant, count.format(p.n), formatPercent(p.power), formatPercent(p.mde, 2)]),
        [false, true, true, true],
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
