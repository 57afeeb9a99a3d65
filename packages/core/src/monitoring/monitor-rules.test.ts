// The decisions of a monitor evaluation: comparisons at their boundaries, aggregation against sums
// worked independently, relative drops for errors and scores, and the concept-drift detectors
// against river's known answers on its own streams (notes §1.9).

import { readFileSync } from 'node:fs';
import { Adwin, Ddm, Eddm, HddmA, HddmW, InvalidArgumentError, PageHinkley } from '@vigil/stats';
import type { DriftDetector } from '@vigil/stats';
import { DETECTORS, LOWER_IS_BETTER_METRICS, PERFORMANCE_METRICS } from '@vigil/wire';
import { describe, expect, it } from 'vitest';
import { aggregate, compare, createDetector, droppedBelowReference, lowerIsBetter } from './monitor-rules.js';
import type { Comparison, DetectorKind } from './monitor-rules.js';

describe('compare', () => {
  // value vs bound 2: below, equal, above.
  const table: Record<Comparison, [boolean, boolean, boolean]> = {
    lt: [true, false, false],
    lte: [true, true, false],
    gt: [false, false, true],
    gte: [false, true, true],
    eq: [false, true, false],
    ne: [true, false, true],
  };
  for (const [op, expected] of Object.entries(table) as Array<[Comparison, [boolean, boolean, boolean]]>) {
    it(`${op} below, at and above the bound`, () => {
      expect([compare(1.999, op, 2), compare(2, op, 2), compare(2.001, op, 2)]).toEqual(expected);
      expect([compare(-3, op, -2), compare(-2, op, -2), compare(-1, op, -2)]).toEqual(expected);
      expect([compare(-Infinity, op, 0), compare(0, op, 0), compare(Infinity, op, 0)]).toEqual(expected);
    });
  }

  it('takes 0 and −0 as equal, and nothing as equal to NaN', () => {
    expect(compare(-0, 'eq', 0)).toBe(true);
    expect(compare(-0, 'lt', 0)).toBe(false);
    expect((['lt', 'lte', 'gt', 'gte', 'eq'] as const).map((op) => compare(Number.NaN, op, 1))).toEqual([false, false, false, false, false]);
    expect(compare(Number.NaN, 'ne', 1)).toBe(true);
  });
});

