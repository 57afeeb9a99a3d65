// One column's reference and current values, cleaned as Evidently cleans them (±inf and missing
// dropped) and summarised lazily — value counts, codes, distinct counts — each at most once.

/** A category as a drift method sees it. */
export type DriftKey = string | number | boolean;

/** Value counts of both samples over the union of their distinct values. */
export interface UnionCounts {
  /** Distinct values, reference's first-seen order then current's new ones. */
  readonly keys: readonly DriftKey[];
  readonly ref: Float64Array;
  readonly cur: Float64Array;
}

/** Every row as an index into `keys`. */
export interface Codes {
  readonly keys: readonly DriftKey[];
  readonly ref: Int32Array;
  readonly cur: Int32Array;
}

/** One side's non-missing categories as codes: row i holds `keys[codes[i]]`. */
interface EncodedSide {
  codes: Int32Array;
  counts: Float64Array;
}

/** The drift type of a column: numerical, or categorical (booleans included). */
export type DriftKind = 'numerical' | 'categorical';

export class DriftPair {
  readonly kind: DriftKind;
  readonly name: string;
  private readonly refNumbers: Float64Array | undefined;
  private readonly curNumbers: Float64Array | undefined;
  private readonly refCells: readonly DriftKey[] | undefined;
  private readonly curCells: readonly DriftKey[] | undefined;
  private countsCache: UnionCounts | undefined;
  private codesCache: Codes | undefined;
  /** Set by `fromEncoded`: both sides coded into the union's keys, counts ready. */
  private encodedSides: [EncodedSide, EncodedSide] | undefined;

  private constructor(
    name: string,
    kind: DriftKind,
    numbers: [Float64Array, Float64Array] | undefined,
    cells: [readonly DriftKey[], readonly DriftKey[]] | undefined,
  ) {
    this.name = name;
    this.kind = kind;
    this.refNumbers = numbers?.[0];
    this.curNumbers = numbers?.[1];
    this.refCells = cells?.[0];
    this.curCells = cells?.[1];
  }

  /** Cleaned numbers (finite only). */
  static fromNumbers(name: string, kind: DriftKind, ref: Float64Array, cur: Float64Array): DriftPair {
    return new DriftPair(name, kind, [ref, cur], undefined);
  }

  /** Cleaned non-numeric categories (no missing values). */
  static fromCells(name: string, ref: readonly DriftKey[], cur: readonly DriftKey[]): DriftPair {
    return new DriftPair(name, 'categorical', undefined, [ref, cur]);
  }

  /**
   * Categories given as codes into each side's dictionary of distinct cells (the loader's form),
   * missing cells (null) dropped: the same pair as `fromCells` on the decoded cells — the union's
   * keys in the same first-seen order — from integer counts instead of a Map over every row.
   * Dictionaries must hold strings and booleans only (besides null), each entry distinct, in the
   * order the rows first showed them.
   */
  static fromEncoded(
    name: string,
    ref: { codes: Int32Array; dictionary: readonly (DriftKey | null)[] },
    cur: { codes: Int32Array; dictionary: readonly (DriftKey | null)[] },
  ): DriftPair {
    const pair = new DriftPair(name, 'categorical', undefined, undefined);
    const index = new Map<DriftKey, number>();
    const keys: DriftKey[] = [];
    // Each side's dictionary code → union key, or −1 for missing (or an entry no row holds).
    const side = ({ codes, dictionary }: { codes: Int32Array; dictionary: readonly (DriftKey | null)[] }) => {
      const rowsOf = new Float64Array(dictionary.length);
      for (let i = 0; i < codes.length; i++) rowsOf[codes[i] as number] = (rowsOf[codes[i] as number] as number) + 1;
      const toKey = new Int32Array(dictionary.length).fill(-1);
      let kept = 0;
      dictionary.forEach((c, code) => {
        if (c === null || rowsOf[code] === 0) return;
        let at = index.get(c);
        if (at === undefined) {
          at = keys.length;
          index.set(c, at);
          keys.push(c);
        }
        toKey[code] = at;
        kept += rowsOf[code] as number;
      });
      return { codes, rowsOf, toKey, kept };
    };
    const r = side(ref);
    const c = side(cur);
    const finish = (s: typeof r): EncodedSide => {
      const counts = new Float64Array(keys.length);
      s.toKey.forEach((k, code) => {
        if (k >= 0) counts[k] = s.rowsOf[code] as number;
      });
      const out = new Int32Array(s.kept);
      let n = 0;
      for (let i = 0; i < s.codes.length; i++) {
        const k = s.toKey[s.codes[i] as number] as number;
        if (k >= 0) out[n++] = k;
      }
      return { codes: out, counts };
    };
    const sides: [EncodedSide, EncodedSide] = [finish(r), finish(c)];
    pair.encodedSides = sides;
    pair.countsCache = { keys, ref: sides[0].counts, cur: sides[1].counts };
    pair.codesCache = { keys, ref: sides[0].codes, cur: sides[1].codes };
    return pair;
  }

