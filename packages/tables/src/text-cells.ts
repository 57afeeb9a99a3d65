// The cells of a text column as it loads: an integer code per row into its distinct values while
// they are few (a category column of a million rows is a few strings and 4 MB of codes, and moves
// to another thread as such), or plain strings once they are many.

import type { Cell, EncodedCells } from '@vigil/core';
import type { LoadedColumn, PandasDtype } from './loaded-table.js';

export type { EncodedCells } from '@vigil/core';

/** A text column's cells: as codes while they were kept, else as strings. */
export type FinishedCells = { encoded: EncodedCells } | { cells: (string | null)[] };

/** The cells the codes stand for, each distinct value one shared string. */
export function decodeCells({ codes, dictionary }: EncodedCells): Cell[] {
  // Sized once and filled: several times faster than pushing a million cells.
  const cells = new Array<Cell>(codes.length);
  for (let i = 0; i < codes.length; i++) cells[i] = dictionary[codes[i] as number] as Cell;
  return cells;
}

/**
 * A column of encoded cells whose `values` are decoded on first use: a table loaded on a worker
 * thread moves as codes and is never decoded there.
 */
export function encodedColumn(name: string, dtype: PandasDtype, encoded: EncodedCells): LoadedColumn {
  let cells: Cell[] | undefined;
  const column = { name, dtype, encoded };
  return Object.defineProperty(column, 'values', { enumerable: true, get: () => (cells ??= decodeCells(encoded)) }) as typeof column & { values: Cell[] };
}

/** Past this many distinct values, strings are kept as they are (a code table would only add to them). */
export const MAX_DICTIONARY = 1 << 16;

export class TextCells {
  private codes: Int32Array | undefined = new Int32Array(1024);
  /** Code 0 is the missing value. */
  private readonly dictionary: (string | null)[] = [null];
  private readonly codeOf = new Map<string, number>();
  private texts: (string | null)[] | undefined;
  length = 0;

  /** Starts with `missing` rows of missing values (a column that turned out to be text after them). */
  constructor(missing = 0) {
    this.room(missing);
    this.length = missing;
  }

  /** The code of `text` (assigned on first sight), or -1 once codes are no longer kept. */
  codeFor(text: string): number {
    if (this.codes === undefined) return -1;
    let code = this.codeOf.get(text);
    if (code === undefined) {
      if (this.dictionary.length > MAX_DICTIONARY) {
        this.toTexts();
        return -1;
      }
      code = this.dictionary.push(text) - 1;
      this.codeOf.set(text, code);
    }
    return code;
  }

  /** Appends a cell; `code` is its code when the caller knows it (from `codeFor`), else -1. */
  push(text: string | null, code = -1): void {
    const codes = this.codes;
    if (codes !== undefined) {
      const c = text === null ? 0 : code >= 0 ? code : this.codeFor(text);
      if (c >= 0) {
        (this.length < codes.length ? codes : this.room(1))[this.length++] = c;
        return;
      }
    }
    (this.texts as (string | null)[]).push(text);
    this.length++;
  }

  pop(): void {
    if (this.length === 0) return;
    this.length--;
    this.texts?.pop();
  }

  /** Overwrites row `row` (the loader restores rows first read as numbers). */
  set(row: number, text: string | null): void {
    if (row >= this.length) return;
    if (this.codes !== undefined) {
      const c = text === null ? 0 : this.codeFor(text);
      if (c >= 0 && this.codes !== undefined) {
        this.codes[row] = c;
        return;
      }
    }
    (this.texts as (string | null)[])[row] = text;
  }

  /** The distinct values that are not missing (every value, when codes were given up). */
  distinct(): readonly (string | null)[] {
    return this.codes !== undefined ? this.dictionary.slice(1) : (this.texts as (string | null)[]);
  }

  /** The cells: as codes while the distinct values were few, else as strings. */
  finish(): FinishedCells {
    const codes = this.codes;
    if (codes === undefined) return { cells: this.texts as (string | null)[] };
    return { encoded: { codes: codes.subarray(0, this.length), dictionary: this.dictionary } };
  }

  private room(extra: number): Int32Array {
    const codes = this.codes as Int32Array;
    if (this.length + extra <= codes.length) return codes;
    const grown = new Int32Array(Math.max(this.length + extra, codes.length * 2));
    grown.set(codes.subarray(0, this.length));
    this.codes = grown;
    return grown;
  }

  private toTexts(): void {
    const codes = this.codes as Int32Array;
    const texts: (string | null)[] = [];
    for (let i = 0; i < this.length; i++) texts.push(this.dictionary[codes[i] as number] as string | null);
    this.texts = texts;
    this.codes = undefined;
    this.codeOf.clear();
  }
}
