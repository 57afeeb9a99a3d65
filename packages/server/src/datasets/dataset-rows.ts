// A dataset's rows, every batch in order, as row objects: what a model's reference taken from a
// dataset reads (the stored columns: features, entity key, timestamp).

import { cellAt } from '@vigil/core';
import type { Cell } from '@vigil/core';
import { ValidationError } from '../errors.js';
import type { DatasetStore } from '../storage/dataset-store.js';
import { columnCells, decodeBatch } from './batch-blob.js';

/** Batches read at most. */
const MAX_BATCHES = 100_000;

/** The rows of dataset `name`; a 400 naming `dataset` when there is none, `tooLarge(rows)` past `maxRows`. */
export async function datasetRows(
  store: DatasetStore,
  projectId: number,
  name: string,
  maxRows: number,
  tooLarge: (rows: number) => Error,
): Promise<Record<string, Cell>[]> {
  const dataset = await store.findDataset(projectId, name);
  if (dataset === undefined)
    throw new ValidationError(`dataset: no dataset "${name}" in this project`, [{ path: 'dataset', message: `an existing dataset (no dataset "${name}")` }]);
  const { rows } = await store.batchTotals(dataset.id);
  if (rows > maxRows) throw tooLarge(rows);
  const out: Record<string, Cell>[] = [];
  for (const b of await store.batchData(dataset.id, MAX_BATCHES)) {
    const batch = decodeBatch(b.data);
    const columns = [...batch.columns].map(([column, stored]) => [column, columnCells(stored)] as const);
    for (let i = 0; i < batch.rows; i++) {
      const row: Record<string, Cell> = {};
      for (const [column, cells] of columns) row[column] = cellAt(cells, i);
      out.push(row);
    }
  }
  return out;
}
