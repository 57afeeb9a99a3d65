// The self-contained HTML report: inline CSS and inline SVG charts (ECharts server-side rendering
// of the chart specifications in @vigil/core), no scripts, fonts or URLs to fetch.

import { columnDistribution, confusionMatrixChart, distributionChart, driftSummaryChart, rocCurveChart } from '@vigil/core';
import type { ColumnMapping, Report } from '@vigil/core';
import type { LoadedTable } from '@vigil/tables';
import type { CheckRow } from './check-row.js';
import { distributionColumns } from './distribution-columns.js';
import { formatNumber } from './format-number.js';
import { renderSvg } from './render-svg.js';

export interface HtmlReportInputs {
  reference: LoadedTable;
  current: LoadedTable;
  /** The run's column roles: its id and timestamp columns get no distribution chart. */
  mapping?: ColumnMapping;
}

/** Per-column charts beyond this many would make the file heavy; the JSON keeps every column. */
const MAX_DISTRIBUTION_CHARTS = 100;

export function htmlReport(report: Report, inputs: HtmlReportInputs, checks: readonly CheckRow[] = []): string {
  const body: string[] = [];
  body.push(`<h1>Vigil report</h1>`);
  body.push(
    `<p class="meta">Reference: ${report.reference.rows} rows ${code(report.reference.source)} · current: ${report.current.rows} rows ${code(report.current.source)} · ${escape(report.generatedBy)} · schema v${report.schemaVersion}</p>`,
  );
  if (checks.length > 0) body.push(checksSection(checks));
  if (report.drift) body.push(driftSection(report));
  body.push(distributionsSection(report, inputs));
  if (report.quality) body.push(qualitySection(report));
  if (report.classification) body.push(classificationSection(report));
  if (report.regression) body.push(regressionSection(report));
  if (report.multivariate) body.push(multivariateSection(report));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigil report</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function svg(spec: Parameters<typeof renderSvg>[0]): string {
  // Inline SVG in HTML needs no namespace declarations; dropping them leaves no URL in the file.
  return `<figure>${renderSvg(spec).replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')}</figure>`;
}

function driftSection(report: Report): string {
  const drift = report.drift;
  if (!drift) return '';
  const rows = [...drift.columns]
    .sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.name.localeCompare(b.name))
    .map(
      (column) =>
        `<tr class="${column.drifted ? 'bad' : ''}"><td>${escape(column.name)}${column.role ? ` <small>${column.role}</small>` : ''}</td><td>${column.type}</td><td>${escape(column.method)}</td><td class="num">${formatNumber(column.score)}</td>` +
        `<td class="num">${column.adjustedScore === undefined ? '' : formatNumber(column.adjustedScore)}</td><td class="num">${formatNumber(column.threshold)}</td><td>${column.psiBand ?? ''}</td><td>${column.drifted ? 'drifted' : 'no'}</td></tr>`,
    );
  return `<section><h2>Drift: ${drift.datasetDrift ? '<span class="badge bad">data set drift</span>' : '<span class="badge ok">no data set drift</span>'}</h2>
<p>${drift.numberOfDriftedColumns} of ${drift.numberOfColumns} columns drifted (share ${formatNumber(drift.share)}; data set drift at ≥ ${formatNumber(drift.driftShareThreshold)})${drift.correction ? `, ${drift.correction} correction` : ''}.</p>
${drift.columns.length > 0 ? svg(driftSummaryChart(drift)) : ''}
<table><thead><tr><th>column</th><th>type</th><th>method</th><th>score</th><th>adjusted</th><th>threshold</th><th>PSI band</th><th>drift</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function distributionsSection(report: Report, inputs: HtmlReportInputs): string {
  const driftByName = new Map((report.drift?.columns ?? []).map((column) => [column.name, column]));
  const currentByName = new Map(inputs.current.columns.map((column) => [column.name, column]));
  const shared = inputs.reference.columns.slice(0, MAX_DISTRIBUTION_CHARTS).filter((column) => currentByName.has(column.name));
  const { drawn, skipped } = distributionColumns(shared, report.columnTypes, inputs.mapping);
  const figures: string[] = [];
  for (const column of drawn) {
    const current = currentByName.get(column.name)!;
    const type = report.columnTypes[column.name];
    const drift = driftByName.get(column.name);
    const subtitle = drift ? `${drift.method} ${formatNumber(drift.score)}${drift.drifted ? ' · drifted' : ''}` : type;
    const distribution = columnDistribution(column.values, current.values, {
      maxBins: 20,
      maxCategories: 12,
      asCategories: type === 'categorical' || type === 'boolean',
    });
    figures.push(svg(distributionChart(column.name, distribution, subtitle)));
  }
  const more = inputs.reference.columns.length > MAX_DISTRIBUTION_CHARTS ? `<p>First ${MAX_DISTRIBUTION_CHARTS} columns shown.</p>` : '';
  const notDrawn =
    skipped.length === 0 ? '' : `<p class="meta">Not drawn: ${skipped.map((column) => `${code(column.name)} (${column.reason})`).join(', ')}.</p>`;
  return `<section><h2>Distributions: reference and current</h2>${more}${notDrawn}<div class="grid">${figures.join('\n')}</div></section>`;
}

function qualitySection(report: Report): string {
  const quality = report.quality;
  if (!quality) return '';
  const failures = quality.failures
    .map((failure) => `<li>${failure.column ? `<code>${escape(failure.column)}</code>: ` : ''}${escape(failure.message)}</li>`)
    .join('');
  const rows = Object.values(quality.columns).map(
    (column) =>
      `<tr class="${column.failed ? 'bad' : ''}"><td>${escape(column.name)}</td><td>${column.type}</td><td class="num">${formatNumber(column.missingShare)}</td><td class="num">${formatNumber(column.outOfRange?.share)}</td>` +
      `<td class="num">${column.newCategoryCount ?? ''}</td><td class="num">${column.vanishedCategoryCount ?? ''}</td><td class="num">${formatNumber(column.cardinalityChange)}</td><td class="num">${formatNumber(column.current.mean)}</td><td>${column.failed ? 'fails' : 'ok'}</td></tr>`,
  );
  const stats = (side: 'reference' | 'current'): string =>
    `<tr><td>${side}</td><td class="num">${quality[side].rows}</td><td class="num">${quality[side].duplicatedRows}</td><td class="num">${quality[side].constantColumns}</td><td class="num">${quality[side].almostConstantColumns}</td><td class="num">${quality[side].emptyColumns}</td><td class="num">${formatNumber(quality[side].missingShare)}</td></tr>`;
  return `<section><h2>Data quality: ${quality.passed ? '<span class="badge ok">passed</span>' : '<span class="badge bad">problems</span>'}</h2>
${failures ? `<ul>${failures}</ul>` : ''}
<table><thead><tr><th></th><th>rows</th><th>duplicated rows</th><th>constant</th><th>almost constant</th><th>empty</th><th>missing share</th></tr></thead><tbody>${stats('reference')}${stats('current')}</tbody></table>
<table><thead><tr><th>column</th><th>type</th><th>missing</th><th>out of range</th><th>new cat.</th><th>vanished cat.</th><th>cardinality change</th><th>mean</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function presetChecks(checks: readonly { name: string; actual: number | null; expected: string; passed: boolean }[]): string {
  if (checks.length === 0) return '';
  const rows = checks.map(
    (check) =>
      `<tr class="${check.passed ? '' : 'bad'}"><td>${escape(check.name)}</td><td class="num">${formatNumber(check.actual)}</td><td>${escape(check.expected)}</td><td>${check.passed ? 'pass' : 'fail'}</td></tr>`,
  );
  return `<table><thead><tr><th>rule</th><th>value</th><th>expected</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function metricsTable(rows: [string, number | null | undefined, number | null | undefined][]): string {
  const body = rows
    .filter(([, ref, cur]) => ref !== undefined || cur !== undefined)
    .map(([name, ref, cur]) => `<tr><td>${name}</td><td class="num">${formatNumber(ref)}</td><td class="num">${formatNumber(cur)}</td></tr>`);
  return `<table><thead><tr><th>metric</th><th>reference</th><th>current</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function classificationSection(report: Report): string {
  const section = report.classification;
  if (!section) return '';
  const { reference: ref, current: cur } = section;
  const metric = (key: 'accuracy' | 'precision' | 'recall' | 'f1' | 'rocAuc' | 'logLoss' | 'brier'): [string, number | undefined, number | undefined] => [
    key,
    ref?.[key],
    cur[key],
  ];
  const charts = [svg(confusionMatrixChart(cur.confusionMatrix, 'Confusion matrix (current)'))];
  if (cur.rocCurve) {
    charts.push(
      svg(
        rocCurveChart({
          current: cur.rocCurve,
          ...(ref?.rocCurve && { reference: ref.rocCurve }),
          ...(cur.rocAuc !== undefined && { currentAuc: cur.rocAuc }),
          ...(ref?.rocAuc !== undefined && { referenceAuc: ref.rocAuc }),
        }),
      ),
    );
  }
  return `<section><h2>Classification (${section.type}): ${section.passed ? '<span class="badge ok">passed</span>' : '<span class="badge bad">failed</span>'}</h2>
${metricsTable([metric('accuracy'), metric('precision'), metric('recall'), metric('f1'), metric('rocAuc'), metric('logLoss'), metric('brier')])}
${presetChecks(section.checks)}
<div class="grid">${charts.join('\n')}</div></section>`;
}

function regressionSection(report: Report): string {
  const section = report.regression;
  if (!section) return '';
  const { reference: ref, current: cur } = section;
  const metric = (key: 'mae' | 'rmse' | 'mape' | 'r2' | 'meanError' | 'errorStd' | 'absMaxError'): [string, number | undefined, number | undefined] => [
    key,
    ref?.[key],
    cur[key],
  ];
  return `<section><h2>Regression: ${section.passed ? '<span class="badge ok">passed</span>' : '<span class="badge bad">failed</span>'}</h2>
${metricsTable([metric('mae'), metric('rmse'), metric('mape'), metric('r2'), metric('meanError'), metric('errorStd'), metric('absMaxError')])}
${presetChecks(section.checks)}</section>`;
}

function multivariateSection(report: Report): string {
  const m = report.multivariate;
  if (!m) return '';
  const verdict = (drifted: boolean) => (drifted ? '<span class="badge bad">drift</span>' : '<span class="badge ok">no drift</span>');
  const thresholds = `${m.lowerThreshold === null ? '—' : formatNumber(m.lowerThreshold)} – ${formatNumber(m.upperThreshold)}`;
  const alerts = m.chunks.filter((c) => c.period === 'current' && c.alert).length;
  const pca = `<h3>PCA reconstruction error (NannyML) ${verdict(m.drifted)}</h3>
<p>${m.components} components keep ${formatNumber(m.explainedVariance)} of the reference's variance over ${m.columns.length} columns. Reference error ${formatNumber(m.referenceError)}, current ${formatNumber(m.currentError)}; thresholds ${thresholds}; ${alerts} current chunk${alerts === 1 ? '' : 's'} outside them.</p>`;
  const dc = m.domainClassifier;
  const classifier =
    dc === undefined
      ? ''
      : `<h3>Domain classifier ${verdict(dc.drifted)}</h3>
<p>ROC AUC ${formatNumber(dc.auc)} (drift above ${formatNumber(dc.threshold)}) on ${dc.testRows} held-out rows${dc.topColumns.length > 0 ? `; it leaned most on ${dc.topColumns.map((c) => code(c.column)).join(', ')}` : ''}. Classifier: ${escape(dc.classifier)}.</p>`;
  return `<section><h2>Multivariate drift</h2>${pca}${classifier}</section>`;
}

function checksSection(checks: readonly CheckRow[]): string {
  const failed = checks.filter((check) => !check.passed).length;
  const rows = checks.map(
    (check) =>
      `<tr class="${check.passed ? '' : 'bad'}"><td><code>${escape(check.check)}</code></td><td class="num">${escape(check.actual)}</td><td>${check.passed ? 'pass' : `fail${check.message ? `: ${escape(check.message)}` : ''}`}</td></tr>`,
  );
  return `<section><h2>Checks: ${failed === 0 ? '<span class="badge ok">all passed</span>' : `<span class="badge bad">${failed} of ${checks.length} failed</span>`}</h2>
<table><thead><tr><th>check</th><th>actual</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function code(text: string | undefined): string {
  return text === undefined ? '' : `<code>${escape(text)}</code>`;
}

export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:24px auto;max-width:1200px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e7ee;padding-bottom:4px}
.meta{color:#5b6577;margin:0 0 12px}code{font:12px ui-monospace,monospace;background:#f2f4f8;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}th,td{padding:3px 10px;border-bottom:1px solid #eef1f5;text-align:left}
th{background:#f7f8fb;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.bad td{background:#fdf0f0}
.badge{font-size:12px;padding:2px 8px;border-radius:10px;vertical-align:middle}.badge.ok{background:#e5f4ea;color:#23683c}.badge.bad{background:#fbe3e3;color:#9d2525}
.grid{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}small{color:#5b6577}
`;
