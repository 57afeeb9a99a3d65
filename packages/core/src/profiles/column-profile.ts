// A mergeable summary of one column (whylogs' column profile): counts, types, moments and three
// sketches. Profiles built by different workers over disjoint rows merge into the profile of all rows.

import { ByteReader, ByteWriter, CorruptInputError, FrequentItems, HyperLogLog, InvalidArgumentError, KllSketch, Moments } from '@vigil/stats';
import type { FrequentItemRow, FromBytesOptions } from '@vigil/stats';

/** Sketch parameters of a column profile; profiles merge only with equal parameters (or, for KLL, any k). */
export interface ColumnProfileOptions {
  /** KLL accuracy parameter. Default 1024 as whylogs: ≈0.27 % rank error (at k = 200 the PSI noise floor is ≈0.11). */
  readonly kllK?: number;
  /** HyperLogLog precision: 2^p registers. Default 12 (≈1.6 % standard error). */
  readonly hllP?: number;
  /** log2 of the frequent-items map size. Default 10 (1024 slots, up to 768 tracked items). */
  readonly lgMaxMapSize?: number;
  /** Seed of the KLL compaction coin, for reproducible profiles. Default 0. */
  readonly seed?: number;
}

/** How many values of each JSON type a column held (NaN counts as a number and as missing). */
export interface TypeCounts {
  number: number;
  string: number;
  boolean: number;
  other: number;
}

/** A human-sized digest of a column profile, for reports and the API. */
export interface ColumnSummary {
  count: number;
  missing: number;
  missingShare: number;
  types: TypeCounts;
  nan: number;
  infinite: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  quantiles: Record<string, number> | null;
  distinct: { estimate: number; lower: number; upper: number };
  topItems: FrequentItemRow[];
}

/** The four sketches a column profile holds. */
export interface ColumnSketches {
  readonly moments: Moments;
  readonly kll: KllSketch;
  readonly hll: HyperLogLog;
  readonly frequent: FrequentItems;
}

const FORMAT_TYPE = 0x43; // 'C'
const FORMAT_VERSION = 1;
const SUMMARY_QUANTILES = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

/**
 * One column's profile. What goes where:
 * - `count` counts every value offered, missing ones included; `nulls` counts null/undefined;
 *   `nan` counts NaN. Missing = nulls + NaN.
 * - Finite numbers feed the moments and the KLL quantile sketch; ±Infinity is counted in
 *   `infinite` only (it would make every moment infinite) and is not a distinct value.
 * - Finite numbers, strings and booleans feed the HyperLogLog (distinct count). Strings, booleans
 *   and integer-valued numbers feed the frequent-items sketch (whylogs leaves fractional numbers out).
 * - Anything else (objects, arrays, bigint) is counted as type `other` and not sketched.
 */
export class ColumnProfile {
  count = 0;
  nulls = 0;
  nan = 0;
  infinite = 0;
  readonly types: TypeCounts = { number: 0, string: 0, boolean: 0, other: 0 };
  readonly moments: Moments;
  readonly kll: KllSketch;
  readonly hll: HyperLogLog;
  readonly frequent: FrequentItems;

  /** An empty profile; `sketches` is for deserialization, which hands over ready sketches. */
  constructor(options: ColumnProfileOptions = {}, sketches?: ColumnSketches) {
    const { kllK = 1024, hllP = 12, lgMaxMapSize = 10, seed = 0 } = options;
    this.moments = sketches?.moments ?? new Moments();
    this.kll = sketches?.kll ?? new KllSketch({ k: kllK, seed });
    this.hll = sketches?.hll ?? new HyperLogLog({ p: hllP });
    this.frequent = sketches?.frequent ?? new FrequentItems({ lgMaxMapSize });
  }

  /** Missing values: null, undefined and NaN. */
  get missing(): number {
    return this.nulls + this.nan;
  }

  /** Adds one value of any type. Never throws on data: unusual values are counted, not rejected. */
  update(value: unknown): this {
    this.count++;
    switch (typeof value) {
      case 'number':
        this.types.number++;
        this.addNumber(value);
        break;
      case 'string':
        this.types.string++;
        this.hll.update(value);
        this.frequent.update(value);
        break;
      case 'boolean':
        this.types.boolean++;
        this.hll.update(value);
        this.frequent.update(value);
        break;
      case 'undefined':
        this.nulls++;
        break;
      default:
        if (value === null) this.nulls++;
        else this.types.other++;
    }
    return this;
  }

