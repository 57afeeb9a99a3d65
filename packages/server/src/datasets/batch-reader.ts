// A dataset batch from any body (JSON rows, NDJSON lines, a CSV or Parquet table) as columns: the
// declared features, the entity key and the timestamp column, checked against the declared types.
// Every fault is a 400 naming the row and column as the body's format counts them; nothing is kept.

import { batchTypeViolations, cellAt } from '@vigil/core';
import type { Cell, DatasetColumn } from '@vigil/core';
import { parseNumberCell } from '@vigil/tables';
import type { LoadedTable } from '@vigil/tables';
import type { DatasetConfig, ErrorDetail, FeatureType } from '@vigil/wire';
import { BadRequestError } from '../errors.js';

/** Where a batch comes from, already parsed by its route (and, for files, loaded by @vigil/tables). */
export type BatchSource =
  { kind: 'rows'; rows: readonly unknown[]; format: 'json' | 'ndjson' } | { kind: 'table'; table: LoadedTable; format: 'csv' | 'parquet' };

export interface ReadBatch {
  rows: number;
  /** The stored columns: present features, the entity key, and the timestamp column (as epoch ms). */
  columns: Map<string, DatasetColumn>;
  /** Each row's own time (the timestamp column), or null when the dataset has none. */
  times: Float64Array | null;
  /** Columns that are neither features nor the key nor the timestamp (first 100, by name). */
  unknownColumns: string[];
}

const FORMAT_NAMES = { json: 'the JSON body', ndjson: 'the NDJSON body', csv: 'the CSV body', parquet: 'the Parquet body' } as const;
/** Details listed in one refusal. */
const MAX_DETAILS = 20;
const MAX_UNKNOWN_LISTED = 100;
const MAX_TIME = 8.64e15;
const CSV_BOOLEANS: Readonly<Record<string, boolean>> = { True: true, TRUE: true, true: true, False: false, FALSE: false, false: false };

function place(source: BatchSource): (row: number, column: string) => { path: string; text: string } {
  const name = FORMAT_NAMES[source.format];
  switch (source.format) {
    case 'json':
      return (i, c) => ({ path: `rows[${i}].${c}`, text: `rows[${i}].${c}` });
    case 'ndjson':
      return (i, c) => ({ path: `line ${i + 1}.${c}`, text: `${name}, line ${i + 1}, column "${c}"` });
    default: {
      const first = source.kind === 'table' ? source.table.firstDataRow : 1;
      return (i, c) => ({ path: `row ${i + first}, column "${c}"`, text: `${name}, row ${i + first}, column "${c}"` });
    }
  }
}

function refuse(details: ErrorDetail[], text: string): never {
  throw new BadRequestError(text, details.slice(0, MAX_DETAILS));
}

const isScalar = (v: unknown): v is Cell => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Numbers only (NaN for missing) when every value is a number or missing; else the cells as they are. */
function numericIfAll(cells: Cell[]): DatasetColumn {
  for (const v of cells) if (v !== null && typeof v !== 'number') return cells;
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = (cells[i] as number | null) ?? Number.NaN;
  return out;
}

/** The columns named `wanted` out of JSON rows; every row must be an object of scalars. */
function columnsOfRows(rows: readonly unknown[], wanted: ReadonlySet<string>, at: ReturnType<typeof place>, format: 'json' | 'ndjson') {
  const columns = new Map<string, Cell[]>();
  for (const name of wanted) columns.set(name, new Array<Cell>(rows.length).fill(null));
  const unknown = new Set<string>();
  const present = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      const path = format === 'json' ? `rows[${i}]` : `line ${i + 1}`;
      refuse([{ path, message: 'a JSON object of column values' }], `${path}: expected a JSON object of column values`);
    }
    for (const key in r as Record<string, unknown>) {
      if (!Object.hasOwn(r, key)) continue;
      const v = (r as Record<string, unknown>)[key];
      if (key.includes('\u0000')) {
        const p = at(i, JSON.stringify(key));
        refuse([{ path: p.path, message: 'a column name without NUL (U+0000)' }], `${p.text}: a column name may not hold NUL (U+0000)`);
      }
      const column = columns.get(key);
      if (column === undefined) {
        unknown.add(key);
        continue;
      }
      if (!isScalar(v)) {
        const p = at(i, key);
        refuse(
          [{ path: p.path, message: `a number, string, boolean or null, got ${JSON.stringify(v)}` }],
          `${p.text}: expected a number, string, boolean or null`,
        );
      }
      column[i] = v;
      present.add(key);
    }
  }
  for (const name of wanted) if (!present.has(name)) columns.delete(name);
  return { columns, unknown };
}

