// `vigil experiment analyze`: an experiment's results from exposure and outcome files (CSV, NDJSON
// or Parquet) and its definition, the same analysis the server answers `GET …/results` with, as
// text, JSON (the API's shape) or a self-contained HTML page.

import { stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { loadTable } from '@vigil/tables';
import type { LoadOptions, LoadedTable } from '@vigil/tables';
import type { CliIo } from '../cli-io.js';
import { registerSource } from '../describe-error.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT_OK } from '../exit-codes.js';
import { PROGRESS_MIN_BYTES, createProgressBar } from '../progress/progress-bar.js';
import type { ProgressBar } from '../progress/progress-bar.js';
import { analyzeExperiment } from './experiment-analysis.js';
import { readExperimentDefinition } from './experiment-config.js';
import { DEFAULT_EVENT_COLUMNS, exposuresOf, outcomesOf, parseTimestamp } from './experiment-events.js';
import type { EventColumns } from './experiment-events.js';
import { experimentText } from './experiment-text.js';

export interface AnalyzeFlags {
  exposures?: string;
  outcomes?: string;
  config?: string;
  format?: 'text' | 'json' | 'html';
  output?: string;
  unitColumn?: string;
  variantColumn?: string;
  timestampColumn?: string;
  metricColumn?: string;
  valueColumn?: string;
  delimiter?: string;
  now?: string;
  progress?: boolean;
}

/** Events at least this many: the analysis itself draws a bar (beside the loading's, for large files). */
const PROGRESS_MIN_EVENTS = 2_000_000;

export function registerExperimentCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const experiment = program
    .command('experiment')
    .description('Experiments (A/B tests) from files: analyze exposures and outcomes as the server does.')
    .exitOverride();
  experiment
    .command('analyze')
    .description(
      'Results of an experiment from exposure and outcome files and its definition (the body of POST /v1/experiments): per metric each treatment against the control, SRM, guardrails, decision, power and the cumulative effect, as the server computes them.',
    )
    .exitOverride()
    .requiredOption('--exposures <file>', 'exposures: unit, variant, timestamp (.csv, .ndjson/.jsonl or .parquet)')
    .requiredOption('--outcomes <file>', 'outcomes: unit, metric, value, timestamp; or wide: unit, timestamp and a column per metric')
    .requiredOption('--config <file>', 'the experiment: the JSON body of POST /v1/experiments, or the answer of GET /v1/experiments/{name}')
    .addOption(new Option('--format <format>', 'what to print: text, json (the API’s results) or html').choices(['text', 'json', 'html']).default('text'))
    .option('--output <file>', 'write the results to this file instead of stdout')
    .option('--unit-column <name>', `the unit id column (default ${DEFAULT_EVENT_COLUMNS.unit})`)
    .option('--variant-column <name>', `the variant column of the exposures (default ${DEFAULT_EVENT_COLUMNS.variant})`)
    .option(
      '--timestamp-column <name>',
      `the time column, ISO 8601 or epoch milliseconds (default ${DEFAULT_EVENT_COLUMNS.timestamp}; without it every event is at one time)`,
    )
    .option('--metric-column <name>', `the metric column of long outcomes (default ${DEFAULT_EVENT_COLUMNS.metric})`)
    .option('--value-column <name>', `the value column of long outcomes (default ${DEFAULT_EVENT_COLUMNS.value})`)
    .option('--delimiter <char>', 'field delimiter of CSV files (default: detected per file)')
    .option('--now <time>', "the analysis' time (ISO 8601 or epoch milliseconds; default: now): the results' computedAt and the cumulative series' end")
    .option('--no-progress', 'never draw a progress bar')
    .action(async (flags: AnalyzeFlags) => setExit(await runAnalyze(flags, io)));
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

async function load(file: string, flags: AnalyzeFlags, io: CliIo): Promise<LoadedTable> {
  const options: LoadOptions = flags.delimiter === undefined ? {} : { delimiter: flags.delimiter };
  const size = await fileSize(file);
  const bar: ProgressBar | undefined =
    flags.progress !== false && io.stderrIsTTY && size >= PROGRESS_MIN_BYTES ? createProgressBar(io, `reading ${basename(file)}`) : undefined;
  try {
    const table = await loadTable(file, bar === undefined ? options : { ...options, onProgress: (done, total) => bar.update(done, total) });
    registerSource(table.source, table.firstDataRow);
    return table;
  } finally {
    bar?.finish();
  }
}

function columnsOf(flags: AnalyzeFlags): EventColumns {
  return {
    unit: flags.unitColumn ?? DEFAULT_EVENT_COLUMNS.unit,
    variant: flags.variantColumn ?? DEFAULT_EVENT_COLUMNS.variant,
    timestamp: flags.timestampColumn ?? DEFAULT_EVENT_COLUMNS.timestamp,
    metric: flags.metricColumn ?? DEFAULT_EVENT_COLUMNS.metric,
    value: flags.valueColumn ?? DEFAULT_EVENT_COLUMNS.value,
  };
}

export async function runAnalyze(flags: AnalyzeFlags, io: CliIo, clock: () => number = Date.now): Promise<number> {
  let now = clock();
  if (flags.now !== undefined) {
    const t = parseTimestamp(/^\d+$/.test(flags.now) ? Number(flags.now) : flags.now);
    if (typeof t === 'string') throw new UsageError('--now', t, flags.now);
    now = t;
  }
  if (flags.delimiter !== undefined && flags.delimiter.length !== 1 && flags.delimiter !== 'tab')
    throw new UsageError('--delimiter', 'one character, or tab', flags.delimiter);
  if (flags.delimiter === 'tab') flags = { ...flags, delimiter: '\t' };
  if (flags.output !== undefined) {
    const folder = dirname(resolve(flags.output));
    const isFolder = await stat(folder).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) throw new UsageError('--output', 'a file in an existing folder', `${flags.output} (there is no folder ${folder})`);
  }
  // The definition first: a bad one costs no loading time.
  const definition = await readExperimentDefinition(flags.config!);
  const columns = columnsOf(flags);
  const exposures = exposuresOf(await load(flags.exposures!, flags, io), definition.config, columns);
  const outcomes = outcomesOf(await load(flags.outcomes!, flags, io), definition.config, columns);
  const events = exposures.length + outcomes.length;
  const bar = flags.progress !== false && io.stderrIsTTY && events >= PROGRESS_MIN_EVENTS ? createProgressBar(io, 'analysing events') : undefined;
  let analysis;
  try {
    analysis = analyzeExperiment(definition, exposures, outcomes, {
      now,
      ...(bar !== undefined && { onProgress: (d: number, t: number) => bar.update(d, t) }),
    });
  } finally {
    bar?.finish();
  }
  if (analysis.skippedModelMetrics.length > 0) {
    io.stderr(`vigil: ${analysis.skippedModelMetrics.join(', ')}: read off model traffic by the server, not in files; left out of these results\n`);
  }
  const weights = new Map(definition.config.variants.map((v) => [v.name, v.weight]));
  let text: string;
  switch (flags.format ?? 'text') {
    case 'json':
      text = `${JSON.stringify(analysis.results, null, 2)}\n`;
      break;
    case 'html': {
      // ECharts is large; load it only for an HTML page.
      const { experimentHtml } = await import('./experiment-html.js');
      text = experimentHtml(analysis.results, analysis.counts, weights);
      break;
    }
    default:
      text = experimentText(analysis.results, analysis.counts, weights);
  }
  if (flags.output === undefined) io.stdout(text);
  else await writeFile(flags.output, text);
  return EXIT_OK;
}
