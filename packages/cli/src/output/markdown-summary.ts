// A short Markdown summary of a report for pull-request comments: verdicts first, then the few
// rows that explain them; the full detail lives in the JSON and HTML reports.

import type { Report } from '@vigil/core';
import type { CheckRow } from './check-row.js';
import { formatNumber } from './format-number.js';

const MAX_DRIFT_ROWS = 15;

export function markdownSummary(report: Report, checks: readonly CheckRow[] = []): string {
  const lines: string[] = ['## Vigil report', ''];
  lines.push(
    `Reference: ${report.reference.rows} rows${source(report.reference.source)} · current: ${report.current.rows} rows${source(report.current.source)}`,
    '',
  );
  const drift = report.drift;
  if (drift) {
    lines.push(`### Drift: ${drift.datasetDrift ? '**data set drift detected**' : 'no data set drift'}`, '');
    lines.push(
      `${drift.numberOfDriftedColumns} of ${drift.numberOfColumns} columns drifted (share ${formatNumber(drift.share)}, data set drift at ≥ ${formatNumber(drift.driftShareThreshold)}).`,
      '',
    );
    const rows = [...drift.columns].sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.name.localeCompare(b.name));
    if (rows.length > 0) {
      lines.push('| column | type | method | score | threshold | drifted |', '|---|---|---|---:|---:|:---:|');
      for (const column of rows.slice(0, MAX_DRIFT_ROWS)) {
        lines.push(
          `| ${cell(column.name)} | ${column.type} | ${column.method} | ${formatNumber(column.adjustedScore ?? column.score)} | ${formatNumber(column.threshold)} | ${column.drifted ? '⚠️ yes' : 'no'} |`,
        );
      }
      if (rows.length > MAX_DRIFT_ROWS) lines.push('', `… and ${rows.length - MAX_DRIFT_ROWS} more columns.`);
      lines.push('');
    }
  }
  const quality = report.quality;
  if (quality) {
    lines.push(`### Data quality: ${quality.passed ? 'passed' : `**${quality.failures.length} problem${quality.failures.length === 1 ? '' : 's'}**`}`, '');
    for (const failure of quality.failures.slice(0, MAX_DRIFT_ROWS)) lines.push(`- ${failure.column ? `\`${failure.column}\`: ` : ''}${failure.message}`);
    if (quality.failures.length > 0) lines.push('');
  }
  for (const [title, section] of [
    ['Classification', report.classification],
    ['Regression', report.regression],
  ] as const) {
    if (!section) continue;
    lines.push(`### ${title}: ${section.passed ? 'passed' : '**failed**'}`, '');
    if (section.checks.length > 0) {
      lines.push('| metric | value | expected | |', '|---|---:|---|:---:|');
      for (const check of section.checks)
        lines.push(`| ${check.name} | ${formatNumber(check.actual)} | ${cell(check.expected)} | ${check.passed ? '✅' : '❌'} |`);
      lines.push('');
    }
  }
  const multivariate = report.multivariate;
  if (multivariate) {
    const dc = multivariate.domainClassifier;
    lines.push(`### Multivariate drift: ${multivariate.drifted || dc?.drifted === true ? '**drift detected**' : 'no drift'}`, '');
    lines.push(
      `- PCA reconstruction error: ${multivariate.drifted ? '⚠️ outside' : 'within'} the reference's thresholds (current ${formatNumber(multivariate.currentError)}, upper ${formatNumber(multivariate.upperThreshold)}).`,
    );
    if (dc !== undefined)
      lines.push(
        `- Domain classifier: ROC AUC ${formatNumber(dc.auc)} ${dc.drifted ? '⚠️ above' : 'within'} ${formatNumber(dc.threshold)}${dc.topColumns.length > 0 ? `; most telling: ${dc.topColumns.map((c) => `\`${cell(c.column)}\``).join(', ')}` : ''}.`,
      );
    lines.push('');
  }
  if (checks.length > 0) {
    const failed = checks.filter((check) => !check.passed).length;
    lines.push(`### Checks: ${failed === 0 ? 'all passed' : `**${failed} of ${checks.length} failed**`}`, '');
    lines.push('| check | actual | |', '|---|---:|:---:|');
    for (const check of checks) lines.push(`| \`${cell(check.check)}\` | ${check.actual} | ${check.passed ? '✅' : '❌'} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function source(path: string | undefined): string {
  return path === undefined ? '' : ` (\`${path}\`)`;
}

/** Pipes would end a table cell early. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
