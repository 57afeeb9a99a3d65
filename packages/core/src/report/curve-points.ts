// Downsampling of ROC and precision-recall curves for charts: at most `max` points, the first and
// last kept, the rest picked evenly by index so steep and flat stretches keep their shape.

import type { CurvePoints } from './report-model.js';

export const MAX_CURVE_POINTS = 200;

export function curvePoints(x: ArrayLike<number>, y: ArrayLike<number>, thresholds: ArrayLike<number>, max = MAX_CURVE_POINTS): CurvePoints {
  const n = x.length;
  const out: CurvePoints = { x: [], y: [], thresholds: [] };
  const take = (i: number): void => {
    out.x.push(x[i] as number);
    out.y.push(y[i] as number);
    // A precision-recall curve has one threshold fewer than points; its last point has none.
    const t = i < thresholds.length ? (thresholds[i] as number) : Number.NaN;
    // JSON has no Infinity: sklearn's "predict nothing" threshold becomes null in a report.
    out.thresholds.push(t);
  };
  if (n <= max) {
    for (let i = 0; i < n; i++) take(i);
    return out;
  }
  let last = -1;
  for (let k = 0; k < max; k++) {
    const i = Math.round((k * (n - 1)) / (max - 1));
    if (i !== last) take(i);
    last = i;
  }
  return out;
}
