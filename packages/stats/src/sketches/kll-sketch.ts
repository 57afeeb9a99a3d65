// KLL quantile sketch (Karnin–Lang–Liberty 2016) with Apache DataSketches' compaction rules: the
// mergeable, data-independent rank-error summary behind profile quantiles, CDF/PMF and sketch drift.

import { InvalidArgumentError } from '../errors.js';
import { lowerBound, upperBound } from '../numeric/search-sorted.js';
import { createRng } from '../random.js';
import type { Rng } from '../random.js';
import { sortInPlace } from '../sort.js';
import { ByteReader, ByteWriter, SKETCH_TYPE, check, jsonNumber, jsonNumbers, jsonObject } from './byte-codec.js';
import type { FromBytesOptions } from './byte-codec.js';

const VERSION = 1;
const M = 8;
const MIN_K = 8;
const MAX_K = 65535;
/** DataSketches' bound on levels: 1 + floor(log2 n) < 61 for any n below 2^53. */
const MAX_LEVELS = 61;

export interface KllSketchOptions {
  /** Accuracy parameter k in [8, 65535]; whylogs uses 1024 (single-sided rank error ≈ 0.27 %). */
  k?: number;
  /** Seed of the generator that picks compaction offsets; the same seed and input give the same sketch. */
  seed?: number;
}

export interface KllRankOptions {
  /** Count values equal to the query as below it (DataSketches INCLUSIVE, the default). */
  inclusive?: boolean;
}

/** Plain-object form of `KllSketch` (`toJSON`/`fromJSON`). Levels list their items, level 0 first. */
export interface KllSketchJSON {
  type: 'kll';
  version: 1;
  k: number;
  minK: number;
  seed: number;
  n: number;
  min: number | null;
  max: number | null;
  levels: number[][];
}

/** 3^i for i ≤ 30, exact in float64. */
const POW3 = /* @__PURE__ */ Array.from({ length: 31 }, (_, i) => 3 ** i);

/** DataSketches `int_cap_aux`: round(k·(2/3)^depth), split in halves past depth 30 to stay exact. */
function intCapAux(k: number, depth: number): number {
  if (depth <= 30) {
    const twoK = 2 * k * 2 ** depth;
    return Math.floor((Math.floor(twoK / (POW3[depth] as number)) + 1) / 2);
  }
  const half = Math.floor(depth / 2);
  return intCapAux(intCapAux(k, half), depth - half);
}

/** Capacity of the level at `height` in a sketch of `numLevels` levels (DataSketches `level_capacity`). */
function levelCapacity(k: number, numLevels: number, height: number): number {
  return Math.max(M, intCapAux(k, numLevels - height - 1));
}

function totalCapacity(k: number, numLevels: number): number {
  let total = 0;
  for (let h = 0; h < numLevels; h++) total += levelCapacity(k, numLevels, h);
  return total;
}

const NO_CAPS = new Uint32Array(0);
const NO_ITEMS = new Float64Array(0);
/** Set while `restore` constructs a sketch whose buffer it provides itself. */
let bare = false;
/** Level capacities by k and level count: read-only tables shared by every sketch. */
const capacityTables = new Map<number, Uint32Array>();

function capacityTable(k: number, numLevels: number): Uint32Array {
  const key = k * (MAX_LEVELS + 1) + numLevels;
  let table = capacityTables.get(key);
  if (table === undefined) {
    table = new Uint32Array(numLevels);
    for (let h = 0; h < numLevels; h++) table[h] = levelCapacity(k, numLevels, h);
    capacityTables.set(key, table);
  }
  return table;
}

/** Keeps every other item of buf[start, start+len) in its lower half, from a random offset. */
function halveDown(buf: Float64Array, start: number, len: number, rng: Rng): void {
  const half = len >>> 1;
  let j = start + (rng.nextUint32() & 1);
  for (let i = start; i < start + half; i++, j += 2) buf[i] = buf[j] as number;
}

