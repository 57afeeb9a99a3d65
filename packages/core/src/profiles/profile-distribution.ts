// Reference and current distributions of one column read off two profiles, in the same shape as
// `columnDistribution` draws from raw values: numeric shares on shared equal-width bins (NumPy's
// histogram bins: [a, b) and a closed last bin), categorical shares of the most frequent categories.

import { InvalidArgumentError } from '@vigil/stats';
import type { CategoricalDistribution, ColumnDistribution, NumericDistribution } from '../charts/column-distribution.js';
import type { ColumnProfile } from './column-profile.js';
import { OTHER_CATEGORY, categoricalProfileDrift } from './profile-drift.js';

export interface ProfileDistributionOptions {
  /** Equal-width bins over both sides' range. Default 20. */
  bins?: number;
  /** At most this many category bars, the last being "other". Default 20. */
  maxCategories?: number;
  /** Compare categories even when both sides hold numbers. */
  asCategories?: boolean;
}

export function profileDistribution(reference: ColumnProfile, current: ColumnProfile, options: ProfileDistributionOptions = {}): ColumnDistribution {
  const { bins = 20, maxCategories = 20 } = options;
  if (!Number.isInteger(bins) || bins < 1) throw new InvalidArgumentError('bins', 'an integer ≥ 1', bins);
  if (!options.asCategories && (reference.moments.n > 0 || current.moments.n > 0)) return numeric(reference, current, bins);
  return categorical(reference, current, maxCategories);
}

function numeric(reference: ColumnProfile, current: ColumnProfile, bins: number): NumericDistribution {
  const sides = [reference, current].filter((c) => !c.kll.isEmpty);
  const lo = Math.min(...sides.map((c) => c.kll.min));
  const hi = Math.max(...sides.map((c) => c.kll.max));
  // NumPy widens an empty range to [lo − 0.5, hi + 0.5].
  const [a, b] = lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? b : a + ((b - a) * i) / bins));
  const interior = edges.slice(1, -1);
  // Exclusive ranks count values below each interior edge: bins [e_i, e_i+1), the last one closed.
  const shares = (c: ColumnProfile) => (c.kll.isEmpty ? new Array<number>(bins).fill(0) : Array.from(c.kll.pmf(interior, { inclusive: false })));
  return { kind: 'numeric', edges, reference: shares(reference), current: shares(current) };
}

function categorical(reference: ColumnProfile, current: ColumnProfile, maxCategories: number): CategoricalDistribution {
  const hasRef = reference.frequent.streamWeight > 0;
  const hasCur = current.frequent.streamWeight > 0;
  if (!hasRef && !hasCur) return { kind: 'categorical', categories: [], reference: [], current: [] };
  const d = hasRef && hasCur ? categoricalProfileDrift(reference, current) : oneSided(hasRef ? reference : current, hasRef);
  const named = d.categories.map((name, i) => ({ name, ref: d.referenceShares[i]!, cur: d.currentShares[i]! })).filter((c) => c.name !== OTHER_CATEGORY);
  const other = d.categories.indexOf(OTHER_CATEGORY);
  let otherRef = other < 0 ? 0 : d.referenceShares[other]!;
  let otherCur = other < 0 ? 0 : d.currentShares[other]!;
  named.sort((x, y) => y.ref + y.cur - (x.ref + x.cur) || x.name.localeCompare(y.name));
  const room = otherRef > 0 || otherCur > 0 || named.length > maxCategories ? maxCategories - 1 : maxCategories;
  for (const c of named.slice(room)) {
    otherRef += c.ref;
    otherCur += c.cur;
  }
  const shown = named.slice(0, room);
  const out: CategoricalDistribution = {
    kind: 'categorical',
    categories: shown.map((c) => c.name),
    reference: shown.map((c) => c.ref),
    current: shown.map((c) => c.cur),
  };
  if (otherRef > 0 || otherCur > 0) {
    const label = `other (${named.length - shown.length === 0 ? 'untracked' : `${named.length - shown.length} more`})`;
    out.categories.push(label);
    out.reference.push(otherRef);
    out.current.push(otherCur);
    out.otherLabel = label;
  }
  return out;
}

/** Shares of one side when the other has no categories at all. */
function oneSided(side: ColumnProfile, isReference: boolean): { categories: string[]; referenceShares: number[]; currentShares: number[] } {
  const w = side.frequent.streamWeight;
  const items = side.frequent.frequentItems({ errorType: 'noFalseNegatives' });
  const shares = items.map((r) => side.frequent.estimate(r.item) / w);
  const rest = Math.max(0, 1 - shares.reduce((s, x) => s + x, 0));
  const categories = [...items.map((r) => r.item), OTHER_CATEGORY];
  const zeros = categories.map(() => 0);
  const values = [...shares, rest];
  return { categories, referenceShares: isReference ? values : zeros, currentShares: isReference ? zeros : values };
}
