// Python's `random.Random(seed)` (MT19937 seeded by init_by_array), bit for bit, so that KSWIN draws the
// same reference sub-window as river does for the same seed. Private to the detectors.

import { CorruptInputError, InvalidArgumentError } from '../errors.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Serialisable generator state: the 624 state words and the read position. */
export interface PythonRandomState {
  readonly mt: number[];
  readonly index: number;
}

/** CPython's Mersenne Twister with the parts of `random.Random` that KSWIN needs. */
export class PythonRandom {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;

  /** Same as `random.Random(seed)` for an integer seed (Python seeds with |seed|, in 32-bit words). */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('seed', 'a safe integer', seed);
    let n = Math.abs(seed);
    const key: number[] = [];
    while (n > 0) {
      key.push(n % 4294967296);
      n = Math.floor(n / 4294967296);
    }
    if (key.length === 0) key.push(0);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] as number;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) >>> 0) + (key[j] as number) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) >>> 0) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
      mt[kk] = (mt[kk + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
      mt[kk] = (mt[kk + M - N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = ((mt[N - 1] as number) & UPPER_MASK) | ((mt[0] as number) & LOWER_MASK);
    mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.index = 0;
  }

  /** The next tempered 32-bit output (CPython's `genrand_uint32`). */
  uint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random.random()`: 53 random bits from two outputs. */
  random(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `random.getrandbits(k)` for 0 ≤ k ≤ 32. */
  getrandbits(k: number): number {
    if (k === 0) return 0;
    return this.uint32() >>> (32 - k);
  }

  /** `Random._randbelow(n)` (the getrandbits variant) for 1 ≤ n < 2^32. */
  randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /**
   * `random.sample(range(n), k)`: the pool method for small populations, the rejection-set method
   * otherwise, chosen by CPython's size rule so that the same draws are consumed.
   */
  sampleRange(n: number, k: number, out: Int32Array = new Int32Array(k)): Int32Array {
    if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) {
      throw new InvalidArgumentError('k', `an integer in [0, ${n}]`, k);
    }
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setsize) {
      const pool = new Int32Array(n);
      for (let i = 0; i < n; i++) pool[i] = i;
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        out[i] = pool[j] as number;
        pool[j] = pool[n - i - 1] as number;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        out[i] = j;
      }
    }
    return out;
  }

  /** A JSON-safe copy of the generator state. */
  getState(): PythonRandomState {
    return { mt: Array.from(this.mt), index: this.index };
  }

  /** Restores a state from `getState`; `argument` names it in errors. */
  setState(state: unknown, argument: string): void {
    const s = state as { mt?: unknown; index?: unknown } | null;
    if (s === null || typeof s !== 'object') throw new CorruptInputError(argument, 'a generator state object', state);
    const { mt, index } = s;
    if (!Array.isArray(mt) || mt.length !== N) throw new CorruptInputError(`${argument}.mt`, `an array of ${N} 32-bit words`, mt);
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > N) {
      throw new CorruptInputError(`${argument}.index`, `an integer in [0, ${N}]`, index);
    }
    for (let i = 0; i < N; i++) {
      const w: unknown = mt[i];
      if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 0xffffffff) {
        throw new CorruptInputError(`${argument}.mt[${i}]`, 'an unsigned 32-bit integer', w);
      }
      this.mt[i] = w;
    }
    this.index = index;
  }
}
