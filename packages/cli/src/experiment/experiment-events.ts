// Exposure and outcome events read off loaded tables (CSV, NDJSON or Parquet), each cell checked as
// the API checks the same field, every fault an InputError naming the file, row and column.
// Outcomes come long (a row per unit, metric and value, as `POST …/outcomes` takes them) or wide (a
// row per unit and time with a column per metric, empty where there is no value).

import type { ExperimentConfig } from '@vigil/wire';
import { MAX_ID_LENGTH } from '@vigil/wire';
import { parseNumberCell } from '@vigil/tables';
import type { LoadedColumn, LoadedTable } from '@vigil/tables';
import { InputError } from '../errors.js';
import type { ExposureRecord, OutcomeRecord } from '@vigil/core';

/** The columns the events are read from. */
export interface EventColumns {
  unit: string;
  variant: string;
  timestamp: string;
  metric: string;
  value: string;
}

export const DEFAULT_EVENT_COLUMNS: EventColumns = { unit: 'unit', variant: 'variant', timestamp: 'timestamp', metric: 'metric', value: 'value' };

type CellValue = string | number | boolean | null;

function cellAt(column: LoadedColumn, i: number): CellValue {
  const v = column.values;
  if (v instanceof Float64Array) {
    const x = v[i]!;
    return Number.isNaN(x) ? null : x;
  }
  if (column.encoded !== undefined) return column.encoded.dictionary[column.encoded.codes[i]!] ?? null;
  return (v as readonly CellValue[])[i] ?? null;
}

function find(table: LoadedTable, name: string): LoadedColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

function need(table: LoadedTable, name: string, what: string, flag: string): LoadedColumn {
  const c = find(table, name);
  if (c === undefined) throw new InputError(table.source, 1, name, `no column "${name}" (${what}; name another with ${flag})`);
  return c;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const MAX_EPOCH_MS = 8.64e15;

/**
 * A timestamp as the API takes one: epoch milliseconds (a whole number), or an ISO 8601 date or
 * date-time; one without a time zone (a CSV or a naive Parquet timestamp) is read as UTC.
 */
export function parseTimestamp(cell: CellValue): number | string {
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 0 && cell <= MAX_EPOCH_MS) return cell;
    return 'epoch milliseconds (a whole number ≥ 0) or an ISO 8601 date-time';
  }
  if (typeof cell === 'string') {
    const text = cell.trim();
    if (ISO_DATE.test(text)) {
      const iso = text.replace(' ', 'T');
      const ms = Date.parse(HAS_ZONE.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
      if (Number.isFinite(ms) && ms >= 0) return ms;
    }
    return 'an ISO 8601 date-time or epoch milliseconds';
  }
  return cell === null ? 'a timestamp (the cell is empty)' : 'a timestamp';
}

/** A unit id or a name from a cell: text as it is, a number as JavaScript writes it (as the file's reader typed it). */
function textOf(cell: CellValue): string | null {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' && Number.isFinite(cell)) return String(cell);
  return null;
}

function unitOf(cell: CellValue): string | string[] {
  const u = textOf(cell);
  if (u === null || u === '') return ['a unit id (the cell is empty)'];
  if (u.length > MAX_ID_LENGTH || u.includes('\u0000')) return [`a unit id of at most ${MAX_ID_LENGTH} characters, without NUL`];
  return u;
}

function fail(table: LoadedTable, row: number, column: string, expected: string, cell?: CellValue): never {
  const got = cell === undefined || cell === null ? '' : `, got ${JSON.stringify(cell)}`;
  throw new InputError(table.source, row + table.firstDataRow, column, `expected ${expected}${got}`);
}

function timestampsOf(table: LoadedTable, columns: EventColumns): ((i: number) => number) | undefined {
  const c = find(table, columns.timestamp);
  if (c === undefined) return undefined;
  return (i) => {
    const cell = cellAt(c, i);
    const t = parseTimestamp(cell);
    if (typeof t === 'string') fail(table, i, c.name, t, cell);
    return t;
  };
}

/**
 * Exposures: unit, variant (a served variant of the experiment, by name) and timestamp. Without a
 * timestamp column every event is at time 0 (all outcomes then count, as for events sent without
 * timestamps at one moment).
 */
