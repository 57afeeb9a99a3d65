import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import type { Alternative } from './sample-size.js';
import { minimumDetectableEffect, sampleSizeTwoMeans, sampleSizeTwoProportions } from './sample-size.js';

interface MeansCase {
  delta: number;
  sigma: number;
  alpha: number;
  power: number;
  alternative: Alternative;
  nExact: number;
  n: number;
  statsmodels?: number;
  mdeSigma: number;
}
interface PropCase {
  p1: number;
  p2: number;
  alpha: number;
  power: number;
  alternative: Alternative;
  pooled: number;
  unpooled: number;
  arcsine: number;
  statsmodels?: number;
  mdeBaseline: number;
}
const fx = loadFixture<{ power: { twoMeans: MeansCase[]; twoProportions: PropCase[] } }>('distances');

describe('sampleSizeTwoMeans vs the closed form with scipy.stats.norm.ppf', () => {
  for (const c of fx.power.twoMeans) {
    it(`delta ${c.delta}, sigma ${c.sigma}, alpha ${c.alpha}, power ${c.power}, ${c.alternative}`, () => {
      const r = sampleSizeTwoMeans({ delta: c.delta, sigma: c.sigma, alpha: c.alpha, power: c.power, alternative: c.alternative });
      expectClose(r.nExact, c.nExact);
      expect(r.n).toBe(c.n);
      // statsmodels' NormalIndPower also counts the far tail's power: a hair smaller, same rounding here.
      if (c.statsmodels !== undefined) expectClose(r.nExact, c.statsmodels, { rel: 1e-3 });
      expectClose(minimumDetectableEffect({ n: c.n, sigma: c.sigma, alpha: c.alpha, power: c.power, alternative: c.alternative }), c.mdeSigma);
    });
  }

  it("the guide's textbook case: delta = sigma, alpha 0.05, power 0.8 gives 16 per group", () => {
    expect(sampleSizeTwoMeans({ delta: 1, sigma: 1 }).n).toBe(16);
  });

  it('minimumDetectableEffect inverts the sample size (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (delta, sigma) => {
        const { nExact } = sampleSizeTwoMeans({ delta, sigma });
        expectClose(minimumDetectableEffect({ n: nExact, sigma }), delta, { rel: 1e-12 });
      }),
      { numRuns: 100 },
    );
  });
});

describe('sampleSizeTwoProportions', () => {
  for (const c of fx.power.twoProportions) {
    it(`p1 ${c.p1}, p2 ${c.p2}, alpha ${c.alpha}, power ${c.power}, ${c.alternative}`, () => {
      const base = { p1: c.p1, p2: c.p2, alpha: c.alpha, power: c.power, alternative: c.alternative };
      const pooled = sampleSizeTwoProportions(base);
      expectClose(pooled.nExact, c.pooled, {}, 'pooled');
      expect(pooled.n).toBe(Math.ceil(c.pooled));
      expectClose(sampleSizeTwoProportions({ ...base, method: 'unpooled' }).nExact, c.unpooled, {}, 'unpooled');
      const arcsine = sampleSizeTwoProportions({ ...base, method: 'arcsine' }).nExact;
      expectClose(arcsine, c.arcsine, {}, 'arcsine');
      // statsmodels NormalIndPower + proportion_effectsize (Cohen's h) differs only by its far-tail term.
      if (c.statsmodels !== undefined) expectClose(arcsine, c.statsmodels, { rel: 1e-4 }, 'statsmodels');
      expectClose(minimumDetectableEffect({ n: 1000, baselineRate: c.p1, alpha: c.alpha, power: c.power, alternative: c.alternative }), c.mdeBaseline);
    });
  }
});

describe('power input checks', () => {
  it('rejects bad options with typed errors naming the option', () => {
    expect(() => sampleSizeTwoMeans({ delta: 0, sigma: 1 })).toThrow(/options\.delta/);
    expect(() => sampleSizeTwoMeans({ delta: 1, sigma: -1 })).toThrow(/options\.sigma/);
    expect(() => sampleSizeTwoMeans({ delta: 1, sigma: 1, alpha: 1.5 })).toThrow(/options\.alpha/);
    expect(() => sampleSizeTwoMeans({ delta: 1, sigma: 1, alternative: 'larger' as Alternative })).toThrow(/options\.alternative/);
    expect(() => sampleSizeTwoProportions({ p1: 0.1, p2: 0.1 })).toThrow(/options\.p2/);
    expect(() => sampleSizeTwoProportions({ p1: 0, p2: 0.1 })).toThrow(/options\.p1/);
    expect(() => minimumDetectableEffect({ n: 100 })).toThrow(InvalidArgumentError);
    expect(() => minimumDetectableEffect({ n: 100, sigma: 1, baselineRate: 0.1 })).toThrow(InvalidArgumentError);
    expect(() => sampleSizeTwoMeans({ delta: 1, sigma: 1, beta: 0.2 } as never)).toThrow(/options\.beta/);
  });
});
