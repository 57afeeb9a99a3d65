// Input checks for functions that return a bare number: they cannot report how many NaNs they
// dropped, so a NaN is an error that names the argument and the index.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';

/**
 * Copies `x` into a Float64Array, throwing `InvalidArgumentError` (`name[i]`) on the first NaN —
 * or, with `finite`, on the first NaN or ±Infinity — and `EmptySampleError` when fewer than `min`
 * values are given.
 */
export function sampleValues(x: NumericArray, name: string, { min = 1, finite = false }: { min?: number; finite?: boolean } = {}): Float64Array {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new InvalidArgumentError(name, 'an array of numbers', x);
  }
  const n = x.length;
  if (n < min) throw new EmptySampleError(name, min);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (typeof v !== 'number' || v !== v || (finite && (v === Infinity || v === -Infinity))) {
      throw new InvalidArgumentError(`${name}[${i}]`, finite ? 'a finite number (no NaN or Infinity)' : 'a number (NaN is not allowed)', v);
    }
    out[i] = v;
  }
  return out;
}

/** Rejects option keys that the function does not know, so a misspelt option fails loudly. */
export function checkKnownOptions(options: unknown, known: readonly string[], name = 'options'): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError(name, 'an options object', options);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new InvalidArgumentError(`${name}.${key}`, `one of the options ${known.join(', ')}`, key);
  }
}
