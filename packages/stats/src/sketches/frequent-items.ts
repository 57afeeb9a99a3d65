// Frequent items (heavy hitters) with deterministic error bounds: the categorical-column summary that
// feeds top-k reports and chi-square drift, mergeable across replicas.

import { InvalidArgumentError } from '../errors.js';
import { sortInPlace } from '../sort.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';
import { ByteReader, ByteWriter, SKETCH_TYPE, check, jsonNumber, jsonObject } from './byte-codec.js';
import type { FromBytesOptions } from './byte-codec.js';

const VERSION = 1;
const MIN_LG = 3;
const MAX_LG = 26;
/** DataSketches' load factor: the map purges once it tracks more than 0.75·maxMapSize items. */
const LOAD_FACTOR = 0.75;

export type FrequentItemsErrorType = 'noFalsePositives' | 'noFalseNegatives';

export interface FrequentItemsOptions {
  /** log2 of the map size M; whylogs uses 10 (M = 1024, up to 768 tracked items, ε = 3.5/M ≈ 0.34 %). */
  lgMaxMapSize?: number;
}

export interface FrequentItemsQuery {
  /** NO_FALSE_POSITIVES returns items with lowerBound > threshold, NO_FALSE_NEGATIVES those with upperBound > threshold. */
  errorType?: FrequentItemsErrorType;
  /** Weight threshold; raised to `maximumError` when below it (DataSketches' rule). Default `maximumError`. */
  threshold?: number;
}

export interface FrequentItemRow {
  item: string;
  estimate: number;
  lowerBound: number;
  upperBound: number;
}

/** Plain-object form of `FrequentItems` (`toJSON`/`fromJSON`); `items` holds [item, lower-bound count] pairs. */
export interface FrequentItemsJSON {
  type: 'frequent-items';
  version: 1;
  lgMaxMapSize: number;
  streamWeight: number;
  offset: number;
  items: [string, number][];
}

/**
 * Apache DataSketches frequent-items sketch (a Misra–Gries variant; datasketches-cpp `frequent_items_sketch`):
 * counters for up to 0.75·M items; when full, the median counter is subtracted from all, non-positive ones
 * are dropped and the subtracted amount accumulates in `maximumError` (the offset). For every item,
 * lowerBound ≤ true weight ≤ upperBound = lowerBound + offset, and offset ≤ 3.5·W/M (W = total weight),
 * a bound that also holds after merges. Estimates are exact while fewer than 0.75·M distinct items were seen.
 * Items are strings; finite numbers and booleans are tracked by `String(item)`, as whylogs does (NaN and
 * ±∞ throw `InvalidArgumentError`).
 */
export class FrequentItems {
  readonly lgMaxMapSize: number;
  private readonly capacity: number;
  private counts = new Map<string, number>();
  private weight = 0;
  private offsetValue = 0;

  constructor({ lgMaxMapSize = 10 }: FrequentItemsOptions = {}) {
    if (!Number.isInteger(lgMaxMapSize) || lgMaxMapSize < MIN_LG || lgMaxMapSize > MAX_LG) {
      throw new InvalidArgumentError('lgMaxMapSize', `an integer in [${MIN_LG}, ${MAX_LG}]`, lgMaxMapSize);
    }
    this.lgMaxMapSize = lgMaxMapSize;
    this.capacity = Math.floor(LOAD_FACTOR * 2 ** lgMaxMapSize);
  }

  /** Map size M = 2^lgMaxMapSize. */
  get maxMapSize(): number {
    return 2 ** this.lgMaxMapSize;
  }
  /** Total weight W of the stream. */
  get streamWeight(): number {
    return this.weight;
  }
  get isEmpty(): boolean {
    return this.weight === 0;
  }
  /** Number of items currently tracked. */
  get numActiveItems(): number {
    return this.counts.size;
  }
  /** The a-posteriori error bound: the total weight subtracted by purges (DataSketches `get_maximum_error`). */
  get maximumError(): number {
    return this.offsetValue;
  }
  /** The a-priori bound ε = 3.5/M on maximumError/W (DataSketches' epsilon). */
  get epsilon(): number {
    return 3.5 / this.maxMapSize;
  }