  /** Fast path for a numeric column: the same as `update` on each value, without the type dispatch. */
  updateNumbers(values: ArrayLike<number>): this {
    const n = values.length;
    this.count += n;
    this.types.number += n;
    for (let i = 0; i < n; i++) this.addNumber(values[i] as number);
    return this;
  }

  private addNumber(v: number): void {
    if (v !== v) {
      this.nan++;
      return;
    }
    if (v === Infinity || v === -Infinity) {
      this.infinite++;
      return;
    }
    this.moments.update(v);
    this.kll.update(v);
    this.hll.update(v);
    if (Number.isInteger(v)) this.frequent.update(v);
  }

  /** A new profile of the rows of both `a` and `b`; neither input changes. */
  static merge(a: ColumnProfile, b: ColumnProfile): ColumnProfile {
    const out = a.clone();
    out.mergeFrom(b);
    return out;
  }

  /** Adds `other` into this profile. */
  mergeFrom(other: ColumnProfile): this {
    if (other.hll.p !== this.hll.p) {
      throw new InvalidArgumentError('other.hll.p', `the same HyperLogLog precision (${this.hll.p})`, other.hll.p);
    }
    if (other.frequent.maxMapSize !== this.frequent.maxMapSize) {
      throw new InvalidArgumentError('other.frequent', `the same frequent-items map size (${this.frequent.maxMapSize})`, other.frequent.maxMapSize);
    }
    this.count += other.count;
    this.nulls += other.nulls;
    this.nan += other.nan;
    this.infinite += other.infinite;
    this.types.number += other.types.number;
    this.types.string += other.types.string;
    this.types.boolean += other.types.boolean;
    this.types.other += other.types.other;
    this.moments.merge(other.moments);
    this.kll.merge(other.kll);
    this.hll.merge(other.hll);
    this.frequent.merge(other.frequent);
    return this;
  }

  /** An independent copy. */
  clone(): ColumnProfile {
    const p = new ColumnProfile({}, { moments: this.moments.clone(), kll: this.kll.clone(), hll: this.hll.clone(), frequent: this.frequent.clone() });
    p.count = this.count;
    p.nulls = this.nulls;
    p.nan = this.nan;
    p.infinite = this.infinite;
    Object.assign(p.types, this.types);
    return p;
  }

  /** Mean, spread, quantiles, distinct count and top items, with nulls where a column had no numbers. */
  summary({ topK = 10 }: { topK?: number } = {}): ColumnSummary {
    const hasNumbers = this.moments.n > 0;
    const quantiles: Record<string, number> = {};
    if (hasNumbers) for (const q of SUMMARY_QUANTILES) quantiles[String(q)] = this.kll.quantile(q);
    return {
      count: this.count,
      missing: this.missing,
      missingShare: this.count === 0 ? 0 : this.missing / this.count,
      types: { ...this.types },
      nan: this.nan,
      infinite: this.infinite,
      mean: hasNumbers ? this.moments.mean : null,
      std: this.moments.n > 1 ? this.moments.std({ ddof: 1 }) : null,
      min: hasNumbers ? this.moments.min : null,
      max: hasNumbers ? this.moments.max : null,
      quantiles: hasNumbers ? quantiles : null,
      distinct: { estimate: this.hll.estimate(), lower: this.hll.lowerBound(1), upper: this.hll.upperBound(1) },
      topItems: this.frequent.frequentItems({ errorType: 'noFalseNegatives' }).slice(0, topK),
    };
  }

  /** Compact binary form: counts, then each sketch's own framed bytes, all under one CRC32. */
  toBytes(): Uint8Array {
    const parts = [this.moments.toBytes(), this.kll.toBytes(), this.hll.toBytes(), this.frequent.toBytes()];
    const w = new ByteWriter(FORMAT_TYPE, FORMAT_VERSION, 64 + parts.reduce((s, p) => s + p.length + 4, 0));
    for (const v of [this.count, this.nulls, this.nan, this.infinite, this.types.number, this.types.string, this.types.boolean, this.types.other]) w.f64(v);
    for (const p of parts) {
      w.u32(p.length);
      w.bytes(p);
    }
    return w.finish();
  }

