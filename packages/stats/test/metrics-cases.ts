// Runs the scikit-learn cases of fixtures/metrics.json (written by fixtures/gen_metrics.py) against
// the metric functions: each case names the function, its arguments (long arrays by reference) and
// sklearn's answer.

import { expect } from 'vitest';
import { expectClose, loadFixture } from './fixtures.js';
import type { Tolerance } from './fixtures.js';

export interface MetricCase {
  fn: string;
  args: unknown[];
  expected: unknown;
  note: string;
}

interface MetricsFixture {
  data: Record<string, unknown[]>;
  cases: MetricCase[];
}

let cache: MetricCase[] | undefined;

function resolve(v: unknown, data: Record<string, unknown[]>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(x, data));
  if (v !== null && typeof v === 'object') {
    const ref = (v as { $ref?: string }).$ref;
    if (ref !== undefined) return data[ref];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, data)]));
  }
  return v;
}

/** The cases for the named functions, with their references resolved. */
export function metricCases(...fns: string[]): MetricCase[] {
  if (cache === undefined) {
    const fx = loadFixture<MetricsFixture>('metrics');
    cache = fx.cases.map((c) => ({ ...c, args: c.args.map((a) => resolve(a, fx.data)) }));
  }
  return cache.filter((c) => fns.includes(c.fn));
}

/** Compares a result with sklearn's: numbers within tolerance, arrays and objects element-wise. */
export function expectMatches(actual: unknown, expected: unknown, tol: Tolerance = {}, label = ''): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${label} type`).toBe('number');
    expectClose(actual as number, expected, tol, label);
  } else if (Array.isArray(expected)) {
    const a = actual as ArrayLike<unknown>;
    expect(a.length, `${label} length`).toBe(expected.length);
    expected.forEach((e, i) => expectMatches(a[i], e, tol, `${label}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected)) expectMatches((actual as Record<string, unknown>)[k], e, tol, `${label}.${k}`);
  } else {
    expect(actual, label).toBe(expected);
  }
}

/** Largest relative error of a result against sklearn's (for reporting). */
export function worstRelError(actual: unknown, expected: unknown): number {
  if (typeof expected === 'number') {
    const a = actual as number;
    if (Number.isNaN(expected) || !Number.isFinite(expected) || a === expected) return 0;
    return Math.abs(a - expected) / Math.max(Math.abs(expected), 1e-300);
  }
  if (Array.isArray(expected)) return Math.max(0, ...expected.map((e, i) => worstRelError((actual as ArrayLike<unknown>)[i], e)));
  if (expected !== null && typeof expected === 'object') {
    return Math.max(0, ...Object.entries(expected).map(([k, e]) => worstRelError((actual as Record<string, unknown>)[k], e)));
  }
  return 0;
}
