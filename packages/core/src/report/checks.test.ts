import { describe, expect, it } from 'vitest';
import { InvalidCheckError, parseCheck } from './check-spec.js';
import { evaluateChecks } from './checks.js';
import { classificationPreset } from './classification-preset.js';
import { qualityPreset } from './quality-preset.js';
import type { Report } from './report-model.js';
import type { Table } from './table.js';

describe('parseCheck', () => {
  it('reads symbolic and word operators, lists and ranges', () => {
    expect(parseCheck('classification.current.accuracy>=0.8')).toEqual({
      path: 'classification.current.accuracy',
      condition: { op: 'gte', value: 0.8 },
      name: 'classification.current.accuracy>=0.8',
    });
    expect(parseCheck('quality.columns.*.missingShare < 0.05').condition).toEqual({ op: 'lt', value: 0.05 });
    expect(parseCheck('a.b == 3').condition).toEqual({ op: 'eq', value: 3 });
    expect(parseCheck('a.b=yes').condition).toEqual({ op: 'eq', value: 'yes' });
    expect(parseCheck('a.b lte 1e-3').condition).toEqual({ op: 'lte', value: 0.001 });
    expect(parseCheck('a.b between 0.1 0.2').condition).toEqual({ op: 'between', low: 0.1, high: 0.2 });
    expect(parseCheck('a.b between [0.1, 0.2]').condition).toEqual({ op: 'between', low: 0.1, high: 0.2 });
    expect(parseCheck('a.b in [binary, "multi class", 3, true]').condition).toEqual({ op: 'in', values: ['binary', 'multi class', 3, true] });
    expect(parseCheck('  drift.share ')).toEqual({ path: 'drift.share', name: 'drift.share' });
  });

  it('refuses malformed specs with the spec in the message', () => {
    expect(() => parseCheck('')).toThrow(InvalidCheckError);
    expect(() => parseCheck('a.b >= high')).toThrow(/check "a.b >= high": expected a number/);
    expect(() => parseCheck('a.b between 3 1')).toThrow(/lower bound first/);
    expect(() => parseCheck('a.b maybe 3')).toThrow(/an operator/);
    expect(() => parseCheck('>= 3')).toThrow(/metric path/);
  });
});

const table = (cols: Record<string, Float64Array | (string | null)[]>, source: string): Table => ({
  rowCount: Object.values(cols)[0]?.length ?? 0,
  source,
  columns: Object.entries(cols).map(([name, values]) => ({ name, values })),
});

function report(): Report {
  const ref = table(
    {
      age: Float64Array.of(20, 30, 40, 50, 60, 70, 80, 90, 25, 35),
      'a.b': ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y', 'x', 'y'],
      y: Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1),
      p: Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1),
    },
    'ref.csv',
  );
  const cur = table(
    {
      age: Float64Array.of(20, Number.NaN, 40, 50, 60, 70, 80, 90, 25, 35),
      'a.b': ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y', 'x', null],
      y: Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1),
      p: Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 1, 0),
    },
    'cur.csv',
  );
  return {
    schemaVersion: 1,
    generatedBy: 'test',
    reference: { rows: 10 },
    current: { rows: 10 },
    columnTypes: {},
    quality: qualityPreset(ref, cur, { columnTypes: { y: 'categorical', p: 'categorical' } }),
    classification: classificationPreset(ref, cur, { mapping: { target: 'y', prediction: 'p' } }),
  };
}

describe('evaluateChecks', () => {
  const r = report();

  it('evaluates explicit conditions and expands wildcards over columns', () => {
    const out = evaluateChecks(r, [parseCheck('classification.current.accuracy>=0.8'), parseCheck('quality.columns.*.missingShare<0.05')]);
    expect(out[0]).toEqual({
      name: 'classification.current.accuracy>=0.8',
      path: 'classification.current.accuracy',
      condition: 'gte',
      actual: 0.8,
      expected: 0.8,
      derived: false,
      passed: true,
    });
    expect(out.slice(1).map((c) => [c.name, c.actual, c.passed])).toEqual([
      ['quality.columns.age.missingShare<0.05', 0.1, false],
      ['quality.columns.a.b.missingShare<0.05', 0.1, false],
      ['quality.columns.y.missingShare<0.05', 0, true],
      ['quality.columns.p.missingShare<0.05', 0, true],
    ]);
  });

  it('derives thresholds from the reference: ±20 % for classification, ±10 % otherwise, lte for constant counts', () => {
    const out = evaluateChecks(r, [
      parseCheck('classification.current.accuracy'),
      parseCheck('quality.columns.age.current.mean'),
      parseCheck('quality.current.constantColumns'),
    ]);
    // accuracy 0.8 against reference 1 ± 0.2: inside, inclusive.
    expect(out[0]).toMatchObject({ condition: 'eq', actual: 0.8, derived: true, passed: true });
    expect(out[0]?.expected).toEqual([0.8, 1.2]);
    const refMean = r.quality?.columns.age?.reference.mean as number;
    expect(out[1]?.expected).toEqual([refMean - 0.1 * refMean, refMean + 0.1 * refMean]);
    expect(out[1]?.passed).toBe(true);
    expect(out[2]).toMatchObject({ condition: 'lte', expected: 0, actual: 0, passed: true });
  });

  it('addresses a column whose name holds a dot, and values of other kinds', () => {
    const out = evaluateChecks(r, [parseCheck('quality.columns.a.b.current.unique == 2'), parseCheck('classification.type in [binary]')]);
    expect(out.map((c) => c.passed)).toEqual([true, true]);
  });

  it('refuses paths that are not in the report or end at an object', () => {
    expect(() => evaluateChecks(r, [parseCheck('quality.columns.nope.missingShare<0.1')])).toThrow(/"quality.columns.nope" is not there/);
    expect(() => evaluateChecks(r, [parseCheck('quality.columns.age<0.1')])).toThrow(/holds an object/);
    expect(() => evaluateChecks(r, [parseCheck('classification.labels.0')])).toThrow(/no reference value/);
  });
});
