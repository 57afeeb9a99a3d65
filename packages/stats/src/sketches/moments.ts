// Exactly mergeable running moments (count, mean, M2..M4, min, max, sum): the distribution summary a
// profile keeps beside its quantile sketch, merged across replicas without revisiting the data.

import type { KurtosisOptions, SkewnessOptions, VarianceOptions } from '../descriptive/moments.js';
import { InvalidArgumentError } from '../errors.js';
import { ByteReader, ByteWriter, SKETCH_TYPE, check, jsonNumber, jsonObject } from './byte-codec.js';
import type { FromBytesOptions } from './byte-codec.js';

const VERSION = 1;
/** numpy's float64 `finfo.resolution`, which SciPy's `skew`/`kurtosis` use to call a sample constant. */
const RESOLUTION = 1e-15;

/** Plain-object form of `Moments` (`toJSON`/`fromJSON`); min and max are null while empty. */
export interface MomentsJSON {
  type: 'moments';
  version: 1;
  n: number;
  mean: number;
  m2: number;
  m3: number;
  m4: number;
  min: number | null;
  max: number | null;
  sum: number;
}

/**
 * Running central moments with Welford/Terriberry–Pébay single-value updates and the Chan et al. /
 * Pébay (SAND2008-6212) pairwise merge, so a merged summary equals the summary of the union up to
 * rounding. Statistics follow numpy `var`/`std` and SciPy 1.10 `skew`/`kurtosis` (biased defaults).
 * `update` throws `InvalidArgumentError` on NaN or ±∞; callers that must skip them count them first.
 */
export class Moments {
  private count = 0;
  private mu = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private total = 0;

  /** Adds one finite value. */
  update(x: number): this {
    if (x - x !== 0) throw new InvalidArgumentError('x', 'a finite number', x);
    const n1 = this.count;
    const n = n1 + 1;
    const delta = x - this.mu;
    const dn = delta / n;
    const dn2 = dn * dn;
    const t1 = delta * dn * n1;
    this.mu += dn;
    this.s4 += t1 * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * this.s2 - 4 * dn * this.s3;
    this.s3 += t1 * dn * (n - 2) - 3 * dn * this.s2;
    this.s2 += t1;
    this.count = n;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    this.total += x;
    return this;
  }

  /** Adds every value of `values` (each must be finite). */
  updateAll(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.update(values[i] as number);
    return this;
  }

  /** Folds `other` into this summary (Pébay's pairwise formulas); `other` is unchanged. */
  merge(other: Moments): this {
    if (!(other instanceof Moments)) throw new InvalidArgumentError('other', 'a Moments instance', other);
    const nb = other.count;
    if (nb === 0) return this;
    const na = this.count;
    if (na === 0) {
      this.copyFrom(other);
      return this;
    }
    const n = na + nb;
    const d = other.mu - this.mu;
    const d2 = d * d;
    const nanb = na * nb;
    const m2a = this.s2;
    const m2b = other.s2;
    const m3a = this.s3;
    const m3b = other.s3;
    this.s4 +=
      other.s4 +
      (d2 * d2 * nanb * (na * na - nanb + nb * nb)) / (n * n * n) +
      (6 * d2 * (na * na * m2b + nb * nb * m2a)) / (n * n) +
      (4 * d * (na * m3b - nb * m3a)) / n;
    this.s3 += m3b + (d2 * d * nanb * (na - nb)) / (n * n) + (3 * d * (na * m2b - nb * m2a)) / n;
    this.s2 += m2b + (d2 * nanb) / n;
    // The weighted mean keeps precision when both sides are large and about equal (notes §4).
    this.mu = (na * this.mu + nb * other.mu) / n;
    this.count = n;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    this.total += other.total;
    return this;
  }

  private copyFrom(o: Moments): void {
    this.count = o.count;
    this.mu = o.mu;
    this.s2 = o.s2;
    this.s3 = o.s3;
    this.s4 = o.s4;
    this.lo = o.lo;
    this.hi = o.hi;
    this.total = o.total;
  }

  /** A deep copy. */
  clone(): Moments {
    const c = new Moments();
    c.copyFrom(this);
    return c;
  }

  get n(): number {
    return this.count;
  }
  get isEmpty(): boolean {
    return this.count === 0;
  }
  /** Arithmetic mean; NaN while empty. */
  get mean(): number {
    return this.count === 0 ? Number.NaN : this.mu;
  }
  /** Sum of squared deviations from the mean. */
  get m2(): number {
    return this.s2;
  }
  /** Sum of cubed deviations from the mean. */
  get m3(): number {
    return this.s3;
  }
  /** Sum of fourth-power deviations from the mean. */
  get m4(): number {
    return this.s4;
  }
  /** Smallest value; NaN while empty. */
  get min(): number {
    return this.count === 0 ? Number.NaN : this.lo;
  }
  /** Largest value; NaN while empty. */
  get max(): number {
    return this.count === 0 ? Number.NaN : this.hi;
  }
  get sum(): number {
    return this.total;
  }

  /** numpy `var(x, ddof=ddof)`: M2/(n − ddof); NaN when n ≤ ddof. */
  variance({ ddof = 0 }: VarianceOptions = {}): number {
    if (typeof ddof !== 'number' || !Number.isFinite(ddof) || ddof < 0) {
      throw new InvalidArgumentError('ddof', 'a finite non-negative number', ddof);
    }
    if (this.count - ddof <= 0) return Number.NaN;
    return this.s2 / (this.count - ddof);
  }

  /** numpy `std(x, ddof=ddof)`. */
  std(options: VarianceOptions = {}): number {
    return Math.sqrt(this.variance(options));
  }

