// Options objects of the rank and two-sample tests: a misspelt key is an error, not a silent default.

import { InvalidArgumentError } from '../errors.js';

/** Throws unless `options` is undefined or a plain object whose keys are all in `allowed`. */
export function checkOptionKeys(options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError('options', 'an options object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError(`options.${key}`, `no such option (known: ${allowed.join(', ')})`);
    }
  }
}

/** Checks a boolean option. */
export function checkBoolean(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new InvalidArgumentError(name, 'true or false', v);
  return v;
}
