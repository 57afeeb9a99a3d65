// Builds one column from CSV text cells the way pandas' `read_csv` types it: numbers stay in a
// Float64Array until a cell is not a number, then the column becomes text (or booleans).

import type { Cell } from '@vigil/core';
import { FloatBuffer } from './float-buffer.js';
import { PANDAS_FALSE_VALUES, PANDAS_NA_VALUES, PANDAS_TRUE_VALUES, isIntegerCell, parseNumberCell } from './csv-cell.js';
import type { LoadedColumn } from './loaded-table.js';

export class CsvColumnBuilder {
  readonly name: string;
  private numbers: FloatBuffer | undefined = new FloatBuffer();
  private texts: (string | null)[] | undefined;
  private allIntegers = true;
  private anyMissing = false;
  private anyNumber = false;
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
