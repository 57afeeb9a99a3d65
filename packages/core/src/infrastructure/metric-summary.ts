// The per-bucket summary of one host metric (one label set): count, sum, min, max, the last value
// and its time, and a KLL quantile sketch. Buckets merge into steps and windows without the raw
// samples, as model profiles do.

import { KllSketch } from '@vigil/stats';
import type { HostSeriesStat } from '@vigil/wire';

/** KLL accuracy of host buckets: a 15 s agent fills a 5-minute bucket with 20 values, which k = 64 keeps exactly. */
export const HOST_SKETCH_K = 64;

export interface MetricSummaryFields {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly last: number;
  /** Epoch ms of `last`. */
  readonly lastAt: number;
  readonly sketch: Uint8Array;
}

export class MetricSummary {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  last = Number.NaN;
  lastAt = Number.NEGATIVE_INFINITY;

  constructor(readonly sketch: KllSketch = new KllSketch({ k: HOST_SKETCH_K })) {}

  static fromFields(f: MetricSummaryFields): MetricSummary {
    const s = new MetricSummary(KllSketch.fromBytes(f.sketch));
    s.count = f.count;
    s.sum = f.sum;
    s.min = f.min;
    s.max = f.max;
    s.last = f.last;
    s.lastAt = f.lastAt;
    return s;
  }

  toFields(): MetricSummaryFields {
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, last: this.last, lastAt: this.lastAt, sketch: this.sketch.toBytes() };
  }

  /** Adds one finite value read at `at`. */
  add(value: number, at: number): this {
    if (!Number.isFinite(value)) return this;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    // The later reading is the last; at the same time, the one added later.
    if (at >= this.lastAt) {
      this.last = value;
      this.lastAt = at;
    }
    this.sketch.update(value);
    return this;
  }

  merge(other: MetricSummary): this {
    if (other.count === 0) return this;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    if (other.lastAt >= this.lastAt) {
      this.last = other.last;
      this.lastAt = other.lastAt;
    }
    this.sketch.merge(other.sketch);
    return this;
  }

  /** One number of the summary; null while empty. Quantiles come from the sketch (exact below k values). */
  value(stat: HostSeriesStat | 'mean' | 'min' | 'max' | 'last'): number | null {
    if (this.count === 0) return null;
    switch (stat) {
      case 'mean':
        return this.sum / this.count;
      case 'min':
        return this.min;
      case 'max':
        return this.max;
      case 'last':
        return this.last;
      case 'sum':
        return this.sum;
      case 'count':
        return this.count;
      case 'p50':
        return this.sketch.quantile(0.5);
      case 'p90':
        return this.sketch.quantile(0.9);
      case 'p95':
        return this.sketch.quantile(0.95);
      case 'p99':
        return this.sketch.quantile(0.99);
    }
  }
}
