// The CLI's typed errors: bad input files and bad usage, each turned into one line on stderr and
// exit code 2 by `describeError`, so scripts and CI see the file, row and column at fault.
// Bad input is the loaders' `InputError` (@vigil/tables), re-exported here for the CLI's own code.

import { StatsError } from '@vigil/stats';

export { InputError } from '@vigil/tables';

/** A flag or config value is wrong (unknown preset, malformed check, unreadable config file). */
export class UsageError extends StatsError {
  constructor(argument: string, expected: string, got?: string) {
    super('INVALID_ARGUMENT', argument, expected, got === undefined ? `${argument}: expected ${expected}` : `${argument}: expected ${expected}, got ${got}`);
    this.name = 'UsageError';
  }
}
