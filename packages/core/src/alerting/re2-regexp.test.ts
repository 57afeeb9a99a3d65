// RE2 patterns as Alertmanager compiles them (`^(?:re)$`), run on re2js: RE2's syntax, what RE2
// refuses refused with Go's messages, and matching in linear time.

import { describe, expect, it } from 'vitest';
import { compileAnchoredRe2, Re2SyntaxError } from './re2-regexp.js';

const matches = (pattern: string, text: string): boolean => compileAnchoredRe2(pattern).test(text);

describe('compileAnchoredRe2', () => {
  it('anchors the whole alternation', () => {
    expect(matches('a|b', 'a')).toBe(true);
    expect(matches('a|b', 'ab')).toBe(false);
    expect(matches('', '')).toBe(true);
    expect(matches('', 'x')).toBe(false);
  });
  it('reads RE2 flags, at the start or within the expression', () => {
    expect(matches('x(?i)y', 'xY')).toBe(true);
    expect(matches('x(?i)y', 'XY')).toBe(false);
    expect(matches('(?i)drift', 'DRIFT')).toBe(true);
    expect(matches('drift', 'DRIFT')).toBe(false);
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('(?s)a.b', 'a\nb')).toBe(true);
  });
  it('lets . match one code point but not a newline, and \\r, as RE2 does', () => {
    expect(matches('.', '🙂')).toBe(true);
    expect(matches('a.b', 'a\rb')).toBe(true);
  });
  it('reads RE2-only syntax', () => {
    expect(matches('[[:digit:]]+', '123')).toBe(true);
    expect(matches('[[:alpha:]_]+', 'ab_c')).toBe(true);
    expect(matches('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(matches('\\Qa.b\\E', 'axb')).toBe(false);
    expect(matches('(?P<x>a+)b', 'aab')).toBe(true);
    expect(matches('\\x{1F642}', '🙂')).toBe(true);
    expect(matches('\\pL+', 'héllo')).toBe(true);
    expect(matches('\\p{Greek}+', 'αβγ')).toBe(true);
    expect(matches('a\\-b\\:c', 'a-b:c')).toBe(true);
    expect(matches('[\\w-]+', 'a-b_c')).toBe(true);
    expect(matches('x{2}', 'xx')).toBe(true);
    expect(matches('x{', 'x{')).toBe(true);
    expect(matches('\\Aa\\z', 'a')).toBe(true);
    expect(matches('\\101', 'A')).toBe(true);
    expect(matches('\\s', '\u00a0')).toBe(false);
    expect(matches('\\s', '\t')).toBe(true);
  });
  it('refuses what RE2 refuses', () => {
    for (const bad of ['(a)\\1', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b', '(a', '[a', 'a**', 'a{1001}', '\\', '\\i']) {
      expect(() => compileAnchoredRe2(bad), bad).toThrow(Re2SyntaxError);
    }
  });
  it("says why with Go's message", () => {
    expect(() => compileAnchoredRe2('(a')).toThrow('error parsing regexp: missing closing ): `^(?:(a)$`');
  });
  it('matches in linear time: no catastrophic backtracking (issue 15, item 12)', () => {
    const start = performance.now();
    expect(matches('(a+)+b', 'a'.repeat(27))).toBe(false);
    expect(matches('(a|aa)*c', 'a'.repeat(40))).toBe(false);
    expect(matches('(.*a){12}', 'a'.repeat(30) + 'b')).toBe(false);
    expect(performance.now() - start).toBeLessThan(100);
  });
});
