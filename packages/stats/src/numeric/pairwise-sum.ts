// NumPy's pairwise summation (`np.sum` on a contiguous float64 array), so sums and means agree with
// SciPy and scikit-learn to the last bit instead of drifting by a few ulps on long or cancelling inputs.

// NumPy's PW_BLOCKSIZE: below it, eight running partial sums; above it, split in halves.
const BLOCK = 128;

/** `pairwise_sum` in NumPy 1.24's `loops_utils.h.src`: short runs start from +0, as NumPy does. */
function pairwise(x: ArrayLike<number>, start: number, end: number): number {
  const n = end - start;
  if (n < 8) {
    let s = 0;
    for (let i = start; i < end; i++) s += x[i] as number;
    return s;
  }
  if (n <= BLOCK) {
    let r0 = x[start] as number;
    let r1 = x[start + 1] as number;
    let r2 = x[start + 2] as number;
    let r3 = x[start + 3] as number;
    let r4 = x[start + 4] as number;
    let r5 = x[start + 5] as number;
    let r6 = x[start + 6] as number;
    let r7 = x[start + 7] as number;
    const stop = end - (n % 8);
    let i = start + 8;
    for (; i < stop; i += 8) {
      r0 += x[i] as number;
      r1 += x[i + 1] as number;
      r2 += x[i + 2] as number;
      r3 += x[i + 3] as number;
      r4 += x[i + 4] as number;
      r5 += x[i + 5] as number;
      r6 += x[i + 6] as number;
      r7 += x[i + 7] as number;
    }
    let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < end; i++) s += x[i] as number;
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(x, start, start + half) + pairwise(x, start + half, end);
}

/**
 * Sum of `x[start..end)` as `np.sum` (NumPy 1.24) computes it: the add reduction starts from its
 * identity +0 and adds one pairwise sum of the whole run, so an all-(−0) input sums to +0, not −0
 * (`np.sum(np.array([-0.0] * 9))` is `0.0`).
 */
export function pairwiseSum(x: ArrayLike<number>, start = 0, end = x.length): number {
  return 0 + pairwise(x, start, end);
}

/** Mean in NumPy's order (`np.mean`: pairwise sum, then one division). */
export function pairwiseMean(x: ArrayLike<number>): number {
  return pairwiseSum(x) / x.length;
}
