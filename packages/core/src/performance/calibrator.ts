// NannyML's score calibration for CBPE: decide on the reference whether isotonic calibration helps
// (`needs_calibration`), and if so map raw scores to probabilities with the isotonic fit.

import { CorruptInputError, EmptySampleError, InvalidArgumentError, LengthMismatchError, rocAucScore } from '@vigil/stats';
import { NumpyRandomState } from '../report/numpy-random.js';
import { fitIsotonic, predictIsotonic } from './isotonic-regression.js';
import { numpyArgsort } from './numpy-argsort.js';
import type { IsotonicFit } from './isotonic-regression.js';
import { finiteArray } from './finite-array.js';

const VERSION = 1;

export interface CalibratorOptions {
  /** Equal-count bins of the expected calibration error (NannyML `bin_count`, default 10). */
  readonly binCount?: number;
  /** Stratified shuffle splits tried (NannyML `split_count`, default 10). */
  readonly splitCount?: number;
}

/** Why a calibrator is or is not applied, for people reading a model's reference. */
export type CalibrationReason = 'one-class' | 'separable' | 'too-few-rows' | 'no-improvement' | 'improves';

/** A fitted CBPE calibrator. `apply` is the identity unless `needed`. */
export interface Calibrator {
  readonly needed: boolean;
  readonly reason: CalibrationReason;
  /** Expected calibration error of the pooled test folds before and after calibration (null if not tried). */
  readonly eceBefore: number | null;
  readonly eceAfter: number | null;
  /** The isotonic fit on the whole reference, when needed. */
  readonly fit: IsotonicFit | null;
  /** A raw score → the calibrated probability of the positive class. */
  apply(score: number): number;
  toJSON(): CalibratorJSON;
}

/** The plain-JSON form of a calibrator: breakpoints only when calibration is applied. */
export interface CalibratorJSON {
  type: 'calibrator';
  version: 1;
  method: 'isotonic';
  needed: boolean;
  reason: CalibrationReason;
  eceBefore: number | null;
  eceAfter: number | null;
  x?: number[];
  y?: number[];
}

/**
 * NannyML's calibration decision and calibrator (`needs_calibration` + `IsotonicCalibrator`,
 * 0.13): no calibration for a one-class reference or one whose ROC AUC exceeds 0.999; otherwise
 * `StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42)` — reproduced split for
 * split with NumPy's MT19937 `RandomState` — fits scikit-learn's `IsotonicRegression(
 * out_of_bounds='clip')` on each 90 %, calibrates each 10 %, pools the test folds, and calibrates
 * iff the pooled expected calibration error (equal-count bins of the sorted probabilities) drops.
 * If so the isotonic fit on the whole reference is the calibrator. Where scikit-learn's split
 * would refuse (a class with fewer than 2 rows, fewer test or train rows than classes) Vigil does
 * not calibrate (`reason: 'too-few-rows'`) instead of failing. The ECE sorts with a port of NumPy
 * 1.24's unstable argsort: isotonic outputs are full of ties, and their order moves rows between
 * bins enough to flip the decision on small references.
 */
export function fitCalibrator(referenceScores: ArrayLike<number>, referenceLabels: ArrayLike<0 | 1>, options: CalibratorOptions = {}): Calibrator {
  const { binCount = 10, splitCount = 10 } = options;
  if (!Number.isInteger(binCount) || binCount < 1) throw new InvalidArgumentError('binCount', 'a positive integer', binCount);
  if (!Number.isInteger(splitCount) || splitCount < 1) throw new InvalidArgumentError('splitCount', 'a positive integer', splitCount);
  const scores = finiteArray(referenceScores, 'referenceScores');
  const labels = binaryArray(referenceLabels, 'referenceLabels');
  if (labels.length !== scores.length) throw new LengthMismatchError('referenceLabels', 'referenceScores', labels.length, scores.length);
  if (scores.length === 0) throw new EmptySampleError('referenceScores');
  const decision = needsCalibration(scores, labels, binCount, splitCount);
  if (!decision.needed) return makeCalibrator(false, decision.reason, decision.eceBefore, decision.eceAfter, null);
  return makeCalibrator(true, decision.reason, decision.eceBefore, decision.eceAfter, fitIsotonic(scores, labels));
}

