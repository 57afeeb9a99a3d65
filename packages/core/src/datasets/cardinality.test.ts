import { describe, expect, it } from 'vitest';
import { ColumnProfile } from '../profiles/column-profile.js';
import { cardinalityChange } from './cardinality.js';

const column = (values: unknown[]) => {
  const c = new ColumnProfile({ hllP: 12 });
  for (const v of values) c.update(v);
  return c;
};

describe('cardinalityChange', () => {
  it('is the relative change of the distinct counts (exact while HyperLogLog is in its small range)', () => {
    const ref = column(Array.from({ length: 100 }, (_, i) => `c${i % 10}`));
    const same = column(Array.from({ length: 500 }, (_, i) => `c${i % 10}`));
    const more = column(Array.from({ length: 500 }, (_, i) => `c${i % 12}`));
    expect(cardinalityChange(same, ref)!.change).toBeCloseTo(0, 2);
    const r = cardinalityChange(more, ref)!;
    expect(r.reference).toBeCloseTo(10, 1);
    expect(r.current).toBeCloseTo(12, 1);
    expect(r.change).toBeCloseTo(0.2, 2);
  });
  it('has nothing to say about an empty pair, and an infinite change from an empty reference', () => {
    expect(cardinalityChange(undefined, undefined)).toBeNull();
    expect(cardinalityChange(column(['a']), column([null]))?.change).toBe(Infinity);
  });
});
