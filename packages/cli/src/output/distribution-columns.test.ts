import { describe, expect, it } from 'vitest';
import type { Cell, ColumnType, TableColumn } from '@vigil/core';
import { distributionColumns } from './distribution-columns.js';

const column = (name: string, values: Float64Array | Cell[]): TableColumn => ({ name, values });

describe('distributionColumns', () => {
  const ids = column('id', Float64Array.of(1, 2, 3, 4));
  const stamps = column('ts', ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', null, '2024-01-02 03:04:05.123+02:00']);
  const city = column('city', ['rome', 'paris', 'rome', 'crypto']);
  const x = column('x', Float64Array.of(0.5, 1.5, 2.5, 3.5));
  const types: Record<string, ColumnType> = { id: 'numerical', ts: 'categorical', city: 'categorical', x: 'numerical' };

  it('leaves out the columns mapped as id and timestamp', () => {
    const { drawn, skipped } = distributionColumns([ids, stamps, city, x], types, { id: 'id', timestamp: 'ts' });
    expect(drawn.map((c) => c.name)).toEqual(['city', 'x']);
    expect(skipped).toEqual([
      { name: 'id', reason: 'row id' },
      { name: 'ts', reason: 'timestamp' },
    ]);
  });

  it('leaves out unmapped columns that are plainly ids or timestamps, and datetime and text columns', () => {
    const orderId = column('orderId', ['a1', 'b2', 'c3']);
    const datetime = column('datetime', Float64Array.of(1.7e9, 1.7e9 + 60));
    const typed = column('when', ['yesterday', 'today']);
    const notes = column('notes', ['a b', 'c d']);
    const { drawn, skipped } = distributionColumns([ids, stamps, city, x, orderId, datetime, typed, notes], { ...types, when: 'datetime', notes: 'text' });
    expect(drawn.map((c) => c.name)).toEqual(['city', 'x']);
    expect(skipped.map((s) => `${s.name}: ${s.reason}`)).toEqual([
      'id: row id',
      'ts: timestamp',
      'orderId: row id',
      'datetime: timestamp',
      'when: timestamp',
      'notes: free text',
    ]);
  });

  it('draws id-like names whose values repeat or have fractions, names that only end in "id", and the target', () => {
    const repeated = column('store_id', Float64Array.of(1, 2, 2, 3));
    const fractional = column('fluid_id', Float64Array.of(0.5, 1.5));
    const paid = column('paid', Float64Array.of(1, 2, 3));
    const target = column('label_id', Float64Array.of(0, 1));
    const { drawn } = distributionColumns([repeated, fractional, paid, target], {}, { target: 'label_id' });
    expect(drawn.map((c) => c.name)).toEqual(['store_id', 'fluid_id', 'paid', 'label_id']);
  });

  it('takes the mapping’s word for it: another id column mapped, an id-like name is drawn', () => {
    const userId = column('user_id', ['u1', 'u2', 'u3']);
    const { drawn } = distributionColumns([ids, userId], types, { id: 'user_id' });
    expect(drawn.map((c) => c.name)).toEqual(['id']);
  });
});
