// Copies an array-like of finite numbers into a Float64Array, naming the first bad element.

import { InvalidArgumentError } from '@vigil/stats';

export function finiteArray(v: ArrayLike<number>, name: string): Float64Array {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number') throw new InvalidArgumentError(name, 'an array of numbers', v);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidArgumentError(`${name}[${i}]`, 'a finite number', x);
    out[i] = x;
  }
  return out;
}
