import { describe, expect, it } from 'vitest';
import { decisionText, formatChance, formatEffect, formatInterval, formatPValue, splitRows, srmState, verdictText } from './experiment-view.js';

describe('experiment numbers in words', () => {
  it('signs effects, in percent for a relative lift', () => {
    expect(formatEffect(0.0321, 'relative')).toBe('+3.21 %');
    expect(formatEffect(-0.125, 'relative')).toBe('\u221212.50 %');
    expect(formatEffect(0.00004, 'relative')).toBe('0.00 %');
    expect(formatEffect(-0.00004, 'relative')).toBe('0.00 %');
    expect(formatEffect(2.5, 'absolute')).toBe('+2.5');
    expect(formatEffect(-0.0012346, 'absolute')).toBe('\u22120.001235');
    expect(formatEffect(0, 'absolute')).toBe('0');
    expect(formatEffect(null, 'relative')).toBe('—');
    expect(formatEffect(Number.NaN, 'absolute')).toBe('—');
    expect(formatInterval([-0.01, 0.05], 'relative')).toBe('[\u22121.00 %, +5.00 %]');
    expect(formatInterval(null, 'relative')).toBe('—');
  });

  it('writes p-values and chances to win', () => {
    expect(formatPValue(0.04567)).toBe('0.0457');
    expect(formatPValue(0.5)).toBe('0.5');
    expect(formatPValue(0.00002)).toBe('< 0.0001');
    expect(formatPValue(undefined)).toBe('—');
    expect(formatChance(0.9734)).toBe('97.3 %');
  });

  it('names the decision, the SRM check and the verdict', () => {
    expect(decisionText({ action: 'ship', variant: 'b', reason: '' })).toBe('Ship b');
    expect(decisionText({ action: 'keep_running', variant: null, reason: '' })).toBe('Keep running');
    expect(srmState({ statistic: 30, pValue: 1e-8, mismatch: true, checked: true })).toBe('mismatch');
    expect(srmState({ statistic: 0.1, pValue: 0.7, mismatch: false, checked: true })).toBe('ok');
    expect(srmState({ statistic: 0, pValue: 1, mismatch: false, checked: false })).toBe('not-checked');
    expect(verdictText({ direction: 'worse' })).toBe('worse');
    expect(verdictText({ direction: 'none', note: 'fewer than 2 units in an arm' })).toBe('fewer than 2 units in an arm');
  });

  it('sets the observed split beside the weights', () => {
    const rows = splitRows(
      {
        total: 400,
        conflicts: 0,
        variants: [
          { name: 'a', n: 300 },
          { name: 'b', n: 100 },
        ],
      },
      new Map([
        ['a', 0.5],
        ['b', 0.5],
      ]),
    );
    expect(rows).toEqual([
      { name: 'a', n: 300, observed: 0.75, expected: 0.5 },
      { name: 'b', n: 100, observed: 0.25, expected: 0.5 },
    ]);
  });
});
