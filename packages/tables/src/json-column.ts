// Builds one column from JSON values (NDJSON, Parquet): all numbers → Float64Array; anything else →
// cells keeping each value's JSON type, as pandas keeps an object column.

import type { Cell } from '@vigil/core';
import { FloatBuffer } from './float-buffer.js';
import type { LoadedColumn, PandasDtype } from './loaded-table.js';

export class JsonColumnBuilder {
  readonly name: string;
  private numbers: FloatBuffer | undefined = new FloatBuffer();
  private cells: Cell[] | undefined;
  private allIntegers = true;
  private anyMissing = false;
  private anyValue = false;
  private allBoolean = true;

  constructor(name: string, missingRowsBefore = 0) {
    this.name = name;
    for (let i = 0; i < missingRowsBefore; i++) this.push(null);
  }

  get rowCount(): number {
    return this.cells ? this.cells.length : (this.numbers?.length ?? 0);
  }

  push(value: Cell): void {
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) {
      this.anyMissing = true;
      if (this.cells) this.cells.push(null);
      else this.numbers?.push(Number.NaN);
      return;
    }
    this.anyValue = true;
    if (typeof value !== 'boolean') this.allBoolean = false;
    if (this.numbers) {
      if (typeof value === 'number') {
        if (this.allIntegers && !Number.isInteger(value)) this.allIntegers = false;
        this.numbers.push(value);
        return;
      }
      const numbers = this.numbers;
      this.cells = Array.from({ length: numbers.length }, (_, i) => {
        const n = numbers.get(i);
        return Number.isNaN(n) ? null : n;
      });
      this.numbers = undefined;
    }
    this.cells?.push(value);
  }

  finish(dtypeOverride?: PandasDtype): LoadedColumn {
    if (this.numbers) {
      const dtype = dtypeOverride ?? (this.anyValue && this.allIntegers && !this.anyMissing ? 'int64' : 'float64');
      return { name: this.name, values: this.numbers.finish(), dtype };
    }
    const dtype = dtypeOverride ?? (this.allBoolean && !this.anyMissing ? 'bool' : 'object');
    return { name: this.name, values: this.cells ?? [], dtype };
  }
}
