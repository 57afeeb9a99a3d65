// Sorting for samples: an LSD radix sort on the IEEE-754 bit pattern beats a comparison sort on
// large Float64Arrays, and sorting dominates KS, Wasserstein and rank tests.

import { InvalidArgumentError } from './errors.js';

// Below this the radix sort's fixed costs (its counters, four passes) outweigh what it saves over
// the built-in sort (at 10^6 values it is about 4× faster).
const RADIX_THRESHOLD = 12_000;

/**
 * Returns a sorted copy of `x` (ascending; -0 before +0). `x` must hold no NaN (use `cleanSample`).
 * Small inputs use the built-in sort; large ones a radix sort on the IEEE-754 bit pattern.
 */
export function sortedCopy(x: ArrayLike<number>): Float64Array {
  if (x.length < RADIX_THRESHOLD) return Float64Array.from(x).sort();
  return radixSorted(x instanceof Float64Array ? x : Float64Array.from(x));
}

/** Sorts `x` in place (ascending) and returns it. `x` must hold no NaN. */
export function sortInPlace(x: Float64Array): Float64Array {
  if (x.length < RADIX_THRESHOLD) return x.sort();
  x.set(radixSorted(x));
  return x;
}

/**
 * Sorts a sample that should be finite into `out` (same length, other memory) and returns true, or
 * returns false (leaving `out` unspecified) when `x` holds NaN or ±Infinity — found by the sort's own
 * first pass, so the check costs no pass of its own. For callers that need the order only for a
 * while (a distance between two samples): they reuse `out`, so no large array is allocated per call.
 */
export function sortFiniteInto(x: Float64Array, out: Float64Array): boolean {
  if (out.length !== x.length || out.buffer === x.buffer)
    throw new InvalidArgumentError('out', 'an array of the same length as x, in other memory', out.length);
  if (x.length < RADIX_THRESHOLD) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (v - v !== 0) return false;
    }
    out.set(x);
    out.sort();
    return true;
  }
  return radixSortInto(x, out, true) !== undefined;
}

/**
 * Turns one pass's digit counts, `counts[base .. base + RADIX)`, into the digits' start offsets in
 * place. Returns false as soon as one digit holds all `n` keys: that pass would not change the order,
 * so the caller skips it (the part already converted is never read again).
 */
function countsToOffsets(counts: Uint32Array, base: number, size: number, n: number): boolean {
  let sum = 0;
  for (let d = 0; d < size; d++) {
    const c = counts[base + d] as number;
    if (c === n) return false;
    counts[base + d] = sum;
    sum += c;
  }
  return true;
}

// LSD radix sort on the high 32 bits of each double's order-preserving 64-bit key, in three 11-bit
// passes, carrying the key's low 32 bits along; then each run sharing a high key is put in order by
// its low bits. Real data rarely share a high word (sign, exponent and 20 mantissa bits), so the runs
// are short. 11-bit digits keep the 2 × 2048 lines a pass writes to in cache (16-bit digits, 2 ×
// 65 536 lines, spill it and cost more memory traffic, which is what bounds this sort, the more so
// when several threads sort at once), and carrying 4 bytes rather than the 8-byte value halves it again.
// Scratch buffers shared by every radix sort of this thread (they never escape): allocating them
// afresh per call cost more in page faults than the sort's own passes.
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const PASSES = 3;
const counts = new Uint32Array(PASSES * RADIX);
let scratch = [new Uint32Array(0), new Uint32Array(0), new Uint32Array(0), new Uint32Array(0)] as const;
// Runs up to this long are insertion-sorted; longer ones are checked and, if out of order, sorted natively.
const INSERTION_RUN = 16;

function radixSorted(x: Float64Array): Float64Array {
  return radixSortInto(x, new Float64Array(x.length), false) as Float64Array;
}

// With `finiteOnly`, returns undefined as soon as the first pass sees NaN or ±Infinity (exponent all ones).
function radixSortInto(x: Float64Array, out: Float64Array, finiteOnly: boolean): Float64Array | undefined {
  const n = x.length;
  if ((scratch[0] as Uint32Array).length < n) scratch = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)];
  let keys = scratch[0].subarray(0, n);
  let lows = scratch[1].subarray(0, n);
  let dstKeys = scratch[2].subarray(0, n);
  let dstLows = scratch[3].subarray(0, n);
  // A Float64Array's byte offset is a multiple of 8, so a 32-bit view of the same bytes lines up.
  const words = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
  counts.fill(0);
  let nonFinite = false;
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] as number;
    const l = words[2 * i] as number;
    if ((h & 0x7ff00000) === 0x7ff00000) nonFinite = true;
    // Flip all bits of negatives, only the sign bit of non-negatives: unsigned order = numeric order.
    let k: number;
    if (h >>> 31) {
      k = ~h >>> 0;
      lows[i] = ~l >>> 0;
    } else {
      k = (h | 0x80000000) >>> 0;
      lows[i] = l;
    }
    keys[i] = k;
    counts[k & (RADIX - 1)]!++;
    counts[RADIX + ((k >>> RADIX_BITS) & (RADIX - 1))]!++;
    counts[2 * RADIX + (k >>> (2 * RADIX_BITS))]!++;
  }
  if (finiteOnly && nonFinite) return undefined;
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * RADIX;
    if (!countsToOffsets(counts, base, RADIX, n)) continue;
    const shift = pass * RADIX_BITS;
    for (let i = 0; i < n; i++) {
      const k = keys[i] as number;
      const pos = counts[base + ((k >>> shift) & (RADIX - 1))]!++;
      dstKeys[pos] = k;
      dstLows[pos] = lows[i] as number;
    }
    [keys, dstKeys] = [dstKeys, keys];
    [lows, dstLows] = [dstLows, lows];
  }
  // Runs sharing a high key, in order of their low bits.
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && keys[i] === keys[start]) continue;
    if (i - start <= INSERTION_RUN) {
      for (let a = start + 1; a < i; a++) {
        const v = lows[a] as number;
        let b = a - 1;
        while (b >= start && (lows[b] as number) > v) {
          lows[b + 1] = lows[b] as number;
          b--;
        }
        lows[b + 1] = v;
      }
    } else {
      let sorted = true;
      for (let a = start + 1; a < i && sorted; a++) sorted = (lows[a - 1] as number) <= (lows[a] as number);
      if (!sorted) lows.subarray(start, i).sort();
    }
    start = i;
  }
  // Back from keys to doubles.
  const outWords = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    const l = lows[i] as number;
    if (k >>> 31) {
      outWords[2 * i] = l;
      outWords[2 * i + 1] = k & 0x7fffffff;
    } else {
      outWords[2 * i] = ~l;
      outWords[2 * i + 1] = ~k;
    }
  }
  return out;
}

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
    if (!countsToOffsets(counts, base, 65536, n)) continue;
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
