// `vigil check`'s logic: resolve each check's path in a report (with `*` wildcards), derive missing
// thresholds from the reference with Evidently's rules, and say per check whether it holds.

import type { CheckCondition, CheckOp, CheckScalar, CheckSpec } from './check-spec.js';
import { InvalidCheckError } from './check-spec.js';
import type { Report } from './report-model.js';

export interface CheckResult {
  name: string;
  /** The concrete path (wildcards expanded). */
  path: string;
  condition: CheckOp;
  actual: CheckScalar | null;
  /** The bound: a number or value, [low, high] for between and derived eq, or the allowed list. */
  expected: CheckScalar | [number, number] | CheckScalar[];
  /** True when the threshold was derived from the reference. */
  derived: boolean;
  passed: boolean;
}

export interface EvaluateChecksOptions {
  /** Relative tolerance of derived thresholds (Evidently: 0.1). */
  relative?: number;
  /** Relative tolerance of derived thresholds under `classification.` (Evidently: 0.2). */
  classificationRelative?: number;
}

/** Counts Evidently holds to lte(reference) rather than ±10 %. */
const AT_MOST_REFERENCE = new Set(['constantColumns', 'almostConstantColumns', 'emptyColumns']);

type Node = unknown;

/** Children of a node: object keys, or array elements by index and by their `name`. */
function child(node: Node, key: string): Node {
  if (Array.isArray(node)) {
    if (/^\d+$/.test(key)) return node[Number(key)];
    return node.find((e: unknown) => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === key);
  }
  if (typeof node === 'object' && node !== null && Object.hasOwn(node, key)) return (node as Record<string, unknown>)[key];
  return undefined;
}

function keysOf(node: Node): string[] {
  if (Array.isArray(node))
    return node.map((e: unknown, i) =>
      typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : String(i),
    );
  if (typeof node === 'object' && node !== null) return Object.keys(node);
  return [];
}

/**
 * Every concrete path that `segments` match from `node`. A column name may itself contain dots:
 * when a segment is not a key, it is joined with the following ones until one is.
 */
function expand(node: Node, segments: readonly string[], prefix: string[], spec: string, out: { path: string[]; value: Node }[]): void {
  if (segments.length === 0) {
    out.push({ path: prefix, value: node });
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '*') {
    for (const k of keysOf(node)) expand(child(node, k), rest, [...prefix, k], spec, out);
    return;
  }
  for (let j = 0; j < segments.length; j++) {
    const key = segments.slice(0, j + 1).join('.');
    const v = child(node, key);
    if (v !== undefined) {
      expand(v, segments.slice(j + 1), [...prefix, key], spec, out);
      return;
    }
  }
  const known = keysOf(node).slice(0, 20);
  throw new InvalidCheckError(
    spec,
    `a path in the report; "${[...prefix, head].join('.')}" is not there${known.length > 0 ? ` (at that level: ${known.join(', ')})` : ''}`,
  );
}

function resolve(report: Report, path: string, spec: string): { path: string[]; value: Node }[] {
  const segments = path.split('.');
  if (segments.some((s) => s === '')) throw new InvalidCheckError(spec, 'a dotted path without empty segments', path);
  const out: { path: string[]; value: Node }[] = [];
  expand(report, segments, [], spec, out);
  if (out.length === 0) throw new InvalidCheckError(spec, 'a path that matches at least one metric', path);
  return out;
}

function asScalar(value: Node, path: string, spec: string): CheckScalar | null {
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  throw new InvalidCheckError(
    spec,
    `a path that ends at a value; "${path}" holds ${Array.isArray(value) ? 'a list' : 'an object'} (keys: ${keysOf(value).slice(0, 20).join(', ')})`,
  );
}

/** Where the reference's value of a current metric sits: `current` → `reference`, else a `reference` sibling. */
function referencePath(path: readonly string[]): string[][] {
  const i = path.lastIndexOf('current');
  const candidates: string[][] = [];
  if (i >= 0) candidates.push([...path.slice(0, i), 'reference', ...path.slice(i + 1)]);
  candidates.push([...path.slice(0, -1), 'reference', ...path.slice(-1)]);
  return candidates;
}

function lookup(report: Report, path: readonly string[]): Node {
  let node: Node = report;
  for (const k of path) {
    node = child(node, k);
    if (node === undefined) return undefined;
  }
  return node;
}

function derive(report: Report, path: string[], spec: string, options: Required<EvaluateChecksOptions>): CheckCondition {
  for (const p of referencePath(path)) {
    const ref = lookup(report, p);
    if (typeof ref !== 'number' || !Number.isFinite(ref)) continue;
    const last = path[path.length - 1] as string;
    if (AT_MOST_REFERENCE.has(last)) return { op: 'lte', value: ref };
    const relative = path[0] === 'classification' ? options.classificationRelative : options.relative;
    return { op: 'eq', value: ref, relative, absolute: 1e-12 };
  }
  throw new InvalidCheckError(spec, `a condition: "${path.join('.')}" has no reference value to derive one from`);
}

function holds(actual: CheckScalar | null, c: CheckCondition): { passed: boolean; expected: CheckResult['expected'] } {
  switch (c.op) {
    case 'eq': {
      if (typeof c.value !== 'number') return { passed: actual === c.value, expected: c.value };
      // Explicit values compare to float rounding; derived ones with Evidently's ApproxValue.
      const tol = Math.max(Math.abs(c.value) * (c.relative ?? 1e-9), c.absolute ?? 1e-12);
      const lo = c.value - tol;
      const hi = c.value + tol;
      return { passed: typeof actual === 'number' && actual >= lo && actual <= hi, expected: c.relative === undefined ? c.value : [lo, hi] };
    }
    case 'gt':
      return { passed: typeof actual === 'number' && actual > c.value, expected: c.value };
    case 'gte':
      return { passed: typeof actual === 'number' && actual >= c.value, expected: c.value };
    case 'lt':
      return { passed: typeof actual === 'number' && actual < c.value, expected: c.value };
    case 'lte':
      return { passed: typeof actual === 'number' && actual <= c.value, expected: c.value };
    case 'between':
      return { passed: typeof actual === 'number' && actual >= c.low && actual <= c.high, expected: [c.low, c.high] };
    case 'in':
      return { passed: actual !== null && c.values.includes(actual), expected: c.values };
  }
}

/**
 * Evaluates checks against a report. A path or spec that cannot be resolved throws
 * `InvalidCheckError` (bad usage); a metric that is null (undefined in the data) fails its check.
 */
export function evaluateChecks(report: Report, checks: readonly CheckSpec[], options: EvaluateChecksOptions = {}): CheckResult[] {
  const opts = { relative: options.relative ?? 0.1, classificationRelative: options.classificationRelative ?? 0.2 };
  const results: CheckResult[] = [];
  for (const check of checks) {
    const spec = check.name ?? check.path;
    const matches = resolve(report, check.path, spec);
    for (const m of matches) {
      const path = m.path.join('.');
      const actual = asScalar(m.value, path, spec);
      const cond = check.condition ?? derive(report, m.path, spec, opts);
      const { passed, expected } = holds(actual, cond);
      // A wildcard spec names each match by its own path.
      const name = check.name === undefined ? path : matches.length > 1 ? check.name.replace(check.path, path) : check.name;
      results.push({ name, path, condition: cond.op, actual, expected, derived: check.condition === undefined, passed });
    }
  }
  return results;
}
