// HyperLogLog distinct-count sketch: 2^p one-byte registers over a 64-bit hash, merged by register-wise
// max, estimated with Ertl's improved estimator (no bias tables, accurate from 0 to far beyond 2^40).

import { InvalidArgumentError } from '../errors.js';
import { ByteReader, ByteWriter, SKETCH_TYPE, check, jsonNumber, jsonObject } from './byte-codec.js';
import type { FromBytesOptions } from './byte-codec.js';
import { hashBoolean, hashNumber, hashOut, hashString } from './hash.js';

const VERSION = 1;
/** The binary form's version (2 adds the sparse mode); the JSON form stays at `VERSION`. */
const BYTES_VERSION = 2;
const MIN_P = 4;
const MAX_P = 18;
/** α∞ = 1/(2 ln 2), the limit of the HLL bias constant, used by Ertl's estimator. */
const ALPHA_INF = 1 / (2 * Math.LN2);

export interface HyperLogLogOptions {
  /** Precision p in [4, 18]: 2^p registers, standard error ≈ 1.04/√(2^p) (p = 12 → 1.6 %). */
  p?: number;
}

/** Plain-object form of `HyperLogLog` (`toJSON`/`fromJSON`). */
export interface HyperLogLogJSON {
  type: 'hll';
  version: 1;
  p: number;
  registers: number[];
}

/** Ertl's σ(x) = x + Σ_k x^(2^k)·2^(k−1), the small-range term (it reproduces linear counting). */
function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const prev = z;
    z += x * y;
    y += y;
    if (z === prev) return z;
  }
}

/** Ertl's τ(x), the large-range term for registers that hit the hash width. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const prev = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z === prev) return z / 3;
  }
}

/**
 * HyperLogLog (Flajolet et al. 2007) with 64-bit hashing (two MurmurHash3 x86_32 lanes over the float64
 * bytes of numbers and the UTF-8 bytes of strings, type-seeded so 1, '1' and true differ) and the
 * estimator of O. Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017, Alg. 6).
 * That estimator replaces both the original paper's linear-counting switch and HLL++'s empirical bias
 * tables: it is unbiased to well under the standard error ≈ 1.04/√m over the whole range, and with 64-bit
 * hashes no large-range correction is needed. `update(NaN)` and ±∞ throw `InvalidArgumentError`.
 */
export class HyperLogLog {
  private pValue: number;
  /** The registers, made when first needed: a sketch that is only decoded and merged from never needs them. */
  private dense: Uint8Array | null = null;
  /** The set registers as decoded from a sparse frame (shared by clones, never written), until `registers` is needed. */
  private sparse: { readonly index: Uint32Array; readonly rank: Uint8Array } | null = null;
  private q: number;

  constructor({ p = 12 }: HyperLogLogOptions = {}) {
    if (!Number.isInteger(p) || p < MIN_P || p > MAX_P) throw new InvalidArgumentError('p', `an integer in [${MIN_P}, ${MAX_P}]`, p);
    this.pValue = p;
    this.q = 64 - p;
  }

  /** All 2^p registers, built from the sparse form (or zeros) on first use. */
  private get registers(): Uint8Array {
    if (this.dense === null) {
      const dense = new Uint8Array(1 << this.pValue);
      if (this.sparse !== null) for (let k = 0; k < this.sparse.index.length; k++) dense[this.sparse.index[k] as number] = this.sparse.rank[k] as number;
      this.dense = dense;
      this.sparse = null;
    }
    return this.dense;
  }

  private set registers(registers: Uint8Array) {
    this.dense = registers;
    this.sparse = null;
  }

  /** Precision: the sketch has 2^p registers. */
  get p(): number {
    return this.pValue;
  }

  /** Number of registers m = 2^p. */
  get m(): number {
    return 1 << this.pValue;
  }

  /** Standard error of the estimate, 1.04/√m (Flajolet et al.). */
  get relativeStandardError(): number {
    return 1.04 / Math.sqrt(this.m);
  }

  get isEmpty(): boolean {
    if (this.dense === null) return this.sparse === null || this.sparse.index.length === 0;
    for (let i = 0; i < this.dense.length; i++) if (this.dense[i] !== 0) return false;
    return true;
  }

  /** Adds one value. Numbers must be finite; strings hash by their UTF-8 bytes. */
  update(value: number | string | boolean): this {
    if (typeof value === 'number') {
      if (value - value !== 0) throw new InvalidArgumentError('value', 'a finite number, a string or a boolean', value);
      hashNumber(value);
    } else if (typeof value === 'string') {
      hashString(value);
    } else if (typeof value === 'boolean') {
      hashBoolean(value);
    } else {
      throw new InvalidArgumentError('value', 'a finite number, a string or a boolean', value);
    }
    this.add(hashOut[0] as number, hashOut[1] as number);
    return this;
  }

  /** Adds every value of `values`. */
  updateAll(values: ArrayLike<number | string | boolean>): this {
    for (let i = 0; i < values.length; i++) this.update(values[i] as number | string | boolean);
    return this;
  }

