// What `vigil report` and `vigil check` do once their options are resolved: load, evaluate, write
// the requested outputs, and (for check) judge the conditions. Returns the process exit code.

import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { evaluateChecks, parseCheck } from '@vigil/core';
import type { CheckSpec, Report } from '@vigil/core';
import type { CliIo } from './cli-io.js';
import type { RunOptions } from './config/run-options.js';
import { PRESETS } from './config/drift-methods.js';
import { UsageError } from './errors.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from './exit-codes.js';
import type { CheckRow } from './output/check-row.js';
import { checkRows, checkTable } from './output/check-table.js';
import { junitReport } from './output/junit-report.js';
import { markdownSummary } from './output/markdown-summary.js';
import { buildReport, checkPresetsAvailable } from './report/build-report.js';
import { fileSize, loadInputs } from './report/load-inputs.js';
import type { RunInputs } from './report/load-inputs.js';
import { PRESET_RUNNERS } from './report/preset-runners.js';
import { ReportWorkers, reportWorkerCount } from './report/report-workers.js';

export async function runReport(options: RunOptions, io: CliIo, mode: 'report' | 'check'): Promise<number> {
  checkPresetsAvailable(options);
  // Parse checks and check the output folders before reading data, so a typo costs no loading time.
  const specs = mode === 'check' ? checkSpecs(options) : [];
  await checkOutputFolders(options.output);
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

  if (options.output.json !== undefined) await writeFile(options.output.json, `${JSON.stringify(report, null, 2)}\n`);
  if (options.output.md !== undefined) await writeFile(options.output.md, markdownSummary(report, rows));
  if (options.output.html !== undefined) {
    // ECharts is large; load it only when an HTML report is asked for.
    const { htmlReport } = await import('./output/html-report.js');
    await writeFile(options.output.html, htmlReport(report, inputs, rows));
  }
  if (options.output.junit !== undefined) await writeFile(options.output.junit, junitReport(rows));

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
  if (options.checks.length > 0) {
    return options.checks.map((text) => {
      const spec = parseCheck(text);
      // A check on a preset that does not run would fail only after the data is read, as a missing path.
      const preset = spec.path.split('.')[0] as string;
      if ((PRESETS as readonly string[]).includes(preset) && !(options.presets as readonly string[]).includes(preset)) {
        throw new UsageError(
          `--check ${JSON.stringify(text)}`,
          `a value of the presets this run computes (${options.presets.join(', ')})`,
          `${preset}: add it to --preset`,
        );
      }
      return spec;
    });
  }
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

/** Outputs go into folders that exist: a mistyped path is refused, never created (as `curl -o` and shells do). */
async function checkOutputFolders(output: RunOptions['output']): Promise<void> {
  for (const [key, path] of Object.entries(output)) {
    const folder = dirname(resolve(path));
    const isFolder = await stat(folder).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) throw new UsageError(`--${key}`, 'a file in an existing folder', `${path} (there is no folder ${folder})`);
  }
}