/** Reads `Calibrator.toJSON()` output; throws `CorruptInputError` naming the first bad field. */
export function calibratorFromJSON(json: unknown): Calibrator {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new CorruptInputError('json', 'a JSON object', json);
  const o = json as Record<string, unknown>;
  if (o['type'] !== 'calibrator') throw new CorruptInputError('json.type', "'calibrator'", o['type']);
  if (o['version'] !== VERSION) throw new CorruptInputError('json.version', String(VERSION), o['version']);
  if (o['method'] !== 'isotonic') throw new CorruptInputError('json.method', "'isotonic'", o['method']);
  const needed = o['needed'];
  if (typeof needed !== 'boolean') throw new CorruptInputError('json.needed', 'a boolean', needed);
  const reason = o['reason'];
  if (!['one-class', 'separable', 'too-few-rows', 'no-improvement', 'improves'].includes(reason as string)) {
    throw new CorruptInputError('json.reason', 'a calibration reason', reason);
  }
  const ece = (k: 'eceBefore' | 'eceAfter'): number | null => {
    const v = o[k];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !(v >= 0)) throw new CorruptInputError(`json.${k}`, 'a number ≥ 0 or null', v);
    return v;
  };
  if (!needed) return makeCalibrator(false, reason as CalibrationReason, ece('eceBefore'), ece('eceAfter'), null);
  const x = o['x'];
  const y = o['y'];
  if (!Array.isArray(x) || x.length === 0) throw new CorruptInputError('json.x', 'a non-empty array of breakpoints', x);
  if (!Array.isArray(y) || y.length !== x.length) throw new CorruptInputError('json.y', `${x.length} fitted values`, y);
  for (let i = 0; i < x.length; i++) {
    const xi: unknown = x[i];
    const yi: unknown = y[i];
    if (typeof xi !== 'number' || !Number.isFinite(xi) || (i > 0 && !(xi > (x[i - 1] as number)))) {
      throw new CorruptInputError(`json.x[${i}]`, 'finite, strictly increasing breakpoints', xi);
    }
    if (typeof yi !== 'number' || !(yi >= 0 && yi <= 1) || (i > 0 && yi < (y[i - 1] as number))) {
      throw new CorruptInputError(`json.y[${i}]`, 'non-decreasing probabilities in [0, 1]', yi);
    }
  }
  const fit: IsotonicFit = { xThresholds: x as number[], yThresholds: y as number[], outOfBounds: 'clip' };
  return makeCalibrator(true, reason as CalibrationReason, ece('eceBefore'), ece('eceAfter'), fit);
}

function makeCalibrator(needed: boolean, reason: CalibrationReason, eceBefore: number | null, eceAfter: number | null, fit: IsotonicFit | null): Calibrator {
  return {
    needed,
    reason,
    eceBefore,
    eceAfter,
    fit,
    apply(score: number): number {
      if (typeof score !== 'number' || !Number.isFinite(score)) throw new InvalidArgumentError('score', 'a finite number', score);
      return fit === null ? score : predictIsotonic(fit, score);
    },
    toJSON(): CalibratorJSON {
      const out: CalibratorJSON = { type: 'calibrator', version: VERSION, method: 'isotonic', needed, reason, eceBefore, eceAfter };
      if (fit !== null) {
        out.x = fit.xThresholds.slice();
        out.y = fit.yThresholds.slice();
      }
      return out;
    },
  };
}

interface Decision {
  needed: boolean;
  reason: CalibrationReason;
  eceBefore: number | null;
  eceAfter: number | null;
}

/** NannyML `needs_calibration(y_true, y_pred_proba, IsotonicCalibrator(), bin_count, split_count)`. */
export function needsCalibration(scores: Float64Array, labels: Uint8Array, binCount = 10, splitCount = 10): Decision {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  if (positives === 0 || positives === labels.length) return { needed: false, reason: 'one-class', eceBefore: null, eceAfter: null };
  if (rocAucScore(Array.from(labels), scores) > 0.999) return { needed: false, reason: 'separable', eceBefore: null, eceAfter: null };
  const splits = stratifiedShuffleSplit(labels, splitCount, 0.1, 42);
  if (splits === null) return { needed: false, reason: 'too-few-rows', eceBefore: null, eceAfter: null };
  const pooledY: number[] = [];
  const pooledP: number[] = [];
  const pooledC: number[] = [];
  for (const { train, test } of splits) {
    const fit = fitIsotonic(
      Array.from(train, (i) => scores[i] as number),
      Array.from(train, (i) => labels[i] as number),
    );
    for (const i of test) {
      pooledY.push(labels[i] as number);
      pooledP.push(scores[i] as number);
      pooledC.push(predictIsotonic(fit, scores[i] as number));
    }
  }
  const edges = binIndexEdges(pooledP.length, binCount);
  if (edges === null) return { needed: false, reason: 'too-few-rows', eceBefore: null, eceAfter: null };
  const eceBefore = expectedCalibrationError(pooledY, pooledP, edges);
  const eceAfter = expectedCalibrationError(pooledY, pooledC, edges);
  const needed = eceBefore > eceAfter;
  return { needed, reason: needed ? 'improves' : 'no-improvement', eceBefore, eceAfter };
}

