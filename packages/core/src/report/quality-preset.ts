// The quality preset: per-column summaries of reference and current, and the rules that judge the
// current data against the reference (missing share, schema, out-of-range, categories, cardinality,
// constant columns), with Evidently's legacy definitions of each quantity.

import { InvalidArgumentError } from '@vigil/stats';
import { columnDigest } from './column-stats.js';
import type { Category, ColumnDigest } from './column-stats.js';
import { countDuplicatedRows } from './duplicate-rows.js';
import { findColumn, numericValues } from './preset-columns.js';
import type { DatasetStats, PresetFailure, QualityColumnResult, QualitySection, SchemaReport } from './report-model.js';
import type { Cell, ColumnType, Table, TableColumn } from './table.js';

export interface QualityPresetOptions {
  /** Column types (from `inferColumnTypes`); a column left out is typed by how it is stored. */
  columnTypes?: Readonly<Record<string, ColumnType>>;
  /** A column fails when its current missing share is above this (default 0.05). */
  missingShareThreshold?: number;
  /** A numerical column fails when this share of its current values lies outside the reference's [min, max] (default 0.01). */
  outOfRangeShareThreshold?: number;
  /** A categorical column fails when its distinct count changes by more than this fraction (default 0.1). */
  cardinalityChangeThreshold?: number;
  /** Share of all rows the top value must reach for a column to be almost constant (Evidently: 0.95, in [0.5, 1]). */
  almostConstantThreshold?: number;
  /** Categories absent from the reference fail the column (default true). */
  failOnNewCategories?: boolean;
}

/** At most this many new or vanished categories are listed (all are counted). */
const MAX_LISTED_CATEGORIES = 100;

function checkShare(v: number | undefined, name: string, fallback: number, lo = 0, hi = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new InvalidArgumentError(name, `a number in [${lo}, ${hi}]`, v);
  return v;
}

/** How a column is stored, for the schema comparison: 'number', 'string', 'boolean', 'mixed' or 'empty'. */
function storedKind(values: Float64Array | readonly Cell[]): string {
  if (values instanceof Float64Array) return 'number';
  let kind: string | undefined;
  for (const c of values) {
    if (c === null) continue;
    const k = typeof c;
    if (kind === undefined) kind = k;
    else if (k !== kind) return 'mixed';
  }
  return kind ?? 'empty';
}

function storageType(values: Float64Array | readonly Cell[]): ColumnType {
  const k = storedKind(values);
  return k === 'number' ? 'numerical' : k === 'boolean' ? 'boolean' : 'categorical';
}

function digest(table: Table, column: TableColumn, type: ColumnType, almostConstant: number): ColumnDigest {
  const numeric = type === 'numerical' ? numericValues(table, column) : undefined;
  return columnDigest(type, table.rowCount, numeric, column.values, almostConstant);
}

function datasetStats(table: Table, digests: readonly ColumnDigest[]): DatasetStats {
  let missing = 0;
  let constant = 0;
  let almost = 0;
  let empty = 0;
  for (const d of digests) {
    missing += d.stats.missing;
    if (d.stats.constant) constant++;
    if (d.stats.almostConstant) almost++;
    if (d.stats.count === 0) empty++;
  }
  const duplicatedRows = countDuplicatedRows(table);
  const cells = table.rowCount * table.columns.length;
  return {
    rows: table.rowCount,
    columns: table.columns.length,
    duplicatedRows,
    duplicatedRowsShare: table.rowCount === 0 ? 0 : duplicatedRows / table.rowCount,
    constantColumns: constant,
    almostConstantColumns: almost,
    emptyColumns: empty,
    missingValues: missing,
    missingShare: cells === 0 ? 0 : missing / cells,
  };
}

function sortCategories(a: Category, b: Category): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function difference(a: Map<Category, number>, b: Map<Category, number>): Category[] {
  const out: Category[] = [];
  for (const k of a.keys()) if (!b.has(k)) out.push(k);
  return out.sort(sortCategories);
}

/**
 * Runs the quality preset. Columns present in both tables are compared; the others appear in
 * `schema`. Summary statistics follow pandas (`describe`, std with ddof 1, linear quartiles).
 */
