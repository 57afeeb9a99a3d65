// Builds one column from CSV text cells the way pandas' `read_csv` types it: numbers stay in a
// Float64Array until a cell is not a number, then the column becomes text (or booleans).

import type { Cell } from '@vigil/core';
import { FloatBuffer } from './float-buffer.js';
import type { FloatBufferOptions } from './float-buffer.js';
import { PANDAS_FALSE_VALUES, PANDAS_NA_VALUES, PANDAS_TRUE_VALUES, isIntegerCell, parseNumberCell } from './csv-cell.js';
import { fieldText } from './csv-scanner.js';
import type { CsvRecord } from './csv-scanner.js';
import type { LoadedColumn } from './loaded-table.js';
import { TextCells, decodeCells, encodedColumn } from './text-cells.js';

// Set by `simpleNumber`: whether the cell it just read was written as an integer.
let simpleWasInteger = false;
/** 10^k for k = 0 … 22, every one an exact double. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Most digits of a cell read from its bytes: up to 15 the digits are an exact double. */
export const SIMPLE_NUMBER_DIGITS = 15;

/**
 * The common cell `[+-]digits[.digits]` (at most 15 digits) read straight from its bytes, or
 * undefined for anything else (the caller then takes the text path). The value is digits / 10^k
 * with both operands exact doubles, so the one rounding division gives what Number(text) gives.
 */
function simpleNumber(b: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  let c = b[i] as number;
  const negative = c === 0x2d;
  if (negative || c === 0x2b) i++;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    c = (b[i] as number) - 0x30;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
      if (frac >= 0) frac++;
    } else if (c === -2 && frac < 0)
      frac = 0; // '.'
    else return undefined;
  }
  if (digits === 0 || digits > SIMPLE_NUMBER_DIGITS) return undefined;
  simpleWasInteger = frac < 0;
  const v = frac > 0 ? m / (POW10[frac] as number) : m;
  return negative ? -v : v;
}

/** FNV-1a over bytes, the hash cell texts are interned by. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
// Interned cell texts by an FNV-1a hash of their bytes (ASCII only, at most 64 bytes), so a
// categorical column of a million rows holds a handful of strings and decodes each value once.
const INTERN_LIMIT = 4096;
const INTERN_MAX_BYTES = 64;

/** An interned cell text, whether pandas reads it as missing, and its code in the column's cells (-1: not yet known). */
interface InternedText {
  readonly text: string;
  readonly missing: boolean;
  code: number;
}

export class CsvColumnBuilder {
  readonly name: string;
  /** The values while every cell so far reads as a number; undefined once the column is text. */
  numbers: FloatBuffer | undefined;
  /** The cells once the column is text. */
  texts: TextCells | undefined;
  private allIntegers = true;
  private anyMissing = false;
  private anyNumber = false;
  private readonly interned = new Map<number, InternedText>();
  /**
   * Rows before this index were read as numbers and their text was not kept; when the column turns
   * out to be text, the loader reads the file again for them (`restoreTexts`), so '1.50' stays '1.50'.
   */
  textsMissingBefore = 0;

  constructor(name: string, options: FloatBufferOptions = {}) {
    this.name = name;
    this.numbers = new FloatBuffer(options);
  }

  get rowCount(): number {
    return this.texts ? this.texts.length : (this.numbers?.length ?? 0);
  }

  /** Makes room for about this many rows (estimated from the file size), so numbers are not copied as they grow. */
  reserve(rows: number): void {
    this.numbers?.reserve(rows);
  }

  /** What a caller that wrote values into `numbers` directly saw: any number, any decimal, any missing value. */
  noteNumbers(anyNumber: boolean, anyDecimal: boolean, anyMissing: boolean): void {
    if (anyNumber) this.anyNumber = true;
    if (anyDecimal) this.allIntegers = false;
    if (anyMissing) this.anyMissing = true;
  }

  /** Field `i` of a scanned record: numbers are read from the bytes, text is decoded once per distinct value. */
  pushField(record: CsvRecord, i: number): void {
    if (record.escaped[i] === 1) this.push(fieldText(record, i));
    else this.pushBytes(record.bytes, record.starts[i] as number, record.ends[i] as number);
  }

