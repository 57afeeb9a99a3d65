// DDSketch (Masson, Rim, Lee, VLDB 2019): relative-error quantiles for latency-like data, with exact
// bucket-wise merges; count, sum, min and max are kept exactly beside the buckets.

import { InvalidArgumentError } from '../errors.js';
import { ByteReader, ByteWriter, SKETCH_TYPE, check, jsonNumber, jsonObject } from './byte-codec.js';
import type { FromBytesOptions } from './byte-codec.js';

const VERSION = 1;
const INITIAL_BINS = 64;

export interface DDSketchOptions {
  /** Relative accuracy α in (0, 1): every quantile is within α·|true value| (default 0.01). */
  relativeAccuracy?: number;
  /**
   * Bins kept per store; past it the lowest-magnitude bins collapse into one (Datadog's
   * `LogCollapsingLowestDenseDDSketch`, default 2048). `Infinity` keeps every bin.
   */
  maxNumBins?: number;
}

/** One side (positive or negative magnitudes) of the sketch: counts of a contiguous index range. */
interface StoreJSON {
  offset: number;
  counts: number[];
}

/** Plain-object form of `DDSketch` (`toJSON`/`fromJSON`); min and max are null while empty. */
export interface DDSketchJSON {
  type: 'ddsketch';
  version: 1;
  relativeAccuracy: number;
  maxNumBins: number | null;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  zeroCount: number;
  positive: StoreJSON;
  negative: StoreJSON;
}

/** Dense bin counts over [minKey, maxKey], collapsing the lowest keys past `maxBins`. */
class DenseStore {
  counts = new Float64Array(0);
  /** Key of counts[0]. */
  offset = 0;
  minKey = 0;
  maxKey = -1;
  total = 0;

  constructor(readonly maxBins: number) {}

  get isEmpty(): boolean {
    return this.maxKey < this.minKey;
  }

  add(key: number, w: number): void {
    if (this.isEmpty) {
      if (this.counts.length === 0) this.counts = new Float64Array(Math.min(INITIAL_BINS, this.maxBins));
      this.offset = key - (this.counts.length >> 1);
      this.minKey = key;
      this.maxKey = key;
    } else if (key < this.minKey || key > this.maxKey) {
      key = this.extend(key);
    }
    this.counts[key - this.offset] = (this.counts[key - this.offset] as number) + w;
    this.total += w;
  }

  /** Widens the key range to include `key`, collapsing if needed; returns the key to count it under. */
  private extend(key: number): number {
    let lo = Math.min(this.minKey, key);
    const hi = Math.max(this.maxKey, key);
    if (hi - lo + 1 > this.maxBins) lo = hi - this.maxBins + 1;
    const inside = lo >= this.offset && hi < this.offset + this.counts.length;
    if (!inside || lo > this.minKey) {
      const span = hi - lo + 1;
      const cap = Math.min(this.maxBins, Math.max(this.counts.length, 2 * span, INITIAL_BINS));
      const next = new Float64Array(cap);
      const newOffset = Math.max(hi - cap + 1, Math.min(lo, lo - ((cap - span) >> 1)));
      for (let k = this.minKey; k <= this.maxKey; k++) {
        const c = this.counts[k - this.offset] as number;
        if (c === 0) continue;
        const target = k < lo ? lo : k;
        next[target - newOffset] = (next[target - newOffset] as number) + c;
      }
      this.counts = next;
      this.offset = newOffset;
    }
    this.minKey = Math.max(lo, Math.min(this.minKey, key));
    this.maxKey = hi;
    return key < lo ? lo : key;
  }

  /** Key of the bin holding the item of 0-based `rank` (Datadog's `key_at_rank`). */
  keyAtRank(rank: number, lower: boolean): number {
    let running = 0;
    for (let k = this.minKey; k <= this.maxKey; k++) {
      running += this.counts[k - this.offset] as number;
      if (lower ? running > rank : running >= rank + 1) return k;
    }
    return this.maxKey;
  }

  mergeFrom(o: DenseStore): void {
    if (o.isEmpty) return;
    // Add the other's extremes first so this store's range (and any collapse) is settled once.
    for (let k = o.maxKey; k >= o.minKey; k--) {
      const c = o.counts[k - o.offset] as number;
      if (c !== 0) this.add(k, c);
    }
  }

