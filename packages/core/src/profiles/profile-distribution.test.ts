import { createRng, histogram } from '@vigil/stats';
import { describe, expect, it } from 'vitest';
import { ColumnProfile } from './column-profile.js';
import { profileDistribution } from './profile-distribution.js';

describe('profileDistribution', () => {
  it('numeric shares equal NumPy-style histogram shares of the raw values while the sketches are exact', () => {
    const rng = createRng(3);
    const ref = Float64Array.from({ length: 500 }, () => rng.normal());
    const cur = Float64Array.from({ length: 300 }, () => 0.5 + rng.normal());
    // Values on bin edges too: NumPy's bins are [a, b), the last one closed.
    const refProfile = new ColumnProfile().updateNumbers([...ref, -4, 0]);
    const curProfile = new ColumnProfile().updateNumbers([...cur, 4]);
    const d = profileDistribution(refProfile, curProfile, { bins: 8 });
    if (d.kind !== 'numeric') throw new Error('numeric expected');
    expect(d.edges).toHaveLength(9);
    expect(d.edges[0]).toBe(-4);
    expect(d.edges[8]).toBe(4);
    const expected = (values: number[]) => Array.from(histogram(Float64Array.from(values), Float64Array.from(d.edges)), (c) => c / values.length);
    const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 12));
    close(d.reference, expected([...ref, -4, 0]));
    close(d.current, expected([...cur, 4]));
  });

  it('widens a single value into one unit-wide range, as NumPy does', () => {
    const d = profileDistribution(new ColumnProfile().updateNumbers([2, 2]), new ColumnProfile().updateNumbers([2]), { bins: 2 });
    expect(d).toEqual({ kind: 'numeric', edges: [1.5, 2, 2.5], reference: [0, 1], current: [0, 1] });
  });

  it('gives category shares, most frequent first, folding the rest into one "other" bar', () => {
    const ref = new ColumnProfile();
    const cur = new ColumnProfile();
    for (const [c, n] of [
      ['a', 50],
      ['b', 30],
      ['c', 15],
      ['d', 5],
    ] as const)
      for (let i = 0; i < n; i++) ref.update(c);
    for (const [c, n] of [
      ['a', 20],
      ['b', 20],
      ['e', 60],
    ] as const)
      for (let i = 0; i < n; i++) cur.update(c);
    const d = profileDistribution(ref, cur, { maxCategories: 4 });
    // Ranked by both sides' shares together: a 0.7, e 0.6, b 0.5, then c and d folded.
    if (d.kind !== 'categorical') throw new Error('categorical expected');
    expect([d.categories, d.otherLabel]).toEqual([['a', 'e', 'b', 'other (2 more)'], 'other (2 more)']);
    [0.5, 0, 0.3, 0.2].forEach((v, i) => expect(d.reference[i]).toBeCloseTo(v, 12));
    [0.2, 0.6, 0.2, 0].forEach((v, i) => expect(d.current[i]).toBeCloseTo(v, 12));
    const all = profileDistribution(ref, cur, { maxCategories: 20 });
    expect(all.kind === 'categorical' && all.categories).toEqual(['a', 'e', 'b', 'c', 'd']);
  });

  it('draws one side alone when the other has no values', () => {
    const ref = new ColumnProfile();
    for (const c of ['x', 'x', 'y']) ref.update(c);
    const d = profileDistribution(ref, new ColumnProfile().update(null));
    expect(d.kind === 'categorical' && [d.categories, d.reference.map((v) => +v.toFixed(6)), d.current]).toEqual([
      ['x', 'y'],
      [0.666667, 0.333333],
      [0, 0],
    ]);
  });
});
