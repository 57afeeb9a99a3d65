// The options of one `vigil report` / `vigil check` run, resolved once from flags over the config
// file over defaults; everything after this point takes these typed values and reads nothing else.

import type { ColumnMapping } from '@vigil/core';
import { isCsvDelimiter } from '@vigil/tables';
import { UsageError } from '../errors.js';
import type { ConfigFile } from './config-file.js';
import { DRIFT_METHODS, PRESETS } from './drift-methods.js';
import type { DriftMethodName, PresetName } from './drift-methods.js';

/** Flags as commander hands them over (strings; repeatable flags as arrays). */
export interface CommandFlags {
  reference?: string;
  current?: string;
  preset?: string;
  delimiter?: string;
  target?: string;
  prediction?: string;
  predictionProbaPrefix?: string;
  predictionProba?: string;
  id?: string;
  timestamp?: string;
  segment?: string;
  numerical?: string;
  categorical?: string;
  text?: string;
  datetime?: string;
  method?: string;
  perColumnMethod?: string[];
  threshold?: string;
  correction?: string;
  driftShare?: string;
  json?: string;
  html?: string;
  md?: string;
  junit?: string;
  check?: string[];
  progress?: boolean;
}

export interface DriftRunOptions {
  /** One method for every column (`--method`); otherwise Evidently's default selection. */
  method?: DriftMethodName;
  perColumnMethod: Record<string, DriftMethodName>;
  threshold?: number;
  perColumnThreshold: Record<string, number>;
  correction?: 'bonferroni' | 'bh';
  /** Share of drifted columns at which the data set counts as drifted (Evidently: 0.5). */
  driftShare: number;
}

export interface RunOptions {
  reference: string;
  current: string;
  presets: PresetName[];
  /** The field delimiter of CSV files; undefined: detected per file. */
  delimiter?: string;
  mapping: ColumnMapping;
  /** Probability columns are those whose names start with this; resolved once the files are read. */
  predictionProbaPrefix?: string;
  drift: DriftRunOptions;
  checks: string[];
  output: { json?: string; html?: string; md?: string; junit?: string };
  /** Draw a progress bar on stderr (only ever when stderr is a terminal). */
  progress: boolean;
  /** Most worker threads for the drift preset (`VIGIL_WORKERS`; default one per core, at most 4). */
  workers?: number;
}

export const DEFAULT_PRESETS: readonly PresetName[] = ['drift'];
export const DEFAULT_DRIFT_SHARE = 0.5;

export function resolveRunOptions(flags: CommandFlags, config: ConfigFile = {}): RunOptions {
  const reference = flags.reference ?? config.reference;
  const current = flags.current ?? config.current;
  if (reference === undefined) throw new UsageError('--reference', 'a reference data file (flag or config "reference")');
  if (current === undefined) throw new UsageError('--current', 'a current data file (flag or config "current")');

  const checks = [...(config.checks ?? []), ...(flags.check ?? [])];
  const presets = flags.preset === undefined ? (config.presets ?? defaultPresets(checks)) : parsePresets(flags.preset);
  const fileMapping = config.mapping ?? {};
  const mapping: ColumnMapping = {};
  const pick = (flag: string | undefined, file: string | undefined): string | undefined => flag ?? file;
  assign(mapping, 'target', pick(flags.target, fileMapping.target));
  assign(mapping, 'prediction', pick(flags.prediction, fileMapping.prediction));
  assign(mapping, 'id', pick(flags.id, fileMapping.id));
  assign(mapping, 'timestamp', pick(flags.timestamp, fileMapping.timestamp));
  assign(mapping, 'segment', pick(flags.segment, fileMapping.segment));
  for (const role of ['numerical', 'categorical', 'text', 'datetime'] as const) {
    const list = flags[role] !== undefined ? splitList(flags[role], `--${role}`) : fileMapping[role];
    if (list !== undefined) mapping[role] = list;
  }

  const probaFlag = flags.predictionProba !== undefined ? splitList(flags.predictionProba, '--prediction-proba') : undefined;
  const prefix = flags.predictionProbaPrefix ?? (probaFlag === undefined ? fileMapping.predictionProbaPrefix : undefined);
  if (probaFlag !== undefined && flags.predictionProbaPrefix !== undefined) {
    throw new UsageError('--prediction-proba', 'either --prediction-proba or --prediction-proba-prefix, not both');
  }
  const probaColumns = probaFlag ?? (prefix === undefined ? fileMapping.predictionProbabilities : undefined);
  if (probaColumns !== undefined) {
    // A list names columns whose names are the class labels (Evidently's convention).
    mapping.predictionProbabilities = Array.isArray(probaColumns) ? Object.fromEntries(probaColumns.map((column) => [column, column])) : { ...probaColumns };
  }

  const fileDrift = config.drift ?? {};
  const drift: DriftRunOptions = {
    perColumnMethod: { ...fileDrift.perColumnMethod, ...parsePerColumnMethods(flags.perColumnMethod ?? []) },
    perColumnThreshold: { ...fileDrift.perColumnThreshold },
    driftShare: flags.driftShare !== undefined ? parseNumber(flags.driftShare, '--drift-share', 0, 1) : (fileDrift.driftShare ?? DEFAULT_DRIFT_SHARE),
  };
  const method = flags.method !== undefined ? parseMethod(flags.method, '--method') : fileDrift.method;
  if (method !== undefined) drift.method = method;
  const threshold = flags.threshold !== undefined ? parseNumber(flags.threshold, '--threshold', 0, Infinity) : fileDrift.threshold;
  if (threshold !== undefined) drift.threshold = threshold;
  const correction = flags.correction ?? fileDrift.correction;
  if (correction !== undefined) {
    if (correction !== 'bonferroni' && correction !== 'bh') throw new UsageError('--correction', 'bonferroni or bh', JSON.stringify(correction));
    drift.correction = correction;
  }

  const output = { ...config.output };
  for (const key of ['json', 'html', 'md', 'junit'] as const) if (flags[key] !== undefined) output[key] = flags[key];

  const options: RunOptions = {
    reference,
    current,
    presets,
    mapping,
    drift,
    checks,
    output: stripUndefined(output),
    progress: flags.progress ?? true,
  };
  if (prefix !== undefined) options.predictionProbaPrefix = prefix;
  const delimiter = flags.delimiter ?? config.delimiter;
  if (delimiter !== undefined) options.delimiter = parseDelimiter(delimiter, flags.delimiter !== undefined ? '--delimiter' : 'config "delimiter"');
  return options;
}