/** A CSV or Parquet table's columns named `wanted`; CSV cells of numeric features are read as pandas reads numbers. */
function columnsOfTable(source: Extract<BatchSource, { kind: 'table' }>, wanted: ReadonlySet<string>, types: Readonly<Record<string, FeatureType>>) {
  const typeOf = (name: string): FeatureType | undefined => (Object.hasOwn(types, name) ? types[name] : undefined);
  const columns = new Map<string, DatasetColumn>();
  const unknown = new Set<string>();
  const csv = source.format === 'csv';
  for (const c of source.table.columns) {
    if (c.name.includes('\u0000'))
      refuse([{ path: `column ${JSON.stringify(c.name)}`, message: 'a column name without NUL (U+0000)' }], 'a column name may not hold NUL (U+0000)');
    if (!wanted.has(c.name)) {
      unknown.add(c.name);
      continue;
    }
    let values: DatasetColumn = c.values instanceof Float64Array ? c.values : Array.from(c.values);
    const type = typeOf(c.name);
    if (csv && !(values instanceof Float64Array) && type === 'numeric') {
      // CSV has no types: a numeric column loaded as text because of one odd cell keeps its numbers, and the odd cell is refused.
      const cells = values as Cell[];
      values = numericIfAll(cells.map((v) => (typeof v === 'string' ? (parseNumberCell(v) ?? v) : v)));
    } else if (csv && !(values instanceof Float64Array) && type === 'boolean') {
      // pandas' spellings of booleans, in a column it kept as text because of another cell.
      values = (values as Cell[]).map((v) => (typeof v === 'string' && Object.hasOwn(CSV_BOOLEANS, v) ? CSV_BOOLEANS[v]! : v));
    } else if (csv && values instanceof Float64Array && type === 'text') {
      // A text column of digits loaded as numbers is text all the same.
      const nums = values;
      values = Array.from(nums, (v) => (Number.isNaN(v) ? null : String(v)));
    }
    columns.set(c.name, values);
  }
  return { columns, unknown };
}

/** Reads a batch against the dataset's definition; throws a 400 naming the first bad cells. */
export function readBatch(source: BatchSource, config: DatasetConfig): ReadBatch {
  const at = place(source);
  const wanted = new Set<string>(Object.keys(config.features));
  if (config.entityKey !== undefined) wanted.add(config.entityKey);
  if (config.timestampColumn !== undefined) wanted.add(config.timestampColumn);
  const numeric = new Set(Object.entries(config.features).flatMap(([n, t]) => (t === 'numeric' ? [n] : [])));
  let rows: number;
  let columns: Map<string, DatasetColumn>;
  let unknown: Set<string>;
  if (source.kind === 'rows') {
    rows = source.rows.length;
    const read = columnsOfRows(source.rows, wanted, at, source.format);
    columns = new Map();
    for (const [name, cells] of read.columns) columns.set(name, numeric.has(name) ? numericIfAll(cells) : cells);
    unknown = read.unknown;
  } else {
    rows = source.table.rowCount;
    ({ columns, unknown } = columnsOfTable(source, wanted, config.features));
  }
  for (const [what, name] of [
    ['entityKey', config.entityKey],
    ['timestampColumn', config.timestampColumn],
  ] as const) {
    if (name !== undefined && !columns.has(name)) {
      const p = at(0, name);
      refuse([{ path: p.path, message: `a column "${name}" (the dataset's ${what})` }], `${p.text}: the batch has no column "${name}" (the dataset's ${what})`);
    }
  }
  const features = Object.fromEntries(Object.entries(config.features).filter(([n]) => n !== config.entityKey && n !== config.timestampColumn));
  const violations = batchTypeViolations(columns, features, rows, MAX_DETAILS);
  if (violations.count > 0) {
    const details = violations.first.map((v) => ({
      path: at(v.row, v.column).path,
      message: `${v.expected} (feature "${v.column}" is ${config.features[v.column]}), got ${JSON.stringify(v.got)}`,
    }));
    const first = violations.first[0]!;
    refuse(
      details,
      `${at(first.row, first.column).text}: expected ${first.expected} (feature "${first.column}" is ${config.features[first.column]}), got ${JSON.stringify(first.got)}${violations.count > 1 ? ` (and ${violations.count - 1} more)` : ''}`,
    );
  }
  if (config.entityKey !== undefined) {
    const entities = columns.get(config.entityKey)!;
    if (!(entities instanceof Float64Array))
      for (let i = 0; i < rows; i++) {
        const v = cellAt(entities, i);
        if (typeof v === 'string' && v.length > 1024) {
          const p = at(i, config.entityKey);
          refuse([{ path: p.path, message: 'an entity key of at most 1024 characters' }], `${p.text}: an entity key of at most 1024 characters`);
        }
      }
  }
  let times: Float64Array | null = null;
  if (config.timestampColumn !== undefined) {
    const name = config.timestampColumn;
    const column = columns.get(name)!;
    times = new Float64Array(rows);
    const bad: ErrorDetail[] = [];
    for (let i = 0; i < rows; i++) {
      const v = cellAt(column, i);
      const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
      if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME) {
        bad.push({ path: at(i, name).path, message: `a time (ISO 8601 or epoch milliseconds), got ${JSON.stringify(v)}` });
        if (bad.length >= MAX_DETAILS) break;
        continue;
      }
      times[i] = ms;
    }
    if (bad.length > 0) {
      const first = bad[0]!;
      refuse(bad, `${first.path}: expected ${first.message}`);
    }
    columns.set(name, times);
  }
  return { rows, columns, times, unknownColumns: [...unknown].sort().slice(0, MAX_UNKNOWN_LISTED) };
}
