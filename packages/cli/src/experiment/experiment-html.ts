// An experiment's results as a self-contained HTML page: inline CSS and inline SVG (the lift chart
// and the cumulative effect of each goal metric, rendered by ECharts on the server side from the
// same chart specifications the dashboard draws), no scripts and nothing to fetch.

import { experimentCumulativeChart, experimentLiftChart } from '@vigil/core';
import type { ChartSpec } from '@vigil/core';
import type { ExperimentMetricResult, ExperimentResults } from '@vigil/wire';
import { escape } from '../output/html-report.js';
import { renderSvg } from '../output/render-svg.js';
import type { EventCounts } from './experiment-aggregates.js';
import { DECISION_WORDS, formatEffect, formatInterval, formatP, formatPercent, verdict } from './experiment-text.js';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function svg(spec: ChartSpec): string {
  return `<figure>${renderSvg(spec).replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')}</figure>`;
}

function mean(m: ExperimentMetricResult, v: number | null): string {
  if (v === null) return '–';
  return m.kind === 'proportion' ? formatPercent(v, 2) : String(Number(v.toPrecision(4)));
}

function metricSection(m: ExperimentMetricResult, r: ExperimentResults): string {
  const bayesian = r.engine === 'bayesian';
  const extra = bayesian ? '<th>risk (control / treatment)</th>' : m.role === 'goal' ? '<th>adjusted p (Holm)</th>' : '';
  const byVariant = new Map(m.comparisons.map((c) => [c.variant, c]));
  const rows = m.variants.map((v, i) => {
    const c = byVariant.get(v.name);
    const head = `<td>${escape(v.name)}${i === 0 ? ' <small>control</small>' : ''}</td><td class="num">${count.format(v.n)}</td><td class="num">${mean(m, v.mean)}</td>`;
    if (c === undefined) return `<tr>${head}<td colspan="${extra === '' ? 4 : 5}"></td></tr>`;
    const tested = c.note === undefined;
    const cls = tested && c.direction === 'better' ? 'good' : tested && c.direction === 'worse' ? 'bad' : '';
    const risk = bayesian
      ? `<td class="num">${c.risk === undefined ? '–' : `${formatEffect(c.risk[0], r.difference)} / ${formatEffect(c.risk[1], r.difference)}`}</td>`
      : m.role === 'goal'
        ? `<td class="num">${formatP(c.adjustedPValue)}</td>`
        : '';
    return (
      `<tr class="${cls}" data-variant="${escape(v.name)}">${head}<td class="num">${tested ? formatEffect(c.expected, r.difference) : '–'}</td>` +
      `<td class="num">${tested ? formatInterval(c.ci, r.difference) : '–'}</td><td class="num">${bayesian ? formatPercent(c.chanceToWin) : formatP(c.pValue)}</td>${risk}<td>${escape(verdict(c))}</td></tr>`
    );
  });
  const level = `${Number(((1 - r.alpha) * 100).toPrecision(4))} % interval`;
  return `<section><h2>${escape(m.name)} <small>${m.role}, ${m.kind}${m.inverse ? ', lower is better' : ''}</small></h2>
<table><thead><tr><th>variant</th><th>units</th><th>${m.kind === 'proportion' ? 'rate' : 'mean'}</th><th>${r.difference === 'relative' ? 'lift' : 'difference'}</th><th>${level}</th><th>${bayesian ? 'chance to win' : 'p-value'}</th>${extra}<th>verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

export function experimentHtml(r: ExperimentResults, counts?: EventCounts, weights?: ReadonlyMap<string, number>): string {
  const body: string[] = [];
  body.push(`<h1>Experiment ${escape(r.experiment)}</h1>`);
  body.push(
    `<p class="meta">${r.engine} engine · α = ${r.alpha} · ${r.difference} ${r.difference === 'relative' ? 'lift' : 'difference'}${r.sequential ? ' · sequential' : ''} · ${count.format(r.units.total)} units · computed ${escape(r.computedAt)}</p>`,
  );
  if (counts !== undefined) {
    body.push(
      `<p class="meta">Read ${count.format(counts.exposures)} exposures (${count.format(counts.conflicts)} naming another variant than their unit's first) and ${count.format(counts.accepted + counts.beforeExposure + counts.unexposed)} outcomes (${count.format(counts.accepted)} counted, ${count.format(counts.beforeExposure)} before their unit's exposure, ${count.format(counts.unexposed)} of units never exposed).</p>`,
    );
  }
  if (r.srm.mismatch) {
    body.push(
      `<div class="banner" role="alert"><strong>Sample ratio mismatch</strong> (χ² = ${Number(r.srm.statistic.toPrecision(4))}, p = ${formatP(r.srm.pValue)}): the units did not split as the weights say. Check the assignment and the logging of exposures before trusting any number below.</div>`,
    );
  }
  const d = r.decision;
  body.push(
    `<p class="decision"><strong>Decision: ${DECISION_WORDS[d.action]}${d.variant === null ? '' : ` ${escape(d.variant)}`}</strong> — ${escape(d.reason)}</p>`,
  );
  const units = r.units.variants.map(
    (v) =>
      `<tr><td>${escape(v.name)}</td><td class="num">${count.format(v.n)}</td><td class="num">${r.units.total === 0 ? '–' : formatPercent(v.n / r.units.total)}</td><td class="num">${weights?.get(v.name) === undefined ? '–' : formatPercent(weights.get(v.name))}</td></tr>`,
  );
  body.push(`<section><h2>Units</h2><table><thead><tr><th>variant</th><th>units</th><th>share</th><th>weight</th></tr></thead><tbody>${units.join('')}</tbody></table>
<p>Sample ratio: ${r.srm.mismatch ? '<span class="badge bad">mismatch</span>' : r.srm.checked ? '<span class="badge ok">as designed</span>' : 'not checked yet'} (χ² = ${Number(r.srm.statistic.toPrecision(4))}, p = ${formatP(r.srm.pValue)})</p></section>`);
  if (r.metrics.length > 0) body.push(`<section><h2>Lift by metric</h2>${svg(experimentLiftChart(r))}</section>`);
  for (const m of r.metrics) body.push(metricSection(m, r));
  if (r.guardrails.length > 0) {
    const rows = r.guardrails.map(
      (g) =>
        `<tr class="${g.status === 'failing' ? 'bad' : ''}"><td>${escape(g.metric)}</td><td>${escape(g.variant)}</td><td>${g.status === 'failing' ? '<span class="badge bad">failing</span>' : g.status === 'ok' ? '<span class="badge ok">ok</span>' : 'not enough data'}</td><td class="num">${formatEffect(g.expected, r.difference)}</td><td class="num">${r.engine === 'bayesian' ? formatPercent(g.chanceToWin) : formatP(g.pValue)}</td></tr>`,
    );
    body.push(
      `<section><h2>Guardrails</h2><table><thead><tr><th>metric</th><th>variant</th><th>status</th><th>effect</th><th>${r.engine === 'bayesian' ? 'chance to win' : 'p-value'}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`,
    );
  }
  if (r.power.metric !== null) {
    const rows = r.power.variants.map(
      (p) =>
        `<tr><td>${escape(p.variant)}</td><td class="num">${count.format(p.n)}</td><td class="num">${formatPercent(p.power)}</td><td class="num">${formatPercent(p.mde, 2)}</td></tr>`,
    );
    body.push(
      `<section><h2>Power of the design</h2><p>On ${escape(r.power.metric)}: the power to detect a ${formatPercent(r.power.targetMde)} relative effect with the units so far, and the MDE at 80 % power.</p><table><thead><tr><th>treatment</th><th>units (with the control)</th><th>power</th><th>MDE</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`,
    );
  }
  const goals = r.cumulative.series.map((s) => s.metric).filter((m, i, all) => all.indexOf(m) === i);
  for (const m of goals) body.push(`<section><h2>Cumulative effect on ${escape(m)}</h2>${svg(experimentCumulativeChart(r, m))}</section>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Experiment ${escape(r.experiment)} · Vigil</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:24px auto;max-width:1200px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e7ee;padding-bottom:4px}
.meta{color:#5b6577;margin:0 0 8px}small{color:#5b6577;font-weight:normal}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}th,td{padding:3px 10px;border-bottom:1px solid #eef1f5;text-align:left}
th{background:#f7f8fb;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.bad td{background:#fdf0f0}tr.good td{background:#eef8f1}
.badge{font-size:12px;padding:2px 8px;border-radius:10px}.badge.ok{background:#e5f4ea;color:#23683c}.badge.bad{background:#fbe3e3;color:#9d2525}
.banner{border:1px solid #b34700;border-left-width:6px;background:#fde7d9;padding:8px 12px;border-radius:6px;margin:12px 0}
.decision{font-size:15px}figure{margin:0}
`;
