// The drift preset against Evidently 0.7's own stattests (fixtures/gen_drift.py): the method it
// picks or is told, the score to 1e-6 relative, the threshold and the drift flag; and its refusals.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatsError } from '@vigil/stats';
import { loadReportFixture } from '../../test/report-fixtures.js';
import { DriftMethodError, EmptyDriftColumnError } from './drift-errors.js';
import { inferColumnTypes } from './column-types.js';
import { driftPreset } from './drift-preset.js';
import { MissingColumnError } from './preset-errors.js';
import type { Cell, ColumnType, Table } from './table.js';

interface DriftCase {
  name: string;
  kind: 'numerical' | 'categorical';
  method: string | null;
  threshold: number | null;
  ref: Cell[];
  cur: Cell[];
  expected: { method: string; score: number; drifted: boolean; threshold: number } | { error: string };
}

const fixture = loadReportFixture<{ cases: DriftCase[] }>('drift');

// Numbers load as a Float64Array (NaN for missing), as the CSV loader makes numeric columns.
function column(values: Cell[], kind: DriftCase['kind']): Float64Array | Cell[] {
  const numeric = kind === 'numerical' || values.every((v) => v === null || typeof v === 'number');
  return numeric ? Float64Array.from(values, (v) => (v === null ? Number.NaN : (v as number))) : values;
}

function table(values: Cell[], kind: DriftCase['kind'], source: string): Table {
  return { rowCount: values.length, columns: [{ name: 'x', values: column(values, kind) }], source };
}

function run(c: DriftCase) {
  return driftPreset(table(c.ref, c.kind, 'ref.csv'), table(c.cur, c.kind, 'cur.csv'), {
    columnTypes: { x: c.kind as ColumnType },
    ...(c.method === null ? {} : { perColumnMethod: { x: c.method } }),
    ...(c.threshold === null ? {} : { perColumnThreshold: { x: c.threshold } }),
  });
}

describe('driftPreset per column, against Evidently 0.7 legacy stattests', () => {
  it('covers the fixture', () => {
    expect(fixture.cases.length).toBeGreaterThan(100);
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      const e = c.expected;
      if ('error' in e) {
        expect(() => run(c)).toThrow(StatsError);
        return;
      }
      const [col] = run(c).columns;
      expect(col?.method).toBe(e.method);
      expect(col?.threshold).toBe(e.threshold);
      const score = col?.score as number;
      // 1e-6 relative; p-values near 1e-10 from 1 − CDF carry ~1e-15 of rounding, hence the 1e-14 floor.
      expect(Math.abs(score - e.score)).toBeLessThanOrEqual(1e-6 * Math.abs(e.score) + 1e-14);
      expect(col?.drifted).toBe(e.drifted);
    });
  }
});

interface PresetCase {
  name: string;
  options: Record<string, unknown>;
  reference: { rows: number; columns: { name: string; values: Cell[] }[] };
  current: { rows: number; columns: { name: string; values: Cell[] }[] };
  expected: { columns: { name: string; method: string; score: number; drifted: boolean }[]; count: number; share: number };
}

function presetTable(t: PresetCase['reference'], source: string): Table {
  return {
    rowCount: t.rows,
    source,
    columns: t.columns.map((c) => ({
      name: c.name,
      values: c.values.every((v) => v === null || typeof v === 'number')
        ? Float64Array.from(c.values, (v) => (v === null ? Number.NaN : (v as number)))
        : c.values,
    })),
  };
}

// Evidently's option names → Vigil's.
const OPTION_NAMES: Record<string, string> = {
  method: 'method',
  cat_method: 'catMethod',
  num_method: 'numMethod',
  per_column_method: 'perColumnMethod',
  threshold: 'threshold',
  cat_threshold: 'catThreshold',
  num_threshold: 'numThreshold',
  per_column_threshold: 'perColumnThreshold',
  drift_share: 'driftShare',
};

describe('driftPreset on whole data sets, against Evidently 0.7 DataDriftPreset', () => {
  const presets = loadReportFixture<{ presets: PresetCase[] }>('drift').presets;
  for (const p of presets) {
    it(p.name, () => {
      const options = Object.fromEntries(Object.entries(p.options).map(([k, v]) => [OPTION_NAMES[k] ?? k, v]));
      const section = driftPreset(presetTable(p.reference, 'ref.csv'), presetTable(p.current, 'cur.csv'), options);
      expect(section.columns.map((c) => [c.name, c.method, c.drifted])).toEqual(p.expected.columns.map((c) => [c.name, c.method, c.drifted]));
      section.columns.forEach((c, i) => {
        const e = p.expected.columns[i]?.score as number;
        expect(Math.abs(c.score - e)).toBeLessThanOrEqual(1e-6 * Math.abs(e) + 1e-14);
      });
      expect(section.numberOfDriftedColumns).toBe(p.expected.count);
      expect(section.share).toBeCloseTo(p.expected.share, 12);
      expect(section.datasetDrift).toBe(p.expected.share >= ((p.options.drift_share as number | undefined) ?? 0.5));
    });
  }
});

