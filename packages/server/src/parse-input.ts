// One way to read input with a zod schema from @vigil/wire: its value, or a ValidationError whose
// details name every bad field (`query.from`, `events[3].features.age`, …). Routes, the CLI's
// alerting file and tests all parse through here.

import { zodIssuesToDetails } from '@vigil/wire';
import type { ErrorDetail } from '@vigil/wire';
import type { z } from 'zod';
import { ValidationError } from './errors.js';

export interface ParseOptions {
  /** Path prefix of every detail, e.g. `query`. */
  prefix?: string;
  /** The error's message from its details; default "invalid request: path: message; …". */
  describe?: (details: readonly ErrorDetail[]) => string;
}

/** Deepest nesting of arrays and objects any input may have: zod's recursion (and ours) stays far from the stack's limit. */
export const MAX_INPUT_DEPTH = 100;

/** The path of the first value nested deeper than `max`, found without recursion; undefined when none is. */
function tooDeep(value: unknown, max: number): string | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (depth >= max) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, depth: depth + 1 }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: path === '' ? k : `${path}.${k}`, depth: depth + 1 });
  }
  return undefined;
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, options: ParseOptions = {}): z.output<S> {
  const deep = tooDeep(value, MAX_INPUT_DEPTH);
  if (deep !== undefined) {
    const shown = deep.length > 200 ? `${deep.slice(0, 200)}…` : deep;
    const path = options.prefix === undefined ? shown : `${options.prefix}.${shown}`;
    throw new ValidationError(`${path}: nested deeper than ${MAX_INPUT_DEPTH} levels`, [{ path, message: `at most ${MAX_INPUT_DEPTH} levels of nesting` }]);
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodIssuesToDetails(r.error, options.prefix ?? '');
  const message = options.describe?.(details) ?? `invalid ${options.prefix ?? 'request'}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`;
  throw new ValidationError(message, details);
}
