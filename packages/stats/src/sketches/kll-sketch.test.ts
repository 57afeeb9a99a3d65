import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptInputError, InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import type { Rng } from '../random.js';
import { sortedCopy } from '../sort.js';
import { KllSketch } from './kll-sketch.js';

/** Count of sorted values ≤ x. */
function exactRankCount(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest |sketch rank − exact rank| over 257 evenly spaced order statistics and the retained extremes. */
function maxRankError(s: KllSketch, sorted: Float64Array): number {
  const n = sorted.length;
  let worst = 0;
  for (let i = 0; i <= 256; i++) {
    const x = sorted[Math.min(n - 1, Math.floor((i * n) / 256))] as number;
    worst = Math.max(worst, Math.abs(s.rank(x) - exactRankCount(sorted, x) / n));
  }
  return worst;
}

const DISTRIBUTIONS: Record<string, (rng: Rng) => number> = {
  normal: (rng) => rng.normal(),
  lognormal: (rng) => Math.exp(2 * rng.normal()),
  uniform: (rng) => rng.next(),
  'integers (ties)': (rng) => rng.int(50),
  sorted: () => 0, // replaced by a ramp below: adversarial ordered input
};

function data(name: string, n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n);
  const gen = DISTRIBUTIONS[name] as (rng: Rng) => number;
  for (let i = 0; i < n; i++) a[i] = name === 'sorted' ? i : gen(rng);
  return a;
}

