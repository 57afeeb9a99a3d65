// Realized performance accumulators against scikit-learn 1.2 (fixtures/gen_performance_accumulators.py):
// chunks merged in any order equal the whole, exact and binned ROC AUC, JSON round trips, bad input.

import { readFileSync } from 'node:fs';
import { CorruptInputError, InvalidArgumentError } from '@vigil/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerformanceAccumulator } from './performance-accumulator.js';
import type { BinaryPerformance, MulticlassPerformance, PerformanceAccumulatorOptions, RegressionPerformance } from './performance-accumulator.js';

interface BinarySet {
  truth: number[];
  label: number[];
  score: (number | null)[];
  chunks: number[];
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  specificity: number;
  confusion: [number, number, number, number];
  scored: number;
  rocAuc: number;
  logLoss: number;
  brier: number;
  binnedRocAuc: number;
  binnedRocAucError: number;
}
interface Fixture {
  binarySmall: BinarySet;
  binaryLarge: BinarySet;
  multiclass: {
    truth: string[];
    label: string[];
    chunks: number[];
    labels: string[];
    accuracy: number;
    confusionMatrix: number[][];
    macro: { precision: number; recall: number; f1: number };
    weighted: { precision: number; recall: number; f1: number };
    perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  };
  regression: {
    truth: number[];
    value: number[];
    chunks: number[];
    mae: number;
    mse: number;
    rmse: number;
    mape: number;
    r2: number;
    r2Offset: number;
    meanError: number;
  };
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/performance_accumulators.json', import.meta.url), 'utf8')) as Fixture;

/** Relative-or-absolute closeness: |a − b| ≤ tol · max(1, |b|). */
function close(a: number | null, b: number, tol = 1e-9): void {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

/** One accumulator per chunk of consecutive rows. */
function chunkAccumulators(
  options: PerformanceAccumulatorOptions,
  sizes: number[],
  addRow: (acc: PerformanceAccumulator, i: number) => void,
): PerformanceAccumulator[] {
  const out: PerformanceAccumulator[] = [];
  let start = 0;
  for (const size of sizes) {
    const acc = new PerformanceAccumulator(options);
    for (let i = start; i < start + size; i++) addRow(acc, i);
    out.push(acc);
    start += size;
  }
  return out;
}

/** Merges chunks in `order` as two subtrees split at `split`, some through JSON, into a fresh accumulator. */
function mergeInOrder(
  options: PerformanceAccumulatorOptions,
  chunks: PerformanceAccumulator[],
  order: number[],
  split: number,
  viaJson: boolean[],
): PerformanceAccumulator {
  const fold = (idx: number[]): PerformanceAccumulator => {
    const acc = new PerformanceAccumulator(options);
    for (const i of idx) {
      const c = chunks[i] as PerformanceAccumulator;
      acc.merge(viaJson[i] ? PerformanceAccumulator.fromJSON(JSON.parse(JSON.stringify(c.toJSON()))) : c);
    }
    return acc;
  };
  const left = fold(order.slice(0, split));
  return left.merge(fold(order.slice(split)));
}

const orderArb = (n: number) =>
  fc.record({
    order: fc.shuffledSubarray(
      Array.from({ length: n }, (_, i) => i),
      { minLength: n, maxLength: n },
    ),
    split: fc.integer({ min: 0, max: n }),
    viaJson: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  });

function addBinary(set: BinarySet) {
  return (acc: PerformanceAccumulator, i: number): void => {
    // Alternate label encodings: numbers, strings and booleans all key the same class.
    const label = set.label[i] as number;
    const truth = set.truth[i] as number;
    acc.add({ label: i % 3 === 0 ? String(label) : i % 3 === 1 ? label === 1 : label, score: set.score[i] ?? null }, i % 2 === 0 ? truth : truth === 1);
  };
}

function expectBinary(m: BinaryPerformance, set: BinarySet, binned: boolean): void {
  const [tn, fp, fn, tp] = set.confusion;
  expect(m.confusion).toEqual({ tp, fp, fn, tn });
  expect(m.count).toBe(set.truth.length);
  expect(m.scored).toBe(set.scored);
  close(m.accuracy, set.accuracy);
  close(m.precision, set.precision);
  close(m.recall, set.recall);
  close(m.f1, set.f1);
  close(m.specificity, set.specificity);
  close(m.logLoss, set.logLoss);
  close(m.brier, set.brier);
  if (!binned) {
    close(m.rocAuc, set.rocAuc, 1e-12);
    expect(m.rocAucError).toBe(0);
  } else {
    close(m.rocAuc, set.binnedRocAuc);
    close(m.rocAucError, set.binnedRocAucError);
    expect(Math.abs((m.rocAuc as number) - set.rocAuc)).toBeLessThanOrEqual(m.rocAucError as number);
  }
}

describe('PerformanceAccumulator (binary)', () => {
  const options: PerformanceAccumulatorOptions = { task: 'binary' };

  it('equals scikit-learn on a small bucket (exact ROC AUC, tied scores) for any merge order of its chunks', () => {
    const set = fixture.binarySmall;
    const chunks = chunkAccumulators(options, set.chunks, addBinary(set));
    fc.assert(
      fc.property(orderArb(chunks.length), ({ order, split, viaJson }) => {
        expectBinary(mergeInOrder(options, chunks, order, split, viaJson).metrics() as BinaryPerformance, set, false);
      }),
      { numRuns: 25 },
    );
  });

  it('past 2 000 scores gives the binned AUC within its computed bound of the exact one, in any merge order', () => {
    const set = fixture.binaryLarge;
    const chunks = chunkAccumulators(options, set.chunks, addBinary(set));
    fc.assert(
      fc.property(orderArb(chunks.length), ({ order, split, viaJson }) => {
        const m = mergeInOrder(options, chunks, order, split, viaJson).metrics() as BinaryPerformance;
        expectBinary(m, set, true);
        expect(m.rocAucError).toBeLessThan(1e-3);
      }),
      { numRuns: 25 },
    );
  });

  it('derives the label from the score, reads probabilities, and counts pairs without a prediction as missing', () => {
    const acc = new PerformanceAccumulator({ task: 'binary', positiveClass: 'yes', threshold: 0.7 });
    acc.add({ score: 0.8 }, 'yes'); // tp
    acc.add({ score: 0.6 }, 'yes'); // fn: below the threshold
    acc.add({ probabilities: { yes: 0.9, no: 0.1 } }, 'no'); // fp
    acc.add({ label: 'no', score: 0.95 }, 'no'); // tn: the model's own label wins
    acc.add({}, 'yes');
    acc.add({ label: null, score: null }, 'no');
    const m = acc.metrics() as BinaryPerformance;
    expect(m.confusion).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
    expect(acc.missing).toBe(2);
    expect(acc.count).toBe(4);
    expect(m.scored).toBe(4);
    // Scores (0.8, 0.6 | 0.9, 0.95): positives below both negatives.
    expect(m.rocAuc).toBe(0);
  });

  it('reports nulls for an empty bucket and no AUC with one class', () => {
    const empty = new PerformanceAccumulator({ task: 'binary' }).metrics() as BinaryPerformance;
    expect(empty).toMatchObject({ count: 0, accuracy: null, precision: null, rocAuc: null, logLoss: null, brier: null });
    const one = new PerformanceAccumulator({ task: 'binary' }).add({ score: 0.2 }, 1).add({ score: 0.9 }, 1);
    const m = one.metrics() as BinaryPerformance;
    expect(m.rocAuc).toBeNull();
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.specificity).toBe(0); // sklearn zero_division: 0
  });
});

describe('PerformanceAccumulator (multiclass)', () => {
  const options: PerformanceAccumulatorOptions = { task: 'multiclass' };
  const set = fixture.multiclass;

  it('equals scikit-learn (union of labels, macro and weighted averages) for any merge order', () => {
    const chunks = chunkAccumulators(options, set.chunks, (acc, i) => {
      acc.add({ label: set.label[i] as string }, set.truth[i] as string);
    });
    fc.assert(
      fc.property(orderArb(chunks.length), ({ order, split, viaJson }) => {
        const m = mergeInOrder(options, chunks, order, split, viaJson).metrics() as MulticlassPerformance;
        expect(m.labels).toEqual(set.labels);
        expect(m.confusionMatrix).toEqual(set.confusionMatrix);
        expect(m.count).toBe(set.truth.length);
        close(m.accuracy, set.accuracy);
        close(m.macroPrecision, set.macro.precision);
        close(m.macroRecall, set.macro.recall);
        close(m.macroF1, set.macro.f1);
        close(m.weightedPrecision, set.weighted.precision);
        close(m.weightedRecall, set.weighted.recall);
        close(m.weightedF1, set.weighted.f1);
        for (const l of set.labels) {
          const e = set.perClass[l]!;
          const got = m.perClass[l]!;
          expect(got.support).toBe(e.support);
          close(got.precision, e.precision);
          close(got.recall, e.recall);
          close(got.f1, e.f1);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('takes the argmax of the probabilities when no label is given, ties to the first class in order', () => {
    const acc = new PerformanceAccumulator({ task: 'multiclass' });
    acc.add({ probabilities: { b: 0.2, a: 0.4, c: 0.4 } }, 'a');
    acc.add({ probabilities: { '10': 0.5, '9': 0.5 } }, 9);
    const m = acc.metrics() as MulticlassPerformance;
    expect(m.accuracy).toBe(1);
    expect(m.labels).toEqual(['9', 'a']);
  });

  it('orders numeric labels numerically and keeps a label like __proto__ as data', () => {
    const acc = new PerformanceAccumulator({ task: 'multiclass' });
    acc.add({ label: 10 }, 2).add({ label: 2 }, 2).add({ label: '__proto__' }, '__proto__');
    const m = acc.metrics() as MulticlassPerformance;
    expect(m.labels).toEqual(['10', '2', '__proto__']);
    expect(Object.keys(m.perClass)).toContain('__proto__');
    const numeric = new PerformanceAccumulator({ task: 'multiclass' }).add({ label: 10 }, 2).add({ label: 2 }, 9);
    expect((numeric.metrics() as MulticlassPerformance).labels).toEqual(['2', '9', '10']);
    expect(PerformanceAccumulator.fromJSON(JSON.parse(JSON.stringify(acc.toJSON()))).metrics()).toEqual(m);
  });
});

describe('PerformanceAccumulator (regression)', () => {
  const options: PerformanceAccumulatorOptions = { task: 'regression' };
  const set = fixture.regression;

  it('equals scikit-learn (MAPE with zeros in y, r2 on a 1e6 offset) for any merge order', () => {
    const chunks = chunkAccumulators(options, set.chunks, (acc, i) => {
      acc.add({ value: set.value[i] as number }, set.truth[i] as number);
    });
    fc.assert(
      fc.property(orderArb(chunks.length), ({ order, split, viaJson }) => {
        const m = mergeInOrder(options, chunks, order, split, viaJson).metrics() as RegressionPerformance;
        expect(m.count).toBe(set.truth.length);
        close(m.mae, set.mae);
        close(m.mse, set.mse);
        close(m.rmse, set.rmse);
        close(m.mape, set.mape, 1e-12);
        close(m.r2, set.r2);
        close(m.meanError, set.meanError);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps r2 accurate when the target varies little around a large offset', () => {
    const acc = new PerformanceAccumulator(options);
    for (let i = 40; i < set.truth.length; i++) acc.add({ value: set.value[i] as number }, set.truth[i] as number);
    close((acc.metrics() as RegressionPerformance).r2, set.r2Offset, 1e-9);
  });

  it('follows sklearn on degenerate targets: one row has no r2, a constant target scores 1 or 0', () => {
    const one = new PerformanceAccumulator(options).add({ value: 3 }, 1).metrics() as RegressionPerformance;
    expect(one).toMatchObject({ count: 1, mae: 2, mse: 4, rmse: 2, meanError: 2, r2: null });
    const perfect = new PerformanceAccumulator(options).add({ value: 5 }, 5).add({ value: 5 }, 5);
    expect((perfect.metrics() as RegressionPerformance).r2).toBe(1);
    const off = new PerformanceAccumulator(options).add({ value: 4 }, 5).add({ value: 5 }, 5);
    expect((off.metrics() as RegressionPerformance).r2).toBe(0);
    const fallback = new PerformanceAccumulator(options).add({ score: 2 }, 1);
    expect((fallback.metrics() as RegressionPerformance).mae).toBe(1);
  });
});

describe('PerformanceAccumulator JSON and errors', () => {
  it('round-trips every task through plain JSON, and the exact form stays compact', () => {
    const set = fixture.binarySmall;
    const acc = new PerformanceAccumulator({ task: 'binary' });
    for (let i = 0; i < 200; i++) addBinary(set)(acc, i);
    const json = JSON.parse(JSON.stringify(acc.toJSON())) as unknown;
    const back = PerformanceAccumulator.fromJSON(json);
    expect(back.metrics()).toEqual(acc.metrics());
    expect(back.toJSON()).toEqual(acc.toJSON());
    expect(acc.toJSON().scores).toHaveProperty('exact');
    const big = new PerformanceAccumulator({ task: 'binary' });
    for (let i = 0; i < fixture.binaryLarge.truth.length; i++) addBinary(fixture.binaryLarge)(big, i);
    expect(big.toJSON().scores).toHaveProperty('bins');
    expect(JSON.stringify(big.toJSON()).length).toBeLessThan(12_000);
    expect(PerformanceAccumulator.fromJSON(JSON.parse(JSON.stringify(big.toJSON()))).metrics()).toEqual(big.metrics());
    const reg = new PerformanceAccumulator({ task: 'regression' }).add({ value: 1.5 }, 1).add({ value: null }, 2);
    expect(PerformanceAccumulator.fromJSON(reg.toJSON()).toJSON()).toEqual(reg.toJSON());
    expect(reg.clone().missing).toBe(1);
  });

  it('rejects bad input with an InvalidArgumentError naming the argument', () => {
    const bin = new PerformanceAccumulator({ task: 'binary' });
    const named = (fn: () => unknown, argument: string): void => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidArgumentError);
        expect((e as InvalidArgumentError).argument).toBe(argument);
        return;
      }
      throw new Error(`expected a throw naming ${argument}`);
    };
    named(() => bin.add({ score: Number.NaN }, 1), 'p.score');
    named(() => bin.add({ score: 1.2 }, 1), 'p.score');
    named(() => bin.add({ probabilities: { '1': 1.5 } }, 1), 'p.probabilities.1');
    named(() => bin.add({ score: 0.5 }, Number.NaN), 'truth');
    named(() => bin.add({ score: 0.5 }, null as unknown as string), 'truth');
    named(() => new PerformanceAccumulator({ task: 'ranking' as 'binary' }), 'task');
    named(() => new PerformanceAccumulator({ task: 'binary', scoreBins: 0 }), 'scoreBins');
    named(() => new PerformanceAccumulator({ task: 'regression' }).add({ value: Infinity }, 1), 'p.value');
    named(() => new PerformanceAccumulator({ task: 'regression' }).add({ value: 1 }, '1'), 'truth');
    named(() => bin.merge(new PerformanceAccumulator({ task: 'multiclass' })), 'other.task');
    named(() => bin.merge(new PerformanceAccumulator({ task: 'binary', positiveClass: 'yes' })), 'other.positiveClass');
    expect(bin.count).toBe(0); // nothing was half-added
  });

  it('rejects corrupt JSON with a CorruptInputError naming the field', () => {
    const good = new PerformanceAccumulator({ task: 'binary' }).add({ score: 0.3 }, 0).toJSON();
    expect(() => PerformanceAccumulator.fromJSON({ ...good, task: 'x' })).toThrow(CorruptInputError);
    expect(() => PerformanceAccumulator.fromJSON({ ...good, confusion: [1, 0, 0] })).toThrow(/json\.confusion/);
    expect(() => PerformanceAccumulator.fromJSON({ ...good, scored: [2, 0, 0] })).toThrow(/json\.scores/);
    expect(() => PerformanceAccumulator.fromJSON({ ...good, scores: { exact: [[2], []] } })).toThrow(/json\.scores\.exact\[0\]\[0\]/);
    expect(() => PerformanceAccumulator.fromJSON({ ...good, scoreBins: -1 })).toThrow(/json\.scoreBins/);
  });
});
