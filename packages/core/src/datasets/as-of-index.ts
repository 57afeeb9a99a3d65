// The point-in-time ("as of") join of a feature table: for an entity and a time, the row that
// described the entity then — the latest row for it at or before the time. Rows are grouped by
// entity with a counting sort (one hash lookup per row), then each group is ordered by time, so a
// million rows index in a few hundred milliseconds and each lookup is a binary search in its group.

/** A row's key: the entity as text (a number's `String`), so 42 and "42" join. */
export function entityKeyOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return null;
}

export class AsOfIndex {
  private constructor(
    private readonly groups: Map<string, number>,
    /** Group g's rows are `order[start[g] .. start[g + 1])`, by time, then by row (the later row wins a tie). */
    private readonly start: Int32Array,
    private readonly order: Int32Array,
    private readonly times: Float64Array,
  ) {}

  /** Rows indexed (those with an entity and a finite time). */
  get size(): number {
    return this.order.length;
  }

  /**
   * Indexes rows by entity and time. `entity(i)` is row i's key (null: the row is left out);
   * `times[i]` its time in epoch ms (NaN: left out). Row order breaks ties: of two rows of one
   * entity at one time, the later row is the one a lookup finds.
   */
  static build(rows: number, entity: (i: number) => string | null, times: Float64Array): AsOfIndex {
    const groups = new Map<string, number>();
    const groupOf = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const key = entity(i);
      if (key === null) {
        groupOf[i] = -1;
        continue;
      }
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = groups.size));
      groupOf[i] = g;
    }
    return AsOfIndex.fromGroups(groups, groupOf, times);
  }

  /**
   * Indexes rows already grouped: `groups` maps each entity key to its group, `groupOf[i]` is row
   * i's group (-1: left out). What a caller with dictionary-coded entities builds with one hash
   * lookup per distinct entity instead of one per row.
   */
  static fromGroups(groups: Map<string, number>, groupOf: Int32Array, times: Float64Array): AsOfIndex {
    const rows = groupOf.length;
    const counts = new Int32Array(groups.size);
    for (let i = 0; i < rows; i++) {
      const g = groupOf[i]!;
      if (g >= 0 && !Number.isNaN(times[i]!)) counts[g]!++;
    }
    const start = new Int32Array(groups.size + 1);
    for (let g = 0; g < groups.size; g++) start[g + 1] = start[g]! + counts[g]!;
    const fill = start.slice(0, groups.size);
    const order = new Int32Array(start[groups.size]!);
    for (let i = 0; i < rows; i++) {
      const g = groupOf[i]!;
      if (g >= 0 && !Number.isNaN(times[i]!)) order[fill[g]!++] = i;
    }
    // Rows went in by index, so each group is in row order: a stable sort by time keeps ties in it.
    for (let g = 0; g < groups.size; g++) {
      const lo = start[g]!;
      const hi = start[g + 1]!;
      if (hi - lo < 2) continue;
      let sorted = true;
      for (let k = lo + 1; k < hi && sorted; k++) sorted = times[order[k - 1]!]! <= times[order[k]!]!;
      if (sorted) continue;
      const part = Array.from(order.subarray(lo, hi)).sort((a, b) => times[a]! - times[b]! || a - b);
      order.set(part, lo);
    }
    return new AsOfIndex(groups, start, order, times);
  }

  /** The row of `entity` as of `t`: the latest at or before `t` (the later row on a tie), or -1. */
  lookup(entity: string, t: number): number {
    const g = this.groups.get(entity);
    if (g === undefined) return -1;
    let lo = this.start[g]!;
    let hi = this.start[g + 1]!;
    // The first position whose time is after t; the row before it is the answer.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[this.order[mid]!]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.start[g]! ? -1 : this.order[lo - 1]!;
  }
}