  toJSON(): StoreJSON {
    if (this.isEmpty) return { offset: 0, counts: [] };
    return { offset: this.minKey, counts: Array.from(this.counts.subarray(this.minKey - this.offset, this.maxKey - this.offset + 1)) };
  }

  static restore(maxBins: number, offset: number, counts: Float64Array, field: string): DenseStore {
    const s = new DenseStore(maxBins);
    check(counts.length <= maxBins, `${field}.counts`, `at most maxNumBins = ${maxBins} bins`, counts.length);
    check(Number.isSafeInteger(offset) && Math.abs(offset) < 2 ** 31, `${field}.offset`, 'a 32-bit bin key', offset);
    if (counts.length === 0) return s;
    check((counts[0] as number) > 0 && (counts[counts.length - 1] as number) > 0, `${field}.counts`, 'positive counts at both ends of the range');
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i] as number;
      check(Number.isFinite(c) && c >= 0, `${field}.counts[${i}]`, 'a finite non-negative count', c);
      total += c;
    }
    s.counts = counts.slice();
    s.offset = offset;
    s.minKey = offset;
    s.maxKey = offset + counts.length - 1;
    s.total = total;
    return s;
  }
}

/**
 * DDSketch with the logarithmic index mapping (γ = (1+α)/(1−α), key ⌈log_γ |x|⌉, value 2γ^key/(γ+1)),
 * separate positive and negative stores and a zero count, as Datadog's sketches (py/js `DDSketch`,
 * `LogCollapsingLowestDenseDDSketch`). `quantile` follows their rank rule q·(count − 1), is clamped
 * to the exact [min, max] and returns them exactly at q = 0 and 1; it is within α relative error of the
 * exact lower quantile x₍⌊q(n−1)⌋₎ unless that value's bin was collapsed. `update` throws
 * `InvalidArgumentError` on NaN or ±∞ and on a non-positive weight.
 */
