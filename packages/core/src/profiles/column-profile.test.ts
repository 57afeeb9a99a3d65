import { CorruptInputError, createRng, InvalidArgumentError } from '@vigil/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnProfile } from './column-profile.js';

function exactMoments(x: number[]): { mean: number; variance: number } {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
  return { mean, variance };
}

function relClose(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
}

describe('ColumnProfile', () => {
  it('counts values by type, and keeps missing and infinite values out of the numeric sketches', () => {
    const p = new ColumnProfile();
    for (const v of [1, 2.5, null, undefined, Number.NaN, Number.POSITIVE_INFINITY, 'a', 'b', 'a', true, { x: 1 }, 3]) p.update(v);
    expect(p.count).toBe(12);
    expect(p.nulls).toBe(2);
    expect(p.nan).toBe(1);
    expect(p.missing).toBe(3);
    expect(p.infinite).toBe(1);
    expect(p.types).toEqual({ number: 5, string: 3, boolean: 1, other: 1 });
    expect(p.moments.n).toBe(3);
    expect(p.moments.mean).toBeCloseTo(6.5 / 3, 14);
    expect(p.kll.n).toBe(3);
    expect(p.frequent.estimate('a')).toBe(2);
    expect(p.frequent.estimate(1)).toBe(1); // integers are tracked as items
    expect(p.frequent.estimate(2.5)).toBe(0); // fractional numbers are not
    const s = p.summary();
    expect(s.missingShare).toBeCloseTo(3 / 12, 15);
    expect(s.min).toBe(1);
    expect(s.max).toBe(3);
    // Distinct finite, non-missing values: 1, 2.5, 'a', 'b', true, 3 → 6.
    expect(Math.round(s.distinct.estimate)).toBe(6);
  });

  it('summarises an empty or non-numeric column with nulls, not made-up numbers', () => {
    const p = new ColumnProfile();
    p.update('x');
    const s = p.summary();
    expect(s.mean).toBeNull();
    expect(s.quantiles).toBeNull();
    expect(new ColumnProfile().summary().missingShare).toBe(0);
  });

  it('merges into the profile of the union: counts exact, moments to 1e-9, quantiles within the KLL bound', () => {
    const rng = createRng(1);
    const a = Array.from({ length: 30_000 }, () => rng.normal());
    const b = Array.from({ length: 20_000 }, () => 2 + 3 * rng.normal());
    const pa = new ColumnProfile().updateNumbers(a);
    const pb = new ColumnProfile().updateNumbers(b);
    const merged = ColumnProfile.merge(pa, pb);
    const all = [...a, ...b];
    const exact = exactMoments(all);
    expect(merged.count).toBe(50_000);
    expect(relClose(merged.moments.mean, exact.mean)).toBe(true);
    expect(relClose(merged.moments.variance(), exact.variance)).toBe(true);
    const sorted = all.slice().sort((x, y) => x - y);
    const eps = merged.kll.normalizedRankError(false);
    for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
      const v = merged.kll.quantile(q);
      // The true rank of the returned value must be within eps of q.
      let below = 0;
      while (below < sorted.length && sorted[below]! <= v) below++;
      expect(Math.abs(below / sorted.length - q)).toBeLessThanOrEqual(eps + 1 / sorted.length);
    }
    // Inputs are untouched.
    expect(pa.count).toBe(30_000);
    expect(pb.count).toBe(20_000);
  });

  it('merge is commutative and associative: exact for counts, 1e-9 for moments, identical distinct-count registers (property)', () => {
    const values = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(null, 'x', 'y', true, Number.NaN)), { maxLength: 200 });
    fc.assert(
      fc.property(values, values, values, (xa, xb, xc) => {
        const [a, b, c] = [xa, xb, xc].map((xs) => {
          const p = new ColumnProfile({ kllK: 200 });
          for (const v of xs) p.update(v);
          return p;
        }) as [ColumnProfile, ColumnProfile, ColumnProfile];
        const ab = ColumnProfile.merge(a, b);
        const ba = ColumnProfile.merge(b, a);
        const abc1 = ColumnProfile.merge(ab, c);
        const abc2 = ColumnProfile.merge(a, ColumnProfile.merge(b, c));
        for (const [p, q] of [
          [ab, ba],
          [abc1, abc2],
        ] as const) {
          expect(p.count).toBe(q.count);
          expect(p.nulls).toBe(q.nulls);
          expect(p.nan).toBe(q.nan);
          expect(p.types).toEqual(q.types);
          expect(p.moments.n).toBe(q.moments.n);
          if (p.moments.n > 0) {
            expect(relClose(p.moments.mean, q.moments.mean)).toBe(true);
            expect(relClose(p.moments.m2, q.moments.m2, 1e-9)).toBe(true);
            expect(p.moments.min).toBe(q.moments.min);
            expect(p.moments.max).toBe(q.moments.max);
          }
          expect(p.hll.toJSON()).toEqual(q.hll.toJSON());
          expect(p.kll.n).toBe(q.kll.n);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('round-trips through bytes and JSON exactly', () => {
    const rng = createRng(2);
    const p = new ColumnProfile();
    for (let i = 0; i < 5000; i++) p.update(i % 10 === 0 ? null : i % 7 === 0 ? `c${i % 13}` : rng.normal());
    const viaBytes = ColumnProfile.fromBytes(p.toBytes());
    const viaJson = ColumnProfile.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    for (const q of [viaBytes, viaJson]) {
      expect(q.toJSON()).toEqual(p.toJSON());
      expect(q.summary()).toEqual(p.summary());
    }
    // 5000 values at k = 1024: a few tens of KB at most.
    expect(p.toBytes().length).toBeLessThan(64 * 1024);
  });

  it('rejects truncated or altered bytes and inconsistent JSON with CorruptInputError', () => {
    const p = new ColumnProfile();
    for (let i = 0; i < 300; i++) p.update(i % 3 === 0 ? 'a' : i);
    const bytes = p.toBytes();
    for (let len = 0; len < bytes.length; len += 7) expect(() => ColumnProfile.fromBytes(bytes.slice(0, len))).toThrow(CorruptInputError);
    const rng = createRng(3);
    for (let t = 0; t < 200; t++) {
      const b = bytes.slice();
      const i = rng.int(b.length);
      b[i] = (b[i]! ^ (1 + rng.int(255))) & 0xff;
      expect(() => ColumnProfile.fromBytes(b)).toThrow(CorruptInputError);
    }
    const json = p.toJSON();
    expect(() => ColumnProfile.fromJSON({ ...json, count: json.count + 1 })).toThrow(/json\.count/);
    expect(() => ColumnProfile.fromJSON({ ...json, nulls: -1 })).toThrow(CorruptInputError);
    expect(() => ColumnProfile.fromJSON({ ...json, type: 'kll' })).toThrow(/json\.type/);
  });

  it('refuses to merge profiles with different distinct-count precision', () => {
    expect(() => ColumnProfile.merge(new ColumnProfile({ hllP: 12 }), new ColumnProfile({ hllP: 10 }))).toThrow(InvalidArgumentError);
  });
});

describe('ColumnProfile.clone', () => {
  it('is the state fromBytes(toBytes()) gives, stays so after more values, and is independent', () => {
    const rng = createRng(7);
    for (const n of [0, 5, 3000, 40_000]) {
      const original = new ColumnProfile({ kllK: 64, hllP: 8, lgMaxMapSize: 4, seed: 3 });
      for (let i = 0; i < n; i++) original.update(i % 7 === 0 ? null : i % 5 === 0 ? `c${rng.int(40)}` : rng.normal());
      const viaBytes = ColumnProfile.fromBytes(original.toBytes());
      const clone = original.clone();
      expect(clone.toBytes()).toEqual(viaBytes.toBytes());
      // Both continue with the same random stream: compactions after the copy agree.
      for (let i = 0; i < 5000; i++) {
        const v = i % 3 === 0 ? `d${i % 50}` : i / 7;
        clone.update(v);
        viaBytes.update(v);
      }
      expect(clone.toBytes()).toEqual(viaBytes.toBytes());
      expect(original.toBytes()).not.toEqual(clone.toBytes());
      expect(original.count).toBe(n);
    }
  });
});
