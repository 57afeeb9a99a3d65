// The one rule every stored string of the API follows: no NUL character. PostgreSQL's text type
// cannot hold U+0000 (SQLite can), so both stores refuse it at the wire, naming the field.

import { z } from 'zod';

export const NUL_MESSAGE = 'no NUL character (U+0000)';

// eslint-disable-next-line no-control-regex -- NUL is the one character refused
const NO_NUL = /^[^\u0000]*$/;

/** A string without NUL: the base of every id, name, label and stored text the API takes. */
export function textSchema(): z.ZodString {
  return z.string().regex(NO_NUL, NUL_MESSAGE);
}

/** True when `s` holds no NUL (the quick checks' and the server's guard's test). */
export function hasNoNul(s: string): boolean {
  return !s.includes('\u0000');
}
