import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { expectClose } from '../../test/fixtures.js';
import { ESTIMATE, INTERVAL, fixture } from '../../test/experiments-fixture.js';
import { srmTest } from './srm.js';

describe('srmTest', () => {
  it('reproduces the worked checks of the reference notes (§1.8)', () => {
    const a = srmTest([5000, 5300], [0.5, 0.5]);
    expect(a.statistic).toBeCloseTo(8.738, 3);
    expect(a.pValue).toBeCloseTo(0.00312, 5);
    const b = srmTest([10000, 10300], [0.5, 0.5]);
    expect(b.statistic).toBeCloseTo(4.43, 2);
    expect(b.pValue).toBeCloseTo(0.035, 3);
  });

  it(`matches SciPy chi2.sf on ${fixture.srmTest.length} seeded splits of 2 to 4 arms (fixtures/gen_experiments.py)`, () => {
    const arms = new Set<number>();
    fixture.srmTest.forEach((c, i) => {
      arms.add(c.counts.length);
      const r = srmTest(c.counts, c.weights);
      expectClose(r.statistic, c.statistic, ESTIMATE, `case ${i} statistic`);
      expectClose(r.pValue, c.pValue, INTERVAL, `case ${i} pValue`);
    });
    expect([...arms].sort()).toEqual([2, 3, 4]);
  });

  it('skips arms of weight 0 in χ² but counts them in the degrees of freedom (gbstats check_srm)', () => {
    const r = srmTest([480, 510, 33], [0.5, 0.5, 0]);
    // N = 1023, so each weighted arm expects 511.5; the third arm adds nothing.
    expectClose(r.statistic, ((480 - 511.5) ** 2 + (510 - 511.5) ** 2) / 511.5);
    // df = 3 − 1 = 2, where χ²_sf(x, 2) = exp(−x/2).
    expectClose(r.pValue, Math.exp(-r.statistic / 2));
  });

  it('is 1 with no units and accepts weights that do not sum to 1', () => {
    expect(srmTest([0, 0], [1, 1])).toEqual({ statistic: 0, pValue: 1 });
    expect(srmTest([100, 300], [1, 3]).statistic).toBe(0);
  });

  it('rejects bad input, naming it', () => {
    expect(() => srmTest([1], [1])).toThrow(/counts/);
    expect(() => srmTest([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => srmTest([1, -2], [1, 1])).toThrow(/counts\[1\]/);
    expect(() => srmTest([1, 2], [1, Number.NaN])).toThrow(/weights\[1\]/);
    expect(() => srmTest([1, 2], [0, 0])).toThrow(InvalidArgumentError);
  });
});