/** Without --preset: the presets the checks name (`quality.…` needs quality), in their usual order; drift when they name none. */
function defaultPresets(checks: readonly string[]): PresetName[] {
  const named = new Set(checks.map((check) => /^\s*([a-z]+)\./.exec(check)?.[1]));
  const presets = PRESETS.filter((preset) => named.has(preset));
  return presets.length > 0 ? presets : [...DEFAULT_PRESETS];
}

/** `tab` (or `\\t` as typed in a shell) for a tab; otherwise the one character the CSV loader takes. */
function parseDelimiter(text: string, flag: string): string {
  const delimiter = text === 'tab' || text === '\\t' ? '\t' : text;
  if (!isCsvDelimiter(delimiter)) throw new UsageError(flag, 'one ASCII character other than a quote or a line end (tab for a tab)', JSON.stringify(text));
  return delimiter;
}

function assign(mapping: ColumnMapping, key: 'target' | 'prediction' | 'id' | 'timestamp' | 'segment', value: string | undefined): void {
  if (value !== undefined) mapping[key] = value;
}

function splitList(text: string, flag: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new UsageError(flag, 'a comma-separated list of column names', JSON.stringify(text));
  return items;
}

function parsePresets(text: string): PresetName[] {
  const names = splitList(text, '--preset');
  for (const name of names) {
    if (!(PRESETS as readonly string[]).includes(name)) throw new UsageError('--preset', `one of ${PRESETS.join(', ')}`, JSON.stringify(name));
  }
  return [...new Set(names as PresetName[])];
}

function parseMethod(text: string, flag: string): DriftMethodName {
  if (!(DRIFT_METHODS as readonly string[]).includes(text)) throw new UsageError(flag, `one of ${DRIFT_METHODS.join(', ')}`, JSON.stringify(text));
  return text as DriftMethodName;
}

function parsePerColumnMethods(entries: readonly string[]): Record<string, DriftMethodName> {
  const methods: Record<string, DriftMethodName> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    if (at <= 0) throw new UsageError('--per-column-method', 'column=method', JSON.stringify(entry));
    methods[entry.slice(0, at)] = parseMethod(entry.slice(at + 1), '--per-column-method');
  }
  return methods;
}

function parseNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= min || value > max) {
    throw new UsageError(flag, `a number in (${min}, ${max === Infinity ? '∞' : max}]`, JSON.stringify(text));
  }
  return value;
}

function stripUndefined<T extends Record<string, string | undefined>>(record: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}
