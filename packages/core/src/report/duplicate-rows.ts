// Counting duplicated rows (pandas `DataFrame.duplicated().sum()`: rows equal to an earlier row,
// missing equal to missing) over columnar data, by hashing rows rather than building row objects.

import type { Cell, Table } from './table.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Each column as numbers comparable with ===: numeric columns as they are, cells as interned codes. */
function codes(values: Float64Array | readonly Cell[]): Float64Array {
  if (values instanceof Float64Array) return values;
  const ids = new Map<Cell, number>();
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = values[i] as Cell;
    let id = ids.get(c);
    if (id === undefined) {
      id = ids.size;
      ids.set(c, id);
    }
    out[i] = id;
  }
  return out;
}

function mix(h: number, word: number): number {
  // Murmur3's 32-bit mixing step.
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** The number of rows that repeat an earlier row in every column. */
export function countDuplicatedRows(table: Table): number {
  const n = table.rowCount;
  if (n < 2 || table.columns.length === 0) return 0;
  const cols = table.columns.map((c) => codes(c.values));
  const hashes = new Int32Array(n);
  for (const col of cols) {
    for (let i = 0; i < n; i++) {
      let v = col[i] as number;
      if (v !== v)
        v = Number.NaN; // one bit pattern for every NaN
      else if (v === 0) v = 0; // -0 equals 0
      f64[0] = v;
      hashes[i] = mix(mix(hashes[i] as number, u32[0] as number), u32[1] as number);
    }
  }
  const buckets = new Map<number, number[]>();
  let duplicated = 0;
  for (let i = 0; i < n; i++) {
    const h = hashes[i] as number;
    const bucket = buckets.get(h);
    if (bucket === undefined) {
      buckets.set(h, [i]);
      continue;
    }
    let found = false;
    for (const j of bucket) {
      let eq = true;
      for (const col of cols) {
        if (!same(col[i] as number, col[j] as number)) {
          eq = false;
          break;
        }
      }
      if (eq) {
        found = true;
        break;
      }
    }
    if (found) duplicated++;
    else bucket.push(i);
  }
  return duplicated;
}
