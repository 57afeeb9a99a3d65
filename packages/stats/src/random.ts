// A seeded pseudo-random generator for permutation tests and simulations: same seed, same stream,
// in Node and in the browser.

/** A seeded generator: xoshiro128** (Blackman & Vigna) seeded through SplitMix32. */
export interface Rng {
  /** A uniform float in [0, 1) with 32 random bits. */
  next(): number;
  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number;
  /** A standard normal variate (Marsaglia's polar method). */
  normal(): number;
  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
}

/** Creates a generator from an integer seed. Two generators with the same seed give the same stream. */
export function createRng(seed = 0): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  if ((a | b | c | d) === 0) a = 1;
  let spare: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => nextUint32() / 4294967296;

  return {
    next,
    nextUint32,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`n: expected an integer in [1, 2^32], got ${n}`);
      // Rejection sampling on the top of the 32-bit range removes modulo bias.
      const limit = 4294967296 - (4294967296 % n);
      let r = nextUint32();
      while (r >= limit) r = nextUint32();
      return r % n;
    },
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u: number;
      let v: number;
      let q: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      return u * f;
    },
    shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = arr[i];
        arr[i] = arr[j];
        arr[j] = tmp;
      }
      return arr;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
