// ADWIN (Bifet & Gavaldà 2007, ADWIN2 exponential histogram) with river's current semantics: a check
// every `clock` updates once past the grace period, every cut from the oldest bucket to the newest.

import { CorruptInputError } from '../errors.js';
import { checkOptionKeys, numberOption } from '../options.js';
import { StateReader, encodeNumbers, stateOf } from './detector-state.js';
import type { DetectorState, DriftDetector, DriftUpdate } from './drift-detector.js';
import { checkReal, signal } from './drift-detector.js';

/** Options of {@link Adwin}; names and defaults follow river's `ADWIN`. */
export interface AdwinOptions {
  /** Significance value δ ∈ (0, 1); smaller means fewer, surer detections. Default 0.002. */
  readonly delta?: number;
  /** Check for a change every `clock` updates. Default 32. */
  readonly clock?: number;
  /** Buckets of each size kept before two are merged. Default 5. */
  readonly maxBuckets?: number;
  /** Minimum length of each sub-window at a cut. Default 5. */
  readonly minWindowLength?: number;
  /** No check until the window holds more than this many values. Default 10. */
  readonly gracePeriod?: number;
}

const OPTION_NAMES = ['delta', 'clock', 'maxBuckets', 'minWindowLength', 'gracePeriod'] as const;

// 2^i for every row index a window below 2^53 values can reach.
const POW2 = new Float64Array(64);
for (let i = 0; i < 64; i++) POW2[i] = 2 ** i;

/**
 * ADaptive WINdowing drift detector, river `drift.ADWIN` (current release: Rust/Cython helper with
 * `clock`, `grace_period` and the full bucket scan). Input is any finite number; drift only, no
 * warning. Row i of the histogram holds buckets that each summarise 2^i values.
 */
export class Adwin implements DriftDetector {
  readonly delta: number;
  readonly clock: number;
  readonly maxBuckets: number;
  readonly minWindowLength: number;
  readonly gracePeriod: number;

  private readonly stride: number;
  private rowCapacity = 8;
  private counts = new Int32Array(8);
  private totals: Float64Array;
  private variances: Float64Array;
  private nRows = 1;
  private _total = 0;
  private _variance = 0;
  private _width = 0;
  private tick = 0;
  private _nDetections = 0;
  private drift = false;