/** Keeps every other item of buf[start, start+len) in its upper half, from a random offset. */
function halveUp(buf: Float64Array, start: number, len: number, rng: Rng): void {
  const half = len >>> 1;
  let j = start + len - 1 - (rng.nextUint32() & 1);
  for (let i = start + len - 1; i >= start + half; i--, j -= 2) buf[i] = buf[j] as number;
}

/** Merges sorted a[aStart..) and b[bStart..) into c[cStart..); c may overlap the tail of b. */
function mergeSorted(a: Float64Array, aStart: number, aLen: number, b: Float64Array, bStart: number, bLen: number, c: Float64Array, cStart: number): void {
  const aEnd = aStart + aLen;
  const bEnd = bStart + bLen;
  let i = aStart;
  let j = bStart;
  let o = cStart;
  while (i < aEnd && j < bEnd) c[o++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < aEnd) c[o++] = a[i++] as number;
  while (j < bEnd) c[o++] = b[j++] as number;
}

function sortRange(buf: Float64Array, start: number, end: number): void {
  if (end - start > 1) sortInPlace(buf.subarray(start, end));
}

/**
 * Apache DataSketches KLL doubles sketch (datasketches-cpp 4.x semantics): m = 8, level capacities
 * k·(2/3)^depth, compaction of the lowest full level with a random odd/even offset, `merge` through
 * DataSketches' general compress. Merging sketches of different k keeps this sketch's k for compaction and
 * records `minK`, from which the error bound is computed, as DataSketches does. Quantile and rank queries
 * use DataSketches' INCLUSIVE sorted-view semantics; quantile(0) and quantile(1) return the exact min/max.
 * `update` throws `InvalidArgumentError` on NaN or ±∞ (the profile layer counts and skips them).
 */
export class KllSketch {
  /** The accuracy parameter used for compaction. */
  readonly k: number;
  private minKValue: number;
  private readonly seedValue: number;
  /** The compactor's coin flips, made when first needed (most decoded sketches are only read). */
  private rngSeed: number;
  private rngState: Rng | null = null;
  private count = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private numLevels = 1;
  /** levels[i]..levels[i+1] bound level i inside `items`; level 0 grows downwards from levels[1]. */
  private levels: Uint32Array;
  private items: Float64Array;
  private levelZeroSorted = false;
  /**
   * A restored sketch holds just its retained items (levels from 0 up) until it takes a new value:
   * decoded sketches are mostly only read and merged from, and a full buffer each would cost memory
   * and garbage collection.
   */
  private compact = false;
  private sortedValues: Float64Array | null = null;
  /** Level capacities for `capsFor` levels (a shared read-only table), because every compaction reads them. */
  private caps: Uint32Array = NO_CAPS;
  private capsFor = 0;
  private sortedWeights: Float64Array | null = null;

  constructor({ k = 1024, seed = 0 }: KllSketchOptions = {}) {
    if (!Number.isInteger(k) || k < MIN_K || k > MAX_K) throw new InvalidArgumentError('k', `an integer in [${MIN_K}, ${MAX_K}]`, k);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new InvalidArgumentError('seed', 'an integer in [0, 2^32)', seed);
    this.k = k;
    this.minKValue = k;
    this.seedValue = seed;
    this.rngSeed = seed;
    this.levels = new Uint32Array(MAX_LEVELS + 2);
    this.levels[0] = k;
    this.levels[1] = k;
    this.items = bare ? NO_ITEMS : new Float64Array(k);
  }

  /** Number of values summarised (exact). */
  get n(): number {
    return this.count;
  }
  get isEmpty(): boolean {
    return this.count === 0;
  }
  /** Smallest value seen (exact); NaN while empty. */
  get min(): number {
    return this.count === 0 ? Number.NaN : this.lo;
  }
  /** Largest value seen (exact); NaN while empty. */
  get max(): number {
    return this.count === 0 ? Number.NaN : this.hi;
  }
  /** Smallest k among the sketches merged into this one; the error bound follows it. */
  get minK(): number {
    return this.minKValue;
  }
  /** Number of items the sketch retains. */
  get numRetained(): number {
    return (this.levels[this.numLevels] as number) - (this.levels[0] as number);
  }
  get isEstimationMode(): boolean {
    return this.numLevels > 1;
  }

