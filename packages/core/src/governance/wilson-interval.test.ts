import { describe, expect, it } from 'vitest';
import { wilsonScoreInterval } from './wilson-interval.js';

describe('wilsonScoreInterval', () => {
  it('gives the Wilson score interval (values from SciPy’s norm.isf and the closed form; 0 of 10 → [0, 0.2775] as tables list)', () => {
    const cases: [number, number, number, number, number][] = [
      [83, 100, 0.05, 0.7445199523239887, 0.8910643388594006],
      [0, 10, 0.05, 0, 0.27753279986288926],
      [7, 7, 0.05, 0.6456695649333125, 0.9999999999999999],
      [5, 20, 0.1, 0.1273771685203577, 0.4322017501601246],
    ];
    for (const [x, n, a, lo, hi] of cases) {
      const r = wilsonScoreInterval(x, n, a);
      expect(r.lower).toBeCloseTo(lo, 12);
      expect(r.upper).toBeCloseTo(hi, 12);
    }
  });
  it('refuses impossible counts', () => {
    expect(() => wilsonScoreInterval(3, 0)).toThrow(RangeError);
    expect(() => wilsonScoreInterval(5, 4)).toThrow(RangeError);
  });
});
