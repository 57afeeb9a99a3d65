import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectAllClose, loadFixture } from '../../test/fixtures.js';
import { histogramBinEdges } from './histogram-bin-edges.js';
import type { BinRule } from './histogram-bin-edges.js';
import { linspace } from './linspace.js';

interface BinCase {
  name: string;
  x: number[];
  edges: Record<string, number[]>;
  range: [number, number];
  edgesRanged: Record<string, number[]>;
}
const fx = loadFixture<{ binning: BinCase[] }>('distances');

const asBins = (k: string): number | BinRule => (/^\d+$/.test(k) ? Number(k) : (k as BinRule));

describe('histogramBinEdges vs numpy.histogram_bin_edges (1.24)', () => {
  for (const c of fx.binning) {
    it(`${c.name}: every bin count and rule, bit for bit`, () => {
      for (const [k, expected] of Object.entries(c.edges)) {
        const got = histogramBinEdges(c.x, asBins(k));
        expect(got.length, `${c.name} ${k} bin count`).toBe(expected.length);
        expectAllClose(got, expected, { rel: 1e-15, abs: 0 }, `${c.name} ${k}`);
      }
    });
    it(`${c.name}: with an explicit range`, () => {
      for (const [k, expected] of Object.entries(c.edgesRanged)) {
        const got = histogramBinEdges(c.x, asBins(k), { range: c.range });
        expect(got.length, `${c.name} ${k} bin count`).toBe(expected.length);
        expectAllClose(got, expected, { rel: 1e-15, abs: 0 }, `${c.name} ${k} ranged`);
      }
    });
  }

  it('widens a constant sample to ±0.5 with one bin for every rule, as NumPy', () => {
    for (const rule of ['auto', 'sturges', 'doane', 'fd', 'scott', 'rice', 'sqrt', 'stone'] as const) {
      expect(Array.from(histogramBinEdges([4, 4, 4], rule))).toEqual([3.5, 4.5]);
    }
    expect(Array.from(histogramBinEdges([4, 4, 4], 2))).toEqual([3.5, 4, 4.5]);
    expect(Array.from(histogramBinEdges([], 2))).toEqual([0, 0.5, 1]);
  });

  it('linspace reproduces NumPy arithmetic (endpoints exact, monotone) (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 200 }),
        (a, w, num) => {
          const e = linspace(a, a + w, num);
          // `===`, not Object.is: NumPy computes 0·step + start, so a start of -0 comes back as +0.
          expect(e[0] === a).toBe(true);
          expect(e[num - 1]).toBe(a + w);
          for (let i = 1; i < num; i++) expect(e[i]!).toBeGreaterThanOrEqual(e[i - 1]!);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => histogramBinEdges([1, Number.NaN], 3)).toThrow(/x\[1\]/);
    expect(() => histogramBinEdges([1, Infinity], 'auto')).toThrow(InvalidArgumentError);
    expect(() => histogramBinEdges([1, 2], 0)).toThrow(/bins/);
    expect(() => histogramBinEdges([1, 2], 'knuth' as BinRule)).toThrow(/bins/);
    expect(() => histogramBinEdges([1, 2], 3, { range: [2, 1] })).toThrow(/options\.range/);
    expect(() => histogramBinEdges([1, 2], 3, { rang: [0, 1] } as never)).toThrow(/options\.rang/);
  });
});
