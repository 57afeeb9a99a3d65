// Schema violations counted at ingest, per model, in memory: what the `schema` monitor sums over its
// window. A refused batch writes nothing to the store (the API's promise), so its violations are
// kept here; they are this replica's and do not survive a restart (the monitor's window is short).

import type { SchemaViolationCounts } from '@vigil/core';
import type { Store } from '../storage/store.js';

interface Entry extends SchemaViolationCounts {
  at: number;
}

/** Entries kept per model at most (oldest out first), and their age at most. */
const MAX_ENTRIES = 10_000;
const MAX_AGE_MS = 7 * 86_400_000;

export class SchemaViolationLog {
  private readonly byModel = new Map<number, Entry[]>();

  record(modelId: number, at: number, counts: SchemaViolationCounts): void {
    if (counts.type + counts.unknown + counts.missing === 0) return;
    let list = this.byModel.get(modelId);
    if (list === undefined) this.byModel.set(modelId, (list = []));
    list.push({ at, ...counts });
    while (list.length > MAX_ENTRIES || (list.length > 0 && list[0]!.at < at - MAX_AGE_MS)) list.shift();
  }

  /** Violations of a model counted in (from, to]: up to and including the evaluation's instant. */
  sum(modelId: number, from: number, to: number): SchemaViolationCounts {
    const out = { type: 0, unknown: 0, missing: 0 };
    for (const e of this.byModel.get(modelId) ?? []) {
      if (e.at <= from || e.at > to) continue;
      out.type += e.type;
      out.unknown += e.unknown;
      out.missing += e.missing;
    }
    return out;
  }
}

const logs = new WeakMap<Store, SchemaViolationLog>();

/** The log of a store's models (one per server: ingest writes it, the alerting loop reads it). */
export function schemaViolationLog(store: Store): SchemaViolationLog {
  let log = logs.get(store);
  if (log === undefined) logs.set(store, (log = new SchemaViolationLog()));
  return log;
}
