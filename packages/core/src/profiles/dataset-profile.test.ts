import { CorruptInputError, InvalidArgumentError, createRng } from '@vigil/stats';
import { describe, expect, it } from 'vitest';
import { DatasetProfile } from './dataset-profile.js';

function rows(n: number, seed: number, t0: number): Array<Record<string, unknown>> {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    ts: new Date(t0 + i * 1000).toISOString(),
    age: 20 + rng.int(50),
    income: rng.next() < 0.05 ? null : Math.exp(10 + rng.normal()),
    city: ['paris', 'lima', 'oslo'][rng.int(3)],
    ...(i % 2 === 0 ? { promo: rng.next() < 0.5 } : {}),
  }));
}

describe('DatasetProfile', () => {
  it('profiles rows: row count, time range from the timestamp column, one profile per column', () => {
    const t0 = Date.UTC(2026, 10, 1);
    const p = DatasetProfile.fromRows(rows(1000, 1, t0), { timestampColumn: 'ts' });
    expect(p.rowCount).toBe(1000);
    expect(p.timeRange).toEqual({ start: t0, end: t0 + 999_000 });
    expect([...p.columns.keys()].sort()).toEqual(['age', 'city', 'income', 'promo']);
    expect(p.column('promo').count).toBe(500); // present in every other row only
    expect(p.column('city').types.string).toBe(1000);
    expect(p.column('income').nulls).toBeGreaterThan(20);
  });

  it('profiles columns, typed arrays on the numeric fast path, and agrees with the row form', () => {
    const age = Float64Array.from({ length: 100 }, (_, i) => i);
    const city = Array.from({ length: 100 }, (_, i) => (i % 2 ? 'a' : 'b'));
    const byColumns = DatasetProfile.fromColumns({ age, city }, { timestamps: Array.from({ length: 100 }, (_, i) => i * 10) });
    const byRows = DatasetProfile.fromRows(
      Array.from({ length: 100 }, (_, i) => ({ age: age[i], city: city[i], t: i * 10 })),
      { timestampColumn: 't' },
    );
    expect(byColumns.toJSON()).toEqual(byRows.toJSON());
    expect(() => DatasetProfile.fromColumns({ a: [1, 2], b: [1] })).toThrow(InvalidArgumentError);
    expect(() => DatasetProfile.fromRows([{ t: 'yesterday' }], { timestampColumn: 't' })).toThrow(/row\.t: expected a time/);
  });

  it('merges partial profiles into the profile of all rows (columns seen by only one side included)', () => {
    const t0 = Date.UTC(2026, 10, 1);
    const all = rows(2000, 7, t0);
    const a = DatasetProfile.fromRows(all.slice(0, 1200), { timestampColumn: 'ts' });
    const b = DatasetProfile.fromRows(
      all.slice(1200).map((r) => ({ ...r, extra: 1 })),
      { timestampColumn: 'ts' },
    );
    const whole = DatasetProfile.fromRows(all, { timestampColumn: 'ts' });
    const merged = DatasetProfile.merge(a, b);
    expect(merged.rowCount).toBe(2000);
    expect(merged.timeRange).toEqual(whole.timeRange);
    expect(merged.column('extra').count).toBe(800);
    for (const name of ['age', 'income', 'city', 'promo']) {
      const m = merged.column(name);
      const w = whole.column(name);
      expect(m.count).toBe(w.count);
      expect(m.nulls).toBe(w.nulls);
      expect(m.types).toEqual(w.types);
      if (w.moments.n > 0) expect(Math.abs(m.moments.mean - w.moments.mean)).toBeLessThanOrEqual(1e-9 * Math.abs(w.moments.mean));
    }
    expect(DatasetProfile.merge(b, a).toJSON().rowCount).toBe(2000);
  });

  it('round-trips through bytes and JSON, and rejects corrupt input', () => {
    const p = DatasetProfile.fromRows(rows(500, 3, 0), { timestampColumn: 'ts' });
    expect(DatasetProfile.fromBytes(p.toBytes()).toJSON()).toEqual(p.toJSON());
    expect(DatasetProfile.fromJSON(JSON.parse(JSON.stringify(p.toJSON()))).toJSON()).toEqual(p.toJSON());
    const bytes = p.toBytes();
    expect(() => DatasetProfile.fromBytes(bytes.slice(0, bytes.length - 1))).toThrow(CorruptInputError);
    const flipped = bytes.slice();
    flipped[40] = flipped[40]! ^ 0xff;
    expect(() => DatasetProfile.fromBytes(flipped)).toThrow(CorruptInputError);
    // Inner frames are read without their own checksums: the outer one must still catch a change
    // anywhere, a sketch's counters and values included.
    for (let i = 0; i < bytes.length; i += 61) {
      const one = bytes.slice();
      one[i] = one[i]! ^ 0x10;
      expect(() => DatasetProfile.fromBytes(one), `byte ${i}`).toThrow(CorruptInputError);
    }
    expect(() => DatasetProfile.fromJSON({ ...p.toJSON(), rowCount: 10 })).toThrow(/json\.columns\.\w+\.count/);
    expect(() => DatasetProfile.fromJSON({ ...p.toJSON(), timeRange: { start: 5, end: 1 } })).toThrow(/json\.timeRange/);
  });
});
