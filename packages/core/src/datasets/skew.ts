// Training–serving skew: each served event against the dataset row it was joined to (as of its
// time), feature by feature. Numbers agree within a relative 1e-9; a value on one side only is a
// mismatch; where neither side has a value there is nothing to compare. Numeric features also get
// the mean and the 95th percentile (NumPy's linear interpolation) of |served − dataset|.

import type { DatasetColumn } from './dataset-column.js';

/** Relative tolerance within which two numbers are the same value. */
export const SKEW_RELATIVE_TOLERANCE = 1e-9;

export interface SkewFeatureInput {
  readonly name: string;
  /** Compared as numbers (else as text: 1, "1" and true/"true" agree). */
  readonly numeric: boolean;
  readonly column: DatasetColumn;
}

export interface SkewFeatureResult {
  name: string;
  compared: number;
  mismatchShare: number;
  meanAbsDiff?: number;
  p95AbsDiff?: number;
}

export interface SkewResult {
  joined: number;
  unmatched: number;
  features: SkewFeatureResult[];
}

/** Equal within `SKEW_RELATIVE_TOLERANCE` of the larger magnitude. */
export function numbersAgree(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= SKEW_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** The `q` quantile of sorted values, NumPy's default (linear) interpolation. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  return typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

class FeatureTally {
  compared = 0;
  mismatches = 0;
  private diffs: Float64Array;
  private n = 0;
  private readonly numbers: Float64Array | null;

  constructor(readonly input: SkewFeatureInput) {
    this.numbers = input.column instanceof Float64Array ? input.column : null;
    this.diffs = new Float64Array(input.numeric ? 1024 : 0);
  }

  private datasetNumber(row: number): number | null {
    if (this.numbers !== null) {
      const v = this.numbers[row]!;
      return Number.isNaN(v) ? null : v;
    }
    const c = this.input.column[row];
    return typeof c === 'number' && !Number.isNaN(c) ? c : null;
  }

  add(served: unknown, row: number): void {
    if (this.input.numeric) {
      const b = this.datasetNumber(row);
      const servedMissing = served === null || served === undefined || (typeof served === 'number' && Number.isNaN(served));
      if (servedMissing && b === null) return;
      this.compared++;
      if (typeof served !== 'number' || servedMissing || b === null) {
        this.mismatches++;
        return;
      }
      if (!numbersAgree(served, b)) this.mismatches++;
      if (this.n === this.diffs.length) {
        const grown = new Float64Array(this.diffs.length * 2);
        grown.set(this.diffs);
        this.diffs = grown;
      }
      this.diffs[this.n++] = Math.abs(served - b);
      return;
    }
    const a = cellText(served);
    const b = cellText(this.input.column[row]);
    if (a === null && b === null) return;
    this.compared++;
    if (a !== b) this.mismatches++;
  }

  result(): SkewFeatureResult {
    const out: SkewFeatureResult = { name: this.input.name, compared: this.compared, mismatchShare: this.compared === 0 ? 0 : this.mismatches / this.compared };
    if (this.input.numeric && this.n > 0) {
      const d = this.diffs.subarray(0, this.n).sort();
      let sum = 0;
      for (let i = 0; i < d.length; i++) sum += d[i]!;
      out.meanAbsDiff = sum / d.length;
      out.p95AbsDiff = sortedQuantile(d, 0.95);
    }
    return out;
  }
}

/** Tallies served events against their joined dataset rows. */
export class SkewAccumulator {
  joined = 0;
  unmatched = 0;
  private readonly tallies: FeatureTally[];

  constructor(features: readonly SkewFeatureInput[]) {
    this.tallies = features.map((f) => new FeatureTally(f));
  }

  /** A served event (its features) joined to dataset row `row`. */
  add(served: Readonly<Record<string, unknown>>, row: number): void {
    this.joined++;
    for (const t of this.tallies) t.add(Object.hasOwn(served, t.input.name) ? served[t.input.name] : undefined, row);
  }

  /** A served event given as values in the order of the features (from `offset` on), joined to dataset row `row`. */
  addValues(values: ArrayLike<unknown>, offset: number, row: number): void {
    this.joined++;
    for (let i = 0; i < this.tallies.length; i++) this.tallies[i]!.add(values[offset + i], row);
  }

  /** A served event with no dataset row for its entity at its time (or no entity at all). */
  addUnmatched(): void {
    this.unmatched++;
  }

  result(): SkewResult {
    return { joined: this.joined, unmatched: this.unmatched, features: this.tallies.map((t) => t.result()) };
  }
}
