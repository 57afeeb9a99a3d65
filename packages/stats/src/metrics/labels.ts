// Class labels for the classification metrics: validation, sklearn's `unique_labels` ordering and
// integer encoding, so the metrics themselves work on Int32Array codes.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';

/** A class label: numbers, strings or booleans (booleans compare equal to 0 and 1, as in NumPy). */
export type Label = number | string | boolean;

/** A label after normalisation: booleans become 0/1 so `true` and `1` are the same class. */
export type NormLabel = number | string;

/** The sorted distinct labels of some arrays, with the kind they all share. */
export interface LabelSet {
  readonly kind: 'number' | 'string';
  readonly classes: NormLabel[];
}

/** Normalises one label, rejecting NaN, infinities, non-integer numbers and other types. */
export function normalizeLabel(v: unknown, name: string): NormLabel {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    // sklearn's type_of_target calls non-integer floats 'continuous' and refuses them.
    if (!Number.isFinite(v) || !Number.isInteger(v)) throw new InvalidArgumentError(name, 'a class label (integer, string or boolean)', v);
    return v === 0 ? 0 : v; // -0 and 0 are the same class
  }
  throw new InvalidArgumentError(name, 'a class label (integer, string or boolean)', v);
}

/** Checks that `y` is a non-empty array of labels and returns the labels normalised. */
export function checkLabels(y: unknown, name: string): NormLabel[] {
  if (y === null || typeof y !== 'object' || typeof (y as { length?: unknown }).length !== 'number') {
    throw new InvalidArgumentError(name, 'an array of class labels', y);
  }
  const arr = y as ArrayLike<unknown>;
  if (arr.length === 0) throw new EmptySampleError(name);
  if (ArrayBuffer.isView(y)) return numericLabels(y as unknown as ArrayLike<number>, name);
  const out = new Array<NormLabel>(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = normalizeLabel(arr[i], `${name}[${i}]`);
  return out;
}

/** Typed arrays hold only numbers: a tight loop without per-element type dispatch. */
function numericLabels(arr: ArrayLike<number>, name: string): number[] {
  const out = new Array<number>(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i] as number;
    if (!Number.isInteger(v)) throw new InvalidArgumentError(`${name}[${i}]`, 'a class label (integer, string or boolean)', v);
    out[i] = v + 0; // -0 + 0 is +0: one class
  }
  return out;
}

function compareLabels(a: NormLabel, b: NormLabel): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * sklearn `unique_labels`: the distinct labels of all arrays, numbers ascending or strings in
 * code-unit order. Mixing strings and numbers is an error, as in sklearn.
 */
export function uniqueLabels(arrays: readonly (readonly NormLabel[])[], names: readonly string[]): LabelSet {
  const seen = new Set<NormLabel>();
  let kind: 'number' | 'string' | undefined;
  let kindFrom = '';
  arrays.forEach((arr, j) => {
    // Labels repeat: remembering the last two distinct ones skips most set lookups.
    let last1: NormLabel | undefined;
    let last2: NormLabel | undefined;
    for (const v of arr) {
      if (v === last1 || v === last2) continue;
      last2 = last1;
      last1 = v;
      if (seen.has(v)) continue;
      const k = typeof v === 'string' ? 'string' : 'number';
      if (kind === undefined) {
        kind = k;
        kindFrom = names[j] ?? 'labels';
      } else if (k !== kind) {
        throw new InvalidArgumentError(
          names[j] ?? 'labels',
          `labels of one type (${kindFrom} holds ${kind}s; sklearn refuses a mix of strings and numbers)`,
          v,
        );
      }
      seen.add(v);
    }
  });
  const classes = Array.from(seen).sort(compareLabels);
  return { kind: kind ?? 'number', classes };
}

/** Maps each label to its index in `classes`, or -1 when it is not one of them. */
export function encodeLabels(y: readonly NormLabel[], classes: readonly NormLabel[]): Int32Array {
  const index = new Map<NormLabel, number>();
  classes.forEach((c, i) => index.set(c, i));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = index.get(y[i] as NormLabel) ?? -1;
  return out;
}

/** Checks that a label option (`posLabel`, an entry of `labels`) has the kind of the data. */
export function checkLabelKind(v: NormLabel, kind: 'number' | 'string', name: string): void {
  if ((typeof v === 'string') !== (kind === 'string')) {
    throw new InvalidArgumentError(name, `a ${kind} label like the data (sklearn refuses a mix of strings and numbers)`, v);
  }
}
