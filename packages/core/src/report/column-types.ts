// Column types as Evidently infers them (notes §1.8), so that drift picks the tests Evidently picks:
// the new API's dtype rules for features, the legacy ≤ 5-unique rule for target and prediction.

import type { ColumnMapping } from './report-model.js';
import { codeCounts } from './table.js';
import type { Cell, ColumnType, Table, TableColumn } from './table.js';

/** Evidently `INTEGER_CARDINALITY_LIMIT`: an integer column with at most this many values is categorical. */
export const INTEGER_CARDINALITY_LIMIT = 10;
/** Evidently legacy `NUMBER_UNIQUE_AS_CATEGORICAL`: a target or prediction with at most this many values is categorical. */
export const NUMBER_UNIQUE_AS_CATEGORICAL = 5;

// Numbers: distinct values are counted only this far — every rule compares with 10 or fewer.
const DISTINCT_CAP = INTEGER_CARDINALITY_LIMIT;

// What pandas would have made of the column: its dtype family, distinct non-missing values and range.
interface ColumnFacts {
  kind: 'float' | 'int' | 'bool' | 'string' | 'empty' | 'mixed';
  unique: number;
  count: number;
  min: number;
  max: number;
}

function describeColumn(column: TableColumn): ColumnFacts {
  // Encoded cells are counted from their codes: reading `values` would decode them.
  const v = column.encoded === undefined ? column.values : undefined;
  if (v instanceof Float64Array) {
    // pandas reads a numeric column with no missing values and only whole numbers as int64. Only
    // an integer column needs its distinct values (up to the limits the rules compare with).
    let integral = true;
    let missing = 0;
    let min = Infinity;
    let max = -Infinity;
    const seen = new Set<number>();
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (x !== x) {
        missing++;
        continue;
      }
      if (x < min) min = x;
      if (x > max) max = x;
      if (integral && !Number.isInteger(x)) integral = false;
      if (seen.size <= DISTINCT_CAP) seen.add(x);
    }
    const count = v.length - missing;
    return { kind: integral && missing === 0 && count > 0 ? 'int' : 'float', unique: seen.size, count, min, max };
  }
  let strings = 0;
  let numbers = 0;
  let bools = 0;
  let integral = true;
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  const seen = new Set<Cell>();
  // Each distinct cell once, with how many rows hold it: from the codes when the loader kept them.
  const tallyCell = (c: Cell, rows: number): void => {
    if (rows === 0) return;
    if (c === null || (typeof c === 'number' && c !== c)) {
      missing += rows;
      return;
    }
    seen.add(c);
    if (typeof c === 'string') strings += rows;
    else if (typeof c === 'boolean') bools += rows;
    else {
      numbers += rows;
      if (!Number.isInteger(c)) integral = false;
      if (c < min) min = c;
      if (c > max) max = c;
    }
  };
  let rows: number;
  if (v === undefined) {
    const encoded = column.encoded!;
    const counts = codeCounts(encoded);
    encoded.dictionary.forEach((c, code) => tallyCell(c, counts[code] as number));
    rows = encoded.codes.length;
  } else {
    for (let i = 0; i < v.length; i++) tallyCell(v[i] as Cell, 1);
    rows = v.length;
  }
  const count = rows - missing;
  let kind: ColumnFacts['kind'];
  if (count === 0) kind = 'empty';
  else if (strings === count) kind = 'string';
  else if (bools === count && missing === 0) kind = 'bool';
  else if (numbers === count) kind = integral && missing === 0 ? 'int' : 'float';
  else kind = 'mixed';
  return { kind, unique: seen.size, count, min, max };
}

/** Whether some value is finite and not an integer (NaN and ±Infinity are neither). */
function hasFraction(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (x - Math.trunc(x) !== 0 && x - x === 0) return true;
  }
  return false;
}

/**
 * Evidently 0.7 `infer_column_type` for a feature: float → numerical; int → categorical with at most
 * 10 distinct values, else numerical; strings → text when distinct values exceed half the non-missing
 * count, else categorical; booleans → boolean (Evidently's categorical). Mixed or empty → categorical.
 */
export function inferFeatureType(column: TableColumn): ColumnType {
  // A column of numbers with one non-integer value is float whatever else it holds: numerical,
  // found without reading the rest (the usual case, and a million-row column otherwise costs a pass).
  if (column.encoded === undefined && column.values instanceof Float64Array && hasFraction(column.values)) return 'numerical';
  const f = describeColumn(column);
  switch (f.kind) {
    case 'float':
      return 'numerical';
    case 'int':
      return f.unique <= INTEGER_CARDINALITY_LIMIT ? 'categorical' : 'numerical';
    case 'string':
      return f.unique > f.count * 0.5 ? 'text' : 'categorical';
    case 'bool':
      return 'boolean';
    default:
      return 'categorical';
  }
}

/**
 * Evidently legacy `_get_column_type` for the target (numeric with more than 5 distinct values →
 * numerical) and the prediction (strings, or numbers with ≤ 5 distinct values outside [0, 1] →
 * categorical; otherwise numerical, as probabilities are). Distinct values count the reference first.
 */
function inferRoleType(ref: ColumnFacts, cur: ColumnFacts | undefined, role: 'target' | 'prediction'): ColumnType {
  const facts = ref.count > 0 ? ref : (cur ?? ref);
  const unique = ref.unique || (cur?.unique ?? 0);
  const numeric = facts.kind === 'int' || facts.kind === 'float';
  if (role === 'target') return numeric && unique > NUMBER_UNIQUE_AS_CATEGORICAL ? 'numerical' : 'categorical';
  if (!numeric) return facts.kind === 'bool' ? 'boolean' : 'categorical';
  const range = cur ?? ref;
  if (facts.kind === 'int' && unique <= NUMBER_UNIQUE_AS_CATEGORICAL) return 'categorical';
  if (unique <= NUMBER_UNIQUE_AS_CATEGORICAL && (range.max > 1 || range.min < 0)) return 'categorical';
  return 'numerical';
}

/**
 * The type of every column of `reference` (with `current` for the target's and prediction's ranges),
 * mapping overrides first (`numerical`, `categorical`, `text`, `datetime` lists; the timestamp column
 * is datetime), then Evidently's inference.
 */
export function inferColumnTypes(reference: Table, mapping: ColumnMapping = {}, current?: Table): Record<string, ColumnType> {
  const overrides = new Map<string, ColumnType>();
  for (const [list, type] of [
    [mapping.numerical, 'numerical'],
    [mapping.categorical, 'categorical'],
    [mapping.text, 'text'],
    [mapping.datetime, 'datetime'],
  ] as const) {
    for (const name of list ?? []) overrides.set(name, type);
  }
  if (mapping.timestamp !== undefined && !overrides.has(mapping.timestamp)) overrides.set(mapping.timestamp, 'datetime');
  const out: Record<string, ColumnType> = {};
  for (const column of reference.columns) {
    const forced = overrides.get(column.name);
    if (forced !== undefined) {
      out[column.name] = forced;
      continue;
    }
    if (column.name === mapping.target || column.name === mapping.prediction) {
      const other = current?.columns.find((c) => c.name === column.name);
      out[column.name] = inferRoleType(
        describeColumn(column),
        other === undefined ? undefined : describeColumn(other),
        column.name === mapping.target ? 'target' : 'prediction',
      );
      continue;
    }
    out[column.name] = inferFeatureType(column);
  }
  return out;
}