  /**
   * DataSketches' a-priori normalized rank error at ~99 % confidence for `minK`: 2.296/k^0.9723 for
   * single ranks, CDF and quantiles, 2.446/k^0.9433 for PMF bins (`pmf: true`).
   */
  normalizedRankError(pmf = false): number {
    return KllSketch.normalizedRankError(this.minKValue, pmf);
  }

  /** The same bound for a given k. */
  static normalizedRankError(k: number, pmf = false): number {
    return pmf ? 2.446 / k ** 0.9433 : 2.296 / k ** 0.9723;
  }

  /** Adds one finite value. */
  update(x: number): this {
    if (x - x !== 0) throw new InvalidArgumentError('x', 'a finite number', x);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    this.insert(x);
    return this;
  }

  /** Adds every value of `values` (each must be finite). */
  updateAll(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.update(values[i] as number);
    return this;
  }

  private insert(x: number): void {
    if (this.compact) this.expand();
    if (this.levels[0] === 0) this.compressWhileUpdating();
    this.count++;
    this.levelZeroSorted = false;
    this.sortedValues = null;
    const next = (this.levels[0] as number) - 1;
    this.levels[0] = next;
    this.items[next] = x;
  }

  /** The full buffer of a compact sketch: its items moved to the top, free room below level 0. */
  private expand(): void {
    const capacity = totalCapacity(this.k, this.numLevels);
    const shift = capacity - this.items.length;
    const next = new Float64Array(capacity);
    next.set(this.items, shift);
    for (let l = 0; l <= this.numLevels; l++) this.levels[l] = (this.levels[l] as number) + shift;
    this.items = next;
    this.compact = false;
  }

  private compressWhileUpdating(): void {
    const levels = this.levels;
    if (this.capsFor !== this.numLevels) {
      this.caps = capacityTable(this.k, this.numLevels);
      this.capsFor = this.numLevels;
    }
    let level = 0;
    while ((levels[level + 1] as number) - (levels[level] as number) < (this.caps[level] as number)) level++;
    if (level === this.numLevels - 1) this.addEmptyTopLevel();
    const items = this.items;
    const rawBeg = levels[level] as number;
    const rawLim = levels[level + 1] as number;
    const popAbove = (levels[level + 2] as number) - rawLim;
    const rawPop = rawLim - rawBeg;
    const oddPop = (rawPop & 1) === 1;
    const adjBeg = oddPop ? rawBeg + 1 : rawBeg;
    const adjPop = oddPop ? rawPop - 1 : rawPop;
    const halfAdjPop = adjPop >>> 1;
    if (level === 0 && !this.levelZeroSorted) sortRange(items, adjBeg, adjBeg + adjPop);
    if (popAbove === 0) {
      halveUp(items, adjBeg, adjPop, this.rng);
    } else {
      halveDown(items, adjBeg, adjPop, this.rng);
      mergeSorted(items, adjBeg, halfAdjPop, items, rawLim, popAbove, items, adjBeg + halfAdjPop);
    }
    levels[level + 1] = (levels[level + 1] as number) - halfAdjPop;
    if (oddPop) {
      levels[level] = (levels[level + 1] as number) - 1;
      if (levels[level] !== rawBeg) items[levels[level] as number] = items[rawBeg] as number;
    } else {
      levels[level] = levels[level + 1] as number;
    }
    if (level > 0) {
      // Slide the untouched lower levels up into the space freed by the halving.
      const amount = rawBeg - (levels[0] as number);
      items.copyWithin((levels[0] as number) + halfAdjPop, levels[0] as number, (levels[0] as number) + amount);
      for (let l = 0; l < level; l++) levels[l] = (levels[l] as number) + halfAdjPop;
    }
  }

