// Input checks shared by the score-based metrics: finite score vectors and matrices, and
// sklearn's rule for which class is positive when `posLabel` is not given.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';
import { checkProbabilities, sampleValues } from '../sample.js';
import type { Label, LabelSet, NormLabel } from './labels.js';
import { checkLabelKind, normalizeLabel } from './labels.js';

/** Copies scores into a Float64Array, refusing NaN and infinities (sklearn's `assert_all_finite`). */
export function checkScores(x: unknown, name: string, { probability = false } = {}): Float64Array {
  return probability ? checkProbabilities(x as NumericArray, name) : sampleValues(x as NumericArray, name, { finite: true });
}

/** A row-major score matrix: `rows` samples by `cols` classes. */
export interface ScoreMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Checks a rectangular matrix of finite numbers (rows = samples). */
export function checkScoreMatrix(x: unknown, name: string, { probability = false } = {}): ScoreMatrix {
  if (!Array.isArray(x)) throw new InvalidArgumentError(name, 'an array of rows of numbers', x);
  if (x.length === 0) throw new EmptySampleError(name);
  const first: unknown = x[0];
  if (first === null || typeof first !== 'object' || typeof (first as { length?: unknown }).length !== 'number') {
    throw new InvalidArgumentError(`${name}[0]`, 'a row of numbers', first);
  }
  const cols = (first as ArrayLike<unknown>).length;
  if (cols === 0) throw new EmptySampleError(`${name}[0]`);
  const data = new Float64Array(x.length * cols);
  for (let i = 0; i < x.length; i++) {
    const row: unknown = x[i];
    if (row === null || typeof row !== 'object' || (row as ArrayLike<unknown>).length !== cols) {
      throw new InvalidArgumentError(`${name}[${i}]`, `a row of ${cols} numbers`, row);
    }
    for (let j = 0; j < cols; j++) {
      const v = (row as ArrayLike<unknown>)[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`${name}[${i}][${j}]`, 'a finite number', v);
      if (probability && (v < 0 || v > 1)) throw new InvalidArgumentError(`${name}[${i}][${j}]`, 'a probability in [0, 1]', v);
      data[i * cols + j] = v;
    }
  }
  return { data, rows: x.length, cols };
}

/**
 * sklearn `_check_pos_label_consistency`: without `posLabel`, the classes must be {0, 1},
 * {-1, 1} or a single one of 0, -1, 1 (then 1 is positive); string classes need `posLabel`.
 */
export function resolvePosLabel(present: LabelSet, posLabel: Label | undefined): NormLabel {
  if (posLabel !== undefined) {
    const p = normalizeLabel(posLabel, 'posLabel');
    checkLabelKind(p, present.kind, 'posLabel');
    return p;
  }
  const c = present.classes;
  const ok =
    present.kind === 'number' &&
    ((c.length === 2 && (c[0] === 0 || c[0] === -1) && c[1] === 1) || (c.length === 1 && (c[0] === 0 || c[0] === -1 || c[0] === 1)));
  if (!ok) {
    throw new InvalidArgumentError('posLabel', `a positive label: yTrue takes values ${JSON.stringify(c)}, not {0, 1} or {-1, 1}`);
  }
  return 1;
}
