// The CLI's typed errors: bad input files and bad usage, each turned into one line on stderr and
// exit code 2 by `formatCliError`, so scripts and CI see the file, row and column at fault.

import { StatsError } from '@vigil/stats';

/**
 * A data file is unusable: empty, ragged, unparsable, or at odds with the mapping or the other file.
 * `row` is 1-based and counts the header as row 1 (the line number for files without quoted
 * newlines); `column` is the column's name. Either is undefined when the fault is the file as a whole.
 */
export class InputError extends StatsError {
  readonly file: string;
  readonly row: number | undefined;
  readonly column: string | undefined;
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

/** A flag or config value is wrong (unknown preset, malformed check, unreadable config file). */
export class UsageError extends StatsError {
  constructor(argument: string, expected: string, got?: string) {
    super(
      'INVALID_ARGUMENT',
      argument,
      expected,
      got === undefined ? `${argument}: expected ${expected}` : `${argument}: expected ${expected}, got ${got}`,
    );
    this.name = 'UsageError';
  }
}

