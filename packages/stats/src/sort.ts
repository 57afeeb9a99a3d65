// Sorting for samples: an LSD radix sort on the IEEE-754 bit pattern beats a comparison sort on
// large Float64Arrays, and sorting dominates KS, Wasserstein and rank tests.

// Below this the 4 × 65 536 digit counters cost more than the built-in sort saves (measured here).
const RADIX_THRESHOLD = 65536;

/**
 * Returns a sorted copy of `x` (ascending; -0 before +0). `x` must hold no NaN (use `cleanSample`).
 * Below a few thousand values it uses the built-in sort; above, a 4-pass 16-bit radix sort.
 */
export function sortedCopy(x: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(x);
  return sortInPlace(out);
}

/** Sorts `x` in place (ascending) and returns it. `x` must hold no NaN. */
export function sortInPlace(x: Float64Array): Float64Array {
  if (x.length < RADIX_THRESHOLD) return x.sort();
  radixSort(x);
  return x;
}

function radixSort(x: Float64Array): void {
  const n = x.length;
  // Copy into a standalone buffer so the 32-bit view lines up even if x is a sub-view.
  const data = new Float64Array(n);
  data.set(x);
  const words = new Uint32Array(data.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  // Map each double to an unsigned key that orders like the double: flip all bits of negatives,
  // only the sign bit of non-negatives.
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] as number;
    const l = words[2 * i] as number;
    if (h >>> 31) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const l = lo[i] as number;
    const h = hi[i] as number;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  let srcLo = lo;
  let srcHi = hi;
  let dstLo = new Uint32Array(n);
  let dstHi = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // A digit shared by every key leaves the order unchanged: skip the pass.
    let trivial = false;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d] as number;
      if (c === n) {
        trivial = true;
        break;
      }
      counts[base + d] = sum;
      sum += c;
    }
    if (trivial) continue;
    const useHi = pass >= 2;
    const shift = pass % 2 === 0 ? 0 : 16;
    const keys = useHi ? srcHi : srcLo;
    for (let i = 0; i < n; i++) {
      const digit = ((keys[i] as number) >>> shift) & 0xffff;
      const pos = counts[base + digit]!++;
      dstLo[pos] = srcLo[i] as number;
      dstHi[pos] = srcHi[i] as number;
    }
    [srcLo, dstLo] = [dstLo, srcLo];
    [srcHi, dstHi] = [dstHi, srcHi];
  }
  for (let i = 0; i < n; i++) {
    const h = srcHi[i] as number;
    const l = srcLo[i] as number;
    if (h >>> 31) {
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0;
      words[2 * i] = l;
    } else {
      words[2 * i + 1] = ~h >>> 0;
      words[2 * i] = ~l >>> 0;
    }
  }
  x.set(data);
}

/**
 * Returns the indices that sort `x` ascending, stably (ties keep their input order, as NumPy's
 * `argsort(kind='stable')`); -0 and +0 tie. `x` must hold no NaN. Above the radix threshold it
 * runs a 4-pass 16-bit LSD radix sort on the key bits, carrying a Uint32 index array.
 */
export function argsort(x: ArrayLike<number>): Uint32Array {
  const n = x.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < RADIX_THRESHOLD) {
    const v = Float64Array.from(x);
    idx.sort((a, b) => {
      const va = v[a] as number;
      const vb = v[b] as number;
      return va < vb ? -1 : va > vb ? 1 : a - b;
    });
    return idx;
  }
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = (x[i] as number) + 0; // -0 + 0 is +0: zeros tie
  const words = new Uint32Array(data.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] as number;
    const l = words[2 * i] as number;
    if (h >>> 31) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const l = lo[i] as number;
    const h = hi[i] as number;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  // Keys travel with the indices so every pass reads sequentially: the low words for the first
  // two passes, then the high words, gathered once in the order reached so far.
  let srcIdx = idx;
  let dstIdx = new Uint32Array(n);
  let srcKey = lo;
  let dstKey = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    if (pass === 2) {
      for (let i = 0; i < n; i++) srcKey[i] = hi[srcIdx[i] as number] as number;
    }
    let trivial = false;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d] as number;
      if (c === n) {
        trivial = true;
        break;
      }
      counts[base + d] = sum;
      sum += c;
    }
    if (trivial) continue;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const key = srcKey[i] as number;
      const pos = counts[base + ((key >>> shift) & 0xffff)]!++;
      dstIdx[pos] = srcIdx[i] as number;
      dstKey[pos] = key;
    }
    [srcIdx, dstIdx] = [dstIdx, srcIdx];
    [srcKey, dstKey] = [dstKey, srcKey];
  }
  return srcIdx;
}
