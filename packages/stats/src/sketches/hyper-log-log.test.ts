import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptInputError, InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import { ByteWriter } from './byte-codec.js';
import { HyperLogLog } from './hyper-log-log.js';

describe('HyperLogLog accuracy', () => {
  it('stays within the stated standard error over many trials and cardinalities (p = 12)', () => {
    const rse = 1.04 / Math.sqrt(4096);
    expect(new HyperLogLog().relativeStandardError).toBeCloseTo(0.01625, 5);
    for (const n of [100, 1000, 5000, 10_000, 20_000, 50_000]) {
      const trials = 40;
      let sq = 0;
      let bias = 0;
      let outside3 = 0;
      for (let t = 0; t < trials; t++) {
        const h = new HyperLogLog();
        const base = t * 1e7;
        for (let i = 0; i < n; i++) h.update(base + i * 0.37);
        const r = h.estimate() / n - 1;
        sq += r * r;
        bias += r;
        if (Math.abs(r) > 3 * rse) outside3++;
      }
      const rmse = Math.sqrt(sq / trials);
      // 40 trials estimate the RMSE to about ±11 %; allow 1.3× the stated error.
      expect(rmse, `n=${n}`).toBeLessThan(1.3 * rse);
      expect(Math.abs(bias / trials), `bias n=${n}`).toBeLessThan(rse);
      expect(outside3, `3-sigma misses n=${n}`).toBeLessThanOrEqual(1);
    }
  });

  it('is essentially exact for small cardinalities and 0 when empty', () => {
    const h = new HyperLogLog();
    expect(h.isEmpty).toBe(true);
    expect(h.estimate()).toBe(0);
    h.update('a');
    expect(h.estimate()).toBeCloseTo(1, 3);
    for (let i = 0; i < 10; i++) h.update(`k${i}`);
    h.update('a');
    expect(Math.round(h.estimate())).toBe(11);
  });

  it('counts duplicates once and tells numbers, strings and booleans apart', () => {
    const h = new HyperLogLog();
    for (let r = 0; r < 5; r++) for (let i = 0; i < 1000; i++) h.update(i);
    expect(Math.abs(h.estimate() / 1000 - 1)).toBeLessThan(0.05);
    const a = new HyperLogLog().update(1);
    const b = new HyperLogLog().update('1');
    const c = new HyperLogLog().update(true);
    expect(a.toBytes()).not.toEqual(b.toBytes());
    expect(a.toBytes()).not.toEqual(c.toBytes());
    expect(new HyperLogLog().update(0).toBytes()).toEqual(new HyperLogLog().update(-0).toBytes());
    expect(Math.round(a.merge(b).merge(c).estimate())).toBe(3);
  });

  it('handles large cardinalities (10^6 strings at p = 14)', () => {
    const h = new HyperLogLog({ p: 14 });
    for (let i = 0; i < 1_000_000; i++) h.update(`user-${i}`);
    expect(Math.abs(h.estimate() / 1e6 - 1)).toBeLessThan(3 * h.relativeStandardError);
    expect(h.lowerBound(3)).toBeLessThan(1e6);
    expect(h.upperBound(3)).toBeGreaterThan(1e6);
  });

  it('gives bounds that cover the truth at 2 standard deviations in ≥ 90 % of trials', () => {
    let covered = 0;
    for (let t = 0; t < 60; t++) {
      const h = new HyperLogLog({ p: 10 });
      const rng = createRng(t);
      const n = 2000 + rng.int(20_000);
      for (let i = 0; i < n; i++) h.update(`${t}:${i}`);
      if (h.lowerBound(2) <= n && n <= h.upperBound(2)) covered++;
      expect(h.lowerBound(1)).toBeLessThanOrEqual(h.estimate());
      expect(h.upperBound(1)).toBeGreaterThanOrEqual(h.estimate());
    }
    expect(covered).toBeGreaterThanOrEqual(54);
  });
});

