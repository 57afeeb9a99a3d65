import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { CorruptInputError, InvalidArgumentError } from '../errors.js';
import { Moments } from './moments.js';

interface MomentsCase {
  name: string;
  values: number[];
  chunks: number[];
  n: number;
  mean: number;
  sum: number;
  min: number;
  max: number;
  var0: number;
  var1: number;
  std0: number;
  std1: number;
  m2: number;
  skew: number;
  skewUnbiased: number;
  kurtosis: number;
  kurtosisUnbiased: number;
  kurtosisPearson: number;
}

const { moments: cases } = loadFixture<{ moments: MomentsCase[] }>('sketches');

/** Builds one Moments per chunk. */
function chunked(c: MomentsCase): Moments[] {
  const parts: Moments[] = [];
  let at = 0;
  for (const len of c.chunks) {
    parts.push(new Moments().updateAll(c.values.slice(at, at + len)));
    at += len;
  }
  return parts;
}

/**
 * Excess kurtosis near 0 is a difference of nearly equal terms (Pearson kurtosis − 3), so its error
 * scales with the Pearson value: it is compared at 1e-9 of that scale (worst seen 1.7e-9 relative to the
 * excess value, on data offset by 1e6); everything else at the project's default 1e-9 relative.
 */
function checkCase(m: Moments, c: MomentsCase, label: string): void {
  expect(m.n, `${label} n`).toBe(c.n);
  expectClose(m.mean, c.mean, {}, `${label} mean`);
  expectClose(m.sum, c.sum, {}, `${label} sum`);
  expect(m.min, `${label} min`).toBe(c.min);
  expect(m.max, `${label} max`).toBe(c.max);
  const scale2 = Math.max(c.var0, 1e-300);
  expectClose(m.variance(), c.var0, { abs: 1e-12 * scale2 + 1e-300 }, `${label} var`);
  expectClose(m.variance({ ddof: 1 }), c.var1, { abs: 1e-300 }, `${label} var ddof=1`);
  expectClose(m.std(), c.std0, {}, `${label} std`);
  expectClose(m.std({ ddof: 1 }), c.std1, {}, `${label} std ddof=1`);
  expectClose(m.m2, c.m2, { abs: 1e-12 * Math.abs(c.m2) + 1e-300 }, `${label} m2`);
  expectClose(m.skewness(), c.skew, {}, `${label} skew`);
  expectClose(m.skewness({ bias: false }), c.skewUnbiased, {}, `${label} skew bias=false`);
  const kScale = Number.isFinite(c.kurtosisPearson) ? c.kurtosisPearson : 1;
  expectClose(m.kurtosis(), c.kurtosis, { abs: 1e-9 * kScale }, `${label} kurtosis`);
  expectClose(m.kurtosis({ bias: false }), c.kurtosisUnbiased, { abs: 1e-9 * kScale }, `${label} kurtosis bias=false`);
  expectClose(m.kurtosis({ fisher: false }), c.kurtosisPearson, {}, `${label} kurtosis fisher=false`);
}

describe('Moments against numpy/SciPy 1.10', () => {
  it.each(cases.map((c) => [c.name, c] as const))('streams %s', (_name, c) => {
    checkCase(new Moments().updateAll(c.values), c, c.name);
  });

  it.each(cases.map((c) => [c.name, c] as const))('merges the chunks of %s left to right, right to left and pairwise', (_name, c) => {
    const left = chunked(c).reduce((a, b) => a.merge(b), new Moments());
    checkCase(left, c, `${c.name} (left fold)`);
    const right = chunked(c).reduceRight((a, b) => a.merge(b), new Moments());
    checkCase(right, c, `${c.name} (right fold)`);
    let level = chunked(c);
    while (level.length > 1) {
      const next: Moments[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? (level[i] as Moments).merge(level[i + 1] as Moments) : (level[i] as Moments));
      level = next;
    }
    checkCase(level[0] as Moments, c, `${c.name} (tree)`);
  });

  it('gives NaN statistics while empty and merges with the empty summary as identity', () => {
    const e = new Moments();
    expect(e.isEmpty).toBe(true);
    expect(e.mean).toBeNaN();
    expect(e.min).toBeNaN();
    expect(e.variance()).toBeNaN();
    expect(e.skewness()).toBeNaN();
    const a = new Moments().updateAll([1, 2, 4]);
    expect(new Moments().merge(a).toJSON()).toEqual(a.toJSON());
    expect(a.clone().merge(new Moments()).toJSON()).toEqual(a.toJSON());
  });
});

