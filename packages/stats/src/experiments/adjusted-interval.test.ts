import { describe, expect, it } from 'vitest';
import { normalPpf } from '../distributions/index.js';
import { benjaminiHochberg, holm } from '../power/multiple-testing.js';
import { createRng } from '../random.js';
import { expectClose } from '../../test/fixtures.js';
import { adjustedConfidenceInterval } from './adjusted-interval.js';

// GrowthBook packages/shared/src/experiments/experiments.ts adjustPValuesHolmBonferroni and
// adjustPValuesBenjaminiHochberg, written out as GrowthBook sorts and sweeps.
function gbHolm(p: number[]): number[] {
  const m = p.length;
  const idx = p.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  idx.forEach((e, i) => (e.v = Math.min(e.v * (m - i), 1)));
  for (let i = 1, t = (idx[0] as { v: number }).v; i < m; i++) {
    const e = idx[i] as { v: number };
    if (e.v > t) t = e.v;
    else e.v = t;
  }
  const out = new Array<number>(m);
  for (const e of idx) out[e.i] = e.v;
  return out;
}

function gbBh(p: number[]): number[] {
  const m = p.length;
  const idx = p.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v);
  idx.forEach((e, i) => (e.v = Math.min((e.v * m) / (m - i), 1)));
  for (let i = 1, t = (idx[0] as { v: number }).v; i < m; i++) {
    const e = idx[i] as { v: number };
    if (e.v < t) t = e.v;
    else e.v = t;
  }
  const out = new Array<number>(m);
  for (const e of idx) out[e.i] = e.v;
  return out;
}

describe('goal-metric corrections: the existing holm and benjaminiHochberg are GrowthBook’s', () => {
  it('agree with GrowthBook’s sweeps on random families of 1 to 30 p-values', () => {
    const rng = createRng(16);
    for (let t = 0; t < 200; t++) {
      const m = 1 + Math.floor(rng.next() * 30);
      const p = Array.from({ length: m }, () => (rng.next() < 0.3 ? rng.next() * 0.01 : rng.next()));
      const h = holm(p).adjusted;
      const b = benjaminiHochberg(p).adjusted;
      gbHolm(p).forEach((v, i) => expectClose(h[i] as number, v, { rel: 1e-12 }));
      gbBh(p).forEach((v, i) => expectClose(b[i] as number, v, { rel: 1e-12 }));
    }
  });
});

describe('adjustedConfidenceInterval (GrowthBook getAdjustedCI)', () => {
  it('widens the interval so that it matches the adjusted p-value', () => {
    const lift = 0.1;
    const ci: [number, number] = [0.02, 0.18];
    const ciAdj = adjustedConfidenceInterval(lift, ci, 0.2);
    const sd = Math.abs(lift / normalPpf(1 - 0.2 / 2));
    expectClose(ciAdj[0], lift - normalPpf(0.975) * sd);
    expectClose(ciAdj[1], lift + normalPpf(0.975) * sd);
    // The adjusted interval's lower end touches 0 exactly when p_adj = alpha.
    expectClose(adjustedConfidenceInterval(lift, ci, 0.05)[0], 0, { rel: 0, abs: 1e-12 });
  });

  it('never narrows, is unbounded at p_adj ≈ 1, and keeps ci for a zero lift', () => {
    expect(adjustedConfidenceInterval(0.1, [-0.5, 0.7], 0.06)).toEqual([-0.5, 0.7]);
    expect(adjustedConfidenceInterval(0.1, [0, 0.2], 1)).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(adjustedConfidenceInterval(0, [-0.1, 0.1], 0.5)).toEqual([-0.1, 0.1]);
    expect(() => adjustedConfidenceInterval(0.1, [0, 0.2], 1.5)).toThrow(/pValueAdjusted/);
  });
});
