import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/fixtures.js';
import { expectMatches, metricCases, worstRelError } from '../../test/metrics-cases.js';
import { createRng } from '../random.js';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { averagePrecisionScore, precisionRecallCurve, rocAucScore, rocCurve } from './roc.js';

const FNS: Record<string, (...a: never[]) => unknown> = { averagePrecisionScore, precisionRecallCurve, rocAucScore, rocCurve };

describe('ROC and precision-recall against scikit-learn 1.2', () => {
  const cases = metricCases(...Object.keys(FNS));
  it('has cases for every function', () => {
    for (const fn of Object.keys(FNS))
      expect(
        cases.some((c) => c.fn === fn),
        fn,
      ).toBe(true);
  });
  it.each(cases.map((c, i) => [i, c.fn, c.note, c] as const))('#%i %s (%s)', (_i, fn, _note, c) => {
    const f = FNS[fn] as (...a: unknown[]) => unknown;
    const got = f(...c.args);
    expectMatches(got, c.expected, {}, fn);
    expect(worstRelError(got, c.expected)).toBeLessThan(1e-9);
  });
});

/** Mann-Whitney form of the AUC, O(n²): P(score+ > score−) + ½ P(tie). */
function bruteAuc(y: number[], s: number[]): number {
  let num = 0;
  let pairs = 0;
  y.forEach((yi, i) => {
    if (yi !== 1) return;
    y.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      num += (s[i] as number) > (s[j] as number) ? 1 : s[i] === s[j] ? 0.5 : 0;
    });
  });
  return num / pairs;
}

describe('ROC AUC known answers', () => {
  it('reproduces the CBPE estimated ROC AUC of drift.md §2.5 as a weighted AUC', () => {
    // Each row counts as a positive with weight p̂ and a negative with weight 1 − p̂.
    const p = [0.9, 0.8, 0.3, 0.6, 0.1, 0.55, 0.2, 0.7];
    const y = [...p.map(() => 1), ...p.map(() => 0)];
    const s = [...p, ...p];
    const sampleWeight = [...p, ...p.map((v) => 1 - v)];
    expectClose(rocAucScore(y, s, { sampleWeight }) as number, 0.808245970896573, { rel: 1e-14 });
  });
});

describe('ROC AUC properties', () => {
  it('equals the Mann-Whitney probability, lies in [0, 1] and flips under negated scores', () => {
    const data = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 60 })
      .filter((a) => a.some(([y]) => y === 1) && a.some(([y]) => y === 0));
    fc.assert(
      fc.property(data, (a) => {
        const y = a.map(([v]) => v);
        const s = a.map(([, v]) => v / 10);
        const auc = rocAucScore(y, s) as number;
        expect(auc).toBeGreaterThanOrEqual(0);
        expect(auc).toBeLessThanOrEqual(1);
        expect(auc).toBeCloseTo(bruteAuc(y, s), 12);
        expect(
          rocAucScore(
            y,
            s.map((v) => -v),
          ) as number,
        ).toBeCloseTo(1 - auc, 12);
        const pr = precisionRecallCurve(y, s);
        for (const p of pr.precision) expect(p >= 0 && p <= 1).toBe(true);
        const ap = averagePrecisionScore(y, s) as number;
        expect(ap >= 0 && ap <= 1).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('handles 10^6 scores with heavy ties in one pass (radix argsort)', () => {
    const rng = createRng(7);
    const n = 1_000_000;
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    // Count positives and negatives per score level to get the exact Mann-Whitney AUC cheaply.
    const pos = new Float64Array(11);
    const neg = new Float64Array(11);
    for (let i = 0; i < n; i++) {
      y[i] = rng.next() < 0.3 ? 1 : 0;
      const level = Math.min(10, Math.max(0, Math.round(5 + 2 * rng.normal() + 2 * (y[i] as number))));
      s[i] = level / 10;
      if (y[i] === 1) pos[level]!++;
      else neg[level]!++;
    }
    let num = 0;
    let negBelow = 0;
    for (let l = 0; l <= 10; l++) {
      num += (pos[l] as number) * (negBelow + 0.5 * (neg[l] as number));
      negBelow += neg[l] as number;
    }
    const totalPos = pos.reduce((a, b) => a + b, 0);
    const t0 = performance.now();
    const auc = rocAucScore(y, s) as number;
    const ms = performance.now() - t0;
    expect(auc).toBeCloseTo(num / (totalPos * (n - totalPos)), 10);
    expect(ms).toBeLessThan(5000);
  });
});

describe('ROC and PR reject bad input', () => {
  it('names the argument at fault', () => {
    expect(() => rocAucScore([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(/yTrue.*only one class/);
    expect(() => rocAucScore([0, 1], [0.1])).toThrow(LengthMismatchError);
    expect(() => rocAucScore([], [])).toThrow(EmptySampleError);
    expect(() => rocAucScore([0, 1], [0.1, Number.NaN])).toThrow('yScore[1]');
    expect(() => rocAucScore([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(/yScore/);
    expect(() =>
      rocAucScore(
        [0, 1, 2],
        [
          [0.2, 0.3, 0.5],
          [0.1, 0.1, 0.8],
          [0.3, 0.3, 0.4],
        ],
      ),
    ).toThrow(/multiClass/);
    expect(() =>
      rocAucScore(
        [0, 1, 2],
        [
          [0.2, 0.3, 0.6],
          [0.1, 0.1, 0.8],
          [0.3, 0.3, 0.4],
        ],
        { multiClass: 'ovr' },
      ),
    ).toThrow('yScore[0]');
    expect(() =>
      rocAucScore(
        [0, 1, 2],
        [
          [0.2, 0.3, 0.5],
          [0.1, 0.1, 0.8],
          [0.3, 0.3, 0.4],
        ],
        { multiClass: 'ovo', average: null },
      ),
    ).toThrow(/average/);
    expect(() => rocAucScore([0, 1], [0.1, 0.2], { maxFpr: 0 })).toThrow(/maxFpr/);
    expect(() => rocCurve(['a', 'b'], [0.1, 0.2])).toThrow(/posLabel/);
    expect(() => rocCurve([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(/posLabel/);
    expect(() => averagePrecisionScore([2, 3], [0.1, 0.2])).toThrow(/posLabel/);
    expect(() => averagePrecisionScore([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(/yTrue/);
    expect(() => precisionRecallCurve([0, 1], [0.1, 0.2], { sampleWeight: [1] })).toThrow(LengthMismatchError);
    expect(() =>
      rocAucScore(
        [
          [0, 1],
          [1, 2],
        ],
        [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
      ),
    ).toThrow(InvalidArgumentError);
  });
});