describe('HyperLogLog merge', () => {
  it('equals the sketch of the union exactly (register-wise max), in any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.string(), fc.boolean()), { maxLength: 300 }),
        fc.array(fc.oneof(fc.integer(), fc.string(), fc.boolean()), { maxLength: 300 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 300 }),
        (x, y, z) => {
          const sk = (v: (number | string | boolean)[]): HyperLogLog => new HyperLogLog({ p: 8 }).updateAll(v);
          const union = sk([...x, ...y, ...z]).toBytes();
          expect(sk(x).merge(sk(y)).merge(sk(z)).toBytes()).toEqual(union);
          expect(
            sk(z)
              .merge(sk(y).merge(sk(x)))
              .toBytes(),
          ).toEqual(union);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('down-converts to the smaller precision exactly as building at that precision', () => {
    const values = Array.from({ length: 30_000 }, (_, i) => `v${i}`);
    const fine = new HyperLogLog({ p: 14 }).updateAll(values);
    const coarse = new HyperLogLog({ p: 10 }).updateAll(values);
    expect(fine.downsample(10).toBytes()).toEqual(coarse.toBytes());
    const merged = new HyperLogLog({ p: 14 }).updateAll(values.slice(0, 10_000)).merge(new HyperLogLog({ p: 10 }).updateAll(values.slice(10_000)));
    expect(merged.p).toBe(10);
    expect(merged.toBytes()).toEqual(coarse.toBytes());
    const merged2 = new HyperLogLog({ p: 10 }).updateAll(values.slice(10_000)).merge(new HyperLogLog({ p: 14 }).updateAll(values.slice(0, 10_000)));
    expect(merged2.toBytes()).toEqual(coarse.toBytes());
  });

  it('keeps the merged error within the standard error (many merged partitions)', () => {
    const rse = 1.04 / 64;
    let sq = 0;
    for (let t = 0; t < 30; t++) {
      const total = new HyperLogLog();
      for (let part = 0; part < 20; part++) {
        const h = new HyperLogLog();
        // Overlapping partitions: 20 × 2000 values over 30 000 distinct ones.
        for (let i = 0; i < 2000; i++) h.update(`${t}/${(part * 1500 + i) % 30_000}`);
        total.merge(h);
      }
      const r = total.estimate() / 30_000 - 1;
      sq += r * r;
    }
    expect(Math.sqrt(sq / 30)).toBeLessThan(1.3 * rse);
  });
});

describe('HyperLogLog serialization', () => {
  const h = new HyperLogLog({ p: 6 }).updateAll(['a', 'b', 3, 4.5, true]);

  it('round-trips through bytes and JSON', () => {
    const bytes = h.toBytes();
    expect(bytes[0]).toBe(0x48);
    // Few registers set: the sparse form, (index, rank) for each set register.
    const set = h.toJSON().registers.filter((r) => r !== 0).length;
    expect(bytes.length).toBe(2 + 1 + 1 + 4 + 5 * set + 4);
    expect(HyperLogLog.fromBytes(bytes).toBytes()).toEqual(bytes);
    expect(HyperLogLog.fromBytes(bytes).toJSON()).toEqual(h.toJSON());
    expect(HyperLogLog.fromJSON(JSON.parse(JSON.stringify(h))).toBytes()).toEqual(bytes);
    expect(new HyperLogLog().toBytes().length).toBe(12);
    // Many registers set: the dense form.
    const full = new HyperLogLog({ p: 6 }).updateAll(Array.from({ length: 500 }, (_, i) => i));
    expect(full.toBytes().length).toBe(2 + 1 + 1 + 64 + 4);
    expect(HyperLogLog.fromBytes(full.toBytes()).toJSON()).toEqual(full.toJSON());
  });

  it('reads the version 1 form (dense registers right after p)', () => {
    const w = new ByteWriter(0x48, 1, 80);
    w.u8(6);
    w.bytes(Uint8Array.from(h.toJSON().registers));
    expect(HyperLogLog.fromBytes(w.finish()).toJSON()).toEqual(h.toJSON());
  });

  it('rejects sparse registers out of order or out of range', () => {
    const sparse = (pairs: [number, number][]) => {
      const w = new ByteWriter(0x48, 2, 64);
      w.u8(6);
      w.u8(1);
      w.u32(pairs.length);
      for (const [i, r] of pairs) {
        w.u32(i);
        w.u8(r);
      }
      return w.finish();
    };
    expect(
      HyperLogLog.fromBytes(
        sparse([
          [3, 2],
          [9, 1],
        ]),
      )
        .toJSON()
        .registers.filter((r) => r !== 0),
    ).toEqual([2, 1]);
    expect(() =>
      HyperLogLog.fromBytes(
        sparse([
          [9, 1],
          [3, 2],
        ]),
      ),
    ).toThrow(/registers\[1\]\.index/);
    expect(() => HyperLogLog.fromBytes(sparse([[64, 1]]))).toThrow(CorruptInputError);
    expect(() => HyperLogLog.fromBytes(sparse([[3, 0]]))).toThrow(/registers\[3\]/);
    expect(() => HyperLogLog.fromBytes(sparse([[3, 60]]))).toThrow(/a rank in \[1, 59\]/);
  });

  it('rejects every truncation and every single-byte flip', () => {
    const bytes = h.toBytes();
    for (let len = 0; len < bytes.length; len++) expect(() => HyperLogLog.fromBytes(bytes.slice(0, len))).toThrow(CorruptInputError);
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [1, 0x80, 0xff]) {
        const b = bytes.slice();
        b[i] = (b[i] as number) ^ mask;
        expect(() => HyperLogLog.fromBytes(b)).toThrow(CorruptInputError);
      }
    }
  });

  it('rejects bad JSON', () => {
    const j = h.toJSON();
    expect(() => HyperLogLog.fromJSON({ ...j, p: 7 })).toThrow(CorruptInputError);
    expect(() => HyperLogLog.fromJSON({ ...j, registers: j.registers.map(() => 70) })).toThrow(CorruptInputError);
    expect(() => HyperLogLog.fromJSON({ ...j, type: 'kll' })).toThrow(CorruptInputError);
  });
});

