// Batch-time validation: each queued event is checked against the wire schema the server uses, so
// one bad event is dropped (with its zod path) instead of making the server refuse the whole batch.

import { formatPath, labelEventSchema, metricEventSchema, predictionEventSchema, quickLabelCheck, quickMetricCheck, quickPredictionCheck } from '@vigil/wire';
import type { EventStream } from './diagnostics.js';

export interface InvalidEvent {
  /** Position in the batch that was validated. */
  readonly index: number;
  /** The failing field, relative to the event (`features.age`). */
  readonly path: string;
  readonly message: string;
  /** The event's id, when it has a string one. */
  readonly id?: string;
  /** How many problems zod found in this event (only the first is described). */
  readonly problems: number;
}

const schemas = { predictions: predictionEventSchema, labels: labelEventSchema, metrics: metricEventSchema } as const;
const quickChecks = { predictions: quickPredictionCheck, labels: quickLabelCheck, metrics: quickMetricCheck } as const;

/** Why one event fails its stream's schema, or undefined when it passes. */
export function explainInvalid(stream: EventStream, event: unknown): Omit<InvalidEvent, 'index'> | undefined {
  if (quickChecks[stream](event)) return undefined;
  const r = schemas[stream].safeParse(event);
  if (r.success) return undefined;
  const first = r.error.issues[0];
  const rawId = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
  const base = {
    path: first === undefined ? '(root)' : formatPath(first.path),
    message: first?.message ?? 'invalid event',
    problems: r.error.issues.length,
  };
  return typeof rawId === 'string' ? { ...base, id: rawId } : base;
}

/**
 * Splits a batch into the indexes of the events the server will accept and the events it would
 * refuse. Events are validated as logged: the defaults the client fills (timestamp, version) are
 * valid by construction, so they need no checking.
 */
export function validateEvents(stream: EventStream, items: readonly unknown[]): { valid: number[]; invalid: InvalidEvent[] } {
  const valid: number[] = [];
  const invalid: InvalidEvent[] = [];
  const quick = quickChecks[stream];
  for (let i = 0; i < items.length; i++) {
    try {
      const e = items[i];
      if (quick(e)) {
        valid.push(i);
        continue;
      }
      const why = explainInvalid(stream, e);
      if (why === undefined) valid.push(i);
      else invalid.push({ index: i, ...why });
    } catch (err) {
      // A proxy or getter that throws when read: this event cannot be sent, the others can.
      invalid.push({ index: i, path: '(root)', message: `could not be read: ${String(err)}`, problems: 1 });
    }
  }
  return { valid, invalid };
}
