// Evidently's column-type inference: the new API's dtype rules for features, the legacy ≤ 5-unique
// rule for target and prediction, and mapping overrides.

import { describe, expect, it } from 'vitest';
import { inferColumnTypes } from './column-types.js';
import type { Table } from './table.js';

const ints = (n: number, k: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i % k);

const table: Table = {
  rowCount: 40,
  columns: [
    { name: 'float', values: Float64Array.from({ length: 40 }, (_, i) => i / 3) },
    { name: 'int10', values: ints(40, 10) },
    { name: 'int11', values: ints(40, 11) },
    // A missing value makes pandas read whole numbers as float64: numerical.
    { name: 'intWithNaN', values: Float64Array.from({ length: 40 }, (_, i) => (i === 0 ? Number.NaN : i % 3)) },
    { name: 'cat', values: Array.from({ length: 40 }, (_, i) => ['a', 'b', 'c'][i % 3] as string) },
    { name: 'text', values: Array.from({ length: 40 }, (_, i) => `review number ${i}`) },
    { name: 'bool', values: Array.from({ length: 40 }, (_, i) => i % 2 === 0) },
    { name: 'target', values: ints(40, 5) },
    { name: 'proba', values: Float64Array.from({ length: 40 }, (_, i) => (i % 4) / 4) },
    { name: 'ts', values: Array.from({ length: 40 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`) },
  ],
};

describe('inferColumnTypes', () => {
  it('follows Evidently 0.7 infer_column_type for features', () => {
    const t = inferColumnTypes(table);
    expect(t).toMatchObject({
      float: 'numerical',
      int10: 'categorical',
      int11: 'numerical',
      intWithNaN: 'numerical',
      cat: 'categorical',
      text: 'text',
      bool: 'boolean',
    });
  });

  it('types target and prediction by the legacy 5-unique rule', () => {
    const t = inferColumnTypes(table, { target: 'target', prediction: 'proba', timestamp: 'ts' });
    expect(t.target).toBe('categorical');
    // Four values within [0, 1]: probabilities, numerical.
    expect(t.proba).toBe('numerical');
    expect(t.ts).toBe('datetime');
    expect(inferColumnTypes(table, { target: 'int11' }).int11).toBe('numerical');
    // Integer predictions with ≤ 5 values are labels; with 10 they read as a regression output.
    expect(inferColumnTypes(table, { prediction: 'target' }).target).toBe('categorical');
    expect(inferColumnTypes(table, { prediction: 'int10' }).int10).toBe('numerical');
  });

  it('lets the mapping override inference', () => {
    const t = inferColumnTypes(table, { numerical: ['int10'], categorical: ['float'], text: ['cat'] });
    expect(t).toMatchObject({ int10: 'numerical', float: 'categorical', cat: 'text' });
  });
});
