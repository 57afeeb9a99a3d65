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

  get nRef(): number {
    return (this.refNumbers ?? this.refCells ?? []).length;
  }

  get nCur(): number {
    return (this.curNumbers ?? this.curCells ?? []).length;
  }

  /** The values as numbers, or undefined when the column holds non-numeric categories. */
  numbers(): { ref: Float64Array; cur: Float64Array } | undefined {
    return this.refNumbers === undefined || this.curNumbers === undefined ? undefined : { ref: this.refNumbers, cur: this.curNumbers };
  }

  /** Distinct values of the reference (`which` 'ref') or of both, counted up to `limit + 1` only. */
  distinctUpTo(limit: number, which: 'ref' | 'both'): number {
    if (this.countsCache !== undefined && which === 'both') return Math.min(this.countsCache.keys.length, limit + 1);
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
