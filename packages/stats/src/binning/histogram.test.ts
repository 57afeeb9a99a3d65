import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { loadFixture } from '../../test/fixtures.js';
import { histogram } from './histogram.js';
import { histogramBinEdges } from './histogram-bin-edges.js';

interface BinCase {
  name: string;
  x: number[];
  edges: Record<string, number[]>;
  counts: Record<string, number[]>;
  edgesRanged: Record<string, number[]>;
  countsRanged: Record<string, number[]>;
}
const fx = loadFixture<{ binning: BinCase[]; histogramExplicit: { x: number[]; edges: number[]; counts: number[] } }>('distances');

describe('histogram vs numpy.histogram (1.24)', () => {
  for (const c of fx.binning) {
    it(`${c.name}: counts on NumPy's edges`, () => {
      for (const [k, e] of Object.entries(c.edges)) expect(Array.from(histogram(c.x, e)), `${k}`).toEqual(c.counts[k]);
      for (const [k, e] of Object.entries(c.edgesRanged)) expect(Array.from(histogram(c.x, e)), `${k} ranged`).toEqual(c.countsRanged[k]);
    });
  }

  it('non-uniform and repeated edges, values on edges and outside', () => {
    const h = fx.histogramExplicit;
    expect(Array.from(histogram(h.x, h.edges))).toEqual(h.counts);
  });

  it('bins are half-open except the last, which is closed', () => {
    expect(Array.from(histogram([0, 1, 2, 3], [0, 1, 2, 3]))).toEqual([1, 1, 2]);
    expect(Array.from(histogram([-1, 3.5], [0, 1, 2, 3]))).toEqual([0, 0, 0]);
  });

  it('every in-range value is counted once (property)', () => {
    fc.assert(
      // Subnormal spans are left out: NumPy's own linspace gives non-monotone edges there and refuses them.
      fc.property(
        fc.array(
          fc.double({ min: -50, max: 50, noNaN: true }).map((v) => (Math.abs(v) < 1e-300 ? 0 : v)),
          { minLength: 1, maxLength: 200 },
        ),
        fc.integer({ min: 1, max: 40 }),
        (x, k) => {
          const e = histogramBinEdges(x, k);
          const c = histogram(x, e);
          expect(c.reduce((s, v) => s + v, 0)).toBe(x.length);
          for (let i = 0; i < k; i++) {
            const lo = e[i]!;
            const hi = e[i + 1]!;
            const expected = x.filter((v) => v >= lo && (i === k - 1 ? v <= hi : v < hi)).length;
            expect(c[i]).toBe(expected);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects bad input', () => {
    expect(() => histogram([1, Number.NaN], [0, 1])).toThrow(/x\[1\]/);
    expect(() => histogram([1], [0])).toThrow(/edges/);
    expect(() => histogram([1], [0, 2, 1])).toThrow(InvalidArgumentError);
  });
});
