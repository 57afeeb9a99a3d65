import { describe, expect, it } from 'vitest';
import { batchQuality, batchTypeViolations } from './batch-quality.js';

describe('batchTypeViolations', () => {
  it('names cells whose type contradicts the declared one, by row then column', () => {
    const columns = new Map<string, Float64Array | (string | number | boolean | null)[]>([
      ['n', [1, 'two', 3, null]],
      ['b', [true, false, 'yes', null]],
      ['c', ['x', 1, true, null]],
      ['t', ['a', 'b', 'c', 5]],
    ]);
    const r = batchTypeViolations(columns, { n: 'numeric', b: 'boolean', c: 'categorical', t: 'text' }, 4);
    expect(r.count).toBe(3);
    expect(r.first.map((v) => [v.row, v.column, v.got])).toEqual([
      [1, 'n', 'two'],
      [2, 'b', 'yes'],
      [3, 't', 5],
    ]);
  });
  it('takes a numeric column of numbers as it is', () => {
    expect(batchTypeViolations(new Map([['n', new Float64Array([1, NaN])]]), { n: 'numeric' }, 2).count).toBe(0);
  });
});

describe('batchQuality', () => {
  it('counts missing cells over rows × features and values outside the reference range', () => {
    const q = batchQuality({
      rows: 4,
      features: { a: 'numeric', b: 'categorical', gone: 'numeric' },
      columns: new Map<string, Float64Array | (string | null)[]>([
        ['a', new Float64Array([0, 5, 11, NaN])],
        ['b', ['x', null, 'y', 'z']],
      ]),
      referenceRanges: new Map([['a', { min: 0, max: 10 }]]),
      unknownColumns: ['zz', 'extra'],
    });
    // Missing: a 1, b 1, gone 4 of 12 cells; out of range: 11 among a's 3 values.
    expect(q).toEqual({ missingShare: 6 / 12, outOfRangeShare: 1 / 3, typeViolations: 0, missingFeatures: ['gone'], unknownColumns: ['extra', 'zz'] });
  });
  it('has no out-of-range share without a reference', () => {
    const q = batchQuality({
      rows: 1,
      features: { a: 'numeric' },
      columns: new Map([['a', new Float64Array([1])]]),
      referenceRanges: null,
      unknownColumns: [],
    });
    expect(q.outOfRangeShare).toBeNull();
    expect(q.missingShare).toBe(0);
  });
});