/**
 * NannyML `_get_bin_index_edges(n, bin_count)`: bins of width n // bins over the sorted vector, the
 * last one stretched to n; with n ≤ 2·bins, n // 2 bins. Null where NannyML raises (fewer than 2 bins).
 */
export function binIndexEdges(n: number, binCount: number): [number, number][] | null {
  let bins = binCount;
  if (n <= 2 * bins) {
    bins = Math.floor(n / 2);
    if (bins < 2) return null;
  }
  const width = Math.floor(n / bins);
  const edges: number[] = [];
  for (let e = 0; e <= n; e += width) edges.push(e);
  edges[edges.length - 1] = n;
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < edges.length; i++) out.push([edges[i] as number, edges[i + 1] as number]);
  return out;
}

/**
 * NannyML `_calculate_expected_calibration_error`: Σ (|bin|/n)·|mean p − mean y| over the
 * probabilities sorted by NumPy's default argsort (its tie order decides which bin a tied row is in).
 */
export function expectedCalibrationError(y: readonly number[], p: readonly number[], edges: readonly (readonly [number, number])[]): number {
  const order = numpyArgsort(p);
  let ece = 0;
  for (const [lo, hi] of edges) {
    let sp = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sp += p[order[k] as number] as number;
      sy += y[order[k] as number] as number;
    }
    const m = hi - lo;
    ece += (m / p.length) * Math.abs(sp / m - sy / m);
  }
  return ece;
}

/** One split of `StratifiedShuffleSplit`, as row indices. */
export interface TrainTestSplit {
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * scikit-learn 1.2 `StratifiedShuffleSplit(n_splits, test_size, random_state=seed).split(X, y)` for
 * 0/1 labels, drawing from NumPy's legacy `RandomState(seed)` in the same order (class-count
 * rounding ties, per-class permutations, the final train and test shuffles), so the folds are
 * sklearn's. Null where sklearn raises ValueError (too few rows of a class, or in train or test).
 */
export function stratifiedShuffleSplit(labels: Uint8Array, nSplits: number, testSize: number, seed: number): TrainTestSplit[] | null {
  const n = labels.length;
  const nTest = Math.ceil(testSize * n);
  const nTrain = n - nTest;
  if (nTrain <= 0) return null;
  const classIndices: number[][] = [[], []];
  for (let i = 0; i < n; i++) (classIndices[labels[i] as number] as number[]).push(i);
  const present = classIndices.filter((c) => c.length > 0);
  const counts = present.map((c) => c.length);
  if (Math.min(...counts) < 2 || nTrain < counts.length || nTest < counts.length) return null;
  const rng = new NumpyRandomState(seed);
  const out: TrainTestSplit[] = [];
  for (let s = 0; s < nSplits; s++) {
    const nI = approximateMode(counts, nTrain, rng);
    const tI = approximateMode(
      counts.map((c, i) => c - (nI[i] as number)),
      nTest,
      rng,
    );
    const train: number[] = [];
    const test: number[] = [];
    present.forEach((indices, i) => {
      const perm = rng.permutation(indices.length);
      const a = nI[i] as number;
      const b = a + (tI[i] as number);
      for (let k = 0; k < a; k++) train.push(indices[perm[k] as number] as number);
      for (let k = a; k < b; k++) test.push(indices[perm[k] as number] as number);
    });
    out.push({ train: shuffled(train, rng), test: shuffled(test, rng) });
  }
  return out;
}

/** `rng.permutation(list)`: the list shuffled with the same draws as `permutation(len)`. */
function shuffled(v: number[], rng: NumpyRandomState): Uint32Array {
  const perm = rng.permutation(v.length);
  const out = new Uint32Array(v.length);
  for (let k = 0; k < v.length; k++) out[k] = v[perm[k] as number] as number;
  return out;
}

/** sklearn `_approximate_mode`: floor the proportional counts, hand the rest out by remainder, ties by `rng.choice`. */
function approximateMode(classCounts: readonly number[], nDraws: number, rng: NumpyRandomState): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map((c) => Math.floor(c));
  let needToAdd = Math.trunc(nDraws - floored.reduce((a, b) => a + b, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - (floored[i] as number));
    const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, needToAdd);
      // RandomState.choice(inds, addNow, replace=False) is permutation(len(inds))[:addNow].
      const perm = rng.permutation(inds.length);
      for (let k = 0; k < addNow; k++) floored[inds[perm[k] as number] as number]! += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** 0/1 labels (booleans accepted) as bytes. */
export function binaryArray(v: ArrayLike<unknown>, name: string): Uint8Array {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number') throw new InvalidArgumentError(name, 'an array of 0/1 labels', v);
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === 1 || x === true) out[i] = 1;
    else if (x !== 0 && x !== false) throw new InvalidArgumentError(`${name}[${i}]`, '0 or 1', x);
  }
  return out;
}
