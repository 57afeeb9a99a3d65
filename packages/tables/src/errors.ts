// The loaders' typed errors. Each names its source (a file path, or what a caller called its bytes,
// such as "the CSV body") so the CLI can print one line and the server can answer with the place at fault.

import { StatsError } from '@vigil/stats';

/**
 * A data source is unusable: empty, ragged, unparsable, or at odds with the mapping or the other table.
 * `row` is 1-based and counts the header as row 1 (the line number for sources without quoted
 * newlines); `column` is the column's name. Either is undefined when the fault is the source as a whole.
 */
export class InputError extends StatsError {
  /** The file path, or the name given to the bytes (`loadTableFromBytes`' `name`). */
  readonly file: string;
  readonly row: number | undefined;
  readonly column: string | undefined;
  /** The fault alone, without the place (the message is `<file>:<row>:<column>: <what>`, `-` for an unknown part). */
  readonly what: string;

  constructor(file: string, row: number | undefined, column: string | undefined, what: string) {
    super('CORRUPT_INPUT', column ?? file, 'a well-formed data file', `${file}:${row ?? '-'}:${column ?? '-'}: ${what}`);
    this.name = 'InputError';
    this.file = file;
    this.row = row;
    this.column = column;
    this.what = what;
  }
}

/** A file whose extension names no format the loaders read (the message says which ones they do). */
export class UnsupportedFormatError extends StatsError {
  readonly file: string;

  constructor(file: string) {
    super('INVALID_ARGUMENT', file, 'a .csv, .ndjson, .jsonl or .parquet file');
    this.name = 'UnsupportedFormatError';
    this.file = file;
  }
}

/** A source larger than a limit the caller set (`LoadOptions.maxRows`, `maxDecodedBytes`): refused before it is read whole. */
export class TableTooLargeError extends StatsError {
  readonly file: string;
  readonly limit: 'rows' | 'bytes';
  readonly max: number;
  /** What the source holds (rows, or estimated decoded bytes), or at least this much when it was not read to the end. */
  readonly actual: number;

  constructor(file: string, limit: 'rows' | 'bytes', max: number, actual: number) {
    super(
      'INVALID_ARGUMENT',
      file,
      `at most ${max} ${limit === 'rows' ? 'rows' : 'decoded bytes'}`,
      `${file}: more than ${max} ${limit === 'rows' ? 'rows' : 'decoded bytes'}`,
    );
    this.name = 'TableTooLargeError';
    this.file = file;
    this.limit = limit;
    this.max = max;
    this.actual = actual;
  }
}