describe('Moments merge properties', () => {
  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });
  const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(b), scale);

  it('is commutative and associative to 1e-9 (and matches the streamed union)', () => {
    fc.assert(
      fc.property(sample, sample, sample, (x, y, z) => {
        const A = (): Moments => new Moments().updateAll(x);
        const B = (): Moments => new Moments().updateAll(y);
        const C = (): Moments => new Moments().updateAll(z);
        const ab = A().merge(B());
        const ba = B().merge(A());
        const abc1 = A().merge(B()).merge(C());
        const abc2 = A().merge(B().merge(C()));
        const union = new Moments().updateAll([...x, ...y, ...z]);
        for (const [p, q] of [
          [ab, ba],
          [abc1, abc2],
          [abc1, union],
        ] as const) {
          expect(p.n).toBe(q.n);
          expect(p.min).toBe(q.min);
          expect(p.max).toBe(q.max);
          const range = Math.max(Math.abs(union.min), Math.abs(union.max));
          expect(close(p.mean, q.mean, range)).toBe(true);
          // M2's rounding floor is about ε·n·range², which matters only for nearly constant samples.
          expect(close(p.m2, q.m2, union.n * range * range * 1e-6)).toBe(true);
          expect(close(p.sum, q.sum, range * union.n)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps variance non-negative and min ≤ mean ≤ max', () => {
    fc.assert(
      fc.property(sample, (x) => {
        const m = new Moments().updateAll(x);
        expect(m.variance()).toBeGreaterThanOrEqual(0);
        const slack = 1e-12 * Math.max(Math.abs(m.min), Math.abs(m.max));
        expect(m.mean).toBeGreaterThanOrEqual(m.min - slack);
        expect(m.mean).toBeLessThanOrEqual(m.max + slack);
      }),
      { numRuns: 100 },
    );
  });
});

describe('Moments serialization', () => {
  const m = new Moments().updateAll([1.5, -2, 3.25, 8, 0]);

  it('round-trips through bytes and JSON exactly', () => {
    const bytes = m.toBytes();
    expect(bytes[0]).toBe(0x4d);
    expect(bytes[1]).toBe(1);
    expect(Moments.fromBytes(bytes).toJSON()).toEqual(m.toJSON());
    expect(Moments.fromJSON(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(Moments.fromBytes(new Moments().toBytes()).isEmpty).toBe(true);
    expect(Moments.fromJSON(JSON.parse(JSON.stringify(new Moments()))).isEmpty).toBe(true);
  });

  it('rejects every truncation and every single-byte flip', () => {
    const bytes = m.toBytes();
    for (let len = 0; len < bytes.length; len++) expect(() => Moments.fromBytes(bytes.slice(0, len))).toThrow(CorruptInputError);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes.slice();
      b[i] = (b[i] as number) ^ (1 << (i % 8));
      expect(() => Moments.fromBytes(b)).toThrow(CorruptInputError);
    }
  });

  it('rejects inconsistent JSON', () => {
    const j = m.toJSON();
    expect(() => Moments.fromJSON({ ...j, n: 2.5 })).toThrow(CorruptInputError);
    expect(() => Moments.fromJSON({ ...j, m2: -1 })).toThrow(CorruptInputError);
    expect(() => Moments.fromJSON({ ...j, min: 9 })).toThrow(CorruptInputError);
    expect(() => Moments.fromJSON({ ...j, type: 'kll' })).toThrow(CorruptInputError);
    expect(() => Moments.fromJSON(null)).toThrow(CorruptInputError);
  });
});

describe('Moments bad input', () => {
  it('throws InvalidArgumentError naming the argument', () => {
    const m = new Moments();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => m.update(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => m.update(Number.NaN)).toThrow(/^x: /);
    expect(() => m.variance({ ddof: -1 })).toThrow(/ddof/);
    expect(() => m.skewness({ bias: 'yes' as unknown as boolean })).toThrow(/bias/);
    expect(() => m.merge({} as Moments)).toThrow(/other/);
    expect(m.n).toBe(0);
  });
});
