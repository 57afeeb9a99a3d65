// Go's float formatting held to the reference in fixtures/gen_alerting.py (Python's %-formatting,
// which rounds exactly as Go's strconv does), and Printf's error forms as Go documents them.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatGoFloat, formatGoValue, goSprintf } from './go-format.js';
import type { TemplateValue } from './go-format.js';

interface FloatCase {
  x: number | string;
  v: string;
  [format: string]: string | number;
}
const raw = JSON.parse(readFileSync(new URL('./fixtures/alerting.json', import.meta.url), 'utf8')) as { floats: FloatCase[] };
const toNumber = (x: number | string): number => (typeof x === 'number' ? x : x === 'NaN' ? Number.NaN : x === 'Infinity' ? Infinity : -Infinity);

const f = (value: number): TemplateValue => ({ kind: 'float', value });
const s = (value: string): TemplateValue => ({ kind: 'string', value });
const i = (value: number): TemplateValue => ({ kind: 'int', value });

describe('formatGoFloat', () => {
  it(`matches the reference on ${raw.floats.length} values × 11 formats`, () => {
    let checked = 0;
    for (const c of raw.floats) {
      const x = toNumber(c.x);
      expect(formatGoFloat(x, 'g', -1), `%v of ${String(c.x)}`).toBe(c.v);
      for (const [format, expected] of Object.entries(c)) {
        const m = /^%\.(\d+)([efg])$/.exec(format);
        if (!m) continue;
        expect(formatGoFloat(x, m[2] as 'e' | 'f' | 'g', Number(m[1])), `${format} of ${String(c.x)}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(raw.floats.length * 10);
  });

  it('rounds exact ties to even on the binary value', () => {
    expect(formatGoFloat(0.125, 'f', 2)).toBe('0.12');
    expect(formatGoFloat(0.375, 'f', 2)).toBe('0.38');
    expect(formatGoFloat(2.5, 'f', 0)).toBe('2');
    // 2.675 is 2.67499999… in binary, so it rounds down; 1.005 likewise.
    expect(formatGoFloat(2.675, 'f', 2)).toBe('2.67');
  });

  it("prints %v as Go's shortest %g (1e+06, not 1000000)", () => {
    expect(formatGoFloat(1e6, 'g', -1)).toBe('1e+06');
    expect(formatGoFloat(123456, 'g', -1)).toBe('123456');
    expect(formatGoFloat(0.0001, 'g', -1)).toBe('0.0001');
    expect(formatGoFloat(0.00001, 'g', -1)).toBe('1e-05');
    expect(formatGoFloat(Number.NaN, 'g', -1)).toBe('NaN');
    expect(formatGoFloat(-Infinity, 'f', 2)).toBe('-Inf');
  });
});

describe('goSprintf', () => {
  it('formats with flags, width and precision', () => {
    expect(
      goSprintf('%6.2f|%-6.1f|%06.2f|%+.1e|%5s|%-3s|%.2s|%q|%d|%v|%t|%%', [
        f(3.14159),
        f(2.25),
        f(-1.5),
        f(12345),
        s('ab'),
        s('x'),
        s('hello'),
        s('a"b'),
        i(42),
        f(0.1),
        { kind: 'bool', value: true },
      ]),
    ).toBe('  3.14|2.2   |-01.50|+1.2e+04|   ab|x  |he|"a\\"b"|42|0.1|true|%');
    expect(goSprintf('%8.3f', [f(Infinity)])).toBe('    +Inf');
    expect(goSprintf('%05.1f', [f(Number.NaN)])).toBe('  NaN');
  });
  it("writes Go's errors for bad verbs, missing and extra arguments", () => {
    expect(goSprintf('%d', [f(1.5)])).toBe('%!d(float64=1.5)');
    expect(goSprintf('%s', [f(2)])).toBe('%!s(float64=2)');
    expect(goSprintf('%f', [s('x')])).toBe('%!f(string=x)');
    expect(goSprintf('%.2f %s', [f(1)])).toBe('1.00 %!s(MISSING)');
    expect(goSprintf('x', [f(1), s('a')])).toBe('x%!(EXTRA float64=1, string=a)');
    expect(goSprintf('50%', [])).toBe('50%!(NOVERB)');
  });
  it("prints maps as Go's fmt does (keys sorted)", () => {
    expect(formatGoValue({ kind: 'map', value: { b: '2', a: '1' } })).toBe('map[a:1 b:2]');
  });
});
