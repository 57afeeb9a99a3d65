import { describe, expect, it } from 'vitest';
import type { MonitorInfo } from '@vigil/wire';
import { fairnessView } from './fairness-view.js';

const monitor = (
  lastDetails: Record<string, unknown> | null,
  config: Record<string, unknown> = { attribute: 'region', metric: 'demographic_parity_ratio' },
): MonitorInfo => ({
  name: 'parity',
  model: 'credit',
  type: 'fairness',
  config,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  lastEvaluatedAt: '2026-11-02T00:00:00.000Z',
  health: 'ok',
  lastError: null,
  lastDetails,
});

const judged = {
  rows: 800,
  value: 0.5,
  byGroup: { a: 0.6, b: 0.3 },
  groups: { a: 400, b: 400 },
  tooSmall: { c: 3 },
  compared: ['a', 'b'],
  pValue: 1e-17,
  fails: true,
  significant: true,
};

describe('fairnessView', () => {
  it('gives each group its Wilson 95 % interval (SciPy binomtest(k, n).proportion_ci(method="wilson"))', () => {
    const v = fairnessView(monitor(judged));
    expect(v.state).toBe('judged');
    if (v.state !== 'judged') return;
    // scipy.stats.binomtest(240, 400).proportion_ci(0.95, method='wilson') = (0.5512590700, 0.6468384711)
    expect(v.groups[0]).toMatchObject({ group: 'a', rate: 0.6, n: 400, compared: true });
    expect(v.groups[0]!.lower).toBeCloseTo(0.55125907, 7);
    expect(v.groups[0]!.upper).toBeCloseTo(0.64683847, 7);
    // binomtest(120, 400).proportion_ci(0.95, method='wilson') = (0.2571676720, 0.3466372458)
    expect(v.groups[1]!.lower).toBeCloseTo(0.25716767, 7);
    expect(v.groups[1]!.upper).toBeCloseTo(0.34663725, 7);
    expect(v.tooSmall).toEqual({ c: 3 });
  });

  it('falls back to the four-fifths rule and to fails ∧ significant when older details lack them', () => {
    const v = fairnessView(monitor(judged));
    if (v.state !== 'judged') throw new Error(v.state);
    expect(v).toMatchObject({ threshold: 0.8, ratio: true, fires: true, alpha: 0.05 });
    const diff = fairnessView(monitor({ ...judged, significant: false }, { attribute: 'region', metric: 'demographic_parity_difference' }));
    if (diff.state !== 'judged') throw new Error(diff.state);
    expect(diff).toMatchObject({ threshold: 0.1, ratio: false, fires: false });
  });

  it('takes the threshold and verdict the monitor reported', () => {
    const v = fairnessView(monitor({ ...judged, metric: 'demographic_parity_ratio', threshold: 0.9, alpha: 0.01, fires: false }));
    expect(v).toMatchObject({ state: 'judged', threshold: 0.9, alpha: 0.01, fires: false });
  });

  it('says why there is no judgement', () => {
    expect(fairnessView(monitor(null)).state).toBe('not-evaluated');
    expect(fairnessView(monitor({ rows: 10, reason: 'fewer than two groups with at least 30 rows (2 too small)' }))).toMatchObject({
      state: 'no-data',
      reason: 'fewer than two groups with at least 30 rows (2 too small)',
    });
  });
});