describe('KllSketch exact mode', () => {
  it('answers exactly (DataSketches INCLUSIVE semantics) until the first compaction', () => {
    const rng = createRng(1);
    const x = Float64Array.from({ length: 500 }, () => Math.round(rng.normal() * 20) / 4);
    const s = new KllSketch({ k: 1024 }).updateAll(x);
    const sorted = sortedCopy(x);
    expect(s.isEstimationMode).toBe(false);
    expect(s.numRetained).toBe(500);
    for (const v of [-100, sorted[0] as number, 0, 0.25, 1, sorted[499] as number, 100]) {
      expect(s.rank(v)).toBe(exactRankCount(sorted, v) / 500);
      expect(s.rank(v, { inclusive: false })).toBe(sorted.filter((y) => y < v).length / 500);
    }
    for (const q of [0.001, 0.1, 0.25, 0.5, 0.77, 0.999]) expect(s.quantile(q)).toBe(sorted[Math.ceil(q * 500) - 1]);
    expect(s.quantile(0)).toBe(sorted[0]);
    expect(s.quantile(1)).toBe(sorted[499]);
    expect(s.min).toBe(sorted[0]);
    expect(s.max).toBe(sorted[499]);
    expect(Array.from(s.quantiles([0, 0.5, 1]))).toEqual([s.quantile(0), s.quantile(0.5), s.quantile(1)]);
  });

  it('computes CDF and PMF over split points', () => {
    const s = new KllSketch().updateAll([1, 2, 2, 3, 4, 5, 5, 5, 9, 10]);
    expect(Array.from(s.cdf([2, 5]))).toEqual([0.3, 0.8, 1]);
    const pmf = s.pmf([2, 5]);
    expect(pmf[0]).toBeCloseTo(0.3, 15);
    expect(pmf[1]).toBeCloseTo(0.5, 15);
    expect(pmf[2]).toBeCloseTo(0.2, 15);
    expect(Array.from(s.cdf([2, 5], { inclusive: false }))).toEqual([0.1, 0.5, 1]);
  });

  it('is empty at first: NaN answers, no bounds', () => {
    const s = new KllSketch();
    expect(s.isEmpty).toBe(true);
    expect(s.n).toBe(0);
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.rank(1)).toBeNaN();
    expect(s.min).toBeNaN();
    expect(Array.from(s.cdf([1]))).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('KllSketch error bound (DataSketches table)', () => {
  it('matches the published normalized rank errors', () => {
    expect(KllSketch.normalizedRankError(200)).toBeCloseTo(0.0133, 4);
    expect(KllSketch.normalizedRankError(200, true)).toBeCloseTo(0.0165, 4);
    expect(new KllSketch().normalizedRankError()).toBeCloseTo(0.0027, 4);
    expect(new KllSketch().normalizedRankError(true)).toBeCloseTo(0.0035, 4);
    expect(KllSketch.normalizedRankError(256)).toBeCloseTo(0.0105, 4);
  });

  it('keeps the max rank error within the bound in ≥ 99 % of 200 trials of 10^5 values (k = 1024, streamed and merged)', () => {
    const n = 100_000;
    let failures = 0;
    let trials = 0;
    let worst = 0;
    const names = Object.keys(DISTRIBUTIONS);
    for (let t = 0; t < 200; t++) {
      const rng = createRng(1000 + t);
      const name = names[t % names.length] as string;
      const x = data(name, n, rng);
      let s: KllSketch;
      if (t % 2 === 0) {
        s = new KllSketch({ seed: t }).updateAll(x);
      } else {
        // 100 partial sketches of 1000 values, merged in a random tree shape.
        let parts: KllSketch[] = [];
        for (let p = 0; p < 100; p++) parts.push(new KllSketch({ seed: t * 1000 + p }).updateAll(x.subarray(p * 1000, (p + 1) * 1000)));
        while (parts.length > 1) {
          const i = rng.int(parts.length - 1);
          const merged = (parts[i] as KllSketch).merge(parts[i + 1] as KllSketch);
          parts = [...parts.slice(0, i), merged, ...parts.slice(i + 2)];
        }
        s = parts[0] as KllSketch;
      }
      expect(s.n).toBe(n);
      const err = maxRankError(s, sortedCopy(x));
      worst = Math.max(worst, err);
      trials++;
      if (err > s.normalizedRankError()) failures++;
    }
    expect(failures / trials).toBeLessThanOrEqual(0.01);
    expect(worst).toBeLessThan(2 * KllSketch.normalizedRankError(1024));
  });

  it('keeps PMF bin errors within the double-sided bound at k = 200', () => {
    let failures = 0;
    for (let t = 0; t < 40; t++) {
      const rng = createRng(5000 + t);
      const x = data('normal', 50_000, rng);
      const s = new KllSketch({ k: 200, seed: t }).updateAll(x);
      const sorted = sortedCopy(x);
      const splits = [-2, -1, -0.5, 0, 0.5, 1, 2];
      const pmf = s.pmf(splits);
      let prev = 0;
      let worst = 0;
      for (let i = 0; i <= splits.length; i++) {
        const c = i < splits.length ? exactRankCount(sorted, splits[i] as number) / sorted.length : 1;
        worst = Math.max(worst, Math.abs((pmf[i] as number) - (c - prev)));
        prev = c;
      }
      if (worst > s.normalizedRankError(true)) failures++;
    }
    expect(failures).toBeLessThanOrEqual(1);
  });

  it('merges sketches of different k, keeping the smaller k for the bound', () => {
    const rng = createRng(3);
    const x = data('normal', 60_000, rng);
    const a = new KllSketch({ k: 1024, seed: 1 }).updateAll(x.subarray(0, 30_000));
    const b = new KllSketch({ k: 256, seed: 2 }).updateAll(x.subarray(30_000));
    a.merge(b);
    expect(a.minK).toBe(256);
    expect(a.k).toBe(1024);
    expect(a.n).toBe(60_000);
    expect(maxRankError(a, sortedCopy(x))).toBeLessThan(a.normalizedRankError());
  });

  it('merges with itself as with a copy of itself', () => {
    const s = new KllSketch({ k: 32, seed: 4 }).updateAll(data('normal', 3000, createRng(6)));
    const min = s.min;
    s.merge(s);
    expect(s.n).toBe(6000);
    expect(s.min).toBe(min);
    expect(Math.abs(s.quantile(0.5))).toBeLessThan(0.2);
  });

  it('is reproducible for a given seed', () => {
    const x = data('lognormal', 20_000, createRng(9));
    const a = new KllSketch({ seed: 42 }).updateAll(x).toBytes();
    const b = new KllSketch({ seed: 42 }).updateAll(x).toBytes();
    expect(a).toEqual(b);
  });
});

describe('KllSketch merge properties', () => {
  const arr = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 0, maxLength: 3000 });
  it('keeps n, min and max exact and quantiles of A∪B within the bound, in any order', () => {
    fc.assert(
      fc.property(arr, arr, arr, fc.integer({ min: 0, max: 1000 }), (x, y, z, seed) => {
        const sk = (v: number[], s: number): KllSketch => new KllSketch({ k: 64, seed: s }).updateAll(v);
        const all = Float64Array.from([...x, ...y, ...z]);
        const m1 = sk(x, seed)
          .merge(sk(y, seed + 1))
          .merge(sk(z, seed + 2));
        const m2 = sk(z, seed + 3).merge(sk(y, seed + 4).merge(sk(x, seed + 5)));
        for (const m of [m1, m2]) {
          expect(m.n).toBe(all.length);
          if (all.length === 0) {
            expect(m.isEmpty).toBe(true);
            continue;
          }
          expect(m.min).toBe(Math.min(...all));
          expect(m.max).toBe(Math.max(...all));
          // k = 64 gives ε ≈ 4.1 %; property runs check a 2ε envelope so rare unlucky draws don't flake.
          expect(maxRankError(m, sortedCopy(all))).toBeLessThanOrEqual(2 * m.normalizedRankError());
          const q = m.quantile(0.5);
          expect(q).toBeGreaterThanOrEqual(m.min);
          expect(q).toBeLessThanOrEqual(m.max);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives ranks in [0, 1], monotone in x', () => {
    fc.assert(
      fc.property(arr, fc.double({ min: -2e3, max: 2e3, noNaN: true }), fc.double({ min: -2e3, max: 2e3, noNaN: true }), (x, u, v) => {
        const s = new KllSketch({ k: 32 }).updateAll(x);
        if (s.isEmpty) return;
        const [a, b] = u <= v ? [u, v] : [v, u];
        expect(s.rank(a)).toBeGreaterThanOrEqual(0);
        expect(s.rank(b)).toBeLessThanOrEqual(1);
        expect(s.rank(a)).toBeLessThanOrEqual(s.rank(b));
        expect(s.rank(a, { inclusive: false })).toBeLessThanOrEqual(s.rank(a));
      }),
      { numRuns: 60 },
    );
  });
});

describe('KllSketch serialization', () => {
  const full = new KllSketch({ k: 64, seed: 7 }).updateAll(data('normal', 5000, createRng(11)));

  it('round-trips through bytes and JSON, answering identically', () => {
    for (const s of [full, new KllSketch(), new KllSketch().update(3.5), new KllSketch({ k: 64 }).updateAll([1, 2, 3])]) {
      const b = KllSketch.fromBytes(s.toBytes());
      expect(b.toBytes()).toEqual(s.toBytes());
      const j = KllSketch.fromJSON(JSON.parse(JSON.stringify(s)));
      expect(j.toBytes()).toEqual(s.toBytes());
      if (!s.isEmpty) {
        for (const q of [0, 0.1, 0.5, 0.9, 1]) expect(b.quantile(q)).toBe(s.quantile(q));
      }
    }
    // A restored sketch keeps working and merging.
    const r = KllSketch.fromBytes(full.toBytes()).updateAll([1, 2, 3]).merge(full);
    expect(r.n).toBe(10_003);
  });

  it('keeps a restored sketch compact until it takes values, then behaves as the full layout would', () => {
    // The same restored state, taking the same values in two ways: one value at a time from a compact
    // buffer, and after a merge that rebuilds the buffer; and the same answers while it is only read.
    const values = data('normal', 3000, createRng(5));
    const small = new KllSketch({ k: 64, seed: 3 }).updateAll(values.slice(0, 40));
    const restored = KllSketch.fromBytes(small.toBytes());
    expect(restored.quantile(0.5)).toBe(small.quantile(0.5));
    const grown = KllSketch.fromBytes(small.toBytes()).updateAll(values.slice(40));
    const again = KllSketch.fromBytes(small.toBytes()).updateAll(values.slice(40));
    expect(grown.toBytes()).toEqual(again.toBytes());
    expect(grown.n).toBe(3000);
    expect(grown.isEstimationMode).toBe(true);
    const exact = Float64Array.from(values).sort();
    // Within the KLL error bound of k = 64 (≈ 5 % rank error at 99 %).
    for (const q of [0.1, 0.5, 0.9]) expect(Math.abs(grown.rank(exact[Math.floor(q * 3000)]!) - q)).toBeLessThan(0.06);
    const merged = KllSketch.fromBytes(small.toBytes()).merge(KllSketch.fromBytes(full.toBytes()));
    expect(merged.n).toBe(full.n + 40);
    expect(merged.quantile(0)).toBe(Math.min(small.quantile(0), full.quantile(0)));
  });

  it('stays a few tens of KB at k = 1024 with 10^6 values', () => {
    const s = new KllSketch();
    const rng = createRng(2);
    for (let i = 0; i < 1_000_000; i++) s.update(rng.next());
    const bytes = s.toBytes();
    expect(bytes.length).toBeLessThan(40_000);
    expect(bytes[0]).toBe(0x4b);
    expect(bytes[1]).toBe(1);
  });

  it('rejects every truncation and random byte flips', () => {
    const bytes = new KllSketch({ k: 16, seed: 1 }).updateAll(data('uniform', 300, createRng(4))).toBytes();
    for (let len = 0; len < bytes.length; len++) expect(() => KllSketch.fromBytes(bytes.slice(0, len))).toThrow(CorruptInputError);
    const rng = createRng(8);
    for (let t = 0; t < 500; t++) {
      const b = bytes.slice();
      const i = rng.int(b.length);
      b[i] = (b[i] as number) ^ (1 + rng.int(255));
      expect(() => KllSketch.fromBytes(b)).toThrow(CorruptInputError);
    }
  });

  it('rejects JSON whose structure does not add up', () => {
    const j = full.toJSON();
    expect(() => KllSketch.fromJSON({ ...j, n: j.n + 1 })).toThrow(/weights add up to n/);
    const unsorted = j.levels.map((l) => [...l]);
    (unsorted[1] as number[]).reverse();
    expect(() => KllSketch.fromJSON({ ...j, levels: unsorted })).toThrow(CorruptInputError);
    expect(() => KllSketch.fromJSON({ ...j, min: 0 })).toThrow(CorruptInputError);
    expect(() => KllSketch.fromJSON({ ...j, minK: 2 })).toThrow(CorruptInputError);
    expect(() => KllSketch.fromJSON({ ...j, levels: [] })).toThrow(CorruptInputError);
    expect(() => KllSketch.fromJSON({ ...j, levels: [[1, 'x']] })).toThrow(/^json\.levels\[0\]\[1\]: /);
    expect(() => KllSketch.fromJSON({ ...j, version: 2 })).toThrow(CorruptInputError);
    expect(() => KllSketch.fromJSON('kll')).toThrow(CorruptInputError);
  });
});

describe('KllSketch bad input', () => {
  it('throws InvalidArgumentError naming the argument', () => {
    const s = new KllSketch().updateAll([1, 2, 3]);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(() => s.update(bad)).toThrow(InvalidArgumentError);
    expect(s.n).toBe(3);
    expect(() => new KllSketch({ k: 4 })).toThrow(/^k: /);
    expect(() => new KllSketch({ seed: -1 })).toThrow(/^seed: /);
    expect(() => s.quantile(1.5)).toThrow(/^q: /);
    expect(() => s.quantiles([0.5, Number.NaN])).toThrow(/^qs\[1\]: /);
    expect(() => s.cdf([2, 1])).toThrow(/^splitPoints\[1\]: /);
    expect(() => s.pmf([Number.NaN])).toThrow(/^splitPoints\[0\]: /);
    expect(() => s.rank(Number.NaN)).toThrow(/^x: /);
    expect(() => s.merge({} as KllSketch)).toThrow(/^other: /);
  });
});
