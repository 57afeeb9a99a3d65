// NumPy 1.24's default `argsort` (kind='quicksort': introsort) for float64, tie order included, so
// the NannyML steps that sort tied probabilities (ECE bins, the AUROC sampling error) match it.

/** NumPy's SMALL_QUICKSORT: partitions this short or shorter are insertion-sorted. */
const SMALL_QUICKSORT = 15;

/**
 * `np.argsort(v)` as NumPy 1.24 computes it (`aquicksort_` in `npysort/quicksort.cpp`): median-of-3
 * quicksort down to 16 elements, insertion sort below, heapsort past a depth of 2·⌊log2 n⌋. It is
 * not stable, and equal values come out in exactly NumPy's (input-order dependent) order. NaN sorts last.
 */
export function numpyArgsort(v: ArrayLike<number>): Uint32Array {
  const num = v.length;
  const tosort = new Uint32Array(num);
  for (let i = 0; i < num; i++) tosort[i] = i;
  if (num < 2) return tosort;
  const val = (k: number): number => v[tosort[k] as number] as number;
  const swap = (a: number, b: number): void => {
    const t = tosort[a] as number;
    tosort[a] = tosort[b] as number;
    tosort[b] = t;
  };
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depths: number[] = [];
  let cdepth = msb(num) * 2;
  for (;;) {
    if (cdepth < 0) {
      heapsort(v, tosort, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(val(pm), val(pl))) swap(pm, pl);
        if (less(val(pr), val(pm))) swap(pr, pm);
        if (less(val(pm), val(pl))) swap(pm, pl);
        const vp = val(pm);
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (less(val(pi), vp));
          do --pj;
          while (less(vp, val(pj)));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // Push the larger partition, go on with the smaller.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = tosort[pi] as number;
        const x = v[vi] as number;
        let pj = pi;
        while (pj > pl && less(x, val(pj - 1))) {
          tosort[pj] = tosort[pj - 1] as number;
          pj--;
        }
        tosort[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    cdepth = depths.pop() as number;
  }
  return tosort;
}

/** NumPy's `aheapsort_` on tosort[start, start + n) (1-based heap indexing). */
function heapsort(v: ArrayLike<number>, tosort: Uint32Array, start: number, n: number): void {
  const a = (k: number): number => tosort[start + k - 1] as number;
  const set = (k: number, x: number): void => {
    tosort[start + k - 1] = x;
  };
  const key = (idx: number): number => v[idx] as number;
  for (let l = n >> 1; l > 0; --l) {
    const tmp = a(l);
    let i = l;
    let j = l << 1;
    while (j <= n) {
      if (j < n && less(key(a(j)), key(a(j + 1)))) j += 1;
      if (less(key(tmp), key(a(j)))) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  while (n > 1) {
    const tmp = a(n);
    set(n, a(1));
    n -= 1;
    let i = 1;
    let j = 2;
    while (j <= n) {
      if (j < n && less(key(a(j)), key(a(j + 1)))) j++;
      if (less(key(tmp), key(a(j)))) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}

/** NumPy's float `less`: NaN is larger than every number. */
function less(a: number, b: number): boolean {
  return a < b || (b !== b && a === a);
}

/** `npy_get_msb`: ⌊log2 n⌋. */
function msb(n: number): number {
  let d = 0;
  while ((n >>>= 1) > 0) d++;
  return d;
}
