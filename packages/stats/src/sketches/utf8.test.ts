// The sketches' UTF-8 held to Node's Buffer: the same bytes, lone surrogates as U+FFFD, strict decoding.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8, encodeUtf8Into } from './utf8.js';

const nodeEncode = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

describe('UTF-8', () => {
  it('encodes as Node does, surrogate pairs and lone surrogates included', () => {
    for (const s of ['', 'abc', 'é', '€', '🙂', 'a\u{10FFFF}b', '\uD800', 'x\uDC00y', '\uDBFF\uDFFF']) {
      expect(encodeUtf8(s)).toEqual(nodeEncode(s));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(encodeUtf8(s)).toEqual(nodeEncode(s));
      }),
      { numRuns: 200 },
    );
  });

  it('writes into a buffer of 3 bytes per code unit what encodeUtf8 returns', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const buf = new Uint8Array(s.length * 3);
        const n = encodeUtf8Into(s, buf);
        expect(buf.subarray(0, n)).toEqual(nodeEncode(s));
      }),
      { numRuns: 200 },
    );
    const worst = '\uD800'.repeat(100);
    expect(encodeUtf8Into(worst, new Uint8Array(300))).toBe(300);
  });

  it('decodes what it encodes (well-formed strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(decodeUtf8(encodeUtf8(s))).toBe(s);
      }),
      { numRuns: 200 },
    );
    const long = 'ж'.repeat(10_000);
    expect(decodeUtf8(encodeUtf8(long))).toBe(long);
  });

  it('keeps a leading byte order mark, which belongs to the string', () => {
    expect(decodeUtf8(encodeUtf8('\uFEFFitem'))).toBe('\uFEFFitem');
  });

  it('decodes a view into a larger buffer without reading past it', () => {
    const whole = encodeUtf8('ab€cd');
    expect(decodeUtf8(whole.subarray(2, 5))).toBe('€');
    expect(decodeUtf8(whole.subarray(2, 4))).toBeNull();
  });

  it('rejects malformed input: overlongs, surrogates, truncation, stray continuations, > U+10FFFF', () => {
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xf0, 0x9f, 0x99]]) {
      expect(decodeUtf8(Uint8Array.from(bad))).toBeNull();
    }
  });
});
