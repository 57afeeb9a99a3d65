import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { midranks, tieTermSorted } from './ranks.js';

describe('midranks', () => {
  it('averages tied ranks as SciPy rankdata(method="average")', () => {
    // scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    const r = midranks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    expect(Array.from(r.ranks)).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
    // ties: two 1s, two 3s, three 5s → (8 − 2) + (8 − 2) + (27 − 3)
    expect(r.tieTerm).toBe(36);
  });

  it('gives 1..n without ties and treats -0 and +0 as equal', () => {
    expect(Array.from(midranks([0.5, -2, 7]).ranks)).toEqual([2, 1, 3]);
    expect(Array.from(midranks([-0, 0, 1]).ranks)).toEqual([1.5, 1.5, 3]);
    expect(midranks([]).ranks.length).toBe(0);
  });

  it('keeps the rank sum n(n+1)/2 and the tie term consistent (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }), (x) => {
        const { ranks, tieTerm } = midranks(x);
        const n = x.length;
        expect(ranks.reduce((a, b) => a + b, 0)).toBe((n * (n + 1)) / 2);
        const counts = new Map<number, number>();
        for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
        let expected = 0;
        for (const t of counts.values()) expected += t ** 3 - t;
        expect(tieTerm).toBe(expected);
        expect(tieTermSorted([...x].sort((a, b) => a - b))).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});