  constructor(options: AdwinOptions = {}) {
    const o = checkOptionKeys(options, OPTION_NAMES);
    this.delta = numberOption(o, 'delta', 0.002, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
    this.clock = numberOption(o, 'clock', 32, { min: 1, max: 2 ** 31 - 1, integer: true });
    this.maxBuckets = numberOption(o, 'maxBuckets', 5, { min: 1, max: 1_000_000, integer: true });
    this.minWindowLength = numberOption(o, 'minWindowLength', 5, { min: 1, integer: true });
    this.gracePeriod = numberOption(o, 'gracePeriod', 10, { min: 0, integer: true });
    this.stride = this.maxBuckets + 1;
    this.totals = new Float64Array(this.rowCapacity * this.stride);
    this.variances = new Float64Array(this.rowCapacity * this.stride);
  }

  /** Number of values in the current window (river `width`). */
  get width(): number {
    return this._width;
  }

  /** Sum of the values in the window (river `total`). */
  get total(): number {
    return this._total;
  }

  /** Sum of squared deviations from the window mean, not divided by the width (river `variance`). */
  get variance(): number {
    return this._variance;
  }

  /** Mean of the window, 0 when empty (river `estimation`). */
  get estimation(): number {
    return this._width === 0 ? 0 : this._total / this._width;
  }

  /**
   * Changes found by the current window helper (river `n_detections`). As in river, it lives in the
   * helper that a drift replaces on the next update, so it reads 1 right after a drift and 0 again
   * after the following update.
   */
  get nDetections(): number {
    return this._nDetections;
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return false;
  }

  update(x: number): DriftUpdate {
    const value = checkReal(x);
    if (this.drift) this.reset();
    this.insert(value);
    this.drift = this.detectChange();
    return signal(this.drift, false);
  }

  private reset(): void {
    this.counts.fill(0);
    this.nRows = 1;
    this._total = 0;
    this._variance = 0;
    this._width = 0;
    this.tick = 0;
    this._nDetections = 0;
    this.drift = false;
  }

  private insert(value: number): void {
    const c0 = this.counts[0] as number;
    this.totals[c0] = value;
    this.variances[c0] = 0;
    this.counts[0] = c0 + 1;
    this._width += 1;
    if (this._width > 1) {
      const w = this._width;
      const d = value - this._total / (w - 1);
      this._variance += ((w - 1) * d * d) / w;
    }
    this._total += value;
    this.compress();
  }

  private growRows(): void {
    const cap = this.rowCapacity * 2;
    const counts = new Int32Array(cap);
    counts.set(this.counts);
    const totals = new Float64Array(cap * this.stride);
    totals.set(this.totals);
    const variances = new Float64Array(cap * this.stride);
    variances.set(this.variances);
    this.counts = counts;
    this.totals = totals;
    this.variances = variances;
    this.rowCapacity = cap;
  }

  /** Drops the `k` oldest buckets of row `row` (k ≤ its count). */
  private shiftRow(row: number, k: number): void {
    const base = row * this.stride;
    const remaining = (this.counts[row] as number) - k;
    const totals = this.totals;
    const variances = this.variances;
    for (let i = 0; i < remaining; i++) {
      totals[base + i] = totals[base + i + k] as number;
      variances[base + i] = variances[base + i + k] as number;
    }
    this.counts[row] = remaining;
  }

  // Merges the two oldest buckets of a full row into the next row, cascading upwards.
  private compress(): void {
    const stride = this.stride;
    const full = this.maxBuckets + 1;
    for (let idx = 0; (this.counts[idx] as number) === full; idx++) {
      if (idx + 1 >= this.nRows) {
        if (idx + 1 >= this.rowCapacity) this.growRows();
        this.counts[idx + 1] = 0;
        this.nRows = idx + 2;
      }
      const base = idx * stride;
      const n1 = POW2[idx] as number;
      const t0 = this.totals[base] as number;
      const t1 = this.totals[base + 1] as number;
      const mu1 = t0 / n1;
      const mu2 = t1 / n1;
      const v12 = (this.variances[base] as number) + (this.variances[base + 1] as number) + n1 * 0.5 * (mu1 - mu2) * (mu1 - mu2);
      const next = (idx + 1) * stride + (this.counts[idx + 1] as number);
      this.totals[next] = t0 + t1;
      this.variances[next] = v12;
      this.counts[idx + 1] = (this.counts[idx + 1] as number) + 1;
      this.shiftRow(idx, 2);
      if ((this.counts[idx + 1] as number) <= this.maxBuckets) break;
    }
  }

  // Removes the oldest bucket (the first of the last row) from the window.
  private deleteOldest(): void {
    const last = this.nRows - 1;
    const n = POW2[last] as number;
    const u = this.totals[last * this.stride] as number;
    const v = this.variances[last * this.stride] as number;
    const mu = u / n;
    this._width -= n;
    this._total -= u;
    const muWindow = this._total / this._width;
    this._variance -= v + (n * this._width * (mu - muWindow) * (mu - muWindow)) / (n + this._width);
    this.shiftRow(last, 1);
    if (this.counts[last] === 0 && last > 0) this.nRows = last;
  }

  private detectChange(): boolean {
    let change = false;
    this.tick += 1;
    if (this.tick % this.clock === 0 && this._width > this.gracePeriod) {
      const mwl = this.minWindowLength;
      const stride = this.stride;
      let reduce = true;
      while (reduce) {
        reduce = false;
        let n0 = 0;
        let n1 = this._width;
        let u0 = 0;
        let u1 = this._total;
        // Width and variance only change when a bucket is dropped, which ends this pass.
        const deltaPrime = Math.log((2 * Math.log(this._width)) / this.delta);
        const varianceInWindow = this._variance / this._width;
        scan: for (let idx = this.nRows - 1; idx >= 0; idx--) {
          const size = POW2[idx] as number;
          const count = this.counts[idx] as number;
          const base = idx * stride;
          for (let k = 0; k < count; k++) {
            const t = this.totals[base + k] as number;
            n0 += size;
            n1 -= size;
            u0 += t;
            u1 -= t;
            if (idx === 0 && k === count - 1) break scan;
            if (n1 >= mwl && n0 >= mwl) {
              const mRecip = 1 / (n0 - mwl + 1) + 1 / (n1 - mwl + 1);
              const epsilon = Math.sqrt(2 * mRecip * varianceInWindow * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
              if (Math.abs(u0 / n0 - u1 / n1) > epsilon) {
                reduce = true;
                change = true;
                if (this._width > 0) {
                  this.deleteOldest();
                  break scan;
                }
              }
            }
          }
        }
      }
    }
    if (change) this._nDetections += 1;
    return change;
  }

  toJSON(): DetectorState {
    const rowCounts: number[] = [];
    const totals: number[] = [];
    const variances: number[] = [];
    for (let r = 0; r < this.nRows; r++) {
      const c = this.counts[r] as number;
      rowCounts.push(c);
      for (let k = 0; k < c; k++) {
        totals.push(this.totals[r * this.stride + k] as number);
        variances.push(this.variances[r * this.stride + k] as number);
      }
    }
    return stateOf(
      'adwin',
      { delta: this.delta, clock: this.clock, maxBuckets: this.maxBuckets, minWindowLength: this.minWindowLength, gracePeriod: this.gracePeriod },
      {
        driftDetected: this.drift,
        total: this._total,
        variance: this._variance,
        width: this._width,
        tick: this.tick,
        nDetections: this._nDetections,
        rowCounts,
        bucketTotals: encodeNumbers(totals),
        bucketVariances: encodeNumbers(variances),
      },
    );
  }

  /** Restores a detector saved with `toJSON`; throws CorruptInputError on a malformed state. */
  static fromJSON(state: unknown): Adwin {
    const r = new StateReader(state, 'adwin');
    const d = r.construct((o) => new Adwin(o as AdwinOptions));
    const rowCounts = r.numbers('rowCounts');
    const totals = r.numbers('bucketTotals');
    const variances = r.numbers('bucketVariances');
    if (rowCounts.length < 1 || rowCounts.length > 60) throw new CorruptInputError('state.rowCounts', 'between 1 and 60 rows', rowCounts);
    let n = 0;
    let width = 0;
    for (let i = 0; i < rowCounts.length; i++) {
      const c = rowCounts[i] as number;
      if (!Number.isInteger(c) || c < 0 || c > d.maxBuckets || (i > 0 && c === 0 && i === rowCounts.length - 1)) {
        throw new CorruptInputError(`state.rowCounts[${i}]`, `an integer in [${i > 0 ? 1 : 0}, ${d.maxBuckets}]`, c);
      }
      n += c;
      width += c * (POW2[i] as number);
    }
    if (totals.length !== n) throw new CorruptInputError('state.bucketTotals', `${n} bucket totals`, totals);
    if (variances.length !== n) throw new CorruptInputError('state.bucketVariances', `${n} bucket variances`, variances);
    d._width = r.finite('width');
    if (d._width !== width) throw new CorruptInputError('state.width', `the number of values in the buckets (${width})`, d._width);
    d._total = r.finite('total');
    d._variance = r.finite('variance');
    d.tick = r.integer('tick');
    d._nDetections = r.integer('nDetections');
    d.drift = r.boolean('driftDetected');
    while (d.rowCapacity < rowCounts.length) d.growRows();
    d.nRows = rowCounts.length;
    let j = 0;
    for (let i = 0; i < rowCounts.length; i++) {
      const c = rowCounts[i] as number;
      d.counts[i] = c;
      for (let k = 0; k < c; k++, j++) {
        d.totals[i * d.stride + k] = totals[j] as number;
        d.variances[i * d.stride + k] = variances[j] as number;
      }
    }
    return d;
  }
}
