// Core's configuration errors (a bad matcher, a template that does not compile) as a 400 that
// names the field.

import { ValidationError } from '../errors.js';

/** Runs `fn`; a core error it throws becomes a ValidationError at `path` (or the error's own argument). */
export function asFieldError<T>(path: string, fn: () => T, stripPrefix = ''): T {
  try {
    return fn();
  } catch (e) {
    const err = e as Error & { argument?: string };
    const field = (err.argument ?? path).startsWith(stripPrefix) ? (err.argument ?? path).slice(stripPrefix.length) : (err.argument ?? path);
    const message = err.message.startsWith(`${err.argument ?? ''}: `) ? err.message.slice((err.argument ?? '').length + 2) : err.message;
    throw new ValidationError(`${field}: ${message}`, [{ path: field, message }]);
  }
}