  /** Reads `toBytes` output; throws `CorruptInputError` on anything malformed. */
  static fromBytes(bytes: Uint8Array, { verifyChecksum = true }: FromBytesOptions = {}): ColumnProfile {
    const r = new ByteReader(bytes, 'column profile', FORMAT_TYPE, FORMAT_VERSION, verifyChecksum);
    const counts = Array.from({ length: 8 }, () => r.f64());
    // This frame's checksum covers the sketches' bytes: they are not checked again.
    const inner = { verifyChecksum: false };
    const moments = Moments.fromBytes(r.bytesOf(r.u32()), inner);
    const kll = KllSketch.fromBytes(r.bytesOf(r.u32()), inner);
    const hll = HyperLogLog.fromBytes(r.bytesOf(r.u32()), inner);
    const frequent = FrequentItems.fromBytes(r.bytesOf(r.u32()), inner);
    r.done();
    return ColumnProfile.assemble(counts, moments, kll, hll, frequent, 'bytes');
  }

  /** A plain JSON-safe object (each sketch in its own JSON form). */
  toJSON(): ColumnProfileJSON {
    return {
      type: 'column-profile',
      version: FORMAT_VERSION,
      count: this.count,
      nulls: this.nulls,
      nan: this.nan,
      infinite: this.infinite,
      types: { ...this.types },
      moments: this.moments.toJSON(),
      kll: this.kll.toJSON(),
      hll: this.hll.toJSON(),
      frequent: this.frequent.toJSON(),
    };
  }

  /** Reads `toJSON` output; throws `CorruptInputError` naming the first bad field. */
  static fromJSON(obj: unknown): ColumnProfile {
    const o = record(obj, 'json');
    if (o['type'] !== 'column-profile') throw new CorruptInputError('json.type', "'column-profile'", o['type']);
    if (o['version'] !== FORMAT_VERSION) throw new CorruptInputError('json.version', String(FORMAT_VERSION), o['version']);
    const types = record(o['types'], 'json.types');
    const counts = [o['count'], o['nulls'], o['nan'], o['infinite'], types['number'], types['string'], types['boolean'], types['other']].map((v, i) => {
      if (typeof v !== 'number') throw new CorruptInputError(`json.${COUNT_NAMES[i]}`, 'a count', v);
      return v;
    });
    return ColumnProfile.assemble(
      counts,
      Moments.fromJSON(o['moments']),
      KllSketch.fromJSON(o['kll']),
      HyperLogLog.fromJSON(o['hll']),
      FrequentItems.fromJSON(o['frequent']),
      'json',
    );
  }

  private static assemble(counts: number[], moments: Moments, kll: KllSketch, hll: HyperLogLog, frequent: FrequentItems, where: string): ColumnProfile {
    counts.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0) throw new CorruptInputError(`${where}.${COUNT_NAMES[i]}`, 'a non-negative integer count', v);
    });
    const [count, nulls, nan, infinite, number, string, boolean, other] = counts as [number, number, number, number, number, number, number, number];
    // The parts must tell one story, or the profile is corrupt even if every field parses.
    if (nulls + number + string + boolean + other !== count) {
      throw new CorruptInputError(`${where}.count`, 'nulls + the type counts', count);
    }
    if (moments.n + nan + infinite !== number) throw new CorruptInputError(`${where}.moments`, `${number - nan - infinite} finite numbers`, moments.n);
    if (kll.n !== moments.n) throw new CorruptInputError(`${where}.kll`, `${moments.n} values, as the moments`, kll.n);
    const p = new ColumnProfile({}, { moments, kll, hll, frequent });
    p.count = count;
    p.nulls = nulls;
    p.nan = nan;
    p.infinite = infinite;
    Object.assign(p.types, { number, string, boolean, other });
    return p;
  }
}

const COUNT_NAMES = ['count', 'nulls', 'nan', 'infinite', 'types.number', 'types.string', 'types.boolean', 'types.other'];

/** The JSON form of a column profile. */
export interface ColumnProfileJSON {
  type: 'column-profile';
  version: number;
  count: number;
  nulls: number;
  nan: number;
  infinite: number;
  types: TypeCounts;
  moments: ReturnType<Moments['toJSON']>;
  kll: ReturnType<KllSketch['toJSON']>;
  hll: ReturnType<HyperLogLog['toJSON']>;
  frequent: ReturnType<FrequentItems['toJSON']>;
}

function record(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new CorruptInputError(field, 'a JSON object', v);
  return v as Record<string, unknown>;
}
