// wilsonInterval against SciPy (fixtures/gen_wilson.py: binomtest(k, n).proportion_ci(method='wilson')),
// and the ranking's order and filters.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rankSlices, wilsonInterval } from './slices.js';
import type { SliceMeasure } from './slices.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/wilson.json', import.meta.url), 'utf8')) as {
  cases: { successes: number; n: number; lower: number; upper: number }[];
};

describe('wilsonInterval', () => {
  it.each(fixture.cases)('$successes of $n matches SciPy', ({ successes, n, lower, upper }) => {
    const ci = wilsonInterval(successes, n)!;
    expect(ci.lower).toBeCloseTo(lower, 12);
    expect(ci.upper).toBeCloseTo(upper, 12);
  });
  it('has no interval for an empty slice', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('rankSlices', () => {
  const slice = (key: string, value: string, size: number, current: number | null, reference: number | null): SliceMeasure => ({
    kind: 'feature',
    key,
    value,
    size,
    current,
    reference,
    lower: null,
    upper: null,
  });
  it('ranks by the size of the move, either way, leaving out small slices and unknown sides', () => {
    const ranked = rankSlices(
      [
        slice('purpose', 'car', 500, 0.81, 0.8),
        slice('purpose', 'crypto', 120, 0.55, 0.8),
        slice('region', 'eu', 400, 0.95, 0.8),
        slice('purpose', 'tiny', 5, 0, 0.8),
        slice('purpose', 'new', 100, 0.7, null),
      ],
      { limit: 10, minSize: 30 },
    );
    expect(ranked.map((s) => [s.value, Number(s.change.toFixed(2))])).toEqual([
      ['crypto', -0.25],
      ['eu', 0.15],
      ['car', 0.01],
    ]);
    expect(rankSlices([slice('a', 'x', 50, 1, 0), slice('b', 'y', 60, 1, 0)], { limit: 1, minSize: 1 }).map((s) => s.key)).toEqual(['b']);
  });
});
