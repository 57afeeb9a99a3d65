// The demo's events as a columnar `Table`, the shape core's batch evaluators read: numeric features
// in Float64Arrays (NaN for null), categorical and boolean features as cells.

import type { Cell, ColumnType, Table, TableColumn } from '@vigil/core';
import { DEMO_FEATURES } from './demo-model.js';
import type { DemoFeatureKind } from './demo-model.js';
import type { DemoEvent } from './demo-story.js';

const COLUMN_TYPE: Record<DemoFeatureKind, ColumnType> = { numeric: 'numerical', categorical: 'categorical', boolean: 'boolean' };

/** The column types of the demo's features, as a drift preset's `columnTypes` option takes them. */
export function demoColumnTypes(): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = {};
  for (const [name, kind] of Object.entries(DEMO_FEATURES)) types[name] = COLUMN_TYPE[kind];
  return types;
}

/**
 * One column per demo feature, then `prediction` (the label), `score` and `target` (the true
 * label), one row per event in the given order. `source` names the table in error messages.
 */
export function demoTable(events: readonly DemoEvent[], source = 'demo'): Table {
  const columns: TableColumn[] = [];
  for (const [name, kind] of Object.entries(DEMO_FEATURES)) {
    if (kind === 'numeric') {
      const values = new Float64Array(events.length);
      events.forEach((e, i) => {
        const v = e.features[name];
        values[i] = typeof v === 'number' ? v : NaN;
      });
      columns.push({ name, values });
    } else {
      columns.push({ name, values: events.map((e): Cell => e.features[name] ?? null) });
    }
  }
  columns.push({ name: 'prediction', values: Float64Array.from(events, (e) => e.prediction.label) });
  columns.push({ name: 'score', values: Float64Array.from(events, (e) => e.prediction.score) });
  columns.push({ name: 'target', values: Float64Array.from(events, (e) => e.label) });
  return { rowCount: events.length, columns, source };
}