  get nRef(): number {
    return this.encodedSides?.[0].codes.length ?? (this.refNumbers ?? this.refCells ?? []).length;
  }

  get nCur(): number {
    return this.encodedSides?.[1].codes.length ?? (this.curNumbers ?? this.curCells ?? []).length;
  }

  /** The values as numbers, or undefined when the column holds non-numeric categories. */
  numbers(): { ref: Float64Array; cur: Float64Array } | undefined {
    return this.refNumbers === undefined || this.curNumbers === undefined ? undefined : { ref: this.refNumbers, cur: this.curNumbers };
  }

  /** Distinct values of the reference (`which` 'ref') or of both, counted up to `limit + 1` only. */
  distinctUpTo(limit: number, which: 'ref' | 'both'): number {
    if (this.countsCache !== undefined && which === 'both') return Math.min(this.countsCache.keys.length, limit + 1);
    if (this.encodedSides !== undefined) {
      let n = 0;
      for (const c of this.encodedSides[0].counts) if (c > 0) n++;
      return Math.min(n, limit + 1);
    }
    const seen = new Set<DriftKey>();
    const sides = which === 'ref' ? [this.refNumbers ?? this.refCells] : [this.refNumbers ?? this.refCells, this.curNumbers ?? this.curCells];
    for (const side of sides) {
      if (side === undefined) continue;
      for (let i = 0; i < side.length; i++) {
        seen.add(side[i] as DriftKey);
        if (seen.size > limit) return seen.size;
      }
    }
    return seen.size;
  }

  /** Value counts over the union of distinct values (one Map pass per sample). */
  counts(): UnionCounts {
    if (this.countsCache !== undefined) return this.countsCache;
    const index = new Map<DriftKey, number>();
    const refCounts: number[] = [];
    const curCounts: number[] = [];
    const tally = (side: ArrayLike<DriftKey>, mine: number[], other: number[]): void => {
      for (let i = 0; i < side.length; i++) {
        const k = side[i] as DriftKey;
        const at = index.get(k);
        if (at === undefined) {
          index.set(k, mine.length);
          mine.push(1);
          other.push(0);
        } else mine[at]!++;
      }
    };
    tally((this.refNumbers ?? this.refCells) as ArrayLike<DriftKey>, refCounts, curCounts);
    tally((this.curNumbers ?? this.curCells) as ArrayLike<DriftKey>, curCounts, refCounts);
    this.countsCache = { keys: [...index.keys()], ref: Float64Array.from(refCounts), cur: Float64Array.from(curCounts) };
    return this.countsCache;
  }

  /** Every row coded as an index into the union's keys (for permutation tests and 2×2 tables). */
  codes(): Codes {
    if (this.codesCache !== undefined) return this.codesCache;
    const { keys } = this.counts();
    const index = new Map<DriftKey, number>();
    keys.forEach((k, i) => index.set(k, i));
    const code = (side: ArrayLike<DriftKey>): Int32Array => {
      const out = new Int32Array(side.length);
      for (let i = 0; i < side.length; i++) out[i] = index.get(side[i] as DriftKey) as number;
      return out;
    };
    this.codesCache = {
      keys,
      ref: code((this.refNumbers ?? this.refCells) as ArrayLike<DriftKey>),
      cur: code((this.curNumbers ?? this.curCells) as ArrayLike<DriftKey>),
    };
    return this.codesCache;
  }
}
