// A post-market monitoring report for a period (EU AI Act Art. 72 style): the measured metrics
// against the values declared for the version in service (Art. 15(3)), the incidents and how they
// were handled, and the changes made. Pure: built from the same facts as the model card.

import type { CardChange, CardIncident, CardMetric, ModelCardInput } from './model-card.js';
import { currentVersion, htmlPage } from './model-card.js';

/** Metrics where a larger value is worse. */
const LOWER_IS_BETTER = new Set(['mae', 'mse', 'rmse', 'mape']);

export interface DeclaredComparison {
  readonly metric: string;
  readonly declared: number;
  /** The realized value over the period (else the estimated one), as the API answered it. */
  readonly measured: number | null;
  readonly source: 'realized' | 'estimated' | null;
  /** measured − declared. */
  readonly difference: number | null;
  /** True when measured is worse than declared by more than the tolerance. */
  readonly degraded: boolean;
}

export interface PostMarketReport {
  readonly kind: 'post-market-monitoring';
  readonly model: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly version: string | null;
  /** Relative tolerance before a metric counts as degraded (default 0.05: 5 % worse than declared). */
  readonly tolerance: number;
  readonly comparisons: readonly DeclaredComparison[];
  readonly measured: readonly CardMetric[];
  readonly incidents: readonly (CardIncident & { readonly minutesToAcknowledge: number | null; readonly minutesToResolve: number | null })[];
  readonly changes: readonly CardChange[];
  readonly summary: {
    readonly degradedMetrics: readonly string[];
    readonly incidents: number;
    readonly unresolvedIncidents: number;
    readonly changes: number;
    readonly driftedFeatures: readonly string[];
  };
}

const minutes = (from: string | null, to: string | null): number | null =>
  from === null || to === null ? null : Math.round(((Date.parse(to) - Date.parse(from)) / 60_000) * 10) / 10;

export function buildPostMarketReport(input: ModelCardInput, tolerance = 0.05): PostMarketReport {
  const version = currentVersion(input);
  const overall = (metric: string, source: 'realized' | 'estimated') =>
    input.metrics.find((m) => m.metric === (source === 'estimated' ? `estimated_${metric}` : metric) && m.slice === 'overall' && m.source === source);
  const comparisons: DeclaredComparison[] = Object.entries(version?.metrics ?? {}).map(([metric, declared]) => {
    const realized = overall(metric, 'realized');
    const estimated = overall(metric, 'estimated');
    const use =
      realized?.value !== null && realized?.value !== undefined
        ? realized
        : estimated?.value !== null && estimated?.value !== undefined
          ? estimated
          : undefined;
    const measured = use?.value ?? null;
    const worse = measured === null ? false : LOWER_IS_BETTER.has(metric) ? measured > declared * (1 + tolerance) : measured < declared * (1 - tolerance);
    return {
      metric,
      declared,
      measured,
      source: use === undefined ? null : (use.source as 'realized' | 'estimated'),
      difference: measured === null ? null : measured - declared,
      degraded: worse,
    };
  });
  const incidents = input.incidents.map((i) => ({
    ...i,
    minutesToAcknowledge: minutes(i.firedAt ?? i.activeAt, i.acknowledgedAt),
    minutesToResolve: minutes(i.firedAt ?? i.activeAt, i.resolvedAt),
  }));
  return {
    kind: 'post-market-monitoring',
    model: input.model.name,
    period: input.window,
    generatedAt: input.generatedAt,
    version: version?.version ?? null,
    tolerance,
    comparisons,
    measured: input.metrics,
    incidents,
    changes: input.changes,
    summary: {
      degradedMetrics: comparisons.filter((c) => c.degraded).map((c) => c.metric),
      incidents: incidents.length,
      unresolvedIncidents: incidents.filter((i) => i.resolvedAt === null).length,
      changes: input.changes.length,
      driftedFeatures: input.drift?.features.filter((f) => f.drifted).map((f) => f.feature) ?? [],
    },
  };
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '_None._\n';
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return `| ${head.join(' | ')} |\n|${head.map(() => ' --- ').join('|')}|\n${rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n')}\n`;
}

const show = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));

function reportSections(r: PostMarketReport): { title: string; body: string }[] {
  return [
    {
      title: 'Summary',
      body:
        `Period ${r.period.from} to ${r.period.to}; version in service: ${r.version ?? '—'}.\n\n` +
        `- Metrics worse than declared (beyond ${r.tolerance * 100} %): ${r.summary.degradedMetrics.join(', ') || 'none'}\n` +
        `- Incidents: ${r.summary.incidents} (${r.summary.unresolvedIncidents} unresolved)\n` +
        `- Drifted features: ${r.summary.driftedFeatures.join(', ') || 'none'}\n` +
        `- Changes made: ${r.summary.changes}\n`,
    },
    {
      title: 'Performance against declared values (Art. 15(3))',
      body: table(
        ['Metric', 'Declared', 'Measured', 'Source', 'Difference', 'Degraded'],
        r.comparisons.map((c) => [c.metric, String(c.declared), show(c.measured), c.source ?? '—', show(c.difference), c.degraded ? 'yes' : 'no']),
      ),
    },
    {
      title: 'Measured in the period',
      body: table(
        ['Metric', 'Source', 'Slice', 'Value', 'Request'],
        r.measured.map((m) => [m.metric, m.source, m.slice, show(m.value), m.query === undefined ? '—' : `\`${m.query}\``]),
      ),
    },
    {
      title: 'Incidents and their handling',
      body: table(
        ['Monitor', 'State', 'Fired', 'Acknowledged by', 'Minutes to acknowledge', 'Resolved', 'Minutes to resolve'],
        r.incidents.map((i) => [
          i.monitor,
          i.state,
          i.firedAt ?? i.activeAt,
          i.acknowledgedBy ?? '—',
          show(i.minutesToAcknowledge),
          i.resolvedAt ?? '—',
          show(i.minutesToResolve),
        ]),
      ),
    },
    {
      title: 'Changes made (audit log)',
      body: table(
        ['Seq', 'Time', 'Action', 'Entity', 'By'],
        r.changes.map((c) => [String(c.seq), c.time, c.action, c.entity, c.actor]),
      ),
    },
  ];
}

export function postMarketReportMarkdown(r: PostMarketReport): string {
  return `# Post-market monitoring report: ${r.model}\n\n${reportSections(r)
    .map((s) => `## ${s.title}\n\n${s.body}`)
    .join('\n')}`;
}

export function postMarketReportHtml(r: PostMarketReport): string {
  return htmlPage(`Post-market monitoring report: ${r.model}`, reportSections(r));
}
