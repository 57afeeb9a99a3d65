import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptInputError, InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import { FrequentItems } from './frequent-items.js';

/** A Zipf-like stream of `n` items over `distinct` names, with exact counts. */
function zipfStream(n: number, distinct: number, seed: number): { items: string[]; truth: Map<string, number> } {
  const rng = createRng(seed);
  const items: string[] = [];
  const truth = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = Math.floor(distinct ** rng.next()) - 1;
    const item = `item-${r}`;
    items.push(item);
    truth.set(item, (truth.get(item) ?? 0) + 1);
  }
  return { items, truth };
}

function checkBounds(s: FrequentItems, truth: Map<string, number>): void {
  expect(s.maximumError).toBeLessThanOrEqual(s.epsilon * s.streamWeight);
  for (const [item, w] of truth) {
    expect(s.lowerBound(item)).toBeLessThanOrEqual(w);
    expect(s.upperBound(item)).toBeGreaterThanOrEqual(w);
    expect(s.upperBound(item) - s.lowerBound(item)).toBeLessThanOrEqual(s.maximumError);
  }
}

describe('FrequentItems bounds', () => {
  it('is exact below 0.75·M distinct items', () => {
    const s = new FrequentItems({ lgMaxMapSize: 4 });
    const truth = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const item = `x${i % 12}`;
      s.update(item);
      truth.set(item, (truth.get(item) ?? 0) + 1);
    }
    expect(s.maximumError).toBe(0);
    for (const [item, w] of truth) expect(s.estimate(item)).toBe(w);
    expect(s.estimate('absent')).toBe(0);
  });

  it('keeps lower ≤ true ≤ upper and the offset ≤ 3.5·W/M on skewed streams', () => {
    for (const [lg, seed] of [
      [6, 1],
      [8, 2],
      [10, 3],
    ] as const) {
      const { items, truth } = zipfStream(50_000, 20_000, seed);
      const s = new FrequentItems({ lgMaxMapSize: lg });
      for (const it of items) s.update(it);
      expect(s.streamWeight).toBe(50_000);
      expect(s.maximumError).toBeGreaterThan(0);
      checkBounds(s, truth);
    }
  });

  it('finds the heavy hitters: no false negatives above the error, no false positives below', () => {
    const { items, truth } = zipfStream(40_000, 10_000, 9);
    const s = new FrequentItems({ lgMaxMapSize: 6 });
    for (const it of items) s.update(it, 2);
    const threshold = 0.02 * s.streamWeight;
    const nfn = new Set(s.frequentItems({ errorType: 'noFalseNegatives', threshold }).map((r) => r.item));
    const nfp = s.frequentItems({ errorType: 'noFalsePositives', threshold });
    for (const [item, w] of truth) if (2 * w > threshold) expect(nfn.has(item)).toBe(true);
    for (const r of nfp) expect(2 * (truth.get(r.item) ?? 0)).toBeGreaterThan(threshold);
    for (const r of nfp) expect(nfn.has(r.item)).toBe(true);
    for (let i = 1; i < nfp.length; i++)
      expect((nfp[i - 1] as { estimate: number }).estimate).toBeGreaterThanOrEqual((nfp[i] as { estimate: number }).estimate);
    const top = nfp[0];
    expect(top?.item).toBe('item-0');
    expect(top?.lowerBound).toBeLessThanOrEqual(2 * (truth.get('item-0') ?? 0));
  });

  it('tracks numbers and booleans by their string form, with weights', () => {
    const s = new FrequentItems().update(1, 3).update('1').update(true, 0.5);
    expect(s.estimate(1)).toBe(4);
    expect(s.estimate('true')).toBe(0.5);
    expect(s.streamWeight).toBe(4.5);
  });
});