  /** Adds `weight` (> 0, finite) occurrences of `item`. */
  update(item: string | number | boolean, weight = 1): this {
    const t = typeof item;
    if ((t !== 'string' && t !== 'number' && t !== 'boolean') || (t === 'number' && !Number.isFinite(item))) {
      throw new InvalidArgumentError('item', 'a string, a finite number or a boolean', item);
    }
    if (!(weight > 0) || weight === Number.POSITIVE_INFINITY) throw new InvalidArgumentError('weight', 'a positive finite number', weight);
    this.weight += weight;
    this.add(String(item), weight);
    return this;
  }

  private add(key: string, weight: number): void {
    const prev = this.counts.get(key);
    this.counts.set(key, prev === undefined ? weight : prev + weight);
    if (prev === undefined && this.counts.size > this.capacity) this.purge();
  }

  /** Subtracts the median counter from all, dropping those that reach zero (DataSketches' purge). */
  private purge(): void {
    const values = new Float64Array(this.counts.size);
    let i = 0;
    for (const c of this.counts.values()) values[i++] = c;
    sortInPlace(values);
    const median = values[values.length >> 1] as number;
    for (const [key, c] of this.counts) {
      if (c <= median) this.counts.delete(key);
      else this.counts.set(key, c - median);
    }
    this.offsetValue += median;
  }

  /** Folds `other` in (DataSketches `merge`): its counters are added and its offset accumulates. */
  merge(other: FrequentItems): this {
    if (!(other instanceof FrequentItems)) throw new InvalidArgumentError('other', 'a FrequentItems sketch', other);
    if (other.weight === 0) return this;
    const entries = [...other.counts];
    for (const [key, c] of entries) this.add(key, c);
    this.offsetValue += other.offsetValue;
    this.weight += other.weight;
    return this;
  }

  /** An independent copy (the same state as `fromBytes(toBytes())`, without the round trip). */
  clone(): FrequentItems {
    const out = new FrequentItems({ lgMaxMapSize: this.lgMaxMapSize });
    out.counts = new Map(this.counts);
    out.weight = this.weight;
    out.offsetValue = this.offsetValue;
    return out;
  }

  /** Estimated weight: the counter plus the offset for a tracked item, 0 for an untracked one. */
  estimate(item: string | number | boolean): number {
    const c = this.counts.get(String(item));
    return c === undefined ? 0 : c + this.offsetValue;
  }

  /** A weight the item's true weight is at least. */
  lowerBound(item: string | number | boolean): number {
    return this.counts.get(String(item)) ?? 0;
  }

  /** A weight the item's true weight is at most. */
  upperBound(item: string | number | boolean): number {
    return (this.counts.get(String(item)) ?? 0) + this.offsetValue;
  }

