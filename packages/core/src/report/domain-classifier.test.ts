import { createRng } from '@vigil/stats';
import { describe, expect, it } from 'vitest';
import { domainClassifierDrift } from './domain-classifier.js';
import { DriftMethodError } from './drift-errors.js';
import { multivariateDrift } from './multivariate.js';
import type { Cell, ColumnType, Table } from './table.js';

const TYPES: Record<string, ColumnType> = { a: 'numerical', b: 'numerical', c: 'categorical' };

/** a ~ N(shiftA, spreadA), b ~ N(0, 1) with a share missing, c in {x, y, z} (or a new one). */
function table(n: number, seed: number, { shiftA = 0, spreadA = 1, newCategory = 0, corr = 0 } = {}): Table {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c: Cell[] = [];
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    a[i] = shiftA + spreadA * z;
    b[i] = rng.next() < 0.05 ? Number.NaN : corr * z + Math.sqrt(1 - corr * corr) * rng.normal();
    c.push(rng.next() < newCategory ? 'new' : (['x', 'y', 'z'][rng.int(3)] as string));
  }
  return {
    rowCount: n,
    columns: [
      { name: 'a', values: a },
      { name: 'b', values: b },
      { name: 'c', values: c },
    ],
    source: `seed ${seed}`,
  };
}

const run = (ref: Table, cur: Table) => domainClassifierDrift(ref, cur, { columns: ['a', 'b', 'c'], types: TYPES });

describe('domain classifier drift', () => {
  const reference = table(4000, 1);

  it('cannot tell two samples of the same distribution apart (AUC near 0.5, no drift)', () => {
    const r = run(reference, table(4000, 2));
    expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.04);
    expect(r.drifted).toBe(false);
    expect(r.trainRows + r.testRows).toBe(8000);
    expect(r.classifier).toMatch(/modified Huber/);
  });

  it('finds a shift in the mean and names the column that moved', () => {
    const r = run(reference, table(4000, 3, { shiftA: 0.5 }));
    expect(r.auc).toBeGreaterThan(0.6);
    expect(r.drifted).toBe(true);
    expect(r.topColumns[0]!.column).toBe('a');
  });

  it('finds a change of spread with the same mean (the decile bins see the tails)', () => {
    const r = run(reference, table(4000, 4, { spreadA: 1.6 }));
    expect(r.drifted).toBe(true);
    expect(r.topColumns[0]!.column).toBe('a');
  });

  it('finds a new category', () => {
    const r = run(reference, table(4000, 5, { newCategory: 0.3 }));
    expect(r.drifted).toBe(true);
    expect(r.topColumns[0]!.column).toBe('c');
  });

  it('leaves a change in correlation alone, which the PCA reconstruction error catches', () => {
    const cur = table(4000, 6, { corr: 0.9 });
    const section = multivariateDrift(reference, cur, { columnTypes: TYPES });
    expect(section.drifted).toBe(true);
    expect(section.domainClassifier!.drifted).toBe(false);
  });

  it('is deterministic, and samples large sides down to maxRowsPerSide', () => {
    const cur = table(3000, 7, { shiftA: 0.3 });
    expect(run(reference, cur)).toEqual(run(reference, cur));
    const small = domainClassifierDrift(reference, cur, { columns: ['a', 'b', 'c'], types: TYPES, maxRowsPerSide: 500 });
    expect(small.trainRows + small.testRows).toBe(1000);
  });

  it('refuses what it cannot learn from', () => {
    expect(() => domainClassifierDrift(reference, table(1, 8), { columns: ['a'], types: TYPES })).toThrow(DriftMethodError);
    expect(() => domainClassifierDrift(reference, reference, { columns: ['a'], types: { a: 'text' } })).toThrow(/at least one numerical/);
  });
});
