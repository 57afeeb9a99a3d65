// One way to read a request part with a zod schema: its value, or a ValidationError whose
// details name every bad field (`query.from`, `events[3].features.age`, …).

import { zodIssuesToDetails } from '@vigil/wire';
import type { ErrorDetail } from '@vigil/wire';
import type { z } from 'zod';
import { ValidationError } from '../errors.js';

export interface ParseOptions {
  /** Path prefix of every detail, e.g. `query`. */
  prefix?: string;
  /** The error's message from its details; default "invalid request: path: message; …". */
  describe?: (details: readonly ErrorDetail[]) => string;
}

export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, options: ParseOptions = {}): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodIssuesToDetails(r.error, options.prefix ?? '');
  const message = options.describe?.(details) ?? `invalid ${options.prefix ?? 'request'}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`;
  throw new ValidationError(message, details);
}
