// Code point order must be the byte order of UTF-8, which is how Go compares strings.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './code-points.js';

const utf8Order = (a: string, b: string): number => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

describe('compareCodePoints', () => {
  it('puts astral characters after U+E000–U+FFFF, where UTF-16 order puts them before', () => {
    expect('🙂' < '\uFFFD').toBe(true);
    expect(compareCodePoints('🙂', '\uFFFD')).toBeGreaterThan(0);
    expect(compareCodePoints('\uE000', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('é', 'é')).toBe(0);
  });

  it('agrees with the byte order of UTF-8 on well-formed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 6 }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(utf8Order(a, b));
      }),
      { numRuns: 500 },
    );
  });
});
