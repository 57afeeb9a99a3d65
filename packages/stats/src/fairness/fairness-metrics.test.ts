import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { expectMatches } from '../../test/metrics-cases.js';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import {
  demographicParityDifference,
  demographicParityRatio,
  equalOpportunityDifference,
  equalOpportunityRatio,
  equalizedOddsDifference,
  equalizedOddsRatio,
} from './fairness-metrics.js';
import type { FairnessOptions, SensitiveValue } from './fairness-metrics.js';

type Fn = (yTrue: number[], yPred: number[], options: FairnessOptions) => { value: number; byGroup: Record<string, unknown> };
const FNS: Record<string, Fn> = {
  demographicParityDifference,
  demographicParityRatio,
  equalOpportunityDifference,
  equalOpportunityRatio,
  equalizedOddsDifference,
  equalizedOddsRatio,
};

interface FairnessFixture {
  datasets: { yTrue: number[]; yPred: number[]; options: FairnessOptions; note: string }[];
  cases: { fn: string; dataset: number; expected: { value: number; byGroup: Record<string, unknown> } }[];
}

const fx = loadFixture<FairnessFixture>('fairness');

describe('fairness metrics against the Fairlearn definitions (fixtures/gen_fairness.py)', () => {
  it('has cases for every function', () => {
    for (const fn of Object.keys(FNS)) expect(fx.cases.filter((c) => c.fn === fn).length, fn).toBeGreaterThan(10);
  });
  it.each(fx.cases.map((c, i) => [i, c.fn, fx.datasets[c.dataset]?.note ?? '', c] as const))('#%i %s (%s)', (_i, fn, _note, c) => {
    const d = fx.datasets[c.dataset];
    if (d === undefined) throw new Error(`dataset ${c.dataset} missing`);
    const got = (FNS[fn] as Fn)(d.yTrue, d.yPred, d.options);
    expectMatches(got.value, c.expected.value, { rel: 1e-12, abs: 1e-12 }, `${fn}.value`);
    expect(Object.keys(got.byGroup).sort()).toEqual(Object.keys(c.expected.byGroup).sort());
    expectMatches(got.byGroup, c.expected.byGroup, { rel: 1e-12, abs: 1e-12 }, `${fn}.byGroup`);
  });
});

/** The definitions written out the slow way: every pair of groups, rates counted anew. */
function bruteForce(yTrue: number[], yPred: number[], sf: SensitiveValue[]) {
  const groups = [...new Set(sf.map(String))];
  const rate = (g: string, cond: (i: number) => boolean) => {
    let hit = 0;
    let all = 0;
    for (let i = 0; i < yPred.length; i++) {
      if (String(sf[i]) !== g || !cond(i)) continue;
      all++;
      if (yPred[i] === 1) hit++;
    }
    return { hit, all };
  };
  const sel = groups.map((g) => rate(g, () => true));
  const tpr = groups.map((g) => rate(g, (i) => yTrue[i] === 1));
  const fpr = groups.map((g) => rate(g, (i) => yTrue[i] === 0));
  const asRate = (r: { hit: number; all: number }) => (r.all === 0 ? 0 : r.hit / r.all);
  const pairs = (rates: number[], f: (a: number, b: number) => number, pick: (xs: number[]) => number) => pick(rates.flatMap((a) => rates.map((b) => f(a, b))));
  const diff = (rates: number[]) =>
    pairs(
      rates,
      (a, b) => a - b,
      (xs) => Math.max(...xs),
    );
  // The smallest a / b over pairs with a ≤ b and b > 0 is min / max; when every rate is 0 it is 0 / 0, NaN.
  const rat = (rates: number[]) =>
    rates.every((r) => r === 0)
      ? Number.NaN
      : pairs(
          rates,
          (a, b) => (a <= b && b > 0 ? a / b : Number.POSITIVE_INFINITY),
          (xs) => Math.min(...xs),
        );
  const s = sel.map((r) => r.hit / r.all);
  const t = tpr.map(asRate);
  const f = fpr.map(asRate);
  return {
    dpd: diff(s),
    dpr: rat(s),
    eopd: diff(t),
    eopr: rat(t),
    eod: Math.max(diff(t), diff(f)),
    // Python's min([tpr ratio, fpr ratio]) keeps the first unless the second compares smaller (NaN never does).
    eor: Number.isNaN(rat(t)) ? Number.NaN : Number.isNaN(rat(f)) ? rat(t) : Math.min(rat(t), rat(f)),
  };
}

