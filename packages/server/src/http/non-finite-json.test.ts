// NaN, Infinity and -Infinity as Python writes them become null outside strings, and nothing else changes.

import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, jsonSyntaxError, nonFiniteTokensAsNull } from './non-finite-json.js';

describe('nonFiniteTokensAsNull', () => {
  it('writes each token outside strings as null', () => {
    expect(nonFiniteTokensAsNull('{"a": NaN, "b": [Infinity,-Infinity], "c":-Infinity}')).toBe('{"a": null, "b": [null,null], "c":null}');
    expect(JSON.parse(nonFiniteTokensAsNull('[NaN]')!)).toEqual([null]);
  });

  it('leaves strings alone, escaped quotes included', () => {
    const text = '{"NaN": "Infinity", "q": "say \\"NaN\\"", "x": NaN}';
    expect(JSON.parse(nonFiniteTokensAsNull(text)!)).toEqual({ NaN: 'Infinity', q: 'say "NaN"', x: null });
    expect(nonFiniteTokensAsNull('{"a": "NaN", "b": "-Infinity"}')).toBeUndefined();
  });

  it('answers undefined when there is no such token, so the original error stands', () => {
    expect(nonFiniteTokensAsNull('{"a": nan}')).toBeUndefined();
    expect(nonFiniteTokensAsNull('{"a": NaNa}')).toBeUndefined();
    expect(nonFiniteTokensAsNull('{"a": Infinityy}')).toBeUndefined();
    expect(nonFiniteTokensAsNull('{"events": [')).toBeUndefined();
  });

  it('names the token and its position when the body is still not JSON', () => {
    expect(jsonSyntaxError('{"a": nan}')).toBe('unexpected "nan" at character 7');
    expect(jsonSyntaxError('{\n "a": [1,\n ]}')).toBe('unexpected "]" at line 3, column 2');
    expect(jsonSyntaxError('{"a": 1')).toBe('unexpected the end of the body at character 8');
  });
});

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on what is JSON', () => {
    const good = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '0', '"s"', '[{"a":{}}]'];
    for (const t of good) expect(jsonErrorOffset(t), t).toBe(-1);
    const bad: [string, number][] = [
      ['{"a": nan}', 6],
      ['{"events": [', 12],
      ['[1,]', 3],
      ['{"a" 1}', 5],
      ['01', 1],
      ['"\\x"', 2],
      ['[1] x', 4],
      ['{"a": "\\u12g4"}', 11],
    ];
    for (const [t, at] of bad) {
      expect(() => JSON.parse(t)).toThrow();
      expect(jsonErrorOffset(t), t).toBe(at);
    }
  });

  it('gives up, without overflowing the stack, on nesting too deep to follow', () => {
    expect(jsonErrorOffset('['.repeat(100_000))).toBeUndefined();
    expect(jsonSyntaxError('['.repeat(100_000))).toMatch(/JSON/);
  });
});
