// Binary search in an ascending array, as NumPy's `searchsorted`: the one place ranks, histogram
// bins, calibration bins and sketches find where a value goes.

/** First index in [from, to) whose value is ≥ v (NumPy `searchsorted(side='left')`). */
export function lowerBound(sorted: ArrayLike<number>, v: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [from, to) whose value is > v (NumPy `searchsorted(side='right')`). */
export function upperBound(sorted: ArrayLike<number>, v: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
