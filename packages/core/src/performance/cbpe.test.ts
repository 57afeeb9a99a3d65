// CBPE against NannyML's formulas (re-implemented in fixtures/gen_performance_accumulators.py): the
// toy vector of the notes, exact and binned buckets merged in any order, sampling error and bands.

import { readFileSync } from 'node:fs';
import { CorruptInputError, InvalidArgumentError } from '@vigil/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CbpeAccumulator, curveArea } from './cbpe-accumulator.js';
import type { EstimatedPerformance } from './cbpe-accumulator.js';
import { CBPE_METRICS, cbpeBands, cbpeReferenceFromJSON, cbpeSamplingError, samplingError } from './cbpe-sampling-error.js';
import type { CbpeMetric } from './cbpe-sampling-error.js';

type Expected = Omit<EstimatedPerformance, 'rocAucError'>;
interface CbpeSet {
  raw: number[];
  p: number[];
  yhat: number[];
  chunks: number[];
  expected: Expected;
  binnedRocAuc: number;
  binnedRocAucError: number;
}
interface Fixture {
  cbpeToy: { p: number[]; yhat: number[]; expected: Expected };
  cbpeSmall: CbpeSet;
  cbpeLarge: CbpeSet;
  bands: {
    labels: (0 | 1)[];
    predicted: (0 | 1)[];
    scores: number[];
    chunkSize: number;
    components: Record<CbpeMetric, { std: number; fraction: number }>;
    thresholds: Record<CbpeMetric, { lower: number; upper: number }>;
    realized: Record<CbpeMetric, (number | null)[]>;
  };
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/performance_accumulators.json', import.meta.url), 'utf8')) as Fixture;

function close(a: number | null | undefined, b: number, tol = 1e-9): void {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

function expectEstimate(got: EstimatedPerformance, want: Expected, tol = 1e-9): void {
  expect(got.count).toBe(want.count);
  for (const k of ['accuracy', 'precision', 'recall', 'f1', 'specificity'] as const) close(got[k], want[k] as number, tol);
  for (const k of ['tp', 'fp', 'fn', 'tn'] as const) close(got.confusion[k], want.confusion[k], tol);
}

function chunkAccumulators(set: CbpeSet): CbpeAccumulator[] {
  const out: CbpeAccumulator[] = [];
  let start = 0;
  for (const size of set.chunks) {
    const acc = new CbpeAccumulator();
    for (let i = start; i < start + size; i++) acc.add(set.p[i] as number, set.yhat[i] === 1, set.raw[i] as number);
    out.push(acc);
    start += size;
  }
  return out;
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

function mergeInOrder(chunks: CbpeAccumulator[], order: number[], split: number, viaJson: boolean[]): CbpeAccumulator {
  const fold = (idx: number[]): CbpeAccumulator => {
    const acc = new CbpeAccumulator();
    for (const i of idx) {
      const c = chunks[i] as CbpeAccumulator;
      acc.merge(viaJson[i] ? CbpeAccumulator.fromJSON(JSON.parse(JSON.stringify(c.toJSON()))) : c);
    }
    return acc;
  };
  return fold(order.slice(0, split)).merge(fold(order.slice(split)));
}

describe('CbpeAccumulator', () => {
  it('reproduces the toy vector of the notes (NannyML CBPE)', () => {
    const acc = new CbpeAccumulator();
    const { p } = fixture.cbpeToy;
    for (const v of p) acc.add(v, v >= 0.5);
    const e = acc.estimate();
    expect(e.count).toBe(8);
    close(e.accuracy, 0.74375, 1e-15);
    close(e.precision, 0.71, 1e-15);
    close(e.recall, 0.855421686746988, 1e-14);
    close(e.f1, 0.775956284153005, 1e-14);
    close(e.specificity, 0.623376623376623, 1e-14);
    close(e.rocAuc, 0.808245970896573, 1e-14);
    expect(e.rocAucError).toBe(0);
    close(e.confusion.tp, 3.55, 1e-15);
    close(e.confusion.fp, 1.45, 1e-15);
    close(e.confusion.fn, 0.6, 1e-15);
    close(e.confusion.tn, 2.4, 1e-15);
    expectEstimate(e, fixture.cbpeToy.expected, 1e-15);
  });

  it('matches NannyML row by row on an exact bucket, for any merge order of its chunks', () => {
    const set = fixture.cbpeSmall;
    const chunks = chunkAccumulators(set);
    fc.assert(
      fc.property(orderArb(chunks.length), ({ order, split, viaJson }) => {
        const e = mergeInOrder(chunks, order, split, viaJson).estimate();
        expectEstimate(e, set.expected);
        close(e.rocAuc, set.expected.rocAuc as number, 1e-12);
        expect(e.rocAucError).toBe(0);
      }),
      { numRuns: 25 },
    );
  });

  it('past 2 000 rows gives the binned AUC, within its computed bound of NannyML row by row', () => {
    const set = fixture.cbpeLarge;
    const chunks = chunkAccumulators(set);
    fc.assert(
      fc.property(orderArb(chunks.length), ({ order, split, viaJson }) => {
        const e = mergeInOrder(chunks, order, split, viaJson).estimate();
        expectEstimate(e, set.expected);
        close(e.rocAuc, set.binnedRocAuc);
        close(e.rocAucError, set.binnedRocAucError);
        expect(Math.abs((e.rocAuc as number) - (set.expected.rocAuc as number))).toBeLessThanOrEqual((e.rocAucError as number) + 1e-5);
      }),
      { numRuns: 25 },
    );
  });

  it('orders by any finite raw score (margins): binned end bins stay within the bound of the exact curve', () => {
    const set = fixture.cbpeLarge;
    const exact = new CbpeAccumulator({ maxExactRows: 10_000 });
    const binned = new CbpeAccumulator({ scoreBins: 200 });
    for (let i = 0; i < set.raw.length; i++) {
      const margin = 6 * (set.raw[i] as number) - 3; // in [−3, 3]: most rows outside [0, 1]
      exact.add(set.p[i] as number, set.yhat[i] === 1, margin);
      binned.add(set.p[i] as number, set.yhat[i] === 1, margin);
    }
    const e = exact.estimate();
    const b = binned.estimate();
    expect(e.rocAucError).toBe(0);
    close(e.rocAuc, set.expected.rocAuc as number, 1e-12); // same order as the raw scores
    expect(b.rocAucError).toBeGreaterThan(0.05); // the end bins hold most rows
    expect(Math.abs((b.rocAuc as number) - (e.rocAuc as number))).toBeLessThanOrEqual((b.rocAucError as number) + 1e-5);
  });

  it('treats rows with equal raw scores as one step of the curve, whatever their order', () => {
    // Grouped: steps (2 rows, Σp̂ 1.0) then (1 row, 0.2): tps 0, 1, 1.2; fps 0, 1, 1.8.
    const a = new CbpeAccumulator().add(0.9, true, 0.7).add(0.1, true, 0.7).add(0.2, false, 0.1);
    const b = new CbpeAccumulator().add(0.2, false, 0.1).add(0.1, true, 0.7).add(0.9, true, 0.7);
    const want = curveArea([
      [2, 1.0],
      [1, 0.2],
    ]) as number;
    close(want, (1 / 1.8) * (1 / 1.2 / 2) + (0.8 / 1.8) * ((1 / 1.2 + 1) / 2), 1e-15);
    expect(a.estimate().rocAuc).toBe(want);
    expect(b.estimate().rocAuc).toBe(want);
  });

  it('gives nulls when empty and no AUC without both expected classes', () => {
    expect(new CbpeAccumulator().estimate()).toMatchObject({ count: 0, accuracy: null, rocAuc: null });
    const sure = new CbpeAccumulator().add(1, true).add(1, false);
    expect(sure.estimate()).toMatchObject({ rocAuc: null, precision: 1, recall: 0.5, specificity: 0 });
  });

  it('round-trips through compact JSON (raw scores left out when equal to p̂)', () => {
    const acc = new CbpeAccumulator().add(0.3, false).add(0.8, true);
    expect(acc.toJSON().rows).toEqual([[0.3, 0.8], null]);
    expect(CbpeAccumulator.fromJSON(JSON.parse(JSON.stringify(acc.toJSON()))).estimate()).toEqual(acc.estimate());
    const big = chunkAccumulators(fixture.cbpeLarge).reduce((x, y) => x.merge(y), new CbpeAccumulator());
    const json = JSON.stringify(big.toJSON());
    expect(json.length).toBeLessThan(40_000);
    expect(CbpeAccumulator.fromJSON(JSON.parse(json)).estimate()).toEqual(big.estimate());
    expect(big.clone().toJSON()).toEqual(big.toJSON());
  });

  it('rejects bad input naming the argument, and corrupt JSON naming the field', () => {
    const acc = new CbpeAccumulator();
    expect(() => acc.add(Number.NaN, true)).toThrow(InvalidArgumentError);
    expect(() => acc.add(1.5, true)).toThrow(/calibratedProbability/);
    expect(() => acc.add(0.5, true, Number.POSITIVE_INFINITY)).toThrow(/rawScore/);
    expect(() => acc.add(0.5, 1 as unknown as boolean)).toThrow(/predictedPositive/);
    expect(() => new CbpeAccumulator({ scoreBins: 1.5 })).toThrow(/scoreBins/);
    expect(() => acc.merge(new CbpeAccumulator({ scoreBins: 10 }))).toThrow(/other\.scoreBins/);
    expect(acc.count).toBe(0);
    const good = new CbpeAccumulator().add(0.4, true).toJSON();
    expect(() => CbpeAccumulator.fromJSON({ ...good, count: 2 })).toThrow(CorruptInputError);
    expect(() => CbpeAccumulator.fromJSON({ ...good, rows: [[1.4], null] })).toThrow(/json\.rows\[0\]\[0\]/);
    expect(() => CbpeAccumulator.fromJSON({ ...good, type: 'performance' })).toThrow(/json\.type/);
  });
});

describe('cbpeSamplingError and cbpeBands', () => {
  const ref = fixture.bands;
  const reference = cbpeSamplingError({ labels: ref.labels, predicted: ref.predicted, scores: ref.scores });

  it("computes NannyML's sampling-error components from the reference", () => {
    for (const m of CBPE_METRICS) {
      const c = reference.components[m];
      close(c?.std, ref.components[m].std, 1e-12);
      close(c?.fraction, ref.components[m].fraction, 1e-12);
    }
  });

  it('computes realized reference-chunk values and mean ± 3σ thresholds (10 chunks and a remainder)', () => {
    expect(reference.chunkSize).toBe(ref.chunkSize);
    for (const m of CBPE_METRICS) {
      expect(reference.realized[m]).toHaveLength(11);
      reference.realized[m].forEach((v, i) => {
        const want = ref.realized[m][i];
        if (want === null || want === undefined) expect(v).toBeNull();
        else close(v, want, 1e-12);
      });
      close(reference.thresholds[m].lower, ref.thresholds[m].lower, 1e-12);
      close(reference.thresholds[m].upper, ref.thresholds[m].upper, 1e-12);
    }
  });

  it('bands an estimate of any bucket size with value ± 3·std/√(n·fraction), clipped to [0, 1]', () => {
    const est = new CbpeAccumulator();
    for (let i = 0; i < 400; i++) est.add(ref.scores[i] as number, ref.predicted[i] === 1);
    const e = est.estimate();
    const bands = cbpeBands(e, reference);
    for (const m of CBPE_METRICS) {
      const { std, fraction } = ref.components[m];
      const se = std / Math.sqrt(400 * fraction);
      close(bands[m].samplingError, se, 1e-12);
      close(samplingError(reference, m, 400), se, 1e-12);
      close(bands[m].lowerConfidence, Math.max(0, (e[m] as number) - 3 * se), 1e-12);
      close(bands[m].upperConfidence, Math.min(1, (e[m] as number) + 3 * se), 1e-12);
      const { lower, upper } = ref.thresholds[m];
      expect(bands[m].alert).toBe((e[m] as number) < lower || (e[m] as number) > upper);
    }
    // A bucket whose model now predicts everything positive: precision falls and alerts.
    const drifted = new CbpeAccumulator();
    for (let i = 0; i < 400; i++) drifted.add(ref.scores[i] as number, true);
    const b = cbpeBands(drifted.estimate(), reference);
    expect(b.specificity.value).toBe(0);
    expect(b.specificity.alert).toBe(true);
    expect(cbpeBands(new CbpeAccumulator().estimate(), reference).accuracy).toMatchObject({ value: null, samplingError: null, alert: false });
  });

  it('stores as small JSON and reads it back; bad references are refused', () => {
    const json = JSON.stringify(reference);
    expect(json.length).toBeLessThan(3000);
    expect(cbpeReferenceFromJSON(JSON.parse(json))).toEqual(reference);
    expect(() => cbpeReferenceFromJSON({ ...reference, components: { ...reference.components, f1: { std: -1, fraction: 0.5 } } })).toThrow(
      /json\.components\.f1\.std/,
    );
    expect(() => cbpeSamplingError({ labels: [0, 1, 2] as (0 | 1)[], predicted: [0, 1, 1], scores: [0.1, 0.2, 0.3] })).toThrow(/reference\.labels\[2\]/);
    expect(() => cbpeSamplingError({ labels: [0, 1], predicted: [0, 1], scores: [0.1, Number.NaN] })).toThrow(/reference\.scores\[1\]/);
    expect(() => cbpeSamplingError({ labels: [0, 1], predicted: [0], scores: [0.1, 0.2] })).toThrow(/reference\.predicted/);
    expect(() => samplingError(reference, 'auc' as CbpeMetric, 10)).toThrow(/metric/);
  });
});
