// The one error shape every API answer uses, and a readable rendering of zod issues.

import { z } from 'zod';

export const errorDetailSchema = z.object({
  /** Where in the request: `events[3].features.age`, `query.from`, … */
  path: z.string(),
  /** What was expected there. */
  message: z.string(),
  /** For batch requests, the index of the offending item. */
  index: z.number().int().optional(),
});

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(errorDetailSchema).optional(),
  }),
});

export type ErrorDetail = z.infer<typeof errorDetailSchema>;
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** `events[3].features.age` from a zod path, with an optional prefix (`body`, `query`). */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const key = String(p);
      out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

/**
 * One detail per zod issue, with the batch index when the path starts with `<list>[i]`.
 * Union failures are flattened to the branch that got furthest, so the message names the
 * deepest field that was wrong rather than "invalid input".
 */
export function zodIssuesToDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const visit = (issue: z.core.$ZodIssue, base: readonly PropertyKey[]): void => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // The branch whose issues reach deepest describes the user's intent best.
      let best = issue.errors[0]!;
      let bestDepth = -1;
      for (const branch of issue.errors) {
        const depth = Math.max(...branch.map((i) => i.path.length));
        if (depth > bestDepth) {
          best = branch;
          bestDepth = depth;
        }
      }
      if (bestDepth > 0) {
        for (const sub of best) visit(sub, path);
        return;
      }
    }
    const detail: ErrorDetail = { path: formatPath(path, prefix), message: issue.message };
    if (path.length >= 2 && typeof path[1] === 'number') detail.index = path[1];
    out.push(detail);
  };
  for (const issue of error.issues) visit(issue, []);
  return out;
}