  private addEmptyTopLevel(): void {
    if (this.numLevels >= MAX_LEVELS) throw new InvalidArgumentError('n', `fewer values than a ${MAX_LEVELS}-level KLL sketch holds`);
    const cur = this.levels[this.numLevels] as number;
    const delta = levelCapacity(this.k, this.numLevels + 1, 0);
    const next = new Float64Array(cur + delta);
    next.set(this.items, delta);
    this.items = next;
    for (let l = 0; l <= this.numLevels; l++) this.levels[l] = (this.levels[l] as number) + delta;
    this.numLevels++;
    this.levels[this.numLevels] = cur + delta;
  }

  /**
   * Folds `other` into this sketch (DataSketches `merge`): its level-0 items are inserted one by one and
   * the higher levels merged and compressed together. `other` is unchanged. Different k are allowed.
   */
  merge(other: KllSketch): this {
    if (!(other instanceof KllSketch)) throw new InvalidArgumentError('other', 'a KllSketch', other);
    if (other.count === 0) return this;
    // Merging into itself would read the buffers it is rewriting.
    if (other === this) other = KllSketch.fromBytes(this.toBytes());
    const finalN = this.count + other.count;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    const oItems = other.items;
    for (let i = other.levels[0] as number; i < (other.levels[1] as number); i++) this.insert(oItems[i] as number);
    if (other.numLevels >= 2) this.mergeHigherLevels(other);
    this.count = finalN;
    this.sortedValues = null;
    if (other.numLevels > 1 || other.minKValue < this.minKValue) this.minKValue = Math.min(this.minKValue, other.minKValue);
    return this;
  }

  private levelSize(level: number): number {
    return level < this.numLevels ? (this.levels[level + 1] as number) - (this.levels[level] as number) : 0;
  }

  private mergeHigherLevels(other: KllSketch): void {
    let aboveZero = 0;
    for (let l = 1; l < other.numLevels; l++) aboveZero += other.levelSize(l);
    const work = new Float64Array(this.numRetained + aboveZero);
    const inLevels = new Uint32Array(MAX_LEVELS + 3);
    const outLevels = new Uint32Array(MAX_LEVELS + 3);
    const provisional = Math.max(this.numLevels, other.numLevels);
    // Lay out level by level: this sketch's level 0, then for each higher level the merge of both.
    const s0 = this.levelSize(0);
    work.set(this.items.subarray(this.levels[0] as number, this.levels[1] as number), 0);
    inLevels[1] = s0;
    for (let l = 1; l < provisional; l++) {
      const a = this.levelSize(l);
      const b = other.levelSize(l);
      const at = inLevels[l] as number;
      inLevels[l + 1] = at + a + b;
      if (a > 0 && b > 0) {
        mergeSorted(this.items, this.levels[l] as number, a, other.items, other.levels[l] as number, b, work, at);
      } else if (a > 0) {
        work.set(this.items.subarray(this.levels[l] as number, (this.levels[l] as number) + a), at);
      } else if (b > 0) {
        work.set(other.items.subarray(other.levels[l] as number, (other.levels[l] as number) + b), at);
      }
    }
    const r = this.generalCompress(provisional, work, inLevels, outLevels);
    const items = new Float64Array(r.capacity);
    const freeBottom = r.capacity - r.numItems;
    items.set(work.subarray(outLevels[0] as number, (outLevels[0] as number) + r.numItems), freeBottom);
    const shift = freeBottom - (outLevels[0] as number);
    this.levels.fill(0);
    for (let l = 0; l <= r.numLevels; l++) this.levels[l] = (outLevels[l] as number) + shift;
    this.items = items;
    this.compact = false;
    this.numLevels = r.numLevels;
  }

