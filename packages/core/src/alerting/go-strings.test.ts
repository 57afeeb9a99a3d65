// Go's strconv.Unquote and strconv.Quote as matchers and templates use them; the cases follow Go's
// strconv tests, plus the one place Vigil must differ: a JavaScript string cannot hold invalid UTF-8.

import { describe, expect, it } from 'vitest';
import { goQuote, goUnquote } from './go-strings.js';

describe('goUnquote', () => {
  it('reads the escapes of a double-quoted literal', () => {
    expect(goUnquote('"a\\tb\\n\\"\\\\"')).toBe('a\tb\n"\\');
    expect(goUnquote('"\\a\\b\\f\\r\\v"')).toBe('\x07\b\f\r\v');
    expect(goUnquote('"\\u00e9\\U0001F642"')).toBe('é🙂');
    expect(goUnquote('"é🙂"')).toBe('é🙂');
  });

  it('assembles \\x and octal bytes into UTF-8', () => {
    expect(goUnquote('"\\xc3\\xa9"')).toBe('é');
    expect(goUnquote('"\\303\\251"')).toBe('é');
    expect(goUnquote('"\\xf0\\x9f\\x99\\x82!"')).toBe('🙂!');
    expect(goUnquote('"\\x41\\101"')).toBe('AA');
  });

  it('keeps a leading byte order mark as the rune U+FEFF', () => {
    expect(goUnquote('"\\xef\\xbb\\xbfx"')).toBe('\uFEFFx');
    expect(goUnquote('"\uFEFFx"')).toBe('\uFEFFx');
    expect(goUnquote('"\\ufeff"')).toBe('\uFEFF');
  });

  it('rejects bytes that are not UTF-8: truncated, stray, overlong, surrogate, above U+10FFFF', () => {
    for (const bad of ['"\\xf0\\x9f"', '"\\x80"', '"\\xff"', '"\\xc0\\x80"', '"\\355\\240\\200"', '"\\xf4\\x90\\x80\\x80"', '"a\\xe2\\x82"']) {
      expect(goUnquote(bad)).toBeUndefined();
    }
  });

  it('rejects surrogates and runes above U+10FFFF written as \\u or \\U, and lone surrogates in the text', () => {
    expect(goUnquote('"\\ud800"')).toBeUndefined();
    expect(goUnquote('"\\U00110000"')).toBeUndefined();
    expect(goUnquote('"x\uD800"')).toBeUndefined();
  });

  it('rejects malformed literals', () => {
    for (const bad of ['', '"', '"abc', 'abc"', '"a"b"', '"a\nb"', '"\\"', '"\\q"', '"\\x4"', '"\\400"', '"\\12"']) expect(goUnquote(bad)).toBeUndefined();
  });

  it('reads raw strings verbatim, dropping carriage returns', () => {
    expect(goUnquote('`a\\nb`')).toBe('a\\nb');
    expect(goUnquote('`a\r\nb`')).toBe('a\nb');
    expect(goUnquote('`a`b`')).toBeUndefined();
  });

  it('inverts goQuote', () => {
    for (const s of ['', 'plain', 'tab\there', 'é🙂', '\x00\x7f', '\u200b', '\uFEFF', 'quote " and \\']) expect(goUnquote(goQuote(s))).toBe(s);
  });
});
