// Slices of a model's traffic (a segment `key=value`, or a categorical feature's value) ranked by
// how far their metric moved against the reference: the start of root-cause analysis ("accuracy
// fell because of purpose=crypto"). A slice's interval is Wilson's score interval wherever its
// metric is a proportion (accuracy, a share of traffic); statsmodels `proportion_confint(method='wilson')`.

/** z of a two-sided 95 % interval: the 0.975 quantile of the standard normal. */
const Z95 = 1.959963984540054;

/** Wilson's score interval of `successes` out of `n` (95 % by default); null for n = 0. */
export function wilsonInterval(successes: number, n: number, z = Z95): { lower: number; upper: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export interface SliceMeasure {
  kind: 'segment' | 'feature';
  key: string;
  value: string;
  /** Events of the slice in the window. */
  size: number;
  current: number | null;
  reference: number | null;
  lower: number | null;
  upper: number | null;
}

export interface RankedSlice extends SliceMeasure {
  /** current − reference. */
  change: number;
}

/**
 * The slices with at least `minSize` events and both sides known, by |change| (largest first),
 * then by size, then by key and value; at most `limit`.
 */
export function rankSlices(slices: readonly SliceMeasure[], options: { limit: number; minSize: number }): RankedSlice[] {
  const ranked: RankedSlice[] = [];
  for (const s of slices) {
    if (s.size < options.minSize || s.current === null || s.reference === null) continue;
    const change = s.current - s.reference;
    if (!Number.isFinite(change)) continue;
    ranked.push({ ...s, change });
  }
  ranked.sort(
    (a, b) =>
      Math.abs(b.change) - Math.abs(a.change) ||
      b.size - a.size ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
  return ranked.slice(0, options.limit);
}