describe('HyperLogLog bad input', () => {
  it('throws InvalidArgumentError naming the argument', () => {
    const h = new HyperLogLog();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(() => h.update(bad)).toThrow(InvalidArgumentError);
    expect(() => h.update({} as unknown as string)).toThrow(/^value: /);
    expect(() => new HyperLogLog({ p: 3 })).toThrow(/^p: /);
    expect(() => new HyperLogLog({ p: 12.5 })).toThrow(/^p: /);
    expect(() => h.lowerBound(0)).toThrow(/^numStdDev: /);
    expect(() => h.downsample(13)).toThrow(/^p: /);
    expect(() => h.merge({} as HyperLogLog)).toThrow(/^other: /);
    expect(h.isEmpty).toBe(true);
  });
});

describe('HyperLogLog decoded from the sparse form', () => {
  const few = new HyperLogLog({ p: 10 }).updateAll(['a', 'b', 'c', 1, 2, 3]);
  const bytes = few.toBytes();

  it('answers as the sketch it was written from, and writes the same bytes', () => {
    const d = HyperLogLog.fromBytes(bytes);
    expect(d.isEmpty).toBe(false);
    expect(d.estimate()).toBe(few.estimate());
    expect(HyperLogLog.fromBytes(bytes).toBytes()).toEqual(bytes);
    expect(HyperLogLog.fromBytes(bytes).toJSON()).toEqual(few.toJSON());
    expect(HyperLogLog.fromBytes(new HyperLogLog({ p: 10 }).toBytes()).isEmpty).toBe(true);
  });

  it('keeps clones and merged-into sketches independent of it', () => {
    const d = HyperLogLog.fromBytes(bytes);
    const clone = d.clone();
    const sum = new HyperLogLog({ p: 10 }).merge(d);
    clone.update('zz');
    sum.updateAll(['q', 'r']);
    expect(d.toBytes()).toEqual(bytes);
    expect(sum.toJSON()).toEqual(new HyperLogLog({ p: 10 }).updateAll(['a', 'b', 'c', 1, 2, 3, 'q', 'r']).toJSON());
    expect(clone.toJSON()).toEqual(new HyperLogLog({ p: 10 }).updateAll(['a', 'b', 'c', 1, 2, 3, 'zz']).toJSON());
  });

  it('merges into a dense sketch and across precisions as the dense form does', () => {
    const other = new HyperLogLog({ p: 10 }).updateAll(Array.from({ length: 400 }, (_, i) => `v${i}`));
    expect(other.clone().merge(HyperLogLog.fromBytes(bytes)).toJSON()).toEqual(other.clone().merge(few).toJSON());
    const coarse = new HyperLogLog({ p: 8 }).update('w');
    expect(coarse.clone().merge(HyperLogLog.fromBytes(bytes)).toJSON()).toEqual(coarse.clone().merge(few).toJSON());
    expect(HyperLogLog.fromBytes(bytes).merge(coarse).toJSON()).toEqual(few.clone().merge(coarse).toJSON());
  });
});
