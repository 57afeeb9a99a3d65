// Which columns the HTML report draws a distribution for. Row ids and timestamps are not drawn:
// their "distribution" is one bar per row or per instant, and two windows of time never share it.
// Free text is not drawn either (the drift table has its test).

import type { Cell, ColumnMapping, ColumnType, TableColumn } from '@vigil/core';

export type SkipReason = 'row id' | 'timestamp' | 'free text';

export interface DistributionColumns<C extends TableColumn> {
  drawn: C[];
  skipped: { name: string; reason: SkipReason }[];
}

/**
 * Columns mapped as `id` or `timestamp`, typed datetime or text, are left out; so are columns
 * nobody mapped that are plainly one of them: a timestamp by its name (`timestamp`, `datetime`)
 * or by every value being an ISO 8601 date, an id by its name (`id`, `user_id`, `orderId`) when
 * no value repeats.
 */
export function distributionColumns<C extends TableColumn>(
  columns: readonly C[],
  types: Readonly<Record<string, ColumnType>>,
  mapping: ColumnMapping = {},
): DistributionColumns<C> {
  const drawn: C[] = [];
  const skipped: { name: string; reason: SkipReason }[] = [];
  for (const column of columns) {
    const reason = skipReason(column, types[column.name], mapping);
    if (reason === undefined) drawn.push(column);
    else skipped.push({ name: column.name, reason });
  }
  return { drawn, skipped };
}

function skipReason(column: TableColumn, type: ColumnType | undefined, mapping: ColumnMapping): SkipReason | undefined {
  if (column.name === mapping.id) return 'row id';
  if (column.name === mapping.timestamp || type === 'datetime') return 'timestamp';
  if (isMapped(column.name, mapping)) return undefined;
  // Before the text rule: timestamps that never repeat are typed text.
  if (mapping.timestamp === undefined && (TIMESTAMP_NAME.test(column.name) || allIsoDates(column.values))) return 'timestamp';
  if (mapping.id === undefined && ID_NAME.test(column.name) && allDistinct(column.values)) return 'row id';
  return type === 'text' ? 'free text' : undefined;
}

/** Target and prediction are drawn whatever their names. */
function isMapped(name: string, mapping: ColumnMapping): boolean {
  return name === mapping.target || name === mapping.prediction || Object.values(mapping.predictionProbabilities ?? {}).includes(name);
}

const TIMESTAMP_NAME = /^(timestamp|datetime)$/i;
/** `id`, or a name ending in `_id`, `-id`, ` id`, or `Id` / `ID` after a lower-case letter or digit (`user_id`, `orderId`, `rowID`; not `paid`). */
const ID_NAME = /^[iI][dD]$|[_\- ][iI][dD]$|[a-z0-9](Id|ID)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

function allIsoDates(values: Float64Array | readonly Cell[]): boolean {
  if (values instanceof Float64Array) return false;
  let seen = 0;
  for (const value of values) {
    if (value === null) continue;
    if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
    seen++;
  }
  return seen > 0;
}

/** Every present value distinct, and whole numbers or strings (measurements with fractions are no ids). */
function allDistinct(values: Float64Array | readonly Cell[]): boolean {
  const seen = new Set<Cell>();
  for (const value of values) {
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
    if (typeof value === 'number' && !Number.isInteger(value)) return false;
    if (typeof value === 'boolean' || seen.has(value)) return false;
    seen.add(value);
  }
  return seen.size > 1;
}
