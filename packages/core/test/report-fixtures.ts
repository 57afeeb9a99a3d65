// Test helpers for the report presets: load fixtures/<name>.json (written by fixtures/gen_*.py)
// and turn their column lists into the loader's columnar `Table`.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Cell, Table } from '../src/report/table.js';

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Python's json cannot write NaN/Infinity portably, so the generators write them as strings. */
function revive(_key: string, value: unknown): unknown {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value;
}

export function loadReportFixture<T>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.json`, 'utf8'), revive) as T;
}

export interface FixtureTable {
  rows: number;
  columns: { name: string; numeric: boolean; values: Cell[] }[];
}

/** Numeric fixture columns become Float64Arrays with NaN for missing, as the CSV loader makes them. */
export function toTable(t: FixtureTable, source: string): Table {
  return {
    rowCount: t.rows,
    source,
    columns: t.columns.map((c) => ({
      name: c.name,
      values: c.numeric ? Float64Array.from(c.values, (v) => (v === null ? Number.NaN : (v as number))) : c.values,
    })),
  };
}