describe('driftPreset options and roles', () => {
  const n = 200;
  const ref: Table = {
    rowCount: n,
    source: 'ref.csv',
    columns: [
      { name: 'x', values: Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3) },
      { name: 'y', values: Float64Array.from({ length: n }, (_, i) => Math.cos(i * 1.7)) },
      { name: 'label', values: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b')) },
      { name: 'pred', values: Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'a' : 'b')) },
      { name: 'note', values: Array.from({ length: n }, (_, i) => `free text ${i}`) },
    ],
  };
  const cur: Table = {
    ...ref,
    source: 'cur.csv',
    columns: ref.columns.map((c) => (c.name === 'x' ? { name: 'x', values: Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3 + 0.8) } : c)),
  };

  it('tests target and prediction first, with their roles, then numerical, categorical and text features', () => {
    const s = driftPreset(ref, cur, { mapping: { target: 'label', prediction: 'pred' } });
    expect(s.columns.map((c) => [c.name, c.role, c.method])).toEqual([
      ['label', 'target', 'z'],
      ['pred', 'prediction', 'z'],
      ['x', undefined, 'ks'],
      ['y', undefined, 'ks'],
      ['note', undefined, 'perc_text_content_drift'],
    ]);
    expect(s.numberOfColumns).toBe(5);
  });

  it('gives the target its own method ahead of the per-type one', () => {
    const s = driftPreset(ref, cur, { mapping: { target: 'label' }, catMethod: 'jensenshannon', catTargetMethod: 'TVD' });
    expect(s.columns.find((c) => c.name === 'label')?.method).toBe('TVD');
  });

  it('reports PSI with the guide bands', () => {
    const s = driftPreset(ref, cur, { method: 'psi', columns: ['x', 'y'] });
    for (const c of s.columns) expect(c.psiBand).toBe(c.score < 0.1 ? 'none' : c.score < 0.2 ? 'moderate' : 'significant');
  });

  it('adjusts p-values with Bonferroni and judges the adjusted ones', () => {
    const plain = driftPreset(ref, cur, { columns: ['x', 'y'] });
    const s = driftPreset(ref, cur, { columns: ['x', 'y'], correction: 'bonferroni' });
    expect(s.correction).toBe('bonferroni');
    s.columns.forEach((c, i) => {
      const p = plain.columns[i]?.score as number;
      expect(c.adjustedScore).toBeCloseTo(Math.min(1, 2 * p), 15);
      expect(c.drifted).toBe((c.adjustedScore as number) <= c.threshold);
    });
  });

  it('names the column when a method does not apply or does not exist', () => {
    expect(() => driftPreset(ref, cur, { perColumnMethod: { label: 'ks' }, columns: ['label'] })).toThrow(/"ks" on column "label".*numerical/);
    expect(() => driftPreset(ref, cur, { method: 'nope', columns: ['x'] })).toThrow(DriftMethodError);
  });

  it('refuses a missing mapped column and a column with no finite value', () => {
    expect(() => driftPreset(ref, cur, { mapping: { target: 'missing' } })).toThrow(MissingColumnError);
    const empty: Table = { rowCount: 2, source: 'cur.csv', columns: [{ name: 'x', values: Float64Array.of(Number.NaN, Infinity) }] };
    expect(() => driftPreset(ref, empty, { columns: ['x'], columnTypes: { x: 'numerical' } })).toThrow(EmptyDriftColumnError);
    expect(() => driftPreset(ref, empty, { columns: ['x'], columnTypes: { x: 'numerical' } })).toThrow(/cur\.csv: column "x"/);
  });
});

