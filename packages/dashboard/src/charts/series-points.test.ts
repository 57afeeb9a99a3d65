import { describe, expect, it } from 'vitest';
import type { SeriesResponse } from '@vigil/wire';
import { driftGrid, featurePoints, lastValue, latestDrift, pointsByLabel, pointsOf } from './series-points.js';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const series = (points: SeriesResponse['points'], step = 3600): SeriesResponse => ({ metric: 'm', from: iso(0), to: iso(6 * H), step, points, next: null });

describe('series points', () => {
  it('reads unlabelled points in time order, with their bands', () => {
    const s = series([
      { t: iso(H), value: 0.86, lower: 0.8, upper: 0.9 },
      { t: iso(0), value: null },
      { t: iso(0), value: 1, labels: { class: '1' } },
    ]);
    expect(pointsOf(s)).toEqual([
      { t: 0, value: null },
      { t: H, value: 0.86, lower: 0.8, upper: 0.9 },
    ]);
    expect(lastValue(pointsOf(s))).toEqual({ t: H, value: 0.86, lower: 0.8, upper: 0.9 });
    expect(lastValue([{ t: 0, value: null }])).toBeUndefined();
  });

  it('splits labelled points into lines, ordered by label value as numbers sort', () => {
    const s = series([
      { t: iso(H), value: 0.2, labels: { class: '10' } },
      { t: iso(0), value: 0.7, labels: { class: '2' } },
      { t: iso(H), value: 0.8, labels: { class: '2' } },
    ]);
    expect([...pointsByLabel(s, 'class')]).toEqual([
      [
        '2',
        [
          { t: 0, value: 0.7 },
          { t: H, value: 0.8 },
        ],
      ],
      ['10', [{ t: H, value: 0.2 }]],
    ]);
    expect(
      featurePoints(
        series([
          { t: iso(0), value: 3, labels: { feature: 'age' } },
          { t: iso(0), value: 4, labels: { feature: 'income' } },
        ]),
        'income',
      ),
    ).toEqual([{ t: 0, value: 4 }]);
  });

  it('lays the drift series out as a grid from its first to its last step, gaps included', () => {
    const s = series([
      { t: iso(H), value: 0.03, labels: { feature: 'age', method: 'wasserstein', drifted: 'false' } },
      { t: iso(H), value: 0.44, labels: { feature: 'income', method: 'wasserstein', drifted: 'true' } },
      { t: iso(4 * H), value: 0.05, labels: { feature: 'age', method: 'wasserstein', drifted: 'false' } },
      { t: iso(4 * H), value: 0.23, labels: { feature: 'zeta', method: 'jensenshannon', drifted: 'true' } },
    ]);
    const grid = driftGrid(s, 0.1, ['income', 'age']);
    expect(grid.steps).toEqual([H, 2 * H, 3 * H, 4 * H]);
    expect(grid.features).toEqual(['income', 'age', 'zeta']);
    expect(grid.cells).toEqual([
      { t: H, feature: 'age', score: 0.03, threshold: 0.1 },
      { t: H, feature: 'income', score: 0.44, threshold: 0.1 },
      { t: 4 * H, feature: 'age', score: 0.05, threshold: 0.1 },
      { t: 4 * H, feature: 'zeta', score: 0.23, threshold: 0.1 },
    ]);
    expect(latestDrift(s)).toEqual({ t: 4 * H, drifted: ['zeta'], tested: 2 });
    expect(driftGrid(series([]), 0.1, ['a'])).toEqual({ steps: [], features: ['a'], cells: [] });
    expect(latestDrift(series([]))).toBeUndefined();
  });
});
