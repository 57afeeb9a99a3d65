import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { binCounts } from './bin-counts.js';

const fx = loadFixture<{ frouros: { edges20: number[]; countsX: number[]; countsY: number[] } }>('distances');
const frouros = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');

describe('binCounts', () => {
  it("joint equal-width bins reproduce frouros' binning (np.histogram of both samples)", () => {
    const r = binCounts(frouros.X, frouros.Y, { bins: 20 });
    expect(Array.from(r.edges)).toEqual(fx.frouros.edges20);
    expect(Array.from(r.reference)).toEqual(fx.frouros.countsX);
    expect(Array.from(r.current)).toEqual(fx.frouros.countsY);
    expect(r.clipped).toBe(0);
    expect(r.nanDropped).toBe(0);
  });

  it('reference quantile bins, clipping current values outside into the end bins', () => {
    const r = binCounts([1, 2, 3, 4, 5, 6, 7, 8], [0, 4.5, 9, 10, Number.NaN], { bins: 4, strategy: 'quantile' });
    expect(Array.from(r.edges)).toEqual([1, 2.75, 4.5, 6.25, 8]);
    expect(Array.from(r.reference)).toEqual([2, 2, 2, 2]);
    expect(Array.from(r.current)).toEqual([1, 0, 1, 2]);
    expect(r.clipped).toBe(3);
    expect(r.nanDropped).toBe(1);
  });

  it('explicit edges and reference-only edges', () => {
    const r = binCounts([0, 1, 2], [3, 4], { bins: [0, 2, 4] });
    expect(Array.from(r.reference)).toEqual([2, 1]);
    expect(Array.from(r.current)).toEqual([0, 2]);
    const s = binCounts([0, 1, 2], [3], { bins: 2, edgesFrom: 'reference' });
    expect(Array.from(s.edges)).toEqual([0, 1, 2]);
    expect(Array.from(s.current)).toEqual([0, 1]);
    expect(s.clipped).toBe(1);
  });

  it('rejects bad input', () => {
    expect(() => binCounts([Number.NaN], [1])).toThrow(EmptySampleError);
    expect(() => binCounts([1], [1], { strategy: 'quantile', bins: 'auto' })).toThrow(/options\.bins/);
    expect(() => binCounts([1], [1], { strategy: 'kmeans' as never })).toThrow(InvalidArgumentError);
  });
});
