// Numbers rounded for people, as alert texts and the dashboard's alert pages print them.

import { describe, expect, it } from 'vitest';
import { readableNumber } from './readable-number.js';
import { renderTemplate } from './templates.js';

describe('readableNumber', () => {
  it('rounds a score to three significant digits (the issue: 0.10454124222453282 → 0.105)', () => {
    expect(readableNumber(0.10454124222453282)).toBe('0.105');
    expect(readableNumber(0.2345678)).toBe('0.235');
    expect(readableNumber(12.345)).toBe('12.3');
    expect(readableNumber(-0.5)).toBe('-0.5');
    expect(readableNumber(0.001)).toBe('0.001');
  });
  it('writes integers as they are and larger numbers as whole numbers, without trailing zeros', () => {
    expect(readableNumber(1)).toBe('1');
    expect(readableNumber(0)).toBe('0');
    expect(readableNumber(250)).toBe('250');
    expect(readableNumber(1234.56)).toBe('1235');
    expect(readableNumber(-1234.56)).toBe('-1235');
    expect(readableNumber(99.96)).toBe('100');
    expect(readableNumber(1.5)).toBe('1.5');
  });
  it('uses an exponent only for the very small and the very large, and Go names for non-finite values', () => {
    expect(readableNumber(0.0000123456)).toBe('1.23e-5');
    expect(readableNumber(0.0001)).toBe('1e-4');
    expect(readableNumber(2.5e16)).toBe('2.5e+16');
    expect(readableNumber(Number.NaN)).toBe('NaN');
    expect(readableNumber(Infinity)).toBe('+Inf');
    expect(readableNumber(-Infinity)).toBe('-Inf');
  });
  it('is the `readable` template function', () => {
    expect(renderTemplate('PSI {{ $value | readable }} on {{ $labels.feature }}', { labels: { feature: 'income' }, value: 0.10454124222453282 })).toBe(
      'PSI 0.105 on income',
    );
    expect(renderTemplate('{{ readable "1234.5" }}', { labels: {}, value: 0 })).toBe('1235');
  });
});