  /** DataSketches `general_compress`: compacts levels bottom-up until the items fit the capacity. */
  private generalCompress(
    numLevelsIn: number,
    items: Float64Array,
    inLevels: Uint32Array,
    outLevels: Uint32Array,
  ): { numLevels: number; capacity: number; numItems: number } {
    let numLevels = numLevelsIn;
    let itemCount = (inLevels[numLevels] as number) - (inLevels[0] as number);
    let target = totalCapacity(this.k, numLevels);
    outLevels[0] = 0;
    for (let level = 0; ; level++) {
      if (level === numLevels - 1) inLevels[level + 2] = inLevels[level + 1] as number;
      const rawBeg = inLevels[level] as number;
      const rawLim = inLevels[level + 1] as number;
      const rawPop = rawLim - rawBeg;
      const out = outLevels[level] as number;
      if (itemCount < target || rawPop < levelCapacity(this.k, numLevels, level)) {
        items.copyWithin(out, rawBeg, rawLim);
        outLevels[level + 1] = out + rawPop;
      } else {
        const popAbove = (inLevels[level + 2] as number) - rawLim;
        const oddPop = (rawPop & 1) === 1;
        const adjBeg = oddPop ? rawBeg + 1 : rawBeg;
        const adjPop = oddPop ? rawPop - 1 : rawPop;
        const half = adjPop >>> 1;
        if (oddPop) {
          items[out] = items[rawBeg] as number;
          outLevels[level + 1] = out + 1;
        } else {
          outLevels[level + 1] = out;
        }
        if (level === 0 && !this.levelZeroSorted) sortRange(items, adjBeg, adjBeg + adjPop);
        if (popAbove === 0) {
          halveUp(items, adjBeg, adjPop, this.rng);
        } else {
          halveDown(items, adjBeg, adjPop, this.rng);
          mergeSorted(items, adjBeg, half, items, rawLim, popAbove, items, adjBeg + half);
        }
        itemCount -= half;
        inLevels[level + 1] = (inLevels[level + 1] as number) - half;
        if (level === numLevels - 1) {
          if (numLevels >= MAX_LEVELS) throw new InvalidArgumentError('n', `fewer values than a ${MAX_LEVELS}-level KLL sketch holds`);
          numLevels++;
          target += levelCapacity(this.k, numLevels, 0);
        }
      }
      if (level === numLevels - 1) break;
    }
    return { numLevels, capacity: target, numItems: itemCount };
  }

  /** Builds (once per state) the sorted values with cumulative weights that all queries read. */
  /**
   * DataSketches `get_sorted_view`: the retained items ascending with their cumulative weights
   * (cumWeights[i] = weight of items ≤ values[i]; the last equals n). Shared and cached: read only.
   */
  sortedView(): { values: Float64Array; cumWeights: Float64Array } {
    if (this.sortedValues !== null && this.sortedWeights !== null) return { values: this.sortedValues, cumWeights: this.sortedWeights };
    const total = this.numRetained;
    const values = new Float64Array(total);
    const weights = new Float64Array(total);
    if (!this.levelZeroSorted) {
      sortRange(this.items, this.levels[0] as number, this.levels[1] as number);
      this.levelZeroSorted = true;
    }
    // Merge the sorted levels pairwise-in-turn into the output (levels are few, so a running merge suffices).
    let len = 0;
    const tmpV = new Float64Array(total);
    const tmpW = new Float64Array(total);
    let curV = values;
    let curW = weights;
    let othV = tmpV;
    let othW = tmpW;
    for (let l = 0; l < this.numLevels; l++) {
      const start = this.levels[l] as number;
      const size = (this.levels[l + 1] as number) - start;
      if (size === 0) continue;
      const w = 2 ** l;
      let i = 0;
      let j = start;
      const end = start + size;
      let o = 0;
      while (i < len && j < end) {
        if ((curV[i] as number) <= (this.items[j] as number)) {
          othV[o] = curV[i] as number;
          othW[o++] = curW[i++] as number;
        } else {
          othV[o] = this.items[j++] as number;
          othW[o++] = w;
        }
      }
      while (i < len) {
        othV[o] = curV[i] as number;
        othW[o++] = curW[i++] as number;
      }
      while (j < end) {
        othV[o] = this.items[j++] as number;
        othW[o++] = w;
      }
      len = o;
      [curV, othV] = [othV, curV];
      [curW, othW] = [othW, curW];
    }
    for (let i = 1; i < len; i++) curW[i] = (curW[i] as number) + (curW[i - 1] as number);
    this.sortedValues = curV;
    this.sortedWeights = curW;
    return { values: curV, cumWeights: curW };
  }

