// Chi-square test of independence on an r × c contingency table (e.g. category counts of a
// reference window against a current one), with Yates' correction on 1-degree-of-freedom tables.

import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { chi2Sf } from '../distributions/index.js';
import { booleanOption, checkOptionKeys } from '../options.js';
import { divergenceStatistic, resolveLambda } from './power-divergence.js';
import type { PowerDivergenceLambdaName } from './power-divergence.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';

export interface Chi2ContingencyOptions {
  /** Apply Yates' continuity correction when the table has one degree of freedom. Default true. */
  correction?: boolean;
  /** Power-divergence λ (SciPy `lambda_`); default 1, Pearson's chi-square. */
  lambda?: number | PowerDivergenceLambdaName;
}

export interface Chi2ContingencyResult {
  readonly statistic: number;
  readonly pvalue: number;
  /** Degrees of freedom, (r − 1)(c − 1). */
  readonly dof: number;
  /** Expected frequencies under independence: rowTotal · colTotal / total. */
  readonly expected: number[][];
}

/**
 * Chi-square test of independence, SciPy `chi2_contingency` (1.10): expected = outer(row totals,
 * column totals)/N, dof = (r − 1)(c − 1); with `correction` and dof = 1, each observed count moves
 * toward its expectation by min(0.5, |E − O|) (Yates). A table with dof = 0 gives (0, 1). A zero
 * expected frequency (an all-zero row or column) throws, like SciPy's ValueError.
 */
export function chi2Contingency(table: ArrayLike<ArrayLike<number>>, options: Chi2ContingencyOptions = {}): Chi2ContingencyResult {
  const correction = booleanOption(checkOptionKeys(options, ['correction', 'lambda']), 'correction', true);
  const lambda = resolveLambda(options.lambda ?? 1);
  const { obs, r, c } = checkTable(table);

  const rowTotals = new Float64Array(r);
  for (let i = 0; i < r; i++) rowTotals[i] = pairwiseSum(obs, i * c, (i + 1) * c);
  // NumPy reduces along axis 0 row after row, not pairwise.
  const colTotals = new Float64Array(c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) colTotals[j] = (colTotals[j] as number) + (obs[i * c + j] as number);
  const total = pairwiseSum(obs);

  const exp = new Float64Array(r * c);
  const expected: number[][] = [];
  for (let i = 0; i < r; i++) {
    const row: number[] = [];
    for (let j = 0; j < c; j++) {
      const e = ((rowTotals[i] as number) * (colTotals[j] as number)) / total;
      if (e === 0) {
        throw new InvalidArgumentError('table', `no all-zero row or column (the expected frequency at [${i}][${j}] is zero)`);
      }
      exp[i * c + j] = e;
      row.push(e);
    }
    expected.push(row);
  }

  const dof = (r - 1) * (c - 1);
  if (dof === 0) return { statistic: 0, pvalue: 1, dof, expected };
  if (dof === 1 && correction) {
    for (let k = 0; k < r * c; k++) {
      const diff = (exp[k] as number) - (obs[k] as number);
      obs[k] = (obs[k] as number) + Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
    }
  }
  const statistic = divergenceStatistic(obs, exp, lambda);
  return { statistic, pvalue: chi2Sf(statistic, dof), dof, expected };
}

/** Flattens a rectangular table of finite non-negative counts (row-major). */
function checkTable(table: ArrayLike<ArrayLike<number>>): { obs: Float64Array; r: number; c: number } {
  if (table === null || typeof table !== 'object' || typeof table.length !== 'number') {
    throw new InvalidArgumentError('table', 'an array of rows of counts', table);
  }
  const r = table.length;
  if (r === 0) throw new EmptySampleError('table');
  const first = table[0];
  if (first === null || typeof first !== 'object' || typeof first.length !== 'number') {
    throw new InvalidArgumentError('table[0]', 'an array of counts', first);
  }
  const c = first.length;
  if (c === 0) throw new EmptySampleError('table[0]');
  const obs = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = table[i];
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
      throw new InvalidArgumentError(`table[${i}]`, 'an array of counts', row);
    }
    if (row.length !== c) throw new LengthMismatchError(`table[${i}]`, 'table[0]', row.length, c);
    for (let j = 0; j < c; j++) {
      const v = row[j] as number;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new InvalidArgumentError(`table[${i}][${j}]`, 'a finite non-negative count', v);
      }
      obs[i * c + j] = v;
    }
  }
  return { obs, r, c };
}
