// Turns core's check results into rows for people and CI: a fixed-width table for stdout.

import type { CheckResult } from '@vigil/core';
import type { CheckRow } from './check-row.js';
import { formatNumber } from './format-number.js';

export function checkRows(results: readonly CheckResult[]): CheckRow[] {
  return results.map((result) => {
    // A wildcard spec expands to several paths; name the concrete one when the spec does not.
    const check = result.name.includes(result.path) ? result.name : `${result.name} → ${result.path}`;
    const row: CheckRow = { check, actual: scalar(result.actual), passed: result.passed };
    if (!result.passed)
      row.message = `expected ${result.condition} ${expected(result.expected)}${result.derived ? ' (from the reference)' : ''}, got ${scalar(result.actual)}`;
    return row;
  });
}

export function checkTable(rows: readonly CheckRow[]): string {
  const header = ['check', 'actual', 'result'];
  const body = rows.map((row) => [row.check, row.actual, row.passed ? 'PASS' : `FAIL  ${row.message ?? ''}`.trimEnd()]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((text, i) => (i === cells.length - 1 ? text : text.padEnd(widths[i] ?? 0))).join('  ');
  const failed = rows.filter((row) => !row.passed).length;
  return [line(header), ...body.map(line), '', `${rows.length - failed} passed, ${failed} failed`, ''].join('\n');
}

function scalar(value: CheckResult['actual']): string {
  return typeof value === 'number' ? formatNumber(value) : value === null ? 'missing' : String(value);
}

function expected(value: CheckResult['expected']): string {
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === 'number' ? formatNumber(item) : String(item))).join(', ')}]`;
  return typeof value === 'number' ? formatNumber(value) : String(value);
}