  /** Tracked items above the threshold under the chosen error type, by estimate descending. */
  frequentItems({ errorType = 'noFalsePositives', threshold }: FrequentItemsQuery = {}): FrequentItemRow[] {
    if (errorType !== 'noFalsePositives' && errorType !== 'noFalseNegatives') {
      throw new InvalidArgumentError('errorType', "one of 'noFalsePositives', 'noFalseNegatives'", errorType);
    }
    if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0)) {
      throw new InvalidArgumentError('threshold', 'a finite non-negative weight', threshold);
    }
    const t = Math.max(threshold ?? 0, this.offsetValue);
    const rows: FrequentItemRow[] = [];
    for (const [item, c] of this.counts) {
      const ub = c + this.offsetValue;
      if (errorType === 'noFalsePositives' ? c > t : ub > t) rows.push({ item, estimate: ub, lowerBound: c, upperBound: ub });
    }
    rows.sort((a, b) => b.estimate - a.estimate || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
    return rows;
  }

  toJSON(): FrequentItemsJSON {
    return {
      type: 'frequent-items',
      version: VERSION,
      lgMaxMapSize: this.lgMaxMapSize,
      streamWeight: this.weight,
      offset: this.offsetValue,
      items: [...this.counts],
    };
  }

  /**
   * Little-endian binary: type 'F', version, lgMaxMapSize (u8), stream weight, offset (f64), item count (u32),
   * then per item its UTF-8 length (u32), bytes and counter (f64), CRC32.
   */
  toBytes(): Uint8Array {
    const w = new ByteWriter(SKETCH_TYPE.frequentItems, VERSION, 32 + 24 * this.counts.size);
    w.u8(this.lgMaxMapSize);
    w.f64(this.weight);
    w.f64(this.offsetValue);
    w.u32(this.counts.size);
    for (const [item, c] of this.counts) {
      const b = encodeUtf8(item);
      w.u32(b.length);
      w.bytes(b);
      w.f64(c);
    }
    return w.finish();
  }

  /** Reads `toBytes` output; throws `CorruptInputError` on anything malformed. */
  static fromBytes(bytes: Uint8Array, { verifyChecksum = true }: FromBytesOptions = {}): FrequentItems {
    const r = new ByteReader(bytes, 'FrequentItems', SKETCH_TYPE.frequentItems, VERSION, verifyChecksum);
    const lg = r.u8();
    const weight = r.f64();
    const offset = r.f64();
    const n = r.u32();
    check(n <= LOAD_FACTOR * 2 ** MAX_LG, 'items', 'a plausible item count', n);
    const items: [string, number][] = [];
    for (let i = 0; i < n; i++) {
      const len = r.u32();
      const raw = r.bytesOf(len);
      const item = decodeUtf8(raw);
      check(item !== null, `items[${i}]`, 'an item in valid UTF-8');
      items.push([item, r.f64()]);
    }
    r.done();
    return FrequentItems.build(lg, weight, offset, items);
  }

  /** Reads `toJSON` output; throws `CorruptInputError` on anything malformed. */
  static fromJSON(obj: unknown): FrequentItems {
    const o = jsonObject(obj, 'FrequentItems', 'frequent-items', VERSION);
    const items = o['items'];
    check(Array.isArray(items), 'json.items', 'an array of [item, count] pairs', items);
    const pairs = items.map((p: unknown, i): [string, number] => {
      check(Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'number', `json.items[${i}]`, 'an [item, count] pair', p);
      return [p[0] as string, p[1] as number];
    });
    return FrequentItems.build(jsonNumber(o, 'lgMaxMapSize'), jsonNumber(o, 'streamWeight'), jsonNumber(o, 'offset'), pairs);
  }

  private static build(lg: number, weight: number, offset: number, items: [string, number][]): FrequentItems {
    check(Number.isInteger(lg) && lg >= MIN_LG && lg <= MAX_LG, 'lgMaxMapSize', `an integer in [${MIN_LG}, ${MAX_LG}]`, lg);
    const s = new FrequentItems({ lgMaxMapSize: lg });
    check(Number.isFinite(weight) && weight >= 0, 'streamWeight', 'a finite non-negative weight', weight);
    check(Number.isFinite(offset) && offset >= 0 && offset <= weight, 'offset', 'a weight in [0, streamWeight]', offset);
    check(items.length <= s.capacity, 'items', `at most ${s.capacity} tracked items`, items.length);
    let tracked = 0;
    for (let i = 0; i < items.length; i++) {
      const [item, c] = items[i] as [string, number];
      check(Number.isFinite(c) && c > 0, `items[${i}]`, 'a positive finite counter', c);
      check(!s.counts.has(item), `items[${i}]`, 'distinct items', item);
      s.counts.set(item, c);
      tracked += c;
    }
    // Counters never exceed the weight that produced them, so together they cannot exceed W.
    check(tracked <= weight * (1 + 1e-12), 'items', `counters adding up to at most streamWeight (${weight})`, tracked);
    check(weight > 0 || (items.length === 0 && offset === 0), 'streamWeight', 'a positive weight when items are tracked', weight);
    s.weight = weight;
    s.offsetValue = offset;
    return s;
  }
}
