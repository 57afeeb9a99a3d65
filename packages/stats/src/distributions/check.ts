// Parameter checks shared by the distributions: bad parameters throw, bad arguments give NaN.

import { InvalidArgumentError } from '../errors.js';

/** Throws unless `v` is a finite number > 0 (degrees of freedom, shapes, scales). */
export function checkPositive(v: number, name: string): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new InvalidArgumentError(name, 'a finite number > 0', v);
  }
}

/** Throws unless `v` is a finite number (locations). */
export function checkLocation(v: number, name: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(name, 'a finite number', v);
}

/** Throws unless `v` is an integer ≥ 1 (a sample size). */
export function checkSampleSize(v: number, name: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new InvalidArgumentError(name, 'an integer ≥ 1', v);
  }
}

/** Throws unless `v` is an integer ≥ 0 (a count of trials or items). */
export function checkCount(v: number, name: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new InvalidArgumentError(name, 'an integer ≥ 0', v);
  }
}

/** Throws unless `v` is a probability in [0, 1]. */
export function checkProbability(v: number, name: string): void {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new InvalidArgumentError(name, 'a probability in [0, 1]', v);
}
