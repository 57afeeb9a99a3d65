// The quality of a dataset batch: cells whose type contradicts the declared feature type (a batch
// with any is refused), the share of missing cells, and the share of numeric values outside the
// reference's range (the guide's data-quality table: out-of-range above 1 % alerts).

import type { FeatureType } from '@vigil/wire';
import { featureValueFits } from '../model/event-checks.js';
import { cellAt } from './dataset-column.js';
import type { DatasetColumn } from './dataset-column.js';

const EXPECTED: Record<FeatureType, string> = {
  numeric: 'a number',
  categorical: 'a string, number or boolean',
  text: 'a string',
  boolean: 'true or false',
  datetime: 'an ISO 8601 date-time or epoch milliseconds',
};

export interface BatchTypeViolation {
  /** 0-based row of the batch. */
  row: number;
  column: string;
  /** What the feature's type takes. */
  expected: string;
  got: unknown;
}

/**
 * Cells of declared features whose type contradicts the feature's: how many, and the first
 * `limit` of them by row, then by column name.
 */
export function batchTypeViolations(
  columns: ReadonlyMap<string, DatasetColumn>,
  features: Readonly<Record<string, FeatureType>>,
  rows: number,
  limit = 20,
): { count: number; first: BatchTypeViolation[] } {
  const found: BatchTypeViolation[] = [];
  let count = 0;
  for (const name of Object.keys(features).sort()) {
    const type = features[name]!;
    const column = columns.get(name);
    if (column === undefined || (type === 'numeric' && column instanceof Float64Array)) continue;
    for (let i = 0; i < rows; i++) {
      const v = cellAt(column, i);
      if (featureValueFits(type, v)) continue;
      count++;
      if (found.length < limit * 4) found.push({ row: i, column: name, expected: EXPECTED[type], got: v });
    }
  }
  found.sort((a, b) => a.row - b.row || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
  return { count, first: found.slice(0, limit) };
}

export interface BatchQuality {
  missingShare: number;
  outOfRangeShare: number | null;
  typeViolations: number;
  missingFeatures: string[];
  unknownColumns: string[];
}

export interface BatchQualityInput {
  rows: number;
  features: Readonly<Record<string, FeatureType>>;
  columns: ReadonlyMap<string, DatasetColumn>;
  /** Each numeric feature's [min, max] in the reference; null when there is no reference yet. */
  referenceRanges: ReadonlyMap<string, { min: number; max: number }> | null;
  unknownColumns: readonly string[];
  typeViolations?: number;
}

/** Missing share over rows × declared features (a feature with no column is missing in every row); out-of-range over numeric values. */
export function batchQuality(input: BatchQualityInput): BatchQuality {
  const names = Object.keys(input.features).sort();
  let missing = 0;
  let numbers = 0;
  let outside = 0;
  const missingFeatures: string[] = [];
  for (const name of names) {
    const column = input.columns.get(name);
    if (column === undefined) {
      missingFeatures.push(name);
      missing += input.rows;
      continue;
    }
    const range = input.features[name] === 'numeric' ? input.referenceRanges?.get(name) : undefined;
    for (let i = 0; i < input.rows; i++) {
      const v = cellAt(column, i);
      if (v === null) {
        missing++;
        continue;
      }
      if (range !== undefined && typeof v === 'number') {
        numbers++;
        if (v < range.min || v > range.max) outside++;
      }
    }
  }
  const cells = input.rows * names.length;
  return {
    missingShare: cells === 0 ? 0 : missing / cells,
    outOfRangeShare: input.referenceRanges === null ? null : numbers === 0 ? 0 : outside / numbers,
    typeViolations: input.typeViolations ?? 0,
    missingFeatures,
    unknownColumns: [...input.unknownColumns].sort(),
  };
}
