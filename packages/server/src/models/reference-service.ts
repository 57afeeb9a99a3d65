// A model's reference data: uploads (JSON rows, NDJSON, CSV and Parquet read as pandas reads them,
// with @vigil/tables, the loaders `vigil report` uses), or a past window of the model's own events;
// checked against the model's schema and stored with its profile and CBPE calibration.

import { predictionProblem } from '@vigil/core';
import type { Cell, ModelSchema } from '@vigil/core';
import { parseNumberCell } from '@vigil/tables';
import type { LoadedTable } from '@vigil/tables';
import type { FeatureType, PredictionValue, ReferenceInfo } from '@vigil/wire';
import { BadRequestError } from '../errors.js';
import type { ModelRow, Store } from '../storage/store.js';
import { modelSchemaOf } from './model-records.js';
import type { ModelService } from './model-service.js';
import { buildReference } from './reference-data.js';
import { UploadReader } from './upload-reader.js';
import { datasetRows } from '../datasets/dataset-rows.js';
import { DatasetStore } from '../storage/dataset-store.js';

export interface ReferenceServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly models: ModelService;
  /** Rows an upload may hold at most (config `referenceMaxRows`). */
  readonly maxRows: number;
  /** Bytes an upload's data may take decoded at most (config `referenceMaxBytes`): the CSV body, or a Parquet file's columns as its metadata sizes them. */
  readonly maxBytes: number;
  /** Threads that read uploaded files (default 2); more uploads at once wait, up to 8, then get a 503. */
  readonly workers?: number;
  /**
   * The model's data policy on uploaded rows (all but the `keep` columns), before anything is
   * stored; a window of the model's own events passed it at ingest already.
   */
  readonly personalData?: (
    projectId: number,
    modelName: string,
    rows: readonly Record<string, unknown>[],
    keep: ReadonlySet<string>,
  ) => Promise<readonly Record<string, unknown>[]>;
}

/** Where a reference comes from, already parsed by its route. */
export type ReferenceSource =
  | { kind: 'rows'; rows: readonly Record<string, unknown>[]; target?: string | undefined; prediction?: string | undefined; format: 'json' | 'ndjson' }
  | { kind: 'file'; bytes: Uint8Array; format: 'csv' | 'parquet'; target?: string | undefined; prediction?: string | undefined }
  | { kind: 'window'; from: number; to: number }
  | { kind: 'dataset'; name: string; target?: string | undefined; prediction?: string | undefined };

const FORMAT_NAMES = { json: 'the JSON body', ndjson: 'the NDJSON body', csv: 'the CSV body', parquet: 'the Parquet body' } as const;
const WINDOW_LIMIT = 1_000_000;

/** Rows of a loaded table (missing cells as null, as pandas' NaN). */
function rowsOf(table: LoadedTable): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = Array.from({ length: table.rowCount }, () => ({}));
  for (const column of table.columns) {
    const values = column.values;
    for (let i = 0; i < table.rowCount; i++) {
      const v: Cell | number = values[i] ?? null;
      rows[i]![column.name] = typeof v === 'number' && Number.isNaN(v) ? null : v;
    }
  }
  return rows;
}

/** Where a bad cell is, as an error message and a detail path name it. */
type CellPlace = (row: number, column: string) => { path: string; text: string };

/**
 * Every numeric feature of the schema holds numbers (or missing values): else the first bad cell, by
 * row and then column. `cellsAreText`: the source writes numbers as text (CSV), so a column that loaded
 * as text holds "2" as much as "abc", and the bad cell is the first that does not read as a number
 * (pandas' syntax); a source of typed values (JSON, Parquet) is wrong at its first value that is not a number.
 */
function checkNumericColumns(rows: readonly Record<string, unknown>[], schema: ModelSchema, where: CellPlace, cellsAreText: boolean): void {
  const notNumber = (v: unknown) => v !== undefined && v !== null && typeof v !== 'number';
  const notNumberText = (v: unknown) => notNumber(v) && !(typeof v === 'string' && parseNumberCell(v) !== undefined);
  let first: { row: number; name: string } | undefined;
  for (const [name, type] of Object.entries(schema.features)) {
    if (type !== 'numeric') continue;
    let row = cellsAreText ? rows.findIndex((r) => notNumberText(r[name])) : -1;
    if (row < 0) row = rows.findIndex((r) => notNumber(r[name]));
    if (row >= 0 && (first === undefined || row < first.row)) first = { row, name };
  }
  if (first === undefined) return;
  const { row, name } = first;
  const got = JSON.stringify(rows[row]![name]);
  const at = where(row, name);
  throw new BadRequestError(`${at.text}: expected a number (feature "${name}" is numeric), got ${got}`, [
    { path: at.path, message: `a number (feature "${name}" is numeric), got ${got}` },
  ]);
}

/**
 * Every prediction of the reference is one the model's ingest would take (a binary score in
 * [0, 1], a number for regression and ranking): else the first one that is not, by row.
 */
function checkPredictions(rows: readonly Record<string, unknown>[], column: string | undefined, schema: ModelSchema, where: CellPlace): void {
  if (column === undefined) return;
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![column];
    if (v === undefined || v === null) continue;
    const value = typeof v === 'string' && schema.type !== 'multiclass' ? (parseNumberCell(v) ?? v) : v;
    const problem = typeof value === 'object' ? null : predictionProblem(value as PredictionValue, schema.type);
    if (problem === null) continue;
    const at = where(i, column);
    throw new BadRequestError(`${at.text}: expected ${problem}, got ${JSON.stringify(v)}`, [
      { path: at.path, message: `${problem}, got ${JSON.stringify(v)}` },
    ]);
  }
}