describe('driftPreset on text columns (Evidently’s domain classifier)', () => {
  interface TextCase {
    name: string;
    reference: string[];
    current: string[];
    bootstrap: boolean;
    auc: number;
    drifted: boolean;
  }
  const cases = loadReportFixture<{ cases: TextCase[] }>('text_drift').cases;
  const table = (texts: readonly Cell[], x: number[], source: string): Table => ({
    rowCount: texts.length,
    columns: [
      { name: 'note', values: texts },
      { name: 'x', values: Float64Array.from(x) },
    ],
    source,
  });
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => (i * 7919) % 101);

  it('infers free text as text, picks the percentile rule up to 1000 reference rows and the absolute one above, and scores as Evidently', () => {
    for (const c of cases) {
      // Missing cells are dropped first, as Evidently does.
      const ref = table([...c.reference, null], numbers(c.reference.length + 1), 'ref.csv');
      const cur = table(c.current, numbers(c.current.length), 'cur.csv');
      const d = driftPreset(ref, cur);
      const note = d.columns.find((col) => col.name === 'note')!;
      expect(d.columns.map((col) => col.name)).toEqual(['x', 'note']);
      expect(note.type).toBe('text');
      expect(note.method).toBe(c.bootstrap ? 'perc_text_content_drift' : 'abs_text_content_drift');
      expect(note.threshold).toBe(c.bootstrap ? 0.95 : 0.55);
      expect(Math.abs(note.score - c.auc)).toBeLessThan(0.005);
      expect(note.drifted, c.name).toBe(c.drifted);
    }
  });

  it('takes a text method and threshold per column or for text columns, and refuses a text method elsewhere', () => {
    const c = cases.find((x) => x.name.startsWith('large, shifted'))!;
    const ref = table(c.reference, numbers(c.reference.length), 'ref.csv');
    const cur = table(c.current, numbers(c.current.length), 'cur.csv');
    const forced = driftPreset(ref, cur, { textMethod: 'perc_text_content_drift', textThreshold: 0.99 });
    const note = forced.columns.find((col) => col.name === 'note')!;
    expect([note.method, note.threshold, note.drifted]).toEqual(['perc_text_content_drift', 0.99, true]);
    // A threshold above the AUC makes the absolute rule say no drift.
    const strict = driftPreset(ref, cur, { perColumnThreshold: { note: 0.95 } }).columns.find((col) => col.name === 'note')!;
    expect([strict.method, strict.drifted]).toEqual(['abs_text_content_drift', false]);
    // A method for every column that is not a text method leaves text on its default.
    expect(driftPreset(ref, cur, { method: 'psi' }).columns.find((col) => col.name === 'note')!.method).toBe('abs_text_content_drift');
    expect(() => driftPreset(ref, cur, { perColumnMethod: { note: 'ks' } })).toThrow(DriftMethodError);
    expect(() => driftPreset(ref, cur, { perColumnMethod: { x: 'abs_text_content_drift' } })).toThrow(DriftMethodError);
    expect(() => driftPreset(ref, cur, { textMethod: 'psi' })).toThrow(/text columns/);
  });

  it('names the side that has no text left', () => {
    const ref = table(['only this', null], [1, 2], 'ref.csv');
    const cur = table([null, null], [1, 2], 'cur.csv');
    expect(() => driftPreset(ref, cur, { columnTypes: { note: 'text', x: 'numerical' } })).toThrow(EmptyDriftColumnError);
  });

  it('says what a text column lacks when the classifier has no word to learn from', () => {
    const t = table(['x', 'y', 'x', 'y'], [1, 2, 3, 4], 'ref.csv');
    expect(() => driftPreset(t, t, { columnTypes: { note: 'text', x: 'numerical' } })).toThrow(
      /column "note": expected words of two or more letters.*declare "note" categorical/,
    );
  });
});

describe('categorical columns given as the loader’s codes', () => {
  /** The column as the CSV loader hands it over: codes into first-seen distinct cells (0 = missing), `values` never to be read. */
  function encoded(name: string, cells: readonly Cell[]) {
    const dictionary: Cell[] = [null];
    const index = new Map<Cell, number>([[null, 0]]);
    const codes = Int32Array.from(cells, (c) => {
      let at = index.get(c);
      if (at === undefined) {
        at = dictionary.length;
        index.set(c, at);
        dictionary.push(c);
      }
      return at;
    });
    return Object.defineProperty({ name, encoded: { codes, dictionary } }, 'values', {
      get() {
        throw new Error(`values of ${name} were decoded`);
      },
    }) as unknown as Table['columns'][number];
  }
  const category = fc.oneof(fc.constantFrom<Cell>('a', 'b', 'c', 'd', 'true', null), fc.boolean());
  const side = fc.array(category, { minLength: 1, maxLength: 60 });

  it('infers the same types and gives every categorical method the same answer as the decoded cells (property)', () => {
    const methods = ['chisquare', 'z', 'jensenshannon', 'psi', 'kl_div', 'hellinger', 'TVD', 'g_test', 'fisher_exact'];
    fc.assert(
      fc.property(side, side, fc.constantFrom(...methods), (ref, cur, method) => {
        fc.pre(ref.some((c) => c !== null) && cur.some((c) => c !== null));
        const plain = (cells: Cell[], source: string): Table => ({ rowCount: cells.length, columns: [{ name: 'k', values: cells }], source });
        const coded = (cells: Cell[], source: string): Table => ({ rowCount: cells.length, columns: [encoded('k', cells)], source });
        const types = inferColumnTypes(plain(ref, 'r'), {}, plain(cur, 'c'));
        expect(inferColumnTypes(coded(ref, 'r'), {}, coded(cur, 'c'))).toEqual(types);
        const options = { columnTypes: { k: 'categorical' as ColumnType } };
        let expected: unknown;
        try {
          expected = driftPreset(plain(ref, 'r'), plain(cur, 'c'), { ...options, method });
        } catch (e) {
          expected = (e as Error).message;
        }
        let got: unknown;
        try {
          got = driftPreset(coded(ref, 'r'), coded(cur, 'c'), { ...options, method });
        } catch (e) {
          got = (e as Error).message;
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('names the side left empty once missing cells are dropped', () => {
    const ref: Table = { rowCount: 2, columns: [encoded('k', ['a', 'b'])], source: 'ref.csv' };
    const cur: Table = { rowCount: 2, columns: [encoded('k', [null, null])], source: 'cur.csv' };
    expect(() => driftPreset(ref, cur, { columnTypes: { k: 'categorical' } })).toThrow(EmptyDriftColumnError);
  });
});