export function exposuresOf(table: LoadedTable, config: ExperimentConfig, columns: EventColumns = DEFAULT_EVENT_COLUMNS): ExposureRecord[] {
  const unit = need(table, columns.unit, 'the unit id', '--unit-column');
  const variant = need(table, columns.variant, "the variant's name", '--variant-column');
  const ts = timestampsOf(table, columns);
  const index = new Map<string, number>();
  config.variants.forEach((v, i) => {
    if (v.shadow !== true) index.set(v.name, i);
  });
  const out: ExposureRecord[] = new Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const u = unitOf(cellAt(unit, i));
    if (typeof u !== 'string') fail(table, i, unit.name, u[0]!);
    const cell = cellAt(variant, i);
    const v = index.get(textOf(cell) ?? '');
    if (v === undefined) fail(table, i, variant.name, `a variant of "${config.name}": one of ${[...index.keys()].join(', ')}`, cell);
    out[i] = { unit: u, variant: v, ts: ts === undefined ? 0 : ts(i) };
  }
  return out;
}

/** A value: a number, a number written as text (a column of mixed cells is read as text), or a boolean as 1 or 0. */
function valueOf(cell: CellValue): number | undefined {
  let v: number | undefined;
  if (typeof cell === 'boolean') v = cell ? 1 : 0;
  else if (typeof cell === 'number') v = cell;
  else if (typeof cell === 'string') {
    const lower = cell.trim().toLowerCase();
    v = lower === 'true' ? 1 : lower === 'false' ? 0 : parseNumberCell(cell);
  }
  return v !== undefined && Number.isFinite(v) && Math.abs(v) <= 1e15 ? v : undefined;
}

/**
 * Outcomes: long (unit, metric, value, timestamp) when the file has the metric column, otherwise
 * wide (unit, timestamp and a column per outcome metric of the experiment; empty cells are no outcome).
 * Values are numbers (booleans count 1 and 0, text that pandas reads as a number counts as that
 * number) within ±1e15, as the API takes them.
 */
export function outcomesOf(table: LoadedTable, config: ExperimentConfig, columns: EventColumns = DEFAULT_EVENT_COLUMNS): OutcomeRecord[] {
  const metrics = config.metrics.filter((m) => m.source === 'outcomes').map((m) => m.name);
  const unit = need(table, columns.unit, 'the unit id', '--unit-column');
  const ts = timestampsOf(table, columns);
  const out: OutcomeRecord[] = [];
  const metric = find(table, columns.metric);
  if (metric !== undefined) {
    const value = need(table, columns.value, "the outcome's value", '--value-column');
    const known = new Set(metrics);
    for (let i = 0; i < table.rowCount; i++) {
      const u = unitOf(cellAt(unit, i));
      if (typeof u !== 'string') fail(table, i, unit.name, u[0]!);
      const m = textOf(cellAt(metric, i));
      if (m === null || !known.has(m))
        fail(
          table,
          i,
          metric.name,
          metrics.length === 0 ? `an outcome metric ("${config.name}" has none)` : `an outcome metric of "${config.name}": one of ${metrics.join(', ')}`,
          cellAt(metric, i),
        );
      const cell = cellAt(value, i);
      const v = valueOf(cell);
      if (v === undefined) fail(table, i, value.name, 'a number within ±1e15', cell);
      out.push({ unit: u, metric: m, value: v, ts: ts === undefined ? 0 : ts(i) });
    }
    return out;
  }
  const wide = metrics.map((name) => ({ name, column: find(table, name) })).filter((x): x is { name: string; column: LoadedColumn } => x.column !== undefined);
  if (wide.length === 0)
    throw new InputError(
      table.source,
      1,
      undefined,
      `no "${columns.metric}" column (long outcomes: unit, metric, value, timestamp) and no column named after an outcome metric (${metrics.join(', ')})`,
    );
  for (let i = 0; i < table.rowCount; i++) {
    const u = unitOf(cellAt(unit, i));
    if (typeof u !== 'string') fail(table, i, unit.name, u[0]!);
    const t = ts === undefined ? 0 : ts(i);
    for (const { name, column } of wide) {
      const cell = cellAt(column, i);
      if (cell === null || cell === '') continue;
      const v = valueOf(cell);
      if (v === undefined) fail(table, i, column.name, 'a number within ±1e15, or an empty cell', cell);
      out.push({ unit: u, metric: name, value: v, ts: t });
    }
  }
  return out;
}
