import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError, StatsError } from './errors.js';
import { checkCounts, checkOption, checkProbabilities, checkSameLength, cleanSample } from './sample.js';

describe('cleanSample', () => {
  it('drops NaN, keeps infinities and counts what it dropped', () => {
    const { values, nanDropped } = cleanSample([1, Number.NaN, 3, Number.POSITIVE_INFINITY, Number.NaN], 'x');
    expect(Array.from(values)).toEqual([1, 3, Number.POSITIVE_INFINITY]);
    expect(nanDropped).toBe(2);
  });

  it('throws a typed error naming the argument when nothing is left', () => {
    const err = (() => {
      try {
        cleanSample([Number.NaN], 'reference');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(EmptySampleError);
    expect(err).toBeInstanceOf(StatsError);
    expect((err as StatsError).argument).toBe('reference');
    expect((err as StatsError).code).toBe('EMPTY_SAMPLE');
    expect(() => cleanSample([1, 2], 'x', 3)).toThrow('x: expected at least 3 non-NaN values');
  });

  it('rejects non-numbers with the index at fault', () => {
    expect(() => cleanSample([1, '2' as unknown as number], 'y')).toThrow('y[1]: expected a number, got "2"');
  });
});

describe('count and probability vectors', () => {
  it('rejects negative, NaN and infinite counts with the index at fault', () => {
    expect(() => checkCounts([1, -2], 'fObs')).toThrow('fObs[1]: expected a finite non-negative number, got -2');
    expect(() => checkCounts([Number.NaN], 'fObs')).toThrow(InvalidArgumentError);
    expect(() => checkCounts([], 'fObs')).toThrow(EmptySampleError);
    expect(Array.from(checkCounts([0, 2.5], 'w'))).toEqual([0, 2.5]);
  });

  it('rejects probabilities above 1', () => {
    expect(() => checkProbabilities([0.2, 1.2], 'p')).toThrow('p[1]: expected a probability in [0, 1], got 1.2');
  });

  it('checks options and lengths', () => {
    expect(checkOption('less', 'alternative', ['two-sided', 'less', 'greater'])).toBe('less');
    expect(() => checkOption('both', 'alternative', ['two-sided', 'less'])).toThrow("alternative: expected one of 'two-sided', 'less', got \"both\"");
    expect(() => checkSameLength([1], 'yPred', [1, 2], 'yTrue')).toThrow(LengthMismatchError);
    expect(() => checkSameLength([1], 'yPred', [1, 2], 'yTrue')).toThrow('yPred: expected the same length as yTrue (2), got length 1');
  });
});
