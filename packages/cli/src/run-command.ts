// What `vigil report` and `vigil check` do once their options are resolved: load, evaluate, write
// the requested outputs, and (for check) judge the conditions. Returns the process exit code.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { evaluateChecks, parseCheck } from '@vigil/core';
import type { CheckSpec, Report } from '@vigil/core';
import type { CliIo } from './cli-io.js';
import type { RunOptions } from './config/run-options.js';
import type { CheckRow } from './output/check-row.js';
import { checkRows, checkTable } from './output/check-table.js';
import { junitReport } from './output/junit-report.js';
import { markdownSummary } from './output/markdown-summary.js';
import { buildReport, checkPresetsAvailable } from './report/build-report.js';
import { fileSize, loadInputs } from './report/load-inputs.js';
import type { RunInputs } from './report/load-inputs.js';
import { PRESET_RUNNERS } from './report/preset-runners.js';
import { ReportWorkers, reportWorkerCount } from './report/report-workers.js';

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export async function runReport(options: RunOptions, io: CliIo, mode: 'report' | 'check'): Promise<number> {
  checkPresetsAvailable(options);
  // Parse checks before reading data, so a typo costs no loading time.
  const specs = mode === 'check' ? checkSpecs(options) : [];
  // Large files: worker threads start now, load both files at once, then test drift columns.
  const workers = await startReportWorkers(options);
  let report: Report;
  let inputs: RunInputs;
  try {
    inputs = await loadInputs(options, io, workers);
    report = await buildReport(inputs, options, PRESET_RUNNERS, workers);
  } finally {
    await workers?.close();
  }
  const rows: CheckRow[] = mode === 'check' ? checkRows(evaluateChecks(report, specs)) : [];

  if (options.output.json !== undefined) await write(options.output.json, `${JSON.stringify(report, null, 2)}\n`);
  if (options.output.md !== undefined) await write(options.output.md, markdownSummary(report, rows));
  if (options.output.html !== undefined) {
    // ECharts is large; load it only when an HTML report is asked for.
    const { htmlReport } = await import('./output/html-report.js');
    await write(options.output.html, htmlReport(report, inputs, rows));
  }
  if (options.output.junit !== undefined) await write(options.output.junit, junitReport(rows));

  if (mode === 'check') {
    io.stdout(checkTable(rows));
    return rows.every((row) => row.passed) ? EXIT_OK : EXIT_CHECK_FAILED;
  }
  io.stdout(`${markdownSummary(report)}\n`);
  return EXIT_OK;
}

/** Files of at least this many bytes together are loaded (and tested) on worker threads. */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

/** Report workers for large inputs when more than one thread is allowed; undefined otherwise (or when a file is unreadable: loading then says so). */
async function startReportWorkers(options: RunOptions): Promise<ReportWorkers | undefined> {
  const count = reportWorkerCount(options.workers);
  if (count <= 1) return undefined;
  let bytes: number;
  try {
    bytes = (await fileSize(options.reference)) + (await fileSize(options.current));
  } catch {
    return undefined;
  }
  return bytes >= WORKER_MIN_BYTES ? new ReportWorkers(count) : undefined;
}

/** `--check` specs, or without any, the verdict of every preset that ran. */
function checkSpecs(options: RunOptions): CheckSpec[] {
  if (options.checks.length > 0) return options.checks.map((spec) => parseCheck(spec));
  return options.presets.flatMap((preset): CheckSpec[] => {
    switch (preset) {
      case 'drift':
        return [{ path: 'drift.datasetDrift', condition: { op: 'eq', value: false } }];
      case 'multivariate':
        return [];
      default:
        return [{ path: `${preset}.passed`, condition: { op: 'eq', value: true } }];
    }
  });
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
