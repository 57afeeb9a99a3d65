import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectAllClose, loadFixture } from '../../test/fixtures.js';
import { quantileBinEdges } from './quantile-bin-edges.js';

interface BinCase {
  name: string;
  x: number[];
  quantileEdges: Record<string, number[]>;
}
const fx = loadFixture<{ binning: BinCase[] }>('distances');

describe('quantileBinEdges vs np.unique(np.quantile(x, linspace(0, 1, k + 1)))', () => {
  for (const c of fx.binning) {
    it(c.name, () => {
      for (const [k, expected] of Object.entries(c.quantileEdges)) {
        const got = quantileBinEdges(c.x, Number(k));
        if (expected.length === 1) expect(Array.from(got)).toEqual([expected[0]! - 0.5, expected[0]! + 0.5]);
        else expectAllClose(got, expected, {}, `${c.name} ${k}`);
      }
    });
  }

  it('merges tied quantiles', () => {
    expect(Array.from(quantileBinEdges([1, 1, 1, 1, 2], 4))).toEqual([1, 2]);
  });

  it('rejects bad input', () => {
    expect(() => quantileBinEdges([1, 2], 0)).toThrow(/nBins/);
    expect(() => quantileBinEdges([Number.NaN], 2)).toThrow(InvalidArgumentError);
  });
});