export class DDSketch {
  readonly relativeAccuracy: number;
  readonly maxNumBins: number;
  private readonly gamma: number;
  private readonly multiplier: number;
  private positive: DenseStore;
  private negative: DenseStore;
  private zeros = 0;
  private total = 0;
  private weightSum = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  constructor({ relativeAccuracy = 0.01, maxNumBins = 2048 }: DDSketchOptions = {}) {
    if (typeof relativeAccuracy !== 'number' || !(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new InvalidArgumentError('relativeAccuracy', 'a number in (0, 1)', relativeAccuracy);
    }
    if (maxNumBins !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxNumBins) || maxNumBins < 1 || maxNumBins > 2 ** 31)) {
      throw new InvalidArgumentError('maxNumBins', 'a positive integer or Infinity', maxNumBins);
    }
    this.relativeAccuracy = relativeAccuracy;
    this.maxNumBins = maxNumBins;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.multiplier = 1 / Math.log(this.gamma);
    this.positive = new DenseStore(maxNumBins);
    this.negative = new DenseStore(maxNumBins);
  }

  /** Total weight added (the number of values with unit weights). */
  get count(): number {
    return this.total;
  }
  /** Weighted sum of the values. */
  get sum(): number {
    return this.weightSum;
  }
  /** Exact smallest value; NaN while empty. */
  get min(): number {
    return this.total === 0 ? Number.NaN : this.lo;
  }
  /** Exact largest value; NaN while empty. */
  get max(): number {
    return this.total === 0 ? Number.NaN : this.hi;
  }
  /** Weighted mean sum/count; NaN while empty. */
  get mean(): number {
    return this.total === 0 ? Number.NaN : this.weightSum / this.total;
  }
  get isEmpty(): boolean {
    return this.total === 0;
  }
  /** Weight of exact zeros. */
  get zeroCount(): number {
    return this.zeros;
  }

  private key(abs: number): number {
    return Math.ceil(Math.log(abs) * this.multiplier);
  }

  private value(key: number): number {
    return (2 * this.gamma ** key) / (this.gamma + 1);
  }

  /** Adds `x` with weight `weight` (> 0, finite). */
  update(x: number, weight = 1): this {
    if (x - x !== 0) throw new InvalidArgumentError('x', 'a finite number', x);
    if (!(weight > 0) || weight === Number.POSITIVE_INFINITY) throw new InvalidArgumentError('weight', 'a positive finite number', weight);
    if (x > 0) this.positive.add(this.key(x), weight);
    else if (x < 0) this.negative.add(this.key(-x), weight);
    else this.zeros += weight;
    this.total += weight;
    this.weightSum += x * weight;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    return this;
  }

  /** Adds every value of `values` with unit weight. */
  updateAll(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.update(values[i] as number);
    return this;
  }

  /** Adds `other`'s buckets to this sketch's (exact); both must have the same relative accuracy. */
  merge(other: DDSketch): this {
    if (!(other instanceof DDSketch)) throw new InvalidArgumentError('other', 'a DDSketch', other);
    if (other.gamma !== this.gamma) {
      throw new InvalidArgumentError('other.relativeAccuracy', `the same relative accuracy as this sketch (${this.relativeAccuracy})`, other.relativeAccuracy);
    }
    if (other.total === 0) return this;
    this.positive.mergeFrom(other.positive);
    this.negative.mergeFrom(other.negative);
    this.zeros += other.zeros;
    this.total += other.total;
    this.weightSum += other.weightSum;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    return this;
  }

  /** Approximate quantile at q ∈ [0, 1]; NaN while empty. */
  quantile(q: number): number {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new InvalidArgumentError('q', 'a quantile in [0, 1]', q);
    if (this.total === 0) return Number.NaN;
    // The extremes are kept exactly, so they need no bucket (and survive a collapse of the lowest bins).
    if (q === 0) return this.lo;
    if (q === 1) return this.hi;
    const rank = q * (this.total - 1);
    const neg = this.negative.total;
    let v: number;
    if (rank < neg) {
      v = -this.value(this.negative.keyAtRank(neg - 1 - rank, false));
    } else if (rank < this.zeros + neg) {
      v = 0;
    } else {
      v = this.value(this.positive.keyAtRank(rank - this.zeros - neg, true));
    }
    return v < this.lo ? this.lo : v > this.hi ? this.hi : v;
  }

  /** `quantile` at each of `qs`. */
  quantiles(qs: ArrayLike<number>): Float64Array {
    const out = new Float64Array(qs.length);
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i] as number;
      if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new InvalidArgumentError(`qs[${i}]`, 'a quantile in [0, 1]', q);
      out[i] = this.quantile(q);
    }
    return out;
  }

  toJSON(): DDSketchJSON {
    const empty = this.total === 0;
    return {
      type: 'ddsketch',
      version: VERSION,
      relativeAccuracy: this.relativeAccuracy,
      maxNumBins: this.maxNumBins === Number.POSITIVE_INFINITY ? null : this.maxNumBins,
      count: this.total,
      sum: this.weightSum,
      min: empty ? null : this.lo,
      max: empty ? null : this.hi,
      zeroCount: this.zeros,
      positive: this.positive.toJSON(),
      negative: this.negative.toJSON(),
    };
  }

  /**
   * Little-endian binary: type 'D', version, α (f64), maxNumBins (u32, 0 = unbounded), count, sum, min,
   * max, zeroCount (f64), then per store (positive, negative) first key (i32), bin count (u32), counts (f64), CRC32.
   */
  toBytes(): Uint8Array {
    const j = this.toJSON();
    const w = new ByteWriter(SKETCH_TYPE.ddSketch, VERSION, 80 + 8 * (j.positive.counts.length + j.negative.counts.length));
    w.f64(this.relativeAccuracy);
    w.u32(this.maxNumBins === Number.POSITIVE_INFINITY ? 0 : this.maxNumBins);
    w.f64(this.total);
    w.f64(this.weightSum);
    w.f64(this.lo);
    w.f64(this.hi);
    w.f64(this.zeros);
    for (const s of [j.positive, j.negative]) {
      w.i32(s.offset);
      w.u32(s.counts.length);
      w.f64Array(s.counts);
    }
    return w.finish();
  }

  /** Reads `toBytes` output; throws `CorruptInputError` on anything malformed. */
  static fromBytes(bytes: Uint8Array, { verifyChecksum = true }: FromBytesOptions = {}): DDSketch {
    const r = new ByteReader(bytes, 'DDSketch', SKETCH_TYPE.ddSketch, VERSION, verifyChecksum);
    const alpha = r.f64();
    const maxBins = r.u32();
    const fields = [r.f64(), r.f64(), r.f64(), r.f64(), r.f64()] as const;
    const stores: [number, Float64Array][] = [];
    for (let i = 0; i < 2; i++) {
      const offset = r.i32();
      const len = r.u32();
      stores.push([offset, r.f64Array(len)]);
    }
    r.done();
    return DDSketch.build(
      alpha,
      maxBins === 0 ? Number.POSITIVE_INFINITY : maxBins,
      ...fields,
      stores[0] as [number, Float64Array],
      stores[1] as [number, Float64Array],
    );
  }

  /** Reads `toJSON` output; throws `CorruptInputError` on anything malformed. */
  static fromJSON(obj: unknown): DDSketch {
    const o = jsonObject(obj, 'DDSketch', 'ddsketch', VERSION);
    const count = jsonNumber(o, 'count');
    const empty = count === 0;
    check(empty ? o['min'] === null : typeof o['min'] === 'number', 'json.min', empty ? 'null for an empty sketch' : 'a number', o['min']);
    check(empty ? o['max'] === null : typeof o['max'] === 'number', 'json.max', empty ? 'null for an empty sketch' : 'a number', o['max']);
    const mb = o['maxNumBins'];
    check(mb === null || typeof mb === 'number', 'json.maxNumBins', 'a number or null', mb);
    const store = (key: string): [number, Float64Array] => {
      const s = o[key];
      check(s !== null && typeof s === 'object', `json.${key}`, 'a store object', s);
      const so = s as Record<string, unknown>;
      const counts = so['counts'];
      check(Array.isArray(counts), `json.${key}.counts`, 'an array of counts', counts);
      const c = Float64Array.from(counts as unknown[], (v, i) => {
        check(typeof v === 'number' && Number.isFinite(v), `json.${key}.counts[${i}]`, 'a finite count', v);
        return v;
      });
      return [jsonNumber(so, 'offset'), c];
    };
    return DDSketch.build(
      jsonNumber(o, 'relativeAccuracy'),
      mb === null ? Number.POSITIVE_INFINITY : mb,
      count,
      jsonNumber(o, 'sum'),
      empty ? Number.POSITIVE_INFINITY : jsonNumber(o, 'min'),
      empty ? Number.NEGATIVE_INFINITY : jsonNumber(o, 'max'),
      jsonNumber(o, 'zeroCount'),
      store('positive'),
      store('negative'),
    );
  }

  private static build(
    alpha: number,
    maxBins: number,
    count: number,
    sum: number,
    min: number,
    max: number,
    zeros: number,
    pos: [number, Float64Array],
    neg: [number, Float64Array],
  ): DDSketch {
    check(alpha > 0 && alpha < 1, 'relativeAccuracy', 'a number in (0, 1)', alpha);
    check(maxBins === Number.POSITIVE_INFINITY || (Number.isInteger(maxBins) && maxBins >= 1), 'maxNumBins', 'a positive integer', maxBins);
    check(Number.isFinite(count) && count >= 0, 'count', 'a finite non-negative weight', count);
    check(Number.isFinite(sum), 'sum', 'a finite sum', sum);
    check(Number.isFinite(zeros) && zeros >= 0, 'zeroCount', 'a finite non-negative weight', zeros);
    const s = new DDSketch({ relativeAccuracy: alpha, maxNumBins: maxBins });
    s.positive = DenseStore.restore(maxBins, pos[0], pos[1], 'positive');
    s.negative = DenseStore.restore(maxBins, neg[0], neg[1], 'negative');
    const stored = s.positive.total + s.negative.total + zeros;
    check(Math.abs(stored - count) <= 1e-9 * count, 'count', `the total of the bins and zeroCount (${stored})`, count);
    if (count === 0) {
      check(min === Number.POSITIVE_INFINITY && max === Number.NEGATIVE_INFINITY && sum === 0, 'min', 'no bounds and a zero sum for an empty sketch');
    } else {
      check(Number.isFinite(min) && Number.isFinite(max) && min <= max, 'min', 'finite bounds with min ≤ max', min);
      check(s.negative.total > 0 === min < 0 && s.positive.total > 0 === max > 0, 'min', 'bounds whose signs match the non-empty stores', min);
    }
    s.total = count;
    s.weightSum = sum;
    s.lo = min;
    s.hi = max;
    s.zeros = zeros;
    return s;
  }
}
