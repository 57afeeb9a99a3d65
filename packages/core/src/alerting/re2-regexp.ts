// Alertmanager compiles matcher regexes with Go's RE2, fully anchored as `^(?:re)$`. Vigil runs them
// on re2js, a pure-JavaScript port of RE2: the same syntax and errors, and matching in time linear in
// the input, so no user-supplied pattern (`(a+)+b`) can backtrack for seconds.

import { RE2JS, RE2JSException } from 're2js';

/** Why a pattern cannot be used; the message is Go's (`error parsing regexp: missing closing ): …`). */
export class Re2SyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Re2SyntaxError';
  }
}

/** A compiled, anchored RE2 pattern. */
export interface AnchoredRe2 {
  /** The pattern as written (before anchoring). */
  readonly pattern: string;
  /** Whether the whole of `text` matches, in time linear in its length. */
  test(text: string): boolean;
}

const CACHE_LIMIT = 1024;
const cache = new Map<string, AnchoredRe2>();

/**
 * The anchored pattern Alertmanager would use for a regex matcher value (`^(?:value)$`). Throws
 * Re2SyntaxError for patterns RE2 cannot compile. Compiled patterns are memoised (least recently
 * used first out).
 */
export function compileAnchoredRe2(pattern: string): AnchoredRe2 {
  const hit = cache.get(pattern);
  if (hit) {
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(`^(?:${pattern})$`);
  } catch (err) {
    if (err instanceof RE2JSException) throw new Re2SyntaxError(err.message);
    throw err;
  }
  const compiled: AnchoredRe2 = { pattern, test: (text) => re.matches(text) };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}
