import { describe, expect, it } from 'vitest';
import { fnv1a32, gbHash } from './gb-hash.js';

// GrowthBook sdk-js test/cases.json (spec 0.8.0) `hash` cases: [seed, value, version, expected].
const HASH_CASES: [string, string, number, number | null][] = [
  ['', 'a', 1, 0.22],
  ['', 'b', 1, 0.077],
  ['b', 'a', 1, 0.946],
  ['ef', 'd', 1, 0.652],
  ['asdf', '8952klfjas09ujk', 1, 0.549],
  ['', '123', 1, 0.011],
  ['', '___)((*":&', 1, 0.563],
  ['seed', 'a', 2, 0.0505],
  ['seed', 'b', 2, 0.2696],
  ['foo', 'ab', 2, 0.2575],
  ['foo', 'def', 2, 0.2019],
  ['89123klj', '8952klfjas09ujkasdf', 2, 0.124],
  ['90850943850283058242805', '123', 2, 0.7516],
  ['()**(%$##$%#$#', '___)((*":&', 2, 0.0128],
  ['abc', 'def', 99, null],
];

/** The SDK's own shift-and-add form of the FNV multiply, kept here as an independent check. */
function fnvShiftAdd(str: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h += (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24);
  }
  return h >>> 0;
}

describe('gbHash', () => {
  it.each(HASH_CASES)('hash(%j, %j, v%d) = %s as in GrowthBook cases.json', (seed, value, version, expected) => {
    const h = gbHash(seed, value, version as 1 | 2);
    if (expected === null) expect(h).toBeNull();
    else expect(Math.abs((h as number) - expected)).toBeLessThanOrEqual(1e-9);
  });

  it('returns null for any version other than 1 and 2', () => {
    for (const v of [0, 3, -1, 1.5, Number.NaN]) expect(gbHash('s', 'v', v as 1 | 2)).toBeNull();
  });

  it('is FNV-1a 32-bit: offset basis for the empty string and the published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    // Fowler/Noll/Vo reference vectors for FNV-1a 32 on ASCII strings.
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-16 code units like the SDK, including non-ASCII and surrogate pairs', () => {
    for (const s of ['héllo', '日本語', 'a😀b', '\u0000\uffff', 'x'.repeat(1000)]) expect(fnv1a32(s)).toBe(fnvShiftAdd(s));
    // 'é' is one code unit (0xE9), not its two UTF-8 bytes.
    expect(fnv1a32('é')).toBe(Math.imul(0x811c9dc5 ^ 0xe9, 0x01000193) >>> 0);
  });

  it('v1 hashes value then seed; v2 rehashes the decimal string of the first hash', () => {
    expect(gbHash('seed', 'value', 1)).toBe((fnvShiftAdd('valueseed') % 1000) / 1000);
    expect(gbHash('seed', 'value', 2)).toBe((fnvShiftAdd(String(fnvShiftAdd('seedvalue'))) % 10000) / 10000);
  });

  it('stays in [0, 1) with the resolution of its version', () => {
    for (let i = 0; i < 2000; i++) {
      const v1 = gbHash('exp', `user-${i}`, 1) as number;
      const v2 = gbHash('exp', `user-${i}`, 2) as number;
      expect(v1 >= 0 && v1 < 1 && v2 >= 0 && v2 < 1).toBe(true);
      expect(Math.abs(v1 * 1000 - Math.round(v1 * 1000))).toBeLessThan(1e-9);
      expect(Math.abs(v2 * 10000 - Math.round(v2 * 10000))).toBeLessThan(1e-9);
    }
  });
});