  private add(h1: number, h2: number): void {
    const p = this.pValue;
    const idx = h1 >>> (32 - p);
    const rest = (h1 << p) >>> 0;
    // Rank = position of the first 1 bit in the (64 − p)-bit remainder: h1's low bits, then h2.
    const rank = rest !== 0 ? Math.clz32(rest) + 1 : h2 !== 0 ? 32 - p + Math.clz32(h2) + 1 : this.q + 1;
    if (rank > (this.registers[idx] as number)) this.registers[idx] = rank;
  }

  /** Estimated number of distinct values (Ertl's improved raw estimator). */
  estimate(): number {
    const q = this.q;
    const m = this.registers.length;
    const c = new Float64Array(q + 2);
    for (let i = 0; i < m; i++) {
      const r = this.registers[i] as number;
      c[r] = (c[r] as number) + 1;
    }
    let z = m * tau(1 - (c[q + 1] as number) / m);
    for (let k = q; k >= 1; k--) z = 0.5 * (z + (c[k] as number));
    z += m * sigma((c[0] as number) / m);
    return (ALPHA_INF * m * m) / z;
  }

  /** Lower bound at `numStdDev` standard errors: estimate·(1 − z·1.04/√m), at least 0. */
  lowerBound(numStdDev = 1): number {
    checkStdDev(numStdDev);
    return Math.max(0, this.estimate() * (1 - numStdDev * this.relativeStandardError));
  }

  /** Upper bound at `numStdDev` standard errors: estimate·(1 + z·1.04/√m). */
  upperBound(numStdDev = 1): number {
    checkStdDev(numStdDev);
    return this.estimate() * (1 + numStdDev * this.relativeStandardError);
  }

  /**
   * Folds `other` in by register-wise max. With different precisions the result takes the smaller p, as a
   * DataSketches union does: the finer sketch's registers are folded down (the dropped index bits become
   * the leading bits of the remainder), which is exactly the sketch the coarser precision would have built.
   */
  merge(other: HyperLogLog): this {
    if (!(other instanceof HyperLogLog)) throw new InvalidArgumentError('other', 'a HyperLogLog', other);
    if (other.p < this.p) {
      this.registers = foldRegisters(this.registers, this.p, other.p);
      this.pValue = other.p;
      this.q = 64 - other.p;
    }
    if (other.p === this.p && other.dense === null) {
      // Few set registers on the other side: an empty sketch shares them, any other takes each one.
      const sparse = other.sparse;
      if (sparse === null) return this;
      if (this.dense === null && this.sparse === null) {
        this.sparse = sparse;
        return this;
      }
      const dst = this.registers;
      for (let k = 0; k < sparse.index.length; k++) {
        const i = sparse.index[k] as number;
        if ((sparse.rank[k] as number) > (dst[i] as number)) dst[i] = sparse.rank[k] as number;
      }
      return this;
    }
    const src = other.p === this.p ? other.registers : foldRegisters(other.registers, other.p, this.p);
    const dst = this.registers;
    for (let i = 0; i < dst.length; i++) if ((src[i] as number) > (dst[i] as number)) dst[i] = src[i] as number;
    return this;
  }

  /** A copy at precision `p` ≤ this.p. */
  downsample(p: number): HyperLogLog {
    if (!Number.isInteger(p) || p < MIN_P || p > this.p) throw new InvalidArgumentError('p', `an integer in [${MIN_P}, ${this.p}]`, p);
    const out = new HyperLogLog({ p });
    out.registers = foldRegisters(this.registers, this.p, p);
    return out;
  }

  toJSON(): HyperLogLogJSON {
    return { type: 'hll', version: VERSION, p: this.p, registers: Array.from(this.registers) };
  }

  /** An independent copy (the same state as `fromBytes(toBytes())`, without the round trip). */
  clone(): HyperLogLog {
    const out = new HyperLogLog({ p: this.pValue });
    if (this.dense !== null) out.dense = this.dense.slice();
    else out.sparse = this.sparse;
    return out;
  }

  /**
   * Little-endian binary: type 'H', version 2, p (u8), then either 0 (u8) and the 2^p one-byte
   * registers, or, when few registers are set (a small bucket), 1 (u8), their count (u32) and
   * (index u32, rank u8) for each set register in index order; CRC32. Version 1 (dense registers
   * right after p) is still read.
   */
  toBytes(): Uint8Array {
    const held = this.dense === null ? this.sparse : null;
    if (this.dense === null && (held === null || held.index.length * 5 + 4 < this.m)) {
      // Still in the sparse form (or empty): written as it is, without making the registers.
      const set = held?.index.length ?? 0;
      const w = new ByteWriter(SKETCH_TYPE.hyperLogLog, BYTES_VERSION, 16 + set * 5);
      w.u8(this.p);
      w.u8(1);
      w.u32(set);
      for (let k = 0; k < set; k++) {
        w.u32(held!.index[k] as number);
        w.u8(held!.rank[k] as number);
      }
      return w.finish();
    }
    const m = this.registers.length;
    let set = 0;
    for (let i = 0; i < m; i++) if ((this.registers[i] as number) !== 0) set++;
    const sparse = set * 5 + 4 < m;
    const w = new ByteWriter(SKETCH_TYPE.hyperLogLog, BYTES_VERSION, 16 + (sparse ? set * 5 : m));
    w.u8(this.p);
    w.u8(sparse ? 1 : 0);
    if (!sparse) w.bytes(this.registers);
    else {
      w.u32(set);
      for (let i = 0; i < m; i++) {
        const r = this.registers[i] as number;
        if (r === 0) continue;
        w.u32(i);
        w.u8(r);
      }
    }
    return w.finish();
  }

