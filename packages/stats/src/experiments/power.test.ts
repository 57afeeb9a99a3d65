import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { normalCdf, normalPpf } from '../distributions/index.js';
import { expectClose } from '../../test/fixtures.js';
import { INTERVAL, expectRounded, fixture } from '../../test/experiments-fixture.js';
import { experimentMde, experimentPower } from './power.js';
import type { ExperimentDesignOptions } from './power.js';

// GrowthBook packages/shared/test/power.test.ts: mean 10, variance 3909.9997749994377, 400 000 users, 3 variations.
const metric = { mean: 10, standardDeviation: Math.sqrt(3909.9997749994377) };
const design = { metric, users: 400000, variations: 3, alpha: 0.05 };

function mde(o: Parameters<typeof experimentMde>[0]): number {
  const r = experimentMde(o);
  if (!r.ok) throw new Error(r.reason);
  return r.mde;
}

describe('experimentPower / experimentMde: GrowthBook known answers (packages/shared/test/power.test.ts)', () => {
  it('power 0.52144 for a 5 % lift; 0.20596 sequential with N* = 5000', () => {
    expectRounded(experimentPower({ ...design, effectSize: 0.05 }), 0.52144);
    expectRounded(experimentPower({ ...design, effectSize: 0.05, sequential: { tuning: 5000 } }), 0.20596);
  });

  it('MDE 0.07027 at power 0.8; 0.12821 sequential', () => {
    expectRounded(mde({ ...design, power: 0.8 }), 0.07027);
    expectRounded(mde({ ...design, power: 0.8, sequential: {} }), 0.12821);
  });
});

describe('experimentPower / experimentMde: SciPy reference (fixtures/gen_experiments.py)', () => {
  it(`matches ${fixture.power.length} designs: means and rates, one and two tails, fixed and sequential`, () => {
    let unsolvable = 0;
    fixture.power.forEach((c, i) => {
      const o = c.options as ExperimentDesignOptions;
      expectClose(experimentPower({ ...o, effectSize: c.effectSize, twoTailed: c.twoTailed }), c.expectedPower, INTERVAL, `case ${i} power`);
      const r = experimentMde({ ...o, power: c.power });
      if (c.expectedMde === null) {
        unsolvable++;
        expect(r).toEqual({ ok: false, reason: 'TOO_FEW_USERS' });
      } else {
        expect(r.ok, `case ${i}`).toBe(true);
        if (r.ok) expectClose(r.mde, c.expectedMde, INTERVAL, `case ${i} mde`);
      }
    });
    expect(unsolvable).toBeGreaterThan(0);
  });
});

describe('experimentPower / experimentMde: properties', () => {
  it('the power at the MDE is the target power, plus the far tail the quadratic leaves out', () => {
    const zStar = normalPpf(0.975);
    for (const power of [0.5, 0.8, 0.9]) {
      const m = mde({ ...design, power });
      const k = zStar - normalPpf(1 - power);
      expectClose(experimentPower({ ...design, effectSize: m }), power + normalCdf(-zStar - k), { rel: 1e-9 });
    }
  });

  it('power grows with users and falls with more variations', () => {
    const p = (users: number, variations: number): number => experimentPower({ metric, users, variations, effectSize: 0.05 });
    expect(p(800000, 3)).toBeGreaterThan(p(400000, 3));
    expect(p(400000, 4)).toBeLessThan(p(400000, 3));
  });

  it('power ≤ alpha has no MDE; bad options name the field', () => {
    expect(experimentMde({ ...design, power: 0.04 })).toEqual({ ok: false, reason: 'POWER_NOT_ABOVE_ALPHA' });
    expect(() => experimentPower({ ...design, effectSize: Number.NaN })).toThrow(/options\.effectSize/);
    expect(() => experimentPower({ ...design, metric: { conversionRate: 1 }, effectSize: 0.1 })).toThrow(/options\.metric\.conversionRate/);
    expect(() => experimentPower({ ...design, metric: { mean: 0, standardDeviation: 1 }, effectSize: 0.1 })).toThrow(/options\.metric\.mean/);
    expect(() => experimentMde({ ...design, users: 0 })).toThrow(/options\.users/);
    expect(() => experimentMde({ ...design, variations: 1 })).toThrow(/options\.variations/);
    expect(() => experimentMde({ ...design, sequential: { tuning: -1 } })).toThrow(InvalidArgumentError);
  });
});
