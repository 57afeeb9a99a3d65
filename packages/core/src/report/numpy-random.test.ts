// NumPy's legacy generator reproduced: permutations after np.random.seed(s), as NumPy 1.24 prints them.

import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from './numpy-random.js';

describe('NumpyRandomState', () => {
  it('draws the permutations NumPy draws after np.random.seed(0)', () => {
    const rs = new NumpyRandomState(0);
    expect([...rs.permutation(10)]).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    expect([...rs.permutation(7)]).toEqual([3, 1, 2, 6, 5, 0, 4]);
  });

  it('matches np.random.seed(12345); np.random.choice(a, 4, replace=False)', () => {
    const a = [5, 6, 7, 8, 9, 10];
    const idx = new NumpyRandomState(12345).permutation(a.length);
    expect([...idx.slice(0, 4)].map((i) => a[i])).toEqual([10, 8, 9, 5]);
  });

  it('gives MT19937 genrand_int32 output for seed 5489 (the reference implementation)', () => {
    expect(new NumpyRandomState(5489).nextUint32()).toBe(3499211612);
  });
});
