import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptInputError, InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import { sortedCopy } from '../sort.js';
import { DDSketch } from './dd-sketch.js';

const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** Asserts |sketch − exact| ≤ α·|exact| against the lower quantile x₍⌊q(n−1)⌋₎ (Datadog's rank rule). */
function expectRelative(s: DDSketch, sorted: Float64Array, alpha: number, label: string): number {
  let worst = 0;
  for (const q of QS) {
    const exact = sorted[Math.floor(q * (sorted.length - 1))] as number;
    const got = s.quantile(q);
    const rel = exact === 0 ? Math.abs(got) : Math.abs(got - exact) / Math.abs(exact);
    worst = Math.max(worst, rel);
    expect(rel, `${label} q=${q}: got ${got}, exact ${exact}`).toBeLessThanOrEqual(alpha * (1 + 1e-12));
  }
  return worst;
}

describe('DDSketch relative accuracy', () => {
  it('is within α of the exact quantiles for latency-like, signed and wide-range data', () => {
    const rng = createRng(17);
    const gens: Record<string, () => number> = {
      lognormal: () => Math.exp(1 + 1.5 * rng.normal()),
      exponential: () => -Math.log(1 - rng.next()) * 0.2,
      normal: () => rng.normal() * 5,
      'with zeros': () => (rng.next() < 0.2 ? 0 : rng.normal() * 100),
      'ten decades': () => 10 ** (rng.next() * 10 - 5),
    };
    for (const alpha of [0.01, 0.02, 0.001]) {
      for (const [name, g] of Object.entries(gens)) {
        const x = Float64Array.from({ length: 20_000 }, g);
        // 2048 bins at α = 0.1 % span only a factor e^4.1, so that accuracy runs unbounded.
        const s = new DDSketch({ relativeAccuracy: alpha, maxNumBins: alpha < 0.01 ? Number.POSITIVE_INFINITY : 2048 }).updateAll(x);
        expectRelative(s, sortedCopy(x), alpha, `${name} α=${alpha}`);
        expect(s.count).toBe(20_000);
        expect(s.min).toBe(Math.min(...x));
        expect(s.max).toBe(Math.max(...x));
      }
    }
  });

  it('keeps count, sum, min, max and mean exact', () => {
    const s = new DDSketch().updateAll([1, 2, 3, -4]).update(10, 2);
    expect(s.count).toBe(6);
    expect(s.sum).toBe(22);
    expect(s.mean).toBeCloseTo(22 / 6, 15);
    expect(s.min).toBe(-4);
    expect(s.max).toBe(10);
    expect(s.zeroCount).toBe(0);
    expect(new DDSketch().update(0).zeroCount).toBe(1);
  });

  it('answers a single value and NaN when empty', () => {
    const e = new DDSketch();
    expect(e.isEmpty).toBe(true);
    expect(e.quantile(0.5)).toBeNaN();
    expect(e.mean).toBeNaN();
    const one = new DDSketch().update(123.4);
    for (const q of [0, 0.5, 1]) expect(one.quantile(q)).toBe(123.4);
    expect(new DDSketch().update(-7).quantile(0.5)).toBe(-7);
  });

  it('collapses the lowest bins beyond maxNumBins, keeping the upper quantiles accurate', () => {
    const rng = createRng(5);
    const x = Float64Array.from({ length: 20_000 }, () => 10 ** (rng.next() * 12 - 6));
    const s = new DDSketch({ maxNumBins: 200 }).updateAll(x);
    const json = s.toJSON();
    expect(json.positive.counts.length).toBeLessThanOrEqual(200);
    const sorted = sortedCopy(x);
    // 200 bins at α = 1 % span a factor γ^200 ≈ 54.6: quantiles within that of the max stay accurate.
    for (const q of [0.9, 0.99, 0.999, 1]) {
      const exact = sorted[Math.floor(q * (sorted.length - 1))] as number;
      expect(Math.abs(s.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-12);
    }
    expect(s.count).toBe(20_000);
    expect(s.min).toBe(sorted[0]);
    expect(s.quantile(0)).toBe(sorted[0]);
  });
});

describe('DDSketch collapsing store', () => {
  it('holds exactly the bins of a one-shot collapse of the lowest keys, whatever the arrival order', () => {
    const alpha = 0.05;
    const gamma = (1 + alpha) / (1 - alpha);
    const mult = 1 / Math.log(gamma);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (x, maxNumBins) => {
          const s = new DDSketch({ relativeAccuracy: alpha, maxNumBins }).updateAll(x);
          const keys = x.map((v) => Math.ceil(Math.log(v) * mult));
          const hi = Math.max(...keys);
          const lo = Math.max(Math.min(...keys), hi - maxNumBins + 1);
          const expected = new Array<number>(hi - lo + 1).fill(0);
          for (const k of keys) {
            const at = Math.max(k, lo) - lo;
            expected[at] = (expected[at] as number) + 1;
          }
          expect(s.toJSON().positive).toEqual({ offset: lo, counts: expected });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('DDSketch merge', () => {
  const values = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(0)), { maxLength: 200 });

  it('equals the sketch of the union bin by bin, in any order (counts exact)', () => {
    // −0 and +0 compare equal, so which one ends up as min or max depends on the order in which
    // values and sketches arrive — in the reference too: sketches-py updates with
    // `if val < self._min` and merges with `if sketch._min < self._min`. With x = [-0], y = [],
    // z = [0] the union keeps min −0 (seen first) while z.merge(y.merge(x)) keeps +0. So bounds and
    // the quantiles that return them are compared with zeros unsigned.
    const unsigned = (v: number | null): number | null => (v === 0 ? 0 : v);
    fc.assert(
      fc.property(values, values, values, (x, y, z) => {
        const sk = (v: number[]): DDSketch => new DDSketch().updateAll(v);
        const union = sk([...x, ...y, ...z]);
        for (const m of [sk(x).merge(sk(y)).merge(sk(z)), sk(z).merge(sk(y).merge(sk(x)))]) {
          const a = m.toJSON();
          const b = union.toJSON();
          expect(a.positive).toEqual(b.positive);
          expect(a.negative).toEqual(b.negative);
          expect(a.zeroCount).toBe(b.zeroCount);
          expect(a.count).toBe(b.count);
          expect(unsigned(a.min)).toBe(unsigned(b.min));
          expect(unsigned(a.max)).toBe(unsigned(b.max));
          expect(Math.abs(a.sum - b.sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, ...[...x, ...y, ...z].map(Math.abs)) * (x.length + y.length + z.length));
          for (const q of [0, 0.3, 0.5, 0.99, 1]) if (!union.isEmpty) expect(unsigned(m.quantile(q))).toBe(unsigned(union.quantile(q)));
        }
      }),
      { numRuns: 80 },
    );
  });

  it('keeps the guarantee after merging many partial sketches, negatives included', () => {
    const rng = createRng(23);
    const x = Float64Array.from({ length: 30_000 }, () => rng.normal() * 1000);
    const total = new DDSketch();
    for (let p = 0; p < 30; p++) total.merge(new DDSketch().updateAll(x.subarray(p * 1000, (p + 1) * 1000)));
    expectRelative(total, sortedCopy(x), 0.01, 'merged');
  });

  it('refuses to merge sketches of different accuracy', () => {
    expect(() => new DDSketch().merge(new DDSketch({ relativeAccuracy: 0.02 }))).toThrow(/^other.relativeAccuracy: /);
  });
});

describe('DDSketch serialization', () => {
  const s = new DDSketch({ maxNumBins: 500 }).updateAll([0.5, 12, 12, 3000, -2, -0.001, 0]).update(7, 2.5);

  it('round-trips through bytes and JSON', () => {
    for (const t of [s, new DDSketch(), new DDSketch({ maxNumBins: Number.POSITIVE_INFINITY }).update(3)]) {
      const bytes = t.toBytes();
      expect(bytes[0]).toBe(0x44);
      const b = DDSketch.fromBytes(bytes);
      expect(b.toBytes()).toEqual(bytes);
      expect(b.toJSON()).toEqual(t.toJSON());
      expect(DDSketch.fromJSON(JSON.parse(JSON.stringify(t))).toBytes()).toEqual(bytes);
    }
    const r = DDSketch.fromBytes(s.toBytes()).update(1e6).merge(s);
    expect(r.count).toBe(2 * s.count + 1);
  });

  it('rejects every truncation and every single-byte flip', () => {
    const bytes = s.toBytes();
    for (let len = 0; len < bytes.length; len++) expect(() => DDSketch.fromBytes(bytes.slice(0, len))).toThrow(CorruptInputError);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes.slice();
      b[i] = (b[i] as number) ^ 0x10;
      expect(() => DDSketch.fromBytes(b)).toThrow(CorruptInputError);
    }
  });

  it('rejects JSON whose totals do not add up', () => {
    const j = s.toJSON();
    expect(() => DDSketch.fromJSON({ ...j, count: j.count + 1 })).toThrow(/count/);
    expect(() => DDSketch.fromJSON({ ...j, positive: { offset: 0, counts: [-1] } })).toThrow(CorruptInputError);
    expect(() => DDSketch.fromJSON({ ...j, min: 1 })).toThrow(CorruptInputError);
    expect(() => DDSketch.fromJSON({ ...j, relativeAccuracy: 2 })).toThrow(CorruptInputError);
  });
});

describe('DDSketch bad input', () => {
  it('throws InvalidArgumentError naming the argument', () => {
    const s = new DDSketch();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(() => s.update(bad)).toThrow(InvalidArgumentError);
    expect(() => s.update(1, 0)).toThrow(/^weight: /);
    expect(() => s.update(1, Number.NaN)).toThrow(/^weight: /);
    expect(() => new DDSketch({ relativeAccuracy: 0 })).toThrow(/^relativeAccuracy: /);
    expect(() => new DDSketch({ maxNumBins: 0 })).toThrow(/^maxNumBins: /);
    expect(() => s.quantile(-0.1)).toThrow(/^q: /);
    expect(() => s.merge({} as DDSketch)).toThrow(/^other: /);
    expect(s.isEmpty).toBe(true);
  });
});