  /** Reads `toBytes` output (either version); throws `CorruptInputError` on anything malformed. */
  static fromBytes(bytes: Uint8Array, { verifyChecksum = true }: FromBytesOptions = {}): HyperLogLog {
    const version = bytes instanceof Uint8Array && bytes[1] === 1 ? 1 : BYTES_VERSION;
    const r = new ByteReader(bytes, 'HyperLogLog', SKETCH_TYPE.hyperLogLog, version, verifyChecksum);
    const p = r.u8();
    check(p >= MIN_P && p <= MAX_P, 'p', `a precision in [${MIN_P}, ${MAX_P}]`, p);
    const m = 1 << p;
    const mode = version === 1 ? 0 : r.u8();
    check(mode === 0 || mode === 1, 'mode', '0 (dense) or 1 (sparse)', mode);
    if (mode === 0) {
      const regs = r.bytesOf(m);
      r.done();
      return HyperLogLog.build(p, regs);
    }
    const set = r.u32();
    check(set <= m, 'registers', `at most 2^p = ${m} set registers`, set);
    const out = new HyperLogLog({ p });
    const maxRank = 64 - p + 1;
    const index = new Uint32Array(set);
    const ranks = new Uint8Array(set);
    let last = -1;
    for (let k = 0; k < set; k++) {
      const i = r.u32();
      const rank = r.u8();
      if (!(i > last && i < m)) check(false, `registers[${k}].index`, `an index in (${last}, ${m}) (ascending)`, i);
      if (!(rank >= 1 && rank <= maxRank)) check(false, `registers[${i}]`, `a rank in [1, ${maxRank}]`, rank);
      index[k] = i;
      ranks[k] = rank;
      last = i;
    }
    r.done();
    if (set > 0) out.sparse = { index, rank: ranks };
    return out;
  }

  /** Reads `toJSON` output; throws `CorruptInputError` on anything malformed. */
  static fromJSON(obj: unknown): HyperLogLog {
    const o = jsonObject(obj, 'HyperLogLog', 'hll', VERSION);
    const p = jsonNumber(o, 'p');
    check(Number.isInteger(p) && p >= MIN_P && p <= MAX_P, 'json.p', `a precision in [${MIN_P}, ${MAX_P}]`, p);
    const regs = o['registers'];
    check(Array.isArray(regs) && regs.length === 1 << p, 'json.registers', `an array of 2^p = ${1 << p} registers`, regs);
    const out = new Uint8Array(regs.length);
    for (let i = 0; i < regs.length; i++) {
      const v: unknown = regs[i];
      check(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255, `json.registers[${i}]`, 'a byte', v);
      out[i] = v;
    }
    return HyperLogLog.build(p, out);
  }

  private static build(p: number, regs: Uint8Array): HyperLogLog {
    const maxRank = 64 - p + 1;
    for (let i = 0; i < regs.length; i++) {
      // The message is built only for a bad register: this loop runs for every decoded sketch.
      if ((regs[i] as number) > maxRank) check(false, `registers[${i}]`, `a rank in [0, ${maxRank}]`, regs[i]);
    }
    const out = new HyperLogLog({ p });
    out.registers.set(regs);
    return out;
  }
}

/** Re-expresses registers of precision `from` at precision `to` < `from`. */
function foldRegisters(regs: Uint8Array, from: number, to: number): Uint8Array {
  if (from === to) return regs.slice();
  const shift = from - to;
  const out = new Uint8Array(1 << to);
  const lowMask = (1 << shift) - 1;
  const maxRank = 64 - to + 1;
  for (let i = 0; i < regs.length; i++) {
    const r = regs[i] as number;
    if (r === 0) continue;
    const low = i & lowMask;
    // The dropped index bits lead the new remainder: a 1 among them fixes the rank, else shift it.
    const rank = low !== 0 ? shift - (31 - Math.clz32(low)) : Math.min(r + shift, maxRank);
    const j = i >>> shift;
    if (rank > (out[j] as number)) out[j] = rank;
  }
  return out;
}

function checkStdDev(z: number): void {
  if (typeof z !== 'number' || !Number.isFinite(z) || z <= 0) throw new InvalidArgumentError('numStdDev', 'a positive finite number', z);
}