export class ReferenceService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly models: ModelService;
  private readonly personalData: ReferenceServiceDeps['personalData'];
  private readonly reader: UploadReader;

  constructor(deps: ReferenceServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.models = deps.models;
    this.personalData = deps.personalData;
    this.reader = new UploadReader({
      maxRows: deps.maxRows,
      maxBytes: deps.maxBytes,
      workers: deps.workers ?? 2,
      noun: 'the reference upload',
      what: 'reference uploads',
    });
  }

  /** Stops the threads that read uploads. */
  close(): Promise<void> {
    return this.reader.close();
  }

  /** Replaces the model's reference data. */
  async put(projectId: number, modelName: string, source: ReferenceSource): Promise<ReferenceInfo> {
    const model = await this.models.resolve(projectId, modelName);
    const schema = modelSchemaOf(model);
    const { rows, target, prediction, description, where } = await this.readSource(model, source);
    const cellsAreText = source.kind === 'file' && source.format === 'csv';
    if (rows.length === 0) throw new BadRequestError('the reference has no rows', [{ path: 'body', message: 'at least one row' }], 'EMPTY_REFERENCE');
    for (const [name, col] of [
      ['target', target],
      ['prediction', prediction],
    ] as const) {
      if (col !== undefined && !(col in rows[0]!)) {
        throw new BadRequestError(`the ${name} column "${col}" is not in the reference`, [
          { path: name, message: `one of ${Object.keys(rows[0]!).join(', ')}` },
        ]);
      }
    }
    checkNumericColumns(rows, schema, where, cellsAreText);
    if (source.kind !== 'window') checkPredictions(rows, prediction, schema, where);
    // Personal data is handled after the checks (their errors name the cells as sent) and before anything is stored.
    const guarded =
      source.kind === 'window' || this.personalData === undefined
        ? rows
        : await this.personalData(projectId, model.name, rows, new Set([target, prediction].filter((c) => c !== undefined)));
    const built = buildReference({ rows: guarded, target, prediction }, schema);
    if (Object.keys(schema.features).length === 0) {
      // A model with no schema yet learns it from its reference.
      const learnt: Record<string, FeatureType> = {};
      for (const [name, values] of Object.entries(built.columns.features)) {
        const v = values.find((x) => x !== null);
        learnt[name] = typeof v === 'number' ? 'numeric' : typeof v === 'boolean' ? 'boolean' : 'categorical';
      }
      await this.models.learnFeatures(model, learnt);
    }
    // `updated_at` also tells cached answers which reference they used: it moves forward on every replacement.
    const previous = await this.store.referenceInfo(model.id);
    const now = Math.max(this.clock(), (previous?.updated_at ?? 0) + 1);
    await this.store.putReference({
      model_id: model.id,
      source: description,
      rows: built.rows,
      data: built.data,
      profile: built.profile,
      performance: built.performance,
      updated_at: now,
    });
    return { model: model.name, rows: built.rows, source: description, updatedAt: new Date(now).toISOString() };
  }

  private async readSource(
    model: ModelRow,
    source: ReferenceSource,
  ): Promise<{ rows: readonly Record<string, unknown>[]; target: string | undefined; prediction: string | undefined; description: string; where: CellPlace }> {
    switch (source.kind) {
      case 'rows': {
        const name = FORMAT_NAMES[source.format];
        if (source.rows.length > this.reader.maxRows) throw this.reader.tooLarge('rows', source.rows.length, true);
        const where =
          source.format === 'json'
            ? (i: number, c: string) => ({ path: `rows[${i}].${c}`, text: `rows[${i}].${c}` })
            : (i: number, c: string) => ({ path: `line ${i + 1}.${c}`, text: `${name}, line ${i + 1}, column "${c}"` });
        return { rows: source.rows, target: source.target, prediction: source.prediction, description: `${source.format} upload`, where };
      }
      case 'file': {
        const name = FORMAT_NAMES[source.format];
        const table = await this.reader.load(source.bytes, source.format, name);
        const first = table.firstDataRow;
        const where = (i: number, c: string) => ({ path: `row ${i + first}, column "${c}"`, text: `${name}, row ${i + first}, column "${c}"` });
        return { rows: rowsOf(table), target: source.target, prediction: source.prediction, description: `${source.format} upload`, where };
      }
      case 'dataset': {
        const rows = await datasetRows(new DatasetStore(this.store.db, this.store.dialect), model.project_id, source.name, this.reader.maxRows, (n) =>
          this.reader.tooLarge('rows', n, true),
        );
        return {
          rows,
          target: source.target,
          prediction: source.prediction,
          description: `dataset ${source.name}`,
          where: (i, c) => ({ path: `dataset.rows[${i}].${c}`, text: `dataset "${source.name}", row ${i + 1}, column "${c}"` }),
        };
      }
      case 'window': {
        const events = await this.store.labelledWindow(model.id, source.from, source.to, WINDOW_LIMIT);
        const rows = events.map((e) => ({
          ...(JSON.parse(e.features) as Record<string, unknown>),
          __prediction: JSON.parse(e.prediction),
          __label: e.label === null ? null : JSON.parse(e.label),
        }));
        const description = `window ${new Date(source.from).toISOString()}..${new Date(source.to).toISOString()}`;
        return {
          rows,
          target: '__label',
          prediction: '__prediction',
          description,
          where: (i, c) => ({ path: `window[${i}].${c}`, text: `event ${i + 1} of the window, feature "${c}"` }),
        };
      }
    }
  }
}