  /** Normalized rank of `x`: the weight of retained items ≤ x (inclusive) or < x (exclusive), over n. */
  rank(x: number, { inclusive = true }: KllRankOptions = {}): number {
    if (typeof x !== 'number' || Number.isNaN(x)) throw new InvalidArgumentError('x', 'a number', x);
    if (typeof inclusive !== 'boolean') throw new InvalidArgumentError('inclusive', 'a boolean', inclusive);
    if (this.count === 0) return Number.NaN;
    const { values, cumWeights } = this.sortedView();
    const idx = inclusive ? upperBound(values, x) : lowerBound(values, x);
    return idx === 0 ? 0 : (cumWeights[idx - 1] as number) / this.count;
  }

  /** Approximate quantile at normalized rank q ∈ [0, 1] (DataSketches INCLUSIVE); NaN while empty. */
  quantile(q: number): number {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new InvalidArgumentError('q', 'a rank in [0, 1]', q);
    if (this.count === 0) return Number.NaN;
    if (q === 0) return this.lo;
    if (q === 1) return this.hi;
    const { values, cumWeights } = this.sortedView();
    const weight = Math.ceil(q * this.count);
    // First retained item whose cumulative weight reaches the target weight.
    const a = lowerBound(cumWeights, weight);
    return a >= values.length ? this.hi : (values[a] as number);
  }

