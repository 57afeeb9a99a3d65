import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors.js';

describe('fieldErrors', () => {
  it('puts each detail beside the field its path names, and the rest on top', () => {
    const r = fieldErrors(
      [
        { path: 'target', message: 'one of age, income' },
        { path: 'query.prediction', message: 'a column' },
        { path: 'condition.value', message: 'a number' },
        { path: 'condition.op', message: 'lt, gt, …' },
        { path: 'channels[1]', message: 'an existing channel' },
        { path: 'window.from', message: 'a time' },
        { path: 'body', message: 'the reference has no rows' },
        { path: 'line 3', message: 'a JSON object' },
      ],
      ['target', 'prediction', 'condition', 'channels', 'window.from', 'window.to', 'window'],
    );
    expect(r.byField).toEqual({
      target: 'one of age, income',
      prediction: 'a column',
      condition: 'a number; lt, gt, …',
      channels: 'an existing channel',
      'window.from': 'a time',
    });
    expect(r.general).toEqual(['the reference has no rows', 'line 3: a JSON object']);
  });

  it('does not take a field for another that merely starts with its name', () => {
    expect(fieldErrors([{ path: 'maxMs', message: 'm' }], ['max']).byField).toEqual({});
    expect(fieldErrors([{ path: 'maxMs', message: 'm' }], ['max', 'maxMs']).byField).toEqual({ maxMs: 'm' });
  });
});
