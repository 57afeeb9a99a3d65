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

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, options: ParseOptions = {}): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodIssuesToDetails(r.error, options.prefix ?? '');
  const message = options.describe?.(details) ?? `invalid ${options.prefix ?? 'request'}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`;
  throw new ValidationError(message, details);
}
