// What `vigil check` evaluates: a condition on one reported metric, addressed by a dotted path,
// and the parser for the command line's spec strings (`classification.current.accuracy>=0.8`).

import { InvalidArgumentError } from '@vigil/stats';

export type CheckOp = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'in';
export type CheckScalar = number | string | boolean;

export type CheckCondition =
  /** Equal within max(|value|·relative, absolute); strings and booleans exactly. */
  | { op: 'eq'; value: CheckScalar; relative?: number; absolute?: number }
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  /** Inclusive on both ends. */
  | { op: 'between'; low: number; high: number }
  | { op: 'in'; values: CheckScalar[] };

export interface CheckSpec {
  /** Shown in tables and JUnit; defaults to the spec text. */
  name?: string;
  /** Dotted path into the report; `*` matches every key (or array element) at its level. */
  path: string;
  /** Without a condition the threshold is derived from the reference (Evidently's rules). */
  condition?: CheckCondition;
}

/** A check spec or path that cannot be parsed or resolved (a usage error: exit code 2). */
export class InvalidCheckError extends InvalidArgumentError {
  readonly spec: string;
  constructor(spec: string, expected: string, got?: unknown) {
    super(`check "${spec}"`, expected, got);
    this.name = 'InvalidCheckError';
    this.spec = spec;
  }
}

const SYMBOLS: [string, CheckOp][] = [
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['==', 'eq'],
  ['=', 'eq'],
  ['>', 'gt'],
  ['<', 'lt'],
];
const WORDS = new Set<CheckOp>(['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'in']);

function scalar(text: string): CheckScalar {
  const t = text.trim();
  if (/^(['"]).*\1$/.test(t)) return t.slice(1, -1);
  if (t === 'true') return true;
  if (t === 'false') return false;
  const n = Number(t);
  return t !== '' && !Number.isNaN(n) ? n : t;
}

function list(text: string): string[] {
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  const parts = t.includes(',') ? t.split(',') : t.split(/\s+|\.\./);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function number(spec: string, text: string): number {
  const v = scalar(text);
  if (typeof v !== 'number' || Number.isNaN(v)) throw new InvalidCheckError(spec, 'a number after the operator', text);
  return v;
}

function condition(spec: string, op: CheckOp, rest: string): CheckCondition {
  if (rest.trim() === '') throw new InvalidCheckError(spec, `a value after "${op}"`);
  switch (op) {
    case 'eq':
      return { op, value: scalar(rest) };
    case 'between': {
      const [lo, hi, ...more] = list(rest);
      if (lo === undefined || hi === undefined || more.length > 0) throw new InvalidCheckError(spec, 'two bounds: between 0.1 0.2 (or 0.1,0.2)', rest);
      const low = number(spec, lo);
      const high = number(spec, hi);
      if (low > high) throw new InvalidCheckError(spec, 'the lower bound first', rest);
      return { op, low, high };
    }
    case 'in':
      return { op, values: list(rest).map(scalar) };
    default:
      return { op, value: number(spec, rest) };
  }
}

/**
 * Parses `path`, `path>=0.8`, `path == 3`, `path lt 0.05`, `path between 0.1 0.2` or
 * `path in [a, b]`. A bare path asks for a threshold derived from the reference.
 */
export function parseCheck(spec: string): CheckSpec {
  const s = spec.trim();
  if (s === '') throw new InvalidCheckError(spec, 'a metric path, optionally followed by a condition');
  const words = s.split(/\s+/);
  if (words.length >= 2 && WORDS.has(words[1] as CheckOp)) {
    const op = words[1] as CheckOp;
    const rest = s.slice(s.indexOf(op, (words[0] as string).length) + op.length);
    return { path: words[0] as string, condition: condition(spec, op, rest), name: s };
  }
  const at = s.search(/[<>=]/);
  if (at < 0) {
    if (words.length > 1) throw new InvalidCheckError(spec, 'an operator (>=, <=, ==, >, <, eq, gt, gte, lt, lte, between, in)', words[1]);
    return { path: s, name: s };
  }
  const path = s.slice(0, at).trim();
  if (path === '') throw new InvalidCheckError(spec, 'a metric path before the operator');
  const tail = s.slice(at);
  const sym = SYMBOLS.find(([t]) => tail.startsWith(t)) as [string, CheckOp];
  return { path, condition: condition(spec, sym[1], tail.slice(sym[0].length)), name: s };
}