  /** An unquoted cell `b[s .. e)` (no doubled quotes). */
  pushBytes(b: Uint8Array, s: number, e: number): void {
    if (this.numbers && s < e) {
      const value = simpleNumber(b, s, e);
      if (value !== undefined) {
        this.anyNumber = true;
        if (!simpleWasInteger) this.allIntegers = false;
        this.numbers.push(value);
        return;
      }
    }
    if (e - s > INTERN_MAX_BYTES) {
      this.push(bytesText(b, s, e));
      return;
    }
    let h = FNV_OFFSET;
    let ascii = true;
    for (let k = s; k < e; k++) {
      const c = b[k] as number;
      if (c > 0x7f) ascii = false;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    if (!ascii) {
      this.push(bytesText(b, s, e));
      return;
    }
    this.push(this.intern(b, s, e, h).text);
  }

  /**
   * A cell of a text column that is not quoted, with the FNV-1a hash of its bytes and whether they
   * are all ASCII (the caller computed both while finding the cell's end).
   */
  pushText(b: Uint8Array, s: number, e: number, hash: number, ascii: boolean): void {
    const texts = this.texts as TextCells;
    if (!ascii || e - s > INTERN_MAX_BYTES) {
      this.push(bytesText(b, s, e));
      return;
    }
    const entry = this.intern(b, s, e, hash);
    if (entry.missing) {
      this.anyMissing = true;
      texts.push(null);
      return;
    }
    if (entry.code < 0) entry.code = texts.codeFor(entry.text);
    texts.push(entry.text, entry.code);
  }

  /** The text of ASCII bytes `b[s .. e)` with hash `hash`, decoded once per distinct value (up to a limit). */
  private intern(b: Uint8Array, s: number, e: number, hash: number): InternedText {
    const cached = this.interned.get(hash);
    if (cached !== undefined && cached.text.length === e - s) {
      const text = cached.text;
      let same = true;
      for (let k = 0; k < text.length; k++) {
        if (text.charCodeAt(k) !== b[s + k]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const text = bytesText(b, s, e);
    const entry = { text, missing: PANDAS_NA_VALUES.has(text), code: -1 };
    if (cached === undefined && this.interned.size < INTERN_LIMIT) this.interned.set(hash, entry);
    return entry;
  }

  push(text: string): void {
    if (PANDAS_NA_VALUES.has(text)) {
      this.anyMissing = true;
      if (this.texts) this.texts.push(null);
      else this.numbers?.push(Number.NaN);
      return;
    }
    if (this.numbers) {
      const value = parseNumberCell(text);
      if (value !== undefined) {
        this.anyNumber = true;
        if (this.allIntegers && !isIntegerCell(text)) this.allIntegers = false;
        this.numbers.push(value);
        return;
      }
      this.switchToText();
    }
    this.texts?.push(text);
  }

  /**
   * Takes back the last cell (of a record read only in part). The flags it set stay: the same cell
   * is read again next, and sets them again.
   */
  pop(): void {
    if (this.texts) this.texts.pop();
    else this.numbers?.pop();
  }

  private switchToText(): void {
    const numbers = this.numbers;
    if (!numbers) return;
    this.texts = new TextCells(numbers.length);
    if (this.anyNumber) this.textsMissingBefore = numbers.length;
    this.numbers = undefined;
  }

  /** Fills in the text of rows read as numbers before the column turned out to be text. */
  restoreTexts(rowIndex: number, text: string): void {
    if (this.texts && rowIndex < this.textsMissingBefore) this.texts.set(rowIndex, PANDAS_NA_VALUES.has(text) ? null : text);
  }

  finish(): LoadedColumn {
    if (this.numbers) {
      // pandas: integers without gaps stay int64; any missing value (or decimal) makes float64.
      const dtype = this.anyNumber && this.allIntegers && !this.anyMissing ? 'int64' : 'float64';
      return { name: this.name, values: this.numbers.finish(), dtype };
    }
    const texts = this.texts ?? new TextCells();
    let allBoolean = true;
    for (const text of texts.distinct()) {
      if (text !== null && !PANDAS_TRUE_VALUES.has(text) && !PANDAS_FALSE_VALUES.has(text)) {
        allBoolean = false;
        break;
      }
    }
    const finished = texts.finish();
    if (allBoolean) {
      const strings = 'cells' in finished ? finished.cells : decodeCells(finished.encoded);
      const cells: Cell[] = strings.map((text) => (text === null ? null : PANDAS_TRUE_VALUES.has(text as string)));
      return { name: this.name, values: cells, dtype: this.anyMissing ? 'object' : 'bool' };
    }
    return 'cells' in finished ? { name: this.name, values: finished.cells, dtype: 'object' } : encodedColumn(this.name, 'object', finished.encoded);
  }
}

function bytesText(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8', s, e);
}
