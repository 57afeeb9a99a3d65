import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { iqr } from './iqr.js';

interface DescCase {
  name: string;
  x: number[];
  iqr: number;
  iqr_normal: number;
  iqr_10_90_midpoint: number;
}
const fx = loadFixture<{ descriptive: DescCase[] }>('distances');

describe('iqr vs scipy.stats.iqr (1.10)', () => {
  for (const c of fx.descriptive) {
    it(c.name, () => {
      expectClose(iqr(c.x), c.iqr, {}, 'iqr');
      expectClose(iqr(c.x, { scale: 'normal' }), c.iqr_normal, {}, 'normal scale');
      expectClose(iqr(c.x, { rng: [10, 90], interpolation: 'midpoint' }), c.iqr_10_90_midpoint, {}, '10-90 midpoint');
    });
  }

  it('docstring example: iqr([[10, 7, 4], [3, 2, 1]]) = 4.0', () => {
    expect(iqr([10, 7, 4, 3, 2, 1])).toBe(4);
  });

  it('rejects bad input', () => {
    expect(() => iqr([1, Number.NaN])).toThrow(/x\[1\]/);
    expect(() => iqr([1, 2], { rng: [25, 175] })).toThrow(/options\.rng/);
    expect(() => iqr([1, 2], { scale: 0 })).toThrow(InvalidArgumentError);
  });
});
