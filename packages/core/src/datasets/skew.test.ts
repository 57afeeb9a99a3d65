import { describe, expect, it } from 'vitest';
import { numbersAgree, SkewAccumulator } from './skew.js';

describe('numbersAgree', () => {
  it('takes a relative 1e-9', () => {
    expect(numbersAgree(1, 1 + 5e-10)).toBe(true);
    expect(numbersAgree(1, 1 + 2e-9)).toBe(false);
    expect(numbersAgree(1e12, 1e12 + 500)).toBe(true);
    expect(numbersAgree(0, 1e-300)).toBe(false);
    expect(numbersAgree(0, 0)).toBe(true);
  });
});

describe('SkewAccumulator', () => {
  it('counts mismatches per feature, a value on one side as a mismatch, none on both as not compared', () => {
    const acc = new SkewAccumulator([
      { name: 'x', numeric: true, column: new Float64Array([1, 2, NaN, NaN]) },
      { name: 'c', numeric: false, column: ['a', 'b', null, 1] },
    ]);
    acc.add({ x: 1, c: 'a' }, 0); // both agree
    acc.add({ x: 2.5, c: 'z' }, 1); // both differ
    acc.add({ x: null, c: null }, 2); // nothing to compare
    acc.add({ x: 3, c: '1' }, 3); // x only served: mismatch; "1" and 1 agree
    acc.addUnmatched();
    const r = acc.result();
    expect(r.joined).toBe(4);
    expect(r.unmatched).toBe(1);
    expect(r.features[0]).toEqual({ name: 'x', compared: 3, mismatchShare: 2 / 3, meanAbsDiff: 0.25, p95AbsDiff: 0.475 });
    expect(r.features[1]).toEqual({ name: 'c', compared: 3, mismatchShare: 1 / 3 });
  });
  it('gives p95 with NumPy linear interpolation (np.percentile(range(20), 95) = 18.05)', () => {
    const n = 20;
    const acc = new SkewAccumulator([{ name: 'x', numeric: true, column: new Float64Array(n) }]);
    for (let i = 0; i < n; i++) acc.add({ x: i }, i);
    const f = acc.result().features[0]!;
    expect(f.p95AbsDiff).toBeCloseTo(18.05, 12);
    expect(f.meanAbsDiff).toBeCloseTo(9.5, 12);
    expect(f.mismatchShare).toBeCloseTo(19 / 20, 12);
  });
  it('grows past its first buffer and keeps every difference', () => {
    const n = 5000;
    const acc = new SkewAccumulator([{ name: 'x', numeric: true, column: new Float64Array(n).fill(1) }]);
    for (let i = 0; i < n; i++) acc.add({ x: i % 10 === 0 ? 2 : 1 }, i);
    const f = acc.result().features[0]!;
    expect(f.mismatchShare).toBe(0.1);
    expect(f.meanAbsDiff).toBeCloseTo(0.1, 12);
    expect(f.p95AbsDiff).toBe(1);
  });
});
