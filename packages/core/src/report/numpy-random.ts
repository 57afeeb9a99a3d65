// NumPy's legacy global generator (`np.random.seed(s)` then `permutation`), bit for bit, so that the
// permutation tests Evidently runs (TVD, empirical MMD) give the same p-values here.

const N = 624;
const M = 397;

/** MT19937 as NumPy's `RandomState` seeds and draws it (`mt19937_seed`, `random_interval`). */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;

  /** `np.random.seed(seed)` with an integer seed in [0, 2³²). */
  constructor(seed: number) {
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.mt[i] = s;
      const x = s ^ (s >>> 30);
      s = (Math.imul(1812433253, x) + i + 1) >>> 0;
    }
  }

  /** One 32-bit draw (`genrand_int32`). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.pos >= N) {
      let k = 0;
      for (; k < N - M; k++) {
        const y = ((mt[k] as number) & 0x80000000) | ((mt[k + 1] as number) & 0x7fffffff);
        mt[k] = (mt[k + M] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      for (; k < N - 1; k++) {
        const y = ((mt[k] as number) & 0x80000000) | ((mt[k + 1] as number) & 0x7fffffff);
        mt[k] = (mt[k + M - N] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      const y = ((mt[N - 1] as number) & 0x80000000) | ((mt[0] as number) & 0x7fffffff);
      mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      this.pos = 0;
    }
    let y = mt[this.pos++] as number;
    y ^= y >>> 11;
    y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
    y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
    return (y ^ (y >>> 18)) >>> 0;
  }

  /** A uniform integer in [0, max] by masked rejection (`random_interval`, max < 2³²). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /** A uniform double in [0, 1) from two draws (`random_sample`, `rand`: 53-bit `genrand_res53`). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `np.random.randint(low, high)` for a range below 2³² (masked rejection, as the legacy generator). */
  randint(low: number, high: number): number {
    return low + this.interval(high - low - 1);
  }

  /** `np.random.permutation(n)`: a shuffled 0..n−1, written into `out` (reused across calls). */
  permutation(n: number, out: Uint32Array = new Uint32Array(n)): Uint32Array {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = out[i] as number;
      out[i] = out[j] as number;
      out[j] = t;
    }
    return out;
  }
}
