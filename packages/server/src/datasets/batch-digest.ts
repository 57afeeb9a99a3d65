// The digest of a batch: SHA-256 (hex) of its canonical content, so the same rows give the same
// digest whatever format they came in. Canonical content: the JSON array of the stored column
// names in code-unit order, then one JSON array per row of its values in that column order
// (missing as null, times as epoch milliseconds), each followed by a newline.

import { createHash } from 'node:crypto';
import { cellAt } from '@vigil/core';
import type { DatasetColumn } from '@vigil/core';

/** Rows joined into one string per hash update. */
const ROWS_PER_UPDATE = 4096;

export function batchDigest(rows: number, columns: ReadonlyMap<string, DatasetColumn>): string {
  const names = [...columns.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const cols = names.map((n) => columns.get(n)!);
  const hash = createHash('sha256');
  hash.update(`${JSON.stringify(names)}\n`);
  const row = new Array<unknown>(cols.length);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols.length; c++) row[c] = cellAt(cols[c]!, i);
    chunk += `${JSON.stringify(row)}\n`;
    if ((i + 1) % ROWS_PER_UPDATE === 0) {
      hash.update(chunk);
      chunk = '';
    }
  }
  hash.update(chunk);
  return hash.digest('hex');
}
