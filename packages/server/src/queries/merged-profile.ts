// The profile of a series step or a window: the columns of several stored (read-only) profiles,
// each merged when first read. A page asks each step for a few columns (latency, the score, one
// feature), so merging only what is read saves most of the work of a long range.

import type { ColumnProfile, DatasetProfile } from '@vigil/core';

export class MergedProfile {
  private readonly merged = new Map<string, ColumnProfile | null>();

  /** `parts` are read, never changed; they are merged in this order. */
  constructor(private readonly parts: readonly DatasetProfile[]) {}

  /**
   * The column over every part, or undefined when no part has it. Read-only: with a single part it
   * is that part's own column.
   */
  column(name: string): ColumnProfile | undefined {
    const hit = this.merged.get(name);
    if (hit !== undefined) return hit ?? undefined;
    let out: ColumnProfile | null = null;
    let owned = false;
    for (const part of this.parts) {
      const c = part.columns.get(name);
      if (c === undefined) continue;
      if (out === null) out = c;
      else {
        if (!owned) {
          out = out.clone();
          owned = true;
        }
        out.mergeFrom(c);
      }
    }
    this.merged.set(name, out);
    return out ?? undefined;
  }

  /** This profile and `others` as one, in order (their parts, not their merged columns). */
  static concat(profiles: readonly MergedProfile[]): MergedProfile {
    return new MergedProfile(profiles.flatMap((p) => p.parts));
  }
}