export function qualityPreset(reference: Table, current: Table, options: QualityPresetOptions = {}): QualitySection {
  const thresholds = {
    missingShare: checkShare(options.missingShareThreshold, 'missingShareThreshold', 0.05),
    outOfRangeShare: checkShare(options.outOfRangeShareThreshold, 'outOfRangeShareThreshold', 0.01),
    cardinalityChange: checkShare(options.cardinalityChangeThreshold, 'cardinalityChangeThreshold', 0.1, 0, Number.MAX_VALUE),
    almostConstant: checkShare(options.almostConstantThreshold, 'almostConstantThreshold', 0.95, 0.5, 1),
  };
  const failOnNew = options.failOnNewCategories ?? true;
  const typeOf = (c: TableColumn): ColumnType => options.columnTypes?.[c.name] ?? storageType(c.values);

  const refDigests = new Map<string, ColumnDigest>();
  for (const c of reference.columns) refDigests.set(c.name, digest(reference, c, typeOf(c), thresholds.almostConstant));
  const curDigests = new Map<string, ColumnDigest>();
  for (const c of current.columns) {
    const rc = findColumn(reference, c.name);
    // A shared column is read with the reference's type so both sides are summarised alike.
    curDigests.set(c.name, digest(current, c, typeOf(rc ?? c), thresholds.almostConstant));
  }

  const schema: SchemaReport = { missingColumns: [], extraColumns: [], typeChanges: [], passed: true };
  for (const c of reference.columns) if (findColumn(current, c.name) === undefined) schema.missingColumns.push(c.name);
  for (const c of current.columns) if (findColumn(reference, c.name) === undefined) schema.extraColumns.push(c.name);

  const failures: PresetFailure[] = [];
  const columns: Record<string, QualityColumnResult> = {};
  for (const rc of reference.columns) {
    const cc = findColumn(current, rc.name);
    if (cc === undefined) continue;
    const rk = storedKind(rc.values);
    const ck = storedKind(cc.values);
    if (rk !== ck && rk !== 'empty' && ck !== 'empty') schema.typeChanges.push({ column: rc.name, reference: rk, current: ck });
    const type = typeOf(rc);
    const ref = refDigests.get(rc.name) as ColumnDigest;
    const cur = curDigests.get(rc.name) as ColumnDigest;
    const r: QualityColumnResult = {
      name: rc.name,
      type,
      missingShare: cur.stats.missingShare,
      missingFailed: cur.stats.missingShare > thresholds.missingShare,
      reference: ref.stats,
      current: cur.stats,
      cardinalityChange: ref.stats.unique === 0 ? null : Math.abs(cur.stats.unique - ref.stats.unique) / ref.stats.unique,
      cardinalityFailed: false,
      failed: false,
    };
    if (r.missingFailed) {
      failures.push({ rule: 'missingShare', column: rc.name, message: `missing share ${r.missingShare} is above ${thresholds.missingShare}` });
    }
    if (type === 'numerical' && ref.min !== undefined && ref.max !== undefined) {
      const x = numericValues(current, cc);
      let count = 0;
      let nonMissing = 0;
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number;
        if (Number.isNaN(v)) continue;
        nonMissing++;
        if (v < ref.min || v > ref.max) count++;
      }
      const share = nonMissing === 0 ? 0 : count / nonMissing;
      const failed = share > thresholds.outOfRangeShare;
      r.outOfRange = { min: ref.min, max: ref.max, count, share, failed };
      if (failed) {
        failures.push({
          rule: 'outOfRange',
          column: rc.name,
          message: `${count} values (share ${share}) lie outside the reference range [${ref.min}, ${ref.max}]`,
        });
      }
    }
    if ((type === 'categorical' || type === 'boolean') && ref.categories !== undefined && cur.categories !== undefined) {
      const added = difference(cur.categories, ref.categories);
      const vanished = difference(ref.categories, cur.categories);
      r.newCategories = added.slice(0, MAX_LISTED_CATEGORIES);
      r.newCategoryCount = added.length;
      r.vanishedCategories = vanished.slice(0, MAX_LISTED_CATEGORIES);
      r.vanishedCategoryCount = vanished.length;
      if (failOnNew && added.length > 0) {
        failures.push({
          rule: 'newCategories',
          column: rc.name,
          message: `${added.length} ${added.length === 1 ? 'category' : 'categories'} absent from the reference: ${added
            .slice(0, 5)
            .map((c) => JSON.stringify(c))
            .join(', ')}${added.length > 5 ? ', …' : ''}`,
        });
      }
      r.cardinalityFailed = r.cardinalityChange !== null && r.cardinalityChange > thresholds.cardinalityChange;
      if (r.cardinalityFailed) {
        failures.push({
          rule: 'cardinality',
          column: rc.name,
          message: `distinct values changed from ${ref.stats.unique} to ${cur.stats.unique} (by ${(100 * (r.cardinalityChange ?? 0)).toFixed(1)} %), above ${100 * thresholds.cardinalityChange} %`,
        });
      }
    }
    r.failed = failures.some((f) => f.column === rc.name);
    columns[rc.name] = r;
  }

  schema.passed = schema.missingColumns.length === 0 && schema.extraColumns.length === 0 && schema.typeChanges.length === 0;
  if (!schema.passed) {
    const parts: string[] = [];
    if (schema.missingColumns.length > 0) parts.push(`missing columns ${schema.missingColumns.join(', ')}`);
    if (schema.extraColumns.length > 0) parts.push(`extra columns ${schema.extraColumns.join(', ')}`);
    for (const t of schema.typeChanges) parts.push(`${t.column} changed from ${t.reference} to ${t.current}`);
    failures.push({ rule: 'schema', message: parts.join('; ') });
  }

  const refStats = datasetStats(reference, [...refDigests.values()]);
  const curStats = datasetStats(current, [...curDigests.values()]);
  // Evidently's defaults with a reference: constant and almost-constant counts lte(reference).
  if (curStats.constantColumns > refStats.constantColumns) {
    failures.push({ rule: 'constantColumns', message: `${curStats.constantColumns} constant columns, the reference has ${refStats.constantColumns}` });
  }
  if (curStats.almostConstantColumns > refStats.almostConstantColumns) {
    failures.push({
      rule: 'almostConstantColumns',
      message: `${curStats.almostConstantColumns} almost-constant columns, the reference has ${refStats.almostConstantColumns}`,
    });
  }

  return { thresholds, reference: refStats, current: curStats, schema, columns, failures, passed: failures.length === 0 };
}
