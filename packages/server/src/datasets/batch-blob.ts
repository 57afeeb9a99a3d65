// The rows of a dataset batch as stored: one columnar blob per batch, read whole when a skew query
// joins served events to the dataset. Numbers are little-endian float64 (NaN for missing); other
// columns are int32 codes (-1 for missing) into a dictionary of their distinct cells, so a column of
// a million ids costs 4 bytes a row plus each id once. No compression: decoding is a typed-array view.
//
//   "VDB1" · u32 header length · header JSON { rows, columns: [{ name, kind, dictionary? }] } ·
//   padding to 8 · each column's bytes in header order, each padded to 8.

import type { Cell, DatasetColumn } from '@vigil/core';
import { CorruptInputError } from '@vigil/stats';

const MAGIC = 0x31424456; // "VDB1" little-endian

type ColumnHeader = { name: string; kind: 'f64' } | { name: string; kind: 'cells'; dictionary: Cell[] };

interface BlobHeader {
  rows: number;
  columns: ColumnHeader[];
}

const pad8 = (n: number) => (n + 7) & ~7;

/** A column as the blob holds it: numbers, or codes into distinct cells. */
export type StoredColumn = { kind: 'f64'; values: Float64Array } | { kind: 'cells'; codes: Int32Array; dictionary: Cell[] };

/** Encodes cells as dictionary codes. */
function encodeCells(values: ArrayLike<Cell>, rows: number): { codes: Int32Array; dictionary: Cell[] } {
  const codes = new Int32Array(rows);
  const dictionary: Cell[] = [];
  // Strings, numbers and booleans keep apart: "1", 1 and true are different cells.
  const ids = new Map<string | number | boolean, number>();
  for (let i = 0; i < rows; i++) {
    const v = values[i] ?? null;
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
      codes[i] = -1;
      continue;
    }
    const key = typeof v === 'string' ? `s${v}` : v;
    let id = ids.get(key);
    if (id === undefined) {
      id = dictionary.length;
      ids.set(key, id);
      dictionary.push(v);
    }
    codes[i] = id;
  }
  return { codes, dictionary };
}

export function encodeBatch(rows: number, columns: ReadonlyMap<string, DatasetColumn>): Uint8Array {
  const headers: ColumnHeader[] = [];
  const bodies: Uint8Array[] = [];
  for (const [name, values] of columns) {
    if (values instanceof Float64Array) {
      headers.push({ name, kind: 'f64' });
      bodies.push(new Uint8Array(values.buffer, values.byteOffset, rows * 8));
    } else {
      const { codes, dictionary } = encodeCells(values, rows);
      headers.push({ name, kind: 'cells', dictionary });
      bodies.push(new Uint8Array(codes.buffer, codes.byteOffset, rows * 4));
    }
  }
  const header = new TextEncoder().encode(JSON.stringify({ rows, columns: headers } satisfies BlobHeader));
  let size = pad8(8 + header.length);
  for (const b of bodies) size += pad8(b.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  out.set(header, 8);
  let at = pad8(8 + header.length);
  for (const b of bodies) {
    out.set(b, at);
    at += pad8(b.length);
  }
  return out;
}

export interface DecodedBatch {
  rows: number;
  columns: Map<string, StoredColumn>;
}

/** Reads a blob; throws `CorruptInputError` on bytes that are not one. */
export function decodeBatch(blob: Uint8Array): DecodedBatch {
  // Typed-array views need aligned offsets: a driver's buffer may start anywhere in its pool.
  const bytes = blob.byteOffset % 8 === 0 ? blob : blob.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint32(0, true) !== MAGIC) throw new CorruptInputError('blob', 'a dataset batch blob (VDB1)');
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new CorruptInputError('blob', `a header of ${headerLength} bytes`, bytes.length);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as BlobHeader;
  const rows = header.rows;
  let at = bytes.byteOffset + pad8(8 + headerLength);
  const end = bytes.byteOffset + bytes.length;
  const columns = new Map<string, StoredColumn>();
  for (const c of header.columns) {
    const width = c.kind === 'f64' ? 8 : 4;
    if (at + rows * width > end) throw new CorruptInputError(`blob.columns.${c.name}`, `${rows} values`);
    if (c.kind === 'f64') columns.set(c.name, { kind: 'f64', values: new Float64Array(bytes.buffer, at, rows) });
    else columns.set(c.name, { kind: 'cells', codes: new Int32Array(bytes.buffer, at, rows), dictionary: c.dictionary });
    at += pad8(rows * width);
  }
  return { rows, columns };
}

/** A stored column as cells (numbers as numbers, missing as null): what skew and profiles read. */
export function columnCells(c: StoredColumn): DatasetColumn {
  if (c.kind === 'f64') return c.values;
  const out = new Array<Cell>(c.codes.length);
  for (let i = 0; i < c.codes.length; i++) {
    const code = c.codes[i]!;
    out[i] = code < 0 ? null : c.dictionary[code]!;
  }
  return out;
}