describe('fairness metrics equal the definitions on random cases', () => {
  const sample = fc.integer({ min: 1, max: 60 }).chain((n) =>
    fc.record({
      yTrue: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      yPred: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      sf: fc.array(fc.constantFrom<SensitiveValue>('a', 'b', 'c', 4, true), { minLength: n, maxLength: n }),
    }),
  );
  it('matches a pairwise brute force', () => {
    fc.assert(
      fc.property(sample, ({ yTrue, yPred, sf }) => {
        const want = bruteForce(yTrue, yPred, sf);
        const o = { sensitiveFeatures: sf };
        const same = (a: number, b: number) => (Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-12);
        return (
          same(demographicParityDifference(yTrue, yPred, o).value, want.dpd) &&
          same(demographicParityRatio(yTrue, yPred, o).value, want.dpr) &&
          same(equalOpportunityDifference(yTrue, yPred, o).value, want.eopd) &&
          same(equalOpportunityRatio(yTrue, yPred, o).value, want.eopr) &&
          same(equalizedOddsDifference(yTrue, yPred, o).value, want.eod) &&
          same(equalizedOddsRatio(yTrue, yPred, o).value, want.eor)
        );
      }),
      { numRuns: 300 },
    );
  });
  it('weights of 2 equal repeating each sample twice', () => {
    fc.assert(
      fc.property(sample, ({ yTrue, yPred, sf }) => {
        const w = demographicParityRatio(yTrue, yPred, { sensitiveFeatures: sf, sampleWeight: yTrue.map(() => 2) }).value;
        const r = demographicParityRatio([...yTrue, ...yTrue], [...yPred, ...yPred], { sensitiveFeatures: [...sf, ...sf] }).value;
        return Number.isNaN(r) ? Number.isNaN(w) : Math.abs(w - r) <= 1e-12;
      }),
    );
  });
});

describe('fairness metrics by hand and on bad input', () => {
  it('reads the four-fifths ratio of a hiring table', () => {
    // 48 of 80 men and 12 of 40 women selected: rates 0.6 and 0.3, impact ratio 0.5.
    const sf = [...Array<string>(80).fill('m'), ...Array<string>(40).fill('w')];
    const yPred = [...Array<number>(48).fill(1), ...Array<number>(32).fill(0), ...Array<number>(12).fill(1), ...Array<number>(28).fill(0)];
    const r = demographicParityRatio(yPred, yPred, { sensitiveFeatures: sf });
    expectClose(r.value, 0.5);
    expect(r.byGroup).toEqual({ m: 0.6, w: 0.3 });
    expectClose(demographicParityDifference(yPred, yPred, { sensitiveFeatures: sf }).value, 0.3);
  });
  it('gives equalized odds per-group tpr and fpr', () => {
    const r = equalizedOddsDifference([1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0], { sensitiveFeatures: ['a', 'a', 'a', 'a', 'b', 'b'] });
    expect(r.byGroup).toEqual({ a: { tpr: 0.5, fpr: 0.5 }, b: { tpr: 1, fpr: 0 } });
    expectClose(r.value, 0.5);
  });
  it('names the argument at fault', () => {
    expect(() => demographicParityRatio([1, 0], [1, 2], { sensitiveFeatures: ['a', 'b'] })).toThrow(/yPred\[1\]/);
    expect(() => equalOpportunityRatio([1, 0], [1, 0], { sensitiveFeatures: ['a'] })).toThrow(LengthMismatchError);
    expect(() => equalOpportunityRatio([1, 0], [1, -1], { sensitiveFeatures: ['a', 'b'] })).toThrow(InvalidArgumentError);
    expect(() => demographicParityRatio([], [], { sensitiveFeatures: [] })).toThrow(EmptySampleError);
    expect(() => demographicParityRatio([1], [1], { sensitiveFeatures: [Number.NaN] })).toThrow(/sensitiveFeatures\[0\]/);
    expect(() => demographicParityRatio([1], [1], { sensitiveFeatures: [null as unknown as string] })).toThrow(/sensitiveFeatures\[0\]/);
    expect(() => demographicParityRatio([1], [1], {} as FairnessOptions)).toThrow(/sensitiveFeatures/);
    expect(() => demographicParityRatio([1], [1], { sensitiveFeatures: ['a'], sampleWeight: [-1] })).toThrow(/sampleWeight/);
  });
});