  /** `quantile` at each rank of `qs`. */
  quantiles(qs: ArrayLike<number>): Float64Array {
    const out = new Float64Array(qs.length);
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i] as number;
      if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new InvalidArgumentError(`qs[${i}]`, 'a rank in [0, 1]', q);
      out[i] = this.quantile(q);
    }
    return out;
  }

  /**
   * DataSketches `get_CDF`: ranks at each split point (strictly increasing, finite), then 1, so the
   * result has one more entry than `splitPoints`.
   */
  cdf(splitPoints: ArrayLike<number>, { inclusive = true }: KllRankOptions = {}): Float64Array {
    checkSplitPoints(splitPoints);
    const out = new Float64Array(splitPoints.length + 1);
    if (this.count === 0) return out.fill(Number.NaN);
    for (let i = 0; i < splitPoints.length; i++) out[i] = this.rank(splitPoints[i] as number, { inclusive });
    out[splitPoints.length] = 1;
    return out;
  }

  /** DataSketches `get_PMF`: the mass in each of the splitPoints.length + 1 intervals. */
  pmf(splitPoints: ArrayLike<number>, options: KllRankOptions = {}): Float64Array {
    const c = this.cdf(splitPoints, options);
    for (let i = c.length - 1; i > 0; i--) c[i] = (c[i] as number) - (c[i - 1] as number);
    return c;
  }

  /** The levels' items, level 0 sorted, as plain arrays. */
  private levelArrays(): Float64Array[] {
    if (!this.levelZeroSorted) {
      sortRange(this.items, this.levels[0] as number, this.levels[1] as number);
      this.levelZeroSorted = true;
    }
    const out: Float64Array[] = [];
    for (let l = 0; l < this.numLevels; l++) out.push(this.items.slice(this.levels[l] as number, this.levels[l + 1] as number));
    return out;
  }

  toJSON(): KllSketchJSON {
    const empty = this.count === 0;
    return {
      type: 'kll',
      version: VERSION,
      k: this.k,
      minK: this.minKValue,
      seed: this.seedValue,
      n: this.count,
      min: empty ? null : this.lo,
      max: empty ? null : this.hi,
      levels: this.levelArrays().map((a) => Array.from(a)),
    };
  }

  /**
   * Little-endian binary: type 'K', version, k (u16), minK (u16), seed (u32), n (f64), numLevels (u8),
   * level sizes (u32 each), min, max (f64), items level by level (f64), CRC32.
   */
  toBytes(): Uint8Array {
    const lv = this.levelArrays();
    const w = new ByteWriter(SKETCH_TYPE.kll, VERSION, 40 + 4 * lv.length + 8 * this.numRetained);
    w.u16(this.k);
    w.u16(this.minKValue);
    w.u32(this.seedValue);
    w.f64(this.count);
    w.u8(this.numLevels);
    for (const a of lv) w.u32(a.length);
    w.f64(this.lo);
    w.f64(this.hi);
    for (const a of lv) w.f64Array(a);
    return w.finish();
  }

  /** Reads `toBytes` output; throws `CorruptInputError` on anything malformed. */
  static fromBytes(bytes: Uint8Array, { verifyChecksum = true }: FromBytesOptions = {}): KllSketch {
    const r = new ByteReader(bytes, 'KllSketch', SKETCH_TYPE.kll, VERSION, verifyChecksum);
    const k = r.u16();
    const minK = r.u16();
    const seed = r.u32();
    const n = r.f64();
    const numLevels = r.u8();
    check(numLevels >= 1 && numLevels <= MAX_LEVELS, 'numLevels', `a level count in [1, ${MAX_LEVELS}]`, numLevels);
    const sizes: number[] = [];
    for (let l = 0; l < numLevels; l++) sizes.push(r.u32());
    const min = r.f64();
    const max = r.f64();
    const levels = sizes.map((s) => r.f64Array(s));
    r.done();
    return KllSketch.build(k, minK, seed, n, min, max, levels);
  }

  /** Reads `toJSON` output; throws `CorruptInputError` on anything malformed. */
  static fromJSON(obj: unknown): KllSketch {
    const o = jsonObject(obj, 'KllSketch', 'kll', VERSION);
    const n = jsonNumber(o, 'n');
    const empty = n === 0;
    check(empty ? o['min'] === null : typeof o['min'] === 'number', 'json.min', empty ? 'null for an empty sketch' : 'a number', o['min']);
    check(empty ? o['max'] === null : typeof o['max'] === 'number', 'json.max', empty ? 'null for an empty sketch' : 'a number', o['max']);
    const lv = o['levels'];
    check(Array.isArray(lv) && lv.length >= 1 && lv.length <= MAX_LEVELS, 'json.levels', `an array of 1 to ${MAX_LEVELS} levels`, lv);
    const levels = lv.map((level: unknown, i) => jsonNumbers({ [`levels[${i}]`]: level }, `levels[${i}]`));
    return KllSketch.build(
      jsonNumber(o, 'k'),
      jsonNumber(o, 'minK'),
      jsonNumber(o, 'seed'),
      n,
      empty ? Number.POSITIVE_INFINITY : jsonNumber(o, 'min'),
      empty ? Number.NEGATIVE_INFINITY : jsonNumber(o, 'max'),
      levels,
    );
  }

  /** Validates a decoded state (level structure, capacity, order, bounds, total weight = n) and builds it. */
  private static build(k: number, minK: number, seed: number, n: number, min: number, max: number, levels: Float64Array[]): KllSketch {
    check(Number.isInteger(k) && k >= MIN_K && k <= MAX_K, 'k', `an integer in [${MIN_K}, ${MAX_K}]`, k);
    check(Number.isInteger(minK) && minK >= MIN_K && minK <= k, 'minK', `an integer in [${MIN_K}, k]`, minK);
    check(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, 'seed', 'an integer in [0, 2^32)', seed);
    check(Number.isSafeInteger(n) && n >= 0, 'n', 'a non-negative integer count', n);
    const numLevels = levels.length;
    check(numLevels >= 1 && numLevels <= MAX_LEVELS, 'levels', `1 to ${MAX_LEVELS} levels`, numLevels);
    let retained = 0;
    let weight = 0;
    for (let l = 0; l < numLevels; l++) {
      const a = levels[l] as Float64Array;
      retained += a.length;
      weight += a.length * 2 ** l;
      // Messages are built only for a bad item: this loop runs for every decoded sketch.
      for (let i = 0; i < a.length; i++) {
        const v = a[i] as number;
        if (!(Number.isFinite(v) && v >= min && v <= max)) check(false, `levels[${l}][${i}]`, 'a finite item within [min, max]', v);
        if (i > 0 && !(v >= (a[i - 1] as number))) check(false, `levels[${l}]`, 'items in ascending order');
      }
    }
    check(weight === n, 'levels', `retained items whose weights add up to n = ${n}`, weight);
    const capacity = totalCapacity(k, numLevels);
    check(retained <= capacity, 'levels', `at most ${capacity} retained items for k = ${k} and ${numLevels} levels`, retained);
    if (numLevels > 1) check((levels[numLevels - 1] as Float64Array).length > 0 || n > 0, 'levels', 'a non-empty structure');
    if (n === 0) {
      check(numLevels === 1 && min === Number.POSITIVE_INFINITY && max === Number.NEGATIVE_INFINITY, 'min', 'no bounds and one level for an empty sketch');
      check(minK === k, 'minK', 'minK = k for an empty sketch', minK);
    } else {
      check(Number.isFinite(min) && Number.isFinite(max) && min <= max, 'min', 'finite bounds with min ≤ max', min);
    }
    return KllSketch.restore(k, minK, seed, n, min, max, levels);
  }

  /** Builds a sketch from a state already known to be valid, compact: just the retained items, levels from 0. */
  private static restore(k: number, minK: number, seed: number, n: number, min: number, max: number, levels: Float64Array[]): KllSketch {
    const numLevels = levels.length;
    bare = true;
    let s: KllSketch;
    try {
      s = new KllSketch({ k, seed });
    } finally {
      bare = false;
    }
    s.minKValue = minK;
    s.count = n;
    s.lo = min;
    s.hi = max;
    s.numLevels = numLevels;
    let retained = 0;
    for (const a of levels) retained += a.length;
    s.items = new Float64Array(retained);
    s.levels.fill(0);
    let pos = 0;
    for (let l = 0; l < numLevels; l++) {
      const a = levels[l] as Float64Array;
      s.levels[l] = pos;
      s.items.set(a, pos);
      pos += a.length;
    }
    s.levels[numLevels] = pos;
    s.compact = retained < totalCapacity(k, numLevels);
    s.levelZeroSorted = true;
    // A restored sketch continues with a stream derived from its seed and n, so replays are reproducible.
    s.rngSeed = (seed ^ Math.imul(n % 0x100000000, 0x9e3779b1)) >>> 0;
    return s;
  }

  private get rng(): Rng {
    return (this.rngState ??= createRng(this.rngSeed));
  }

  /** An independent copy: the same state (and random stream) as `fromBytes(toBytes())`, without the round trip. */
  clone(): KllSketch {
    return KllSketch.restore(this.k, this.minKValue, this.seedValue, this.count, this.lo, this.hi, this.levelArrays());
  }
}

function checkSplitPoints(sp: ArrayLike<number>): void {
  if (sp === null || typeof sp !== 'object' || typeof sp.length !== 'number') {
    throw new InvalidArgumentError('splitPoints', 'an array of numbers', sp);
  }
  for (let i = 0; i < sp.length; i++) {
    const v = sp[i] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`splitPoints[${i}]`, 'a finite number', v);
    if (i > 0 && !(v > (sp[i - 1] as number))) throw new InvalidArgumentError(`splitPoints[${i}]`, 'values in strictly increasing order', v);
  }
}
