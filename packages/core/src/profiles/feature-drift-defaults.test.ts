// profileFeatureDrift against SciPy (fixtures/gen_feature_drift_defaults.py): normed Wasserstein for
// numeric features and the Jensen–Shannon distance for the others, on profiles small enough that
// their sketches hold every value, so the answers must match to rounding.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ColumnProfile } from './column-profile.js';
import { DatasetProfile } from './dataset-profile.js';
import { PROFILE_DRIFT_DEFAULTS, profileFeatureDrift } from './feature-drift-defaults.js';
import { categoricalProfileDrift, numericProfileDrift } from './profile-drift.js';

type Value = number | string | boolean | null;

interface NumericAnswer {
  wasserstein: number;
  referenceStd: number;
  score: number;
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
}

interface NumericCase extends NumericAnswer {
  name: string;
  reference: (number | null)[];
  current: (number | null)[];
}

interface CategoricalCase {
  name: string;
  reference: Value[];
  current: Value[];
  categories: string[];
  referenceShares: number[];
  currentShares: number[];
  score: number;
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
}

interface Fixture {
  generator: string;
  threshold: number;
  numeric: NumericCase[];
  cache: { first: number[]; more: number[]; current: number[]; before: NumericAnswer; after: NumericAnswer };
  categorical: CategoricalCase[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/feature_drift_defaults.json', import.meta.url), 'utf8')) as Fixture;

/** The project's tolerance for known answers: 1e-9 relative, 1e-12 absolute near zero. */
function expectClose(actual: number, expected: number, label: string): void {
  const tolerance = Math.max(1e-9 * Math.abs(expected), 1e-12);
  if (!(Math.abs(actual - expected) <= tolerance)) expect.fail(`${label}: expected ${expected}, got ${actual}`);
}

function profileOf(values: readonly Value[]): ColumnProfile {
  const p = new ColumnProfile();
  for (const v of values) p.update(v);
  return p;
}

describe('PROFILE_DRIFT_DEFAULTS', () => {
  it("are Evidently's large-data defaults: normed Wasserstein and Jensen–Shannon, both at 0.1", () => {
    expect(PROFILE_DRIFT_DEFAULTS).toEqual({
      numeric: { method: 'wasserstein', threshold: 0.1 },
      categorical: { method: 'jensenshannon', threshold: 0.1 },
    });
    expect(fixture.threshold).toBe(PROFILE_DRIFT_DEFAULTS.numeric.threshold);
  });
});

describe('profileFeatureDrift on numeric features (SciPy wasserstein_distance ÷ np.std of the reference)', () => {
  for (const c of fixture.numeric) {
    it(c.name, () => {
      const reference = profileOf(c.reference);
      const current = profileOf(c.current);
      expect(reference.kll.isEstimationMode || current.kll.isEstimationMode, 'sketches still exact').toBe(false);
      const d = profileFeatureDrift(reference, current, 'x', 'numeric');
      expect(d).not.toBeNull();
      expectClose(d!.score, c.score, 'score');
      expect(d!.drifted).toBe(c.drifted);
      expect(d!).toMatchObject({
        feature: 'x',
        type: 'numeric',
        method: 'wasserstein',
        threshold: 0.1,
        referenceCount: c.referenceCount,
        currentCount: c.currentCount,
      });
      // PSI is the one the full numeric comparison reports.
      expect(d!.psi).toBe(numericProfileDrift(reference, current).psi);
    });
  }

  it('drifts at the threshold itself (score ≥ 0.1) and not just below it', () => {
    const at = fixture.numeric.find((c) => c.name === 'exactly at the threshold')!;
    const below = fixture.numeric.find((c) => c.name === 'just below the threshold')!;
    expect(at.score).toBe(0.1);
    expect(profileFeatureDrift(profileOf(at.reference), profileOf(at.current), 'x', 'numeric')!.drifted).toBe(true);
    expect(profileFeatureDrift(profileOf(below.reference), profileOf(below.current), 'x', 'numeric')!.drifted).toBe(false);
  });

  it('reads the columns of dataset profiles built from rows', () => {
    const c = fixture.numeric.find((x) => x.name === 'nulls left out')!;
    const rows = (values: (number | null)[]): Record<string, unknown>[] => values.map((age, i) => ({ age, city: i % 2 ? 'lima' : 'oslo' }));
    const reference = DatasetProfile.fromRows(rows(c.reference));
    const current = DatasetProfile.fromRows(rows(c.current));
    const d = profileFeatureDrift(reference.columns.get('age'), current.columns.get('age'), 'age', 'numeric');
    expectClose(d!.score, c.score, 'score');
    expect([d!.referenceCount, d!.currentCount]).toEqual([c.referenceCount, c.currentCount]);
  });

  it('gives a constant reference 0 for an identical current and Infinity for any other', () => {
    const reference = profileOf([5, 5, 5, 5]);
    expect(reference.moments.std()).toBe(0);
    const same = profileFeatureDrift(reference, profileOf([5, 5]), 'x', 'numeric')!;
    expect(same.score).toBe(0);
    expect(same.drifted).toBe(false);
    const other = profileFeatureDrift(reference, profileOf([5, 5, 6]), 'x', 'numeric')!;
    expect(other.score).toBe(Infinity);
    expect(other.drifted).toBe(true);
  });

  it('is null when a side is missing or holds no finite number', () => {
    const values = profileOf([1, 2, 3]);
    expect(profileFeatureDrift(undefined, values, 'x', 'numeric')).toBeNull();
    expect(profileFeatureDrift(values, undefined, 'x', 'numeric')).toBeNull();
    expect(profileFeatureDrift(new ColumnProfile(), values, 'x', 'numeric')).toBeNull();
    expect(profileFeatureDrift(values, profileOf([null, null, Number.NaN, Infinity]), 'x', 'numeric')).toBeNull();
    // Strings in a numeric column are counted by the profile but are not numbers to compare.
    expect(profileFeatureDrift(values, profileOf(['1', '2']), 'x', 'numeric')).toBeNull();
    // A dataset profile answers an absent column with an empty one.
    expect(profileFeatureDrift(values, new DatasetProfile().column('x'), 'x', 'numeric')).toBeNull();
  });

  it('does not serve a stale prepared reference after the reference takes more values', () => {
    const { first, more, current, before, after } = fixture.cache;
    const reference = new ColumnProfile().updateNumbers(first);
    const cur = new ColumnProfile().updateNumbers(current);
    const d1 = profileFeatureDrift(reference, cur, 'x', 'numeric')!;
    expectClose(d1.score, before.score, 'score before');
    expect(d1.referenceCount).toBe(before.referenceCount);
    // The same reference again: the prepared one is reused and the answer is the same.
    expect(profileFeatureDrift(reference, cur, 'x', 'numeric')).toEqual(d1);

    reference.updateNumbers(more);
    const d2 = profileFeatureDrift(reference, cur, 'x', 'numeric')!;
    expectClose(d2.score, after.score, 'score after');
    expect(d2.referenceCount).toBe(after.referenceCount);
    // PSI reads the reference-quantile bins the cache holds: it must be that of the grown reference,
    // as a fresh profile of every value gives it, and not the first one's.
    const fresh = profileFeatureDrift(new ColumnProfile().updateNumbers([...first, ...more]), cur, 'x', 'numeric')!;
    expect(d2.psi).toBe(fresh.psi);
    expect(d2.psi).toBe(numericProfileDrift(reference, cur).psi);
    expect(d2.psi).not.toBe(d1.psi);

    // Merging rows in counts as taking more values too.
    const merged = new ColumnProfile().updateNumbers(first);
    const d3 = profileFeatureDrift(merged, cur, 'x', 'numeric')!;
    merged.mergeFrom(new ColumnProfile().updateNumbers(more));
    const d4 = profileFeatureDrift(merged, cur, 'x', 'numeric')!;
    expect(d3.psi).toBe(d1.psi);
    expect(d4.psi).toBe(fresh.psi);
    expectClose(d4.score, after.score, 'merged score');
  });
});

describe('profileFeatureDrift on categorical features (SciPy jensenshannon of the shares, natural log)', () => {
  for (const c of fixture.categorical) {
    it(c.name, () => {
      const reference = profileOf(c.reference);
      const current = profileOf(c.current);
      const type = typeof c.reference.find((v) => v !== null) === 'boolean' ? 'boolean' : 'categorical';
      const d = profileFeatureDrift(reference, current, 'colour', type);
      expect(d).not.toBeNull();
      expectClose(d!.score, c.score, 'score');
      expect(d!.drifted).toBe(c.drifted);
      expect(d!).toMatchObject({
        feature: 'colour',
        type,
        method: 'jensenshannon',
        threshold: 0.1,
        referenceCount: c.referenceCount,
        currentCount: c.currentCount,
      });
      // The shares it compares are SciPy's, plus an empty '__other__' bucket.
      const full = categoricalProfileDrift(reference, current);
      expect(full.categories).toEqual([...c.categories, '__other__']);
      full.referenceShares.slice(0, -1).forEach((s, i) => expectClose(s, c.referenceShares[i]!, `reference share ${c.categories[i]}`));
      full.currentShares.slice(0, -1).forEach((s, i) => expectClose(s, c.currentShares[i]!, `current share ${c.categories[i]}`));
      expect(d!.psi).toBe(full.psi);
    });
  }

  it('reaches √ln 2 for disjoint categories, the largest natural-log distance', () => {
    const d = profileFeatureDrift(profileOf(['x', 'x']), profileOf(['y']), 'c', 'categorical')!;
    expectClose(d.score, Math.sqrt(Math.LN2), 'score');
  });

  it('treats text features as categories too', () => {
    const c = fixture.categorical.find((x) => x.name === 'a new category')!;
    const d = profileFeatureDrift(profileOf(c.reference), profileOf(c.current), 'note', 'text')!;
    expect(d.method).toBe('jensenshannon');
    expectClose(d.score, c.score, 'score');
  });

  it('is null when a side is missing or has no categories', () => {
    const values = profileOf(['a', 'b']);
    expect(profileFeatureDrift(undefined, values, 'c', 'categorical')).toBeNull();
    expect(profileFeatureDrift(values, undefined, 'c', 'categorical')).toBeNull();
    expect(profileFeatureDrift(profileOf([null, null]), values, 'c', 'categorical')).toBeNull();
    expect(profileFeatureDrift(values, new ColumnProfile(), 'c', 'categorical')).toBeNull();
    // Fractional numbers are not tracked as categories (whylogs' rule), so nothing is left to compare.
    expect(profileFeatureDrift(values, profileOf([0.5, 1.25]), 'c', 'categorical')).toBeNull();
  });
});
