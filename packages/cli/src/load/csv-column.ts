// Builds one column from CSV text cells the way pandas' `read_csv` types it: numbers stay in a
// Float64Array until a cell is not a number, then the column becomes text (or booleans).

import type { Cell } from '@vigil/core';
import { FloatBuffer } from './float-buffer.js';
import { PANDAS_FALSE_VALUES, PANDAS_NA_VALUES, PANDAS_TRUE_VALUES, isIntegerCell, parseNumberCell } from './csv-cell.js';
import { fieldText } from './csv-scanner.js';
import type { CsvRecord } from './csv-scanner.js';

// Set by `simpleNumber`: whether the cell it just read was written as an integer.
let simpleWasInteger = false;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

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
    } else if (c === -2 && frac < 0) frac = 0; // '.'
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  simpleWasInteger = frac < 0;
  const v = frac > 0 ? m / (POW10[frac] as number) : m;
  return negative ? -v : v;
}

// Interned cell texts by an FNV-1a hash of their bytes (ASCII only), so a categorical column of
// a million rows holds a handful of strings and decodes each value once.
const INTERN_LIMIT = 4096;
import type { LoadedColumn } from './loaded-table.js';

export class CsvColumnBuilder {
  readonly name: string;
  private numbers: FloatBuffer | undefined = new FloatBuffer();
  private texts: (string | null)[] | undefined;
  private allIntegers = true;
  private anyMissing = false;
  private anyNumber = false;
  private readonly interned = new Map<number, string>();
  /**
   * Rows before this index were read as numbers and their text was not kept; when the column turns
   * out to be text, the loader reads the file again for them (`restoreTexts`), so '1.50' stays '1.50'.
   */
  textsMissingBefore = 0;

  constructor(name: string) {
    this.name = name;
  }

  get rowCount(): number {
    return this.texts ? this.texts.length : (this.numbers?.length ?? 0);
  }

  /** Field `i` of a scanned record: numbers are read from the bytes, text is decoded once per distinct value. */
  pushField(record: CsvRecord, i: number): void {
    const b = record.bytes;
    const s = record.starts[i] as number;
    const e = record.ends[i] as number;
    if (this.numbers && record.escaped[i] === 0 && s < e) {
      const value = simpleNumber(b, s, e);
      if (value !== undefined) {
        this.anyNumber = true;
        if (!simpleWasInteger) this.allIntegers = false;
        this.numbers.push(value);
        return;
      }
    }
    if (record.escaped[i] === 1 || e - s > 64) {
      this.push(fieldText(record, i));
      return;
    }
    let h = 0x811c9dc5;
    let ascii = true;
    for (let k = s; k < e; k++) {
      const c = b[k] as number;
      if (c > 0x7f) ascii = false;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (!ascii) {
      this.push(fieldText(record, i));
      return;
    }
    const cached = this.interned.get(h);
    if (cached !== undefined && cached.length === e - s) {
      let same = true;
      for (let k = 0; k < cached.length; k++) {
        if (cached.charCodeAt(k) !== b[s + k]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.push(cached);
        return;
      }
    }
    const text = fieldText(record, i);
    if (cached === undefined && this.interned.size < INTERN_LIMIT) this.interned.set(h, text);
    this.push(text);
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

  private switchToText(): void {
    const numbers = this.numbers;
    if (!numbers) return;
    this.texts = new Array<string | null>(numbers.length).fill(null);
    if (this.anyNumber) this.textsMissingBefore = numbers.length;
    this.numbers = undefined;
  }

  /** Fills in the text of rows read as numbers before the column turned out to be text. */
  restoreTexts(rowIndex: number, text: string): void {
    if (this.texts && rowIndex < this.textsMissingBefore) this.texts[rowIndex] = PANDAS_NA_VALUES.has(text) ? null : text;
  }

  finish(): LoadedColumn {
    if (this.numbers) {
      // pandas: integers without gaps stay int64; any missing value (or decimal) makes float64.
      const dtype = this.anyNumber && this.allIntegers && !this.anyMissing ? 'int64' : 'float64';
      return { name: this.name, values: this.numbers.finish(), dtype };
    }
    const texts = this.texts ?? [];
    let allBoolean = true;
    for (const text of texts) {
      if (text !== null && !PANDAS_TRUE_VALUES.has(text) && !PANDAS_FALSE_VALUES.has(text)) {
        allBoolean = false;
        break;
      }
    }
    if (allBoolean) {
      const cells: Cell[] = texts.map((text) => (text === null ? null : PANDAS_TRUE_VALUES.has(text)));
      return { name: this.name, values: cells, dtype: this.anyMissing ? 'object' : 'bool' };
    }
    return { name: this.name, values: texts, dtype: 'object' };
  }
}
