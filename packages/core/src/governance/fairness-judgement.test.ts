import { describe, expect, it } from 'vitest';
import { createRng, demographicParityRatio, zTestProportions } from '@vigil/stats';
import { judgeFairness } from './fairness-judgement.js';
import type { FairnessRow } from './fairness-judgement.js';

/** n rows per group, each selected with its group's probability (seeded). */
function stream(n: number, rates: Record<string, number>, seed = 7): FairnessRow[] {
  const rng = createRng(seed);
  const rows: FairnessRow[] = [];
  for (const [group, p] of Object.entries(rates)) for (let i = 0; i < n; i++) rows.push({ group, predicted: rng.next() < p, actual: rng.next() < 0.5 });
  return rows;
}

describe('judgeFairness', () => {
  it('fires on a biased stream (selection 0.6 against 0.3) and not on a fair one of the same size', () => {
    const biased = judgeFairness(stream(400, { a: 0.6, b: 0.3 }), { metric: 'demographic_parity_ratio' });
    const fair = judgeFairness(stream(400, { a: 0.45, b: 0.45 }), { metric: 'demographic_parity_ratio' });
    if ('noData' in biased || 'noData' in fair) throw new Error('expected judgements');
    expect(biased).toMatchObject({ fails: true, significant: true, fires: true, threshold: 0.8, compared: ['a', 'b'] });
    expect(fair.fires).toBe(false);
    expect(fair.value).toBeGreaterThan(0.8);
  });
  it('equals the stats functions it stands on', () => {
    const rows = stream(200, { x: 0.5, y: 0.35, z: 0.42 }, 3);
    const j = judgeFairness(rows, { metric: 'demographic_parity_ratio' });
    if ('noData' in j) throw new Error('expected a judgement');
    const yPred = rows.map((r) => (r.predicted ? 1 : 0));
    expect(j.value).toBe(demographicParityRatio(yPred, yPred, { sensitiveFeatures: rows.map((r) => r.group as string) }).value);
    const hi = rows.filter((r) => r.group === j.compared[0]);
    const lo = rows.filter((r) => r.group === j.compared[1]);
    expect(j.pValue).toBe(zTestProportions([hi.filter((r) => r.predicted).length, lo.filter((r) => r.predicted).length], [hi.length, lo.length]).pvalue);
  });
  it('does not fire on a small group’s noise: the gap fails the rule but is not significant', () => {
    // 15 of 30 against 11 of 30: ratio 0.73, below four fifths, but z ≈ 1.04 (p ≈ 0.30).
    const rows: FairnessRow[] = [];
    for (let i = 0; i < 30; i++) rows.push({ group: 'a', predicted: i < 15, actual: null }, { group: 'b', predicted: i < 11, actual: null });
    const j = judgeFairness(rows, { metric: 'demographic_parity_ratio', minGroupSize: 30 });
    if ('noData' in j) throw new Error('expected a judgement');
    expect(j.fails).toBe(true);
    expect(j.significant).toBe(false);
    expect(j.fires).toBe(false);
  });
  it('leaves out groups below the minimum size, and has no verdict with fewer than two left', () => {
    const rows = [...stream(100, { a: 0.5, b: 0.2 }), ...stream(5, { c: 0 })];
    const j = judgeFairness(rows, { metric: 'demographic_parity_difference', minGroupSize: 30 });
    if ('noData' in j) throw new Error('expected a judgement');
    expect(Object.keys(j.byGroup)).toEqual(['a', 'b']);
    expect(j.tooSmall).toEqual({ c: 5 });
    expect(judgeFairness(stream(100, { a: 0.5 }), { metric: 'demographic_parity_ratio' })).toEqual({
      noData: expect.stringContaining('fewer than two groups'),
    });
  });
  it('judges equal opportunity on the labelled positives', () => {
    const rng = createRng(5);
    const rows: FairnessRow[] = [];
    for (const [group, tpr] of [
      ['a', 0.8],
      ['b', 0.4],
    ] as const)
      for (let i = 0; i < 300; i++) {
        const actual = rng.next() < 0.5;
        rows.push({ group, actual, predicted: actual ? rng.next() < tpr : rng.next() < 0.1 });
      }
    const j = judgeFairness(rows, { metric: 'equal_opportunity_ratio' });
    if ('noData' in j) throw new Error('expected a judgement');
    expect(j.fires).toBe(true);
    expect(j.byGroup['a']).toBeGreaterThan(0.7);
    expect(j.groups['a']).toBe(rows.filter((r) => r.group === 'a' && r.actual).length);
  });
});
