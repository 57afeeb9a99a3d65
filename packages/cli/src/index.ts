// @vigil/cli: the `vigil` command. Every export is named here; the file loaders below are
// @vigil/tables' (loadTable picks the per-format loader, which @vigil/tables keeps private).

// --- command (owner: cli) ---
export { main } from './main.js';
export type { CliIo } from './cli-io.js';
export { processIo } from './cli-io.js';
export { EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK } from './exit-codes.js';
export { WORKER_MIN_BYTES, runReport } from './run-command.js';
export { InputError, UsageError } from './errors.js';
export { describeError } from './describe-error.js';

// --- configuration (owner: cli) ---
export { configFileSchema, readConfigFile } from './config/config-file.js';
export type { ConfigFile } from './config/config-file.js';
export { DEFAULT_DRIFT_SHARE, DEFAULT_PRESETS, resolveRunOptions } from './config/run-options.js';
export type { CommandFlags, DriftRunOptions, RunOptions } from './config/run-options.js';
export { DRIFT_METHODS, PRESETS } from './config/drift-methods.js';
export type { DriftMethodName, PresetName } from './config/drift-methods.js';

// --- loaders (owner: tables) ---
export { alignSchemas, formatOf, loadTable } from '@vigil/tables';
export type { FileFormat, LoadOptions, LoadedColumn, LoadedTable, PandasDtype } from '@vigil/tables';

// --- large reports on worker threads (owner: cli) ---
export { loadInputs } from './report/load-inputs.js';
export type { RunInputs } from './report/load-inputs.js';
export { PARALLEL_MIN_CELLS, parallelDriftPreset } from './report/parallel-drift.js';
export type { ParallelDriftOptions } from './report/parallel-drift.js';
export { MAX_REPORT_WORKERS, ReportWorkers, reportWorkerCount } from './report/report-workers.js';
export type { TaskOutcome } from './report/report-workers.js';

// --- outputs (owner: cli) ---
export { htmlReport } from './output/html-report.js';
export { markdownSummary } from './output/markdown-summary.js';
export { junitReport } from './output/junit-report.js';
export { checkRows, checkTable } from './output/check-table.js';
export type { CheckRow } from './output/check-row.js';
export { renderSvg } from './output/render-svg.js';
