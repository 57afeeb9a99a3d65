// Categories a window holds that the reference never saw, as far as the frequent-items sketches
// can tell: the `new_categories` series counts them and quality alerts name them.

import type { ColumnProfile } from './column-profile.js';

/**
 * The categories of `current` absent from `reference`: the items the current sketch surely holds
 * (no false positives) that are not among the items the reference may hold (no false negatives),
 * so a category is called new only when the sketches are sure of it.
 */
export function newCategories(current: ColumnProfile | undefined, reference: ColumnProfile | undefined): string[] {
  if (current === undefined || reference === undefined || current.frequent.streamWeight === 0) return [];
  const seen = new Set(reference.frequent.frequentItems({ errorType: 'noFalseNegatives' }).map((i) => String(i.item)));
  return current.frequent
    .frequentItems({ errorType: 'noFalsePositives' })
    .map((i) => String(i.item))
    .filter((item) => !seen.has(item));
}