describe('aggregate', () => {
  it('last, mean, max, min and sum of a few points', () => {
    const points = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(aggregate(points, 'last')).toBe(6);
    expect(aggregate(points, 'sum')).toBe(31);
    expect(aggregate(points, 'mean')).toBe(31 / 8);
    expect(aggregate(points, 'max')).toBe(9);
    expect(aggregate(points, 'min')).toBe(1);
  });

  it('one point is every aggregate of itself; negative points keep their sign', () => {
    for (const a of ['last', 'mean', 'max', 'min', 'sum'] as const) expect(aggregate([-2.5], a), a).toBe(-2.5);
    expect(aggregate([-5, -2, -9], 'max')).toBe(-2);
    expect(aggregate([-5, -2, -9], 'min')).toBe(-9);
    expect(aggregate([-5, -2, -9], 'last')).toBe(-9);
  });

  it('handles 600 000 points (more than a spread argument list takes)', () => {
    // v_i = (i · 7919 mod 10007) − 5000: integers, so the sum is exact in any order.
    const n = 600_000;
    const points = Array.from({ length: n }, (_, i) => ((i * 7919) % 10_007) - 5000);
    let sum = 0;
    let max = -Infinity;
    let min = Infinity;
    for (const v of points) {
      sum += v;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    // Every residue 0 … 10006 appears among the first 10007 points, so the extremes are known.
    expect([max, min]).toEqual([5006, -5000]);
    expect(aggregate(points, 'max')).toBe(5006);
    expect(aggregate(points, 'min')).toBe(-5000);
    expect(aggregate(points, 'sum')).toBe(sum);
    expect(aggregate(points, 'mean')).toBe(sum / n);
    expect(aggregate(points, 'last')).toBe(((599_999 * 7919) % 10_007) - 5000);
  });
});

describe('lowerIsBetter and droppedBelowReference', () => {
  const errors = ['mae', 'mse', 'rmse', 'mape'];

  it('errors are worse when larger, every other metric when smaller', () => {
    expect([...LOWER_IS_BETTER_METRICS]).toEqual(errors);
    for (const m of PERFORMANCE_METRICS) expect(lowerIsBetter(m), m).toBe(errors.includes(m));
  });

  it('a score drops when it falls more than `drop` below the reference', () => {
    // Reference 0.75, drop 0.125: the bound 0.625 is exact in binary.
    for (const m of ['accuracy', 'roc_auc', 'f1', 'r2'] as const) {
      expect(droppedBelowReference(m, 0.6, 0.75, 0.125), `${m} 0.6`).toBe(true);
      expect(droppedBelowReference(m, 0.625, 0.75, 0.125), `${m} at the bound`).toBe(false);
      expect(droppedBelowReference(m, 0.7, 0.75, 0.125), `${m} 0.7`).toBe(false);
      expect(droppedBelowReference(m, 0.99, 0.75, 0.125), `${m} better`).toBe(false);
    }
  });

  it('an error drops when it rises more than `drop` above the reference', () => {
    for (const m of errors as Array<'mae' | 'mse' | 'rmse' | 'mape'>) {
      expect(droppedBelowReference(m, 2.75, 2, 0.5), `${m} 2.75`).toBe(true);
      expect(droppedBelowReference(m, 2.5, 2, 0.5), `${m} at the bound`).toBe(false);
      expect(droppedBelowReference(m, 2.25, 2, 0.5), `${m} 2.25`).toBe(false);
      expect(droppedBelowReference(m, 1, 2, 0.5), `${m} better`).toBe(false);
    }
  });

  it('with no tolerance any worsening counts', () => {
    expect(droppedBelowReference('accuracy', 0.8999, 0.9, 0)).toBe(true);
    expect(droppedBelowReference('accuracy', 0.9, 0.9, 0)).toBe(false);
    expect(droppedBelowReference('rmse', 1.0001, 1, 0)).toBe(true);
    expect(droppedBelowReference('rmse', 1, 1, 0)).toBe(false);
  });
});

// river's streams, as packages/stats keeps its copy of the shared reference vectors.
const streams = JSON.parse(readFileSync(new URL('../../../stats/fixtures/reference/river_streams.json', import.meta.url), 'utf8')) as Record<
  string,
  { data: number[] }
>;
function stream(prefix: string): number[] {
  const key = Object.keys(streams).find((k) => k.startsWith(`${prefix}_`));
  if (key === undefined) throw new Error(`no stream ${prefix}`);
  return streams[key]!.data;
}

function drifts(d: DriftDetector, data: readonly number[]): number[] {
  const out: number[] = [];
  data.forEach((x, i) => {
    if (d.update(x).drift) out.push(i);
  });
  return out;
}

/** river's docstring protocol: the first warning after start or after a drift, and every drift. */
function printed(d: DriftDetector, data: readonly number[]): string[] {
  const out: string[] = [];
  let printWarning = true;
  data.forEach((x, i) => {
    const r = d.update(x);
    if (r.warning && printWarning) {
      out.push(`warning ${i}`);
      printWarning = false;
    }
    if (r.drift) {
      out.push(`drift ${i}`);
      printWarning = true;
    }
  });
  return out;
}

describe('createDetector', () => {
  it('makes every detector the wire names, of the right class, with river’s defaults', () => {
    const classes: Record<DetectorKind, abstract new (...args: never[]) => DriftDetector> = {
      adwin: Adwin,
      ddm: Ddm,
      eddm: Eddm,
      hddm_a: HddmA,
      hddm_w: HddmW,
      page_hinkley: PageHinkley,
    };
    expect(Object.keys(classes).sort()).toEqual([...DETECTORS].sort());
    for (const kind of DETECTORS) expect(createDetector(kind, {}), kind).toBeInstanceOf(classes[kind]);
    const options = (kind: DetectorKind): unknown => createDetector(kind, {}).toJSON().options;
    expect(options('adwin')).toMatchObject({ delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 });
    expect(options('ddm')).toEqual({ warmStart: 30, warningThreshold: 2, driftThreshold: 3 });
    expect(options('eddm')).toEqual({ warmStart: 30, alpha: 0.95, beta: 0.9 });
    expect(options('hddm_a')).toEqual({ driftConfidence: 0.001, warningConfidence: 0.005, twoSidedTest: false });
    expect(options('hddm_w')).toEqual({ driftConfidence: 0.001, warningConfidence: 0.005, lambdaVal: 0.05, twoSidedTest: false });
    expect(options('page_hinkley')).toEqual({ minInstances: 30, delta: 0.005, threshold: 50, alpha: 0.9999, mode: 'both' });
  });

  it('passes the parameters on, and refuses one the detector does not have', () => {
    expect(createDetector('adwin', { delta: 0.5 }).toJSON().options).toMatchObject({ delta: 0.5 });
    expect(createDetector('ddm', { driftThreshold: 4 }).toJSON().options).toMatchObject({ driftThreshold: 4 });
    expect(() => createDetector('adwin', { deltaa: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => createDetector('ddm', { driftThreshold: -1 })).toThrow(InvalidArgumentError);
  });

  it('gives a new detector each time', () => {
    const a = createDetector('adwin', {});
    for (const x of stream('A').slice(0, 1100)) a.update(x);
    const b = createDetector('adwin', {});
    expect(b.toJSON()).toEqual(new Adwin().toJSON());
    expect(a.toJSON()).not.toEqual(b.toJSON());
  });

  // river's known answers (river/drift docstrings and test_drift_detectors.py / test_adwin_regression.py).
  it('adwin: A → [1023], S1 → [1023], C → [1023, 2015, 3007], a constant stream → none', () => {
    expect(drifts(createDetector('adwin', {}), stream('A'))).toEqual([1023]);
    expect(drifts(createDetector('adwin', {}), stream('S1'))).toEqual([1023]);
    expect(drifts(createDetector('adwin', {}), stream('C'))).toEqual([1023, 2015, 3007]);
    expect(drifts(createDetector('adwin', {}), new Array<number>(5000).fill(1))).toEqual([]);
  });

  it('page_hinkley: A → [1006], S3 (both directions, the default) → [588, 1097, 1585]', () => {
    expect(drifts(createDetector('page_hinkley', {}), stream('A'))).toEqual([1006]);
    expect(drifts(createDetector('page_hinkley', {}), stream('S3'))).toEqual([588, 1097, 1585]);
  });

  it('ddm: B → warning 1084, drift 1334, warning 1492; S2 → [1049]; all ones → none', () => {
    expect(printed(createDetector('ddm', {}), stream('B'))).toEqual(['warning 1084', 'drift 1334', 'warning 1492']);
    expect(drifts(createDetector('ddm', {}), stream('S2'))).toEqual([1049]);
    expect(drifts(createDetector('ddm', {}), new Array<number>(1000).fill(1))).toEqual([]);
  });

  it('eddm (the parameters river’s answers name): B → warning 1059, drift 1278; S2 → [1059]', () => {
    expect(printed(createDetector('eddm', { alpha: 0.8, beta: 0.75 }), stream('B'))).toEqual(['warning 1059', 'drift 1278']);
    expect(drifts(createDetector('eddm', { alpha: 0.9, beta: 0.8 }), stream('S2'))).toEqual([1059]);
  });

  it('hddm_a: B → warning 451, drift 1206; S2 → [1047]', () => {
    expect(printed(createDetector('hddm_a', {}), stream('B'))).toEqual(['warning 451', 'drift 1206']);
    expect(drifts(createDetector('hddm_a', {}), stream('S2'))).toEqual([1047]);
  });

  it('hddm_w: B → warning 451, drift 1077; S2 → [1018]', () => {
    expect(printed(createDetector('hddm_w', {}), stream('B'))).toEqual(['warning 451', 'drift 1077']);
    expect(drifts(createDetector('hddm_w', {}), stream('S2'))).toEqual([1018]);
  });

  it('agrees with the detector classes built directly, update by update', () => {
    const b = stream('B');
    const direct: Record<DetectorKind, () => DriftDetector> = {
      adwin: () => new Adwin(),
      ddm: () => new Ddm(),
      eddm: () => new Eddm(),
      hddm_a: () => new HddmA(),
      hddm_w: () => new HddmW(),
      page_hinkley: () => new PageHinkley(),
    };
    for (const kind of DETECTORS) {
      const made = createDetector(kind, {});
      const reference = direct[kind]();
      b.forEach((x, i) => {
        const r = made.update(x);
        const e = reference.update(x);
        if (r.drift !== e.drift || r.warning !== e.warning) expect.fail(`${kind} update ${i}`);
      });
    }
  });
});