describe('FrequentItems merge', () => {
  it('keeps the bounds for the merged stream weight', () => {
    const { items, truth } = zipfStream(60_000, 30_000, 4);
    const total = new FrequentItems({ lgMaxMapSize: 7 });
    for (let p = 0; p < 12; p++) {
      const part = new FrequentItems({ lgMaxMapSize: p % 2 ? 7 : 8 });
      for (const it of items.slice(p * 5000, (p + 1) * 5000)) part.update(it);
      total.merge(part);
    }
    expect(total.streamWeight).toBe(60_000);
    checkBounds(total, truth);
  });

  it('is exact, commutative and associative while nothing is purged', () => {
    const arr = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 50 });
    fc.assert(
      fc.property(arr, arr, arr, (x, y, z) => {
        const sk = (v: string[]): FrequentItems => {
          const s = new FrequentItems({ lgMaxMapSize: 4 });
          for (const it of v) s.update(it);
          return s;
        };
        const u = sk([...x, ...y, ...z]);
        for (const m of [sk(x).merge(sk(y)).merge(sk(z)), sk(z).merge(sk(x).merge(sk(y)))]) {
          expect(m.streamWeight).toBe(u.streamWeight);
          for (const item of ['a', 'b', 'c', 'd', 'e', 'f']) expect(m.estimate(item)).toBe(u.estimate(item));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps true weights inside the bounds after merges with purges', () => {
    const arr = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 400 });
    fc.assert(
      fc.property(arr, arr, (x, y) => {
        const truth = new Map<string, number>();
        for (const v of [...x, ...y]) truth.set(String(v), (truth.get(String(v)) ?? 0) + 1);
        const a = new FrequentItems({ lgMaxMapSize: 3 });
        const b = new FrequentItems({ lgMaxMapSize: 3 });
        for (const v of x) a.update(v);
        for (const v of y) b.update(v);
        checkBounds(a.merge(b), truth);
      }),
      { numRuns: 80 },
    );
  });
});

describe('FrequentItems serialization', () => {
  const s = new FrequentItems({ lgMaxMapSize: 3 });
  for (const it of ['α', 'β', 'β', '🙂', 'plain', 'x', 'y', 'z', 'w', 'β', '']) s.update(it);

  it('round-trips through bytes and JSON, unicode included', () => {
    expect(s.maximumError).toBeGreaterThan(0);
    const bytes = s.toBytes();
    expect(bytes[0]).toBe(0x46);
    const b = FrequentItems.fromBytes(bytes);
    expect(b.toJSON()).toEqual(s.toJSON());
    expect(FrequentItems.fromJSON(JSON.parse(JSON.stringify(s))).toBytes()).toEqual(bytes);
    expect(FrequentItems.fromBytes(new FrequentItems().toBytes()).isEmpty).toBe(true);
  });

  it('rejects every truncation and every single-byte flip', () => {
    const bytes = s.toBytes();
    for (let len = 0; len < bytes.length; len++) expect(() => FrequentItems.fromBytes(bytes.slice(0, len))).toThrow(CorruptInputError);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes.slice();
      b[i] = (b[i] as number) ^ 0x04;
      expect(() => FrequentItems.fromBytes(b)).toThrow(CorruptInputError);
    }
  });

  it('rejects JSON that cannot be a sketch', () => {
    const j = s.toJSON();
    expect(() => FrequentItems.fromJSON({ ...j, streamWeight: 1 })).toThrow(CorruptInputError);
    expect(() =>
      FrequentItems.fromJSON({
        ...j,
        items: [
          ['a', 1],
          ['a', 1],
        ],
      }),
    ).toThrow(/distinct/);
    expect(() => FrequentItems.fromJSON({ ...j, items: [['a', -1]] })).toThrow(CorruptInputError);
    expect(() => FrequentItems.fromJSON({ ...j, offset: -1 })).toThrow(CorruptInputError);
    expect(() => FrequentItems.fromJSON({ ...j, items: Array.from({ length: 7 }, (_, i) => [`k${i}`, 1]) })).toThrow(CorruptInputError);
  });
});

describe('FrequentItems bad input', () => {
  it('throws InvalidArgumentError naming the argument', () => {
    const s = new FrequentItems();
    expect(() => s.update('a', 0)).toThrow(/^weight: /);
    expect(() => s.update('a', Number.NaN)).toThrow(/^weight: /);
    expect(() => s.update(null as unknown as string)).toThrow(InvalidArgumentError);
    expect(() => s.update(Number.NaN)).toThrow(/^item: /);
    expect(() => new FrequentItems({ lgMaxMapSize: 2 })).toThrow(/^lgMaxMapSize: /);
    expect(() => s.frequentItems({ errorType: 'both' as 'noFalsePositives' })).toThrow(/^errorType: /);
    expect(() => s.frequentItems({ threshold: -1 })).toThrow(/^threshold: /);
    expect(() => s.merge({} as FrequentItems)).toThrow(/^other: /);
    expect(s.isEmpty).toBe(true);
  });
});
