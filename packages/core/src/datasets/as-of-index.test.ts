import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsOfIndex, entityKeyOf } from './as-of-index.js';

/** The as-of row by definition: of the entity's rows at or before t, the latest time, the later row on a tie. */
function bruteForce(entities: (string | null)[], times: number[], entity: string, t: number): number {
  let best = -1;
  for (let i = 0; i < entities.length; i++) {
    if (entities[i] !== entity || Number.isNaN(times[i]!) || times[i]! > t) continue;
    if (best < 0 || times[i]! >= times[best]!) best = i;
  }
  return best;
}

describe('AsOfIndex', () => {
  it('finds the latest row at or before the time, per entity', () => {
    const entities = ['a', 'b', 'a', 'a', 'b'];
    const times = new Float64Array([10, 10, 30, 20, 5]);
    const index = AsOfIndex.build(entities.length, (i) => entities[i]!, times);
    expect(index.lookup('a', 9)).toBe(-1);
    expect(index.lookup('a', 10)).toBe(0);
    expect(index.lookup('a', 25)).toBe(3);
    expect(index.lookup('a', 30)).toBe(2);
    expect(index.lookup('a', 1e15)).toBe(2);
    expect(index.lookup('b', 7)).toBe(4);
    expect(index.lookup('b', 10)).toBe(1);
    expect(index.lookup('c', 10)).toBe(-1);
  });
  it('lets the later row win a tie and leaves out rows without entity or time', () => {
    const entities = ['a', 'a', null, 'a'];
    const times = new Float64Array([10, 10, 10, NaN]);
    const index = AsOfIndex.build(4, (i) => entities[i]!, times);
    expect(index.size).toBe(2);
    expect(index.lookup('a', 10)).toBe(1);
  });
  it('agrees with the definition on random tables', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', null), fc.integer({ min: 0, max: 20 })), { maxLength: 60 }),
        fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', 'w'), fc.integer({ min: -1, max: 22 })), { maxLength: 30 }),
        (rows, queries) => {
          const entities = rows.map((r) => r[0]);
          const times = rows.map((r) => r[1]);
          const index = AsOfIndex.build(rows.length, (i) => entities[i]!, Float64Array.from(times));
          for (const [e, t] of queries) expect(index.lookup(e, t)).toBe(bruteForce(entities, times, e, t));
        },
      ),
    );
  });
});

describe('entityKeyOf', () => {
  it('joins numbers and their text, and has no key for missing values', () => {
    expect(entityKeyOf(42)).toBe('42');
    expect(entityKeyOf('42')).toBe('42');
    expect(entityKeyOf(true)).toBe('true');
    expect(entityKeyOf(null)).toBeNull();
    expect(entityKeyOf(undefined)).toBeNull();
    expect(entityKeyOf(Number.NaN)).toBeNull();
    expect(entityKeyOf({})).toBeNull();
  });
});
