// Isotonic regression against scikit-learn 1.2, NumPy's argsort tie order, and NannyML's calibration
// decision (StratifiedShuffleSplit folds, ECE before/after) from fixtures/gen_performance_accumulators.py.

import { readFileSync } from 'node:fs';
import { CorruptInputError, InvalidArgumentError, LengthMismatchError } from '@vigil/stats';
import { describe, expect, it } from 'vitest';
import { binIndexEdges, calibratorFromJSON, fitCalibrator, needsCalibration, stratifiedShuffleSplit } from './calibrator.js';
import { fitIsotonic, isotonicRegression, predictIsotonic } from './isotonic-regression.js';
import { numpyArgsort } from './numpy-argsort.js';

interface IsoCase {
  name: string;
  x: number[];
  y: number[];
  weight: number[] | null;
  increasing: boolean;
  xThresholds: number[];
  yThresholds: number[];
  probes: number[];
  predictions: number[];
}
interface CalibrationCase {
  name: string;
  scores: number[];
  labels: (0 | 1)[];
  needed: boolean;
  reason: string;
  eceBefore?: number;
  eceAfter?: number;
  eceBeforeStable?: number;
  eceAfterStable?: number;
  splits?: { train: number[]; test: number[] }[];
  xThresholds?: number[];
  yThresholds?: number[];
  probes?: number[];
  predictions?: number[];
}
interface Fixture {
  isotonic: IsoCase[];
  pav: { y: number[]; weight: number[]; increasing: number[]; decreasing: number[]; clipped: number[] };
  calibration: CalibrationCase[];
  argsort: { values: number[]; order: number[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/performance_accumulators.json', import.meta.url), 'utf8')) as Fixture;

function allClose(got: ArrayLike<number>, want: readonly number[], tol = 1e-9): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    if (Math.abs(g - w) > tol * Math.max(1, Math.abs(w))) expect.fail(`[${i}]: got ${g}, want ${w}`);
  }
}

describe('isotonic regression (scikit-learn 1.2)', () => {
  it('isotonicRegression equals sklearn isotonic_regression: weighted, decreasing, clipped', () => {
    const { y, weight } = fixture.pav;
    allClose(isotonicRegression(y, { sampleWeight: weight }), fixture.pav.increasing, 1e-12);
    allClose(isotonicRegression(y, { sampleWeight: weight, increasing: false }), fixture.pav.decreasing, 1e-12);
    allClose(isotonicRegression(y, { yMin: 0.5, yMax: 2 }), fixture.pav.clipped, 1e-12);
    expect(Array.from(isotonicRegression([3, 1, 2]))).toEqual([2, 2, 2]);
    expect(Array.from(isotonicRegression([1, 3, 2, 4]))).toEqual([1, 2.5, 2.5, 4]);
  });

  for (const c of fixture.isotonic) {
    it(`IsotonicRegression(out_of_bounds='clip') fit and predict: ${c.name}`, () => {
      const fit = fitIsotonic(c.x, c.y, { increasing: c.increasing, ...(c.weight === null ? {} : { sampleWeight: c.weight }) });
      allClose(fit.xThresholds, c.xThresholds, 0);
      allClose(fit.yThresholds, c.yThresholds, 1e-12);
      allClose(
        c.probes.map((p) => predictIsotonic(fit, p)),
        c.predictions,
        1e-12,
      );
    });
  }

  it("gives NaN outside the range with outOfBounds 'nan' and refuses bad input", () => {
    const fit = fitIsotonic([0.2, 0.4, 0.6], [0, 1, 1], { outOfBounds: 'nan' });
    expect(predictIsotonic(fit, 0.1)).toBeNaN();
    expect(predictIsotonic(fit, 0.3)).toBeCloseTo(0.5, 15);
    expect(() => fitIsotonic([0.1, Number.NaN], [0, 1])).toThrow(/x\[1\]/);
    expect(() => fitIsotonic([0.1, 0.2], [0])).toThrow(LengthMismatchError);
    expect(() => isotonicRegression([1, 2], { sampleWeight: [1, 0] })).toThrow(/sampleWeight\[1\]/);
    expect(() => fitIsotonic([], [])).toThrow(/x/);
  });
});

describe('numpyArgsort', () => {
  it("orders ties exactly as NumPy 1.24's default argsort (introsort)", () => {
    for (const c of fixture.argsort) expect(Array.from(numpyArgsort(c.values))).toEqual(c.order);
  });

  it('sorts NaN last and handles tiny inputs', () => {
    expect(Array.from(numpyArgsort([3, Number.NaN, 1]))).toEqual([2, 0, 1]);
    expect(Array.from(numpyArgsort([]))).toEqual([]);
    expect(Array.from(numpyArgsort([5]))).toEqual([0]);
  });
});

describe("fitCalibrator (NannyML's needs_calibration + IsotonicCalibrator)", () => {
  it("_get_bin_index_edges matches NannyML's examples", () => {
    expect(binIndexEdges(20, 4)).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
      [15, 20],
    ]);
    expect(binIndexEdges(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(binIndexEdges(3, 10)).toBeNull();
  });

  for (const c of fixture.calibration) {
    it(`decides as NannyML: ${c.name} → ${c.reason}`, () => {
      const labels = Uint8Array.from(c.labels);
      if (c.splits !== undefined) {
        // The first folds are scikit-learn's StratifiedShuffleSplit(10, 0.1, random_state=42), element for element.
        const splits = stratifiedShuffleSplit(labels, 10, 0.1, 42);
        expect(splits).not.toBeNull();
        c.splits.forEach((s, i) => {
          expect(Array.from(splits![i]!.train)).toEqual(s.train);
          expect(Array.from(splits![i]!.test)).toEqual(s.test);
        });
      }
      const decision = needsCalibration(Float64Array.from(c.scores), labels);
      expect(decision.needed).toBe(c.needed);
      expect(decision.reason).toBe(c.reason);
      if (c.eceBefore !== undefined) {
        expect(decision.eceBefore).toBeCloseTo(c.eceBefore, 12);
        expect(decision.eceAfter).toBeCloseTo(c.eceAfter as number, 12);
      }
      const cal = fitCalibrator(c.scores, c.labels);
      expect(cal.needed).toBe(c.needed);
      if (c.needed) {
        allClose(cal.fit!.xThresholds, c.xThresholds!, 0);
        allClose(cal.fit!.yThresholds, c.yThresholds!, 1e-12);
        allClose(
          c.probes!.map((p) => cal.apply(p)),
          c.predictions!,
          1e-12,
        );
      } else {
        expect(cal.apply(0.37)).toBe(0.37);
      }
      const back = calibratorFromJSON(JSON.parse(JSON.stringify(cal.toJSON())));
      expect(back.toJSON()).toEqual(cal.toJSON());
      expect(back.apply(0.61)).toBe(cal.apply(0.61));
    });
  }

  it('ties decide: a stable sort would reverse NannyML on the small reference', () => {
    const small = fixture.calibration.find((c) => c.name.startsWith('small:'))!;
    expect(small.needed).toBe(true);
    expect(small.eceAfterStable!).toBeGreaterThan(small.eceBeforeStable!);
  });

  it('does not calibrate one-class or tiny references, and refuses malformed input', () => {
    expect(fitCalibrator([0.1, 0.5, 0.9], [1, 1, 1]).reason).toBe('one-class');
    const tiny = fitCalibrator([0.1, 0.5, 0.9, 0.4, 0.45], [0, 1, 0, 1, 0]);
    expect(tiny).toMatchObject({ needed: false, reason: 'too-few-rows' });
    expect(() => fitCalibrator([0.1, 0.2], [0, 2 as 1])).toThrow(/referenceLabels\[1\]/);
    expect(() => fitCalibrator([0.1, Number.NaN], [0, 1])).toThrow(InvalidArgumentError);
    expect(() => fitCalibrator([0.1], [0, 1])).toThrow(LengthMismatchError);
    expect(() => fitCalibrator([], [])).toThrow(/referenceScores/);
    expect(() =>
      calibratorFromJSON({
        type: 'calibrator',
        version: 1,
        method: 'isotonic',
        needed: true,
        reason: 'improves',
        eceBefore: 0.1,
        eceAfter: 0.05,
        x: [0.5, 0.2],
        y: [0, 1],
      }),
    ).toThrow(CorruptInputError);
    expect(() => calibratorFromJSON({ type: 'calibrator', version: 2 })).toThrow(/json\.version/);
  });
});
