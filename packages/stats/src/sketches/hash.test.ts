import { describe, expect, it } from 'vitest';
import { hashBoolean, hashNumber, hashOut, hashString } from './hash.js';

function h(f: () => void): string {
  f();
  return `${hashOut[0]}:${hashOut[1]}`;
}

describe('sketch hashing', () => {
  it('is deterministic and separates types, signs of zero aside', () => {
    expect(h(() => hashNumber(1))).toBe(h(() => hashNumber(1)));
    expect(h(() => hashNumber(1))).not.toBe(h(() => hashString('1')));
    expect(h(() => hashBoolean(true))).not.toBe(h(() => hashNumber(1)));
    expect(h(() => hashBoolean(true))).not.toBe(h(() => hashString('true')));
    expect(h(() => hashNumber(0))).toBe(h(() => hashNumber(-0)));
    expect(h(() => hashString(''))).not.toBe(h(() => hashString('\u0000')));
  });

  it('spreads consecutive integers evenly over the top bits and has no collisions in 10^5 values', () => {
    const buckets = new Uint32Array(64);
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      hashNumber(i);
      const b = (hashOut[0] as number) >>> 26;
      buckets[b] = (buckets[b] as number) + 1;
      seen.add(`${hashOut[0]}:${hashOut[1]}`);
    }
    expect(seen.size).toBe(100_000);
    // Chi-square with 63 degrees of freedom: the 99.9 % point is about 103.4.
    let chi2 = 0;
    for (const c of buckets) chi2 += (c - 100_000 / 64) ** 2 / (100_000 / 64);
    expect(chi2).toBeLessThan(103.4);
  });

  it('hashes the same text the same way whatever its length class', () => {
    for (const s of ['a', 'ab', 'abc', 'abcd', 'abcde', '€🙂', 'x'.repeat(1000)]) expect(h(() => hashString(s))).toBe(h(() => hashString(`${s}`)));
  });
});
