// The CSV loader's fast path: plain records (no quotes, fields as in the header, the file's own line
// end, number cells in the `[+-]digits[.digits]` form or empty) read in one pass over the bytes,
// numbers parsed as the field's end is found. Any other record is handed back to the scanner's
// general path, which gives the same cells for plain records (csv-plain-records.test.ts holds them equal).

import { FNV_OFFSET, FNV_PRIME, SIMPLE_NUMBER_DIGITS } from './csv-column.js';
import type { CsvColumnBuilder } from './csv-column.js';
import type { PlainRecordReader } from './csv-scanner.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const MINUS = 0x2d;
const PLUS = 0x2b;

// Records read between two commits: numbers are written straight into room made for this many.
const DEFAULT_BATCH = 1 << 16;
// Fewest free places a numeric column is given before a batch.
const MIN_ROOM = 1024;
// 10^k, a local copy: the hot loop reads it once per decimal cell.
const POW10 = Float64Array.from({ length: SIMPLE_NUMBER_DIGITS + 1 }, (_, k) => 10 ** k);

export class CsvPlainRecords implements PlainRecordReader {
  private readonly columns: readonly CsvColumnBuilder[];
  // Per column since the last commit (1 = yes): any empty cell, and (beyond the 32 columns a bit mask covers in
  // the loop) whether a number was written with a decimal point. Written only on those cells.
  private readonly missing: Uint8Array;
  private readonly decimal: Uint8Array;
  private readonly batch: number;
  /** The field delimiter's byte. */
  private readonly separator: number;
  records = 0;

  /**
   * `delimiter`: the field delimiter (one ASCII character, not a quote or a line end);
   * `batch`: most records read between two commits (tests make it small to cross commits often).
   */
  constructor(columns: readonly CsvColumnBuilder[], delimiter = ',', batch = DEFAULT_BATCH) {
    this.columns = columns;
    this.separator = delimiter.charCodeAt(0);
    this.batch = batch;
    this.missing = new Uint8Array(columns.length);
    this.decimal = new Uint8Array(columns.length);
  }

  /**
   * Reads records from `pos` while they start before `limit` (which must follow a line feed, so no
   * field scan runs past it). Stops at the first record that is not plain, after taking back the
   * cells it had pushed; returns where it stopped.
   */
  readPlain(buf: Uint8Array, pos: number, limit: number, crlf: boolean): number {
    const columns = this.columns;
    const width = columns.length;
    const last = width - 1;
    const missing = this.missing;
    const decimal = this.decimal;
    const separator = this.separator;
    // Bit j: column j (< 32) got a number written with a decimal point (pandas then reads float64).
    let decimalMask = 0;
    // Every numeric column holds `rows` values: record r's number goes to index rows + r.
    const rows = (columns[0] as CsvColumnBuilder).rowCount;
    // Write into the room the columns have (sized from the file by the loader), growing them only when it is nearly used up.
    const arrays: (Float64Array | undefined)[] = columns.map((column) => column.numbers?.room(MIN_ROOM));
    let batch = this.batch;
    for (const numbers of arrays) if (numbers !== undefined) batch = Math.min(batch, numbers.length - rows);
    let r = 0;
    records: while (pos < limit && r < batch) {
      let i = pos;
      for (let j = 0; j <= last; j++) {
        const numbers = arrays[j];
        let c = buf[i] as number;
        if (numbers !== undefined) {
          // `[+-]digits[.digits]` up to its first other byte, which must end the field; or nothing.
          let k = i;
          const negative = c === MINUS;
          if (negative || c === PLUS) c = buf[++k] as number;
          let m = 0;
          let digits = 0;
          let dot = -1;
          for (;;) {
            const d = c - 0x30;
            if (d >= 0 && d <= 9) {
              m = m * 10 + d;
              digits++;
            } else if (c === DOT && dot < 0) dot = digits;
            else break;
            c = buf[++k] as number;
          }
          const end = j < last ? (c === separator ? k + 1 : -1) : recordEnd(buf, k, c, crlf);
          if (end >= 0 && digits > 0 && digits <= SIMPLE_NUMBER_DIGITS) {
            const frac = dot < 0 ? 0 : digits - dot;
            const v = frac > 0 ? m / (POW10[frac] as number) : m;
            numbers[rows + r] = negative ? -v : v;
            if (dot >= 0) {
              if (j < 32) decimalMask |= 1 << j;
              else decimal[j] = 1;
            }
            i = end;
            continue;
          }
          if (end >= 0 && k === i) {
            // An empty cell: pandas' missing value.
            numbers[rows + r] = Number.NaN;
            missing[j] = 1;
            i = end;
            continue;
          }
          // Any other cell of a numeric column (NA spellings, exponents, text) and any other record end.
          this.takeBack(j);
          break records;
        }
        // A cell of a text column: find its end, hashing its bytes for the intern table.
        let k = i;
        let h = FNV_OFFSET;
        let ascii = true;
        while (c !== separator && c !== LF && c !== CR && c !== QUOTE) {
          if (c > 0x7f) ascii = false;
          h = Math.imul(h ^ c, FNV_PRIME);
          c = buf[++k] as number;
        }
        const end = j < last ? (c === separator ? k + 1 : -1) : recordEnd(buf, k, c, crlf);
        if (end < 0) {
          // A quote, a stray CR or a wrong field count.
          this.takeBack(j);
          break records;
        }
        (columns[j] as CsvColumnBuilder).pushText(buf, i, k, h, ascii);
        i = end;
      }
      pos = i;
      r++;
    }
    this.commit(rows, r, decimalMask);
    this.records += r;
    return pos;
  }

  // Takes back the text cells of a record read up to (not including) field `j`; its numbers were
  // written past the committed length, so they vanish by themselves.
  private takeBack(j: number): void {
    for (let back = 0; back < j; back++) {
      const column = this.columns[back] as CsvColumnBuilder;
      if (column.numbers === undefined) column.pop();
    }
  }

  // Makes the `added` records after `rows` part of every numeric column, with the flags they set.
  private commit(rows: number, added: number, decimalMask: number): void {
    this.columns.forEach((column, j) => {
      if (column.numbers === undefined) return;
      const numbers = column.numbers;
      numbers.length = rows + added;
      // A number among the new values? (Counting empty cells would not tell: a record taken back may have had some.)
      let anyNumber = false;
      for (let i = rows; i < rows + added && !anyNumber; i++) anyNumber = !Number.isNaN(numbers.get(i));
      const decimal = j < 32 ? (decimalMask >>> j) & 1 : this.decimal[j];
      column.noteNumbers(anyNumber, decimal === 1, this.missing[j] === 1);
    });
    this.missing.fill(0);
    this.decimal.fill(0);
  }
}

/** Where the next record starts when byte `c` at `k` ends this one, or -1 (a lone CR or LF in the other mode is cell text). */
function recordEnd(buf: Uint8Array, k: number, c: number, crlf: boolean): number {
  if (crlf) return c === CR && buf[k + 1] === LF ? k + 2 : -1;
  return c === LF ? k + 1 : -1;
}