  /** SciPy's test for an (almost) constant sample, under which skew and kurtosis are NaN. */
  private isDegenerate(): boolean {
    const m2 = this.s2 / this.count;
    return m2 <= (RESOLUTION * this.mu) ** 2;
  }

  /** SciPy `skew` (1.10): g1 = m3/m2^1.5 with biased central moments; `bias: false` gives G1. */
  skewness({ bias = true }: SkewnessOptions = {}): number {
    if (typeof bias !== 'boolean') throw new InvalidArgumentError('bias', 'a boolean', bias);
    const n = this.count;
    if (n === 0 || this.isDegenerate()) return Number.NaN;
    const m2 = this.s2 / n;
    const m3 = this.s3 / n;
    const g1 = m3 / m2 ** 1.5;
    if (bias) return g1;
    if (n <= 2) return g1;
    return (Math.sqrt((n - 1) * n) / (n - 2)) * g1;
  }

  /** SciPy `kurtosis` (1.10): Fisher's excess kurtosis with biased moments by default. */
  kurtosis({ fisher = true, bias = true }: KurtosisOptions = {}): number {
    if (typeof fisher !== 'boolean') throw new InvalidArgumentError('fisher', 'a boolean', fisher);
    if (typeof bias !== 'boolean') throw new InvalidArgumentError('bias', 'a boolean', bias);
    const n = this.count;
    if (n === 0 || this.isDegenerate()) return Number.NaN;
    const m2 = this.s2 / n;
    const m4 = this.s4 / n;
    let k = m4 / (m2 * m2);
    if (!bias && n > 3) k = ((n * n - 1) * k - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3)) + 3;
    return fisher ? k - 3 : k;
  }

  toJSON(): MomentsJSON {
    const empty = this.count === 0;
    return {
      type: 'moments',
      version: VERSION,
      n: this.count,
      mean: this.mu,
      m2: this.s2,
      m3: this.s3,
      m4: this.s4,
      min: empty ? null : this.lo,
      max: empty ? null : this.hi,
      sum: this.total,
    };
  }

  /** Little-endian binary: type 'M', version, n, mean, M2, M3, M4, min, max, sum (float64), CRC32. */
  toBytes(): Uint8Array {
    const w = new ByteWriter(SKETCH_TYPE.moments, VERSION, 2 + 8 * 8 + 4);
    w.f64(this.count);
    w.f64(this.mu);
    w.f64(this.s2);
    w.f64(this.s3);
    w.f64(this.s4);
    w.f64(this.lo);
    w.f64(this.hi);
    w.f64(this.total);
    return w.finish();
  }

  /** Reads `toBytes` output; throws `CorruptInputError` on anything malformed. */
  static fromBytes(bytes: Uint8Array, { verifyChecksum = true }: FromBytesOptions = {}): Moments {
    const r = new ByteReader(bytes, 'Moments', SKETCH_TYPE.moments, VERSION, verifyChecksum);
    const f = [r.f64(), r.f64(), r.f64(), r.f64(), r.f64(), r.f64(), r.f64(), r.f64()] as const;
    r.done();
    return Moments.build(...f);
  }

  /** Reads `toJSON` output; throws `CorruptInputError` on anything malformed. */
  static fromJSON(obj: unknown): Moments {
    const o = jsonObject(obj, 'Moments', 'moments', VERSION);
    const n = jsonNumber(o, 'n');
    const empty = n === 0;
    check(empty ? o['min'] === null : typeof o['min'] === 'number', 'json.min', empty ? 'null for an empty summary' : 'a number', o['min']);
    check(empty ? o['max'] === null : typeof o['max'] === 'number', 'json.max', empty ? 'null for an empty summary' : 'a number', o['max']);
    return Moments.build(
      n,
      jsonNumber(o, 'mean'),
      jsonNumber(o, 'm2'),
      jsonNumber(o, 'm3'),
      jsonNumber(o, 'm4'),
      empty ? Number.POSITIVE_INFINITY : jsonNumber(o, 'min'),
      empty ? Number.NEGATIVE_INFINITY : jsonNumber(o, 'max'),
      jsonNumber(o, 'sum'),
    );
  }

  private static build(n: number, mean: number, m2: number, m3: number, m4: number, min: number, max: number, sum: number): Moments {
    check(Number.isSafeInteger(n) && n >= 0, 'n', 'a non-negative integer count', n);
    for (const [name, v] of [
      ['mean', mean],
      ['m2', m2],
      ['m3', m3],
      ['m4', m4],
      ['sum', sum],
    ] as const) {
      check(Number.isFinite(v), name, 'a finite number', v);
    }
    check(m2 >= 0 && m4 >= 0, 'm2', 'non-negative even central moments', m2);
    if (n === 0) {
      check(mean === 0 && m2 === 0 && m3 === 0 && m4 === 0 && sum === 0, 'n', 'all-zero moments for an empty summary');
      check(min === Number.POSITIVE_INFINITY && max === Number.NEGATIVE_INFINITY, 'min', '+∞/−∞ bounds for an empty summary');
    } else {
      check(Number.isFinite(min) && Number.isFinite(max) && min <= max, 'min', 'finite bounds with min ≤ max', min);
      const slack = 1e-9 * Math.max(Math.abs(min), Math.abs(max));
      check(mean >= min - slack && mean <= max + slack, 'mean', 'a mean between min and max', mean);
      if (n === 1) check(m2 === 0 && m3 === 0 && m4 === 0 && min === max, 'n', 'zero central moments for one value');
    }
    const out = new Moments();
    out.count = n;
    out.mu = mean;
    out.s2 = m2;
    out.s3 = m3;
    out.s4 = m4;
    out.lo = min;
    out.hi = max;
    out.total = sum;
    return out;
  }
}
