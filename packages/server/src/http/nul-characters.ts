// The guard against NUL characters in what a request names: path parameters, query values and
// JSON bodies. PostgreSQL's text cannot hold U+0000 (SQLite's can), so both stores refuse it here,
// before any schema or query runs, with a 400 that names the field. The wire schemas carry the
// same rule (`textSchema`) for the bodies that routes parse themselves (ingest, uploads).

import { NUL_MESSAGE, formatPath, hasNoNul } from '@vigil/wire';
import type { ErrorDetail } from '@vigil/wire';

/** Most details one answer lists. */
const MAX_DETAILS = 20;

interface Step {
  readonly v: unknown;
  readonly key: PropertyKey | undefined;
  readonly parent: Step | undefined;
}

function pathOf(step: Step | undefined, last?: PropertyKey): PropertyKey[] {
  const path: PropertyKey[] = last === undefined ? [] : [last];
  for (let s = step; s !== undefined && s.key !== undefined; s = s.parent) path.push(s.key);
  return path.reverse();
}

/** A detail per string or object key under `value` that holds a NUL, named under `prefix`; walks any depth without recursion. */
export function nulDetails(value: unknown, prefix: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const stack: Step[] = [{ v: value, key: undefined, parent: undefined }];
  while (stack.length > 0 && out.length < MAX_DETAILS) {
    const step = stack.pop()!;
    const v = step.v;
    if (typeof v === 'string') {
      if (!hasNoNul(v)) out.push({ path: formatPath(pathOf(step), prefix), message: NUL_MESSAGE });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i] as unknown, key: i, parent: step });
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        if (!hasNoNul(k)) out.push({ path: formatPath(pathOf(step, k), prefix), message: `${NUL_MESSAGE} in the name` });
        else stack.push({ v: (v as Record<string, unknown>)[k], key: k, parent: step });
      }
    }
  }
  return out;
}
