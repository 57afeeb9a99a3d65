// Cardinality change (the guide's data-quality table: alert when a feature's distinct count moves
// more than 10 % from the reference), on HyperLogLog estimates of both sides.

import type { ColumnProfile } from '../profiles/column-profile.js';

export interface CardinalityChange {
  reference: number;
  current: number;
  /** |current − reference| ÷ reference (Infinity when the reference has none and the window has some). */
  change: number;
}

/** Relative change of the distinct count from the reference; null when neither side holds a value. */
export function cardinalityChange(current: ColumnProfile | undefined, reference: ColumnProfile | undefined): CardinalityChange | null {
  const c = current === undefined ? 0 : current.hll.estimate();
  const r = reference === undefined ? 0 : reference.hll.estimate();
  if (c === 0 && r === 0) return null;
  return { reference: r, current: c, change: r === 0 ? Infinity : Math.abs(c - r) / r };
}
