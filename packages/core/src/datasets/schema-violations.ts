// Schema violations of logged events against their model's schema, as the guide's data-quality
// table counts them (alert on any): a value whose type contradicts its feature's type, a feature the
// schema does not have, and a schema feature an event leaves out entirely (null is a missing value,
// not a violation). Counted whether or not the batch is then refused.

import type { PredictionEvent } from '@vigil/wire';
import { featureValueFits } from '../model/event-checks.js';
import type { ModelSchema } from '../model/model-schema.js';

export interface SchemaViolationCounts {
  /** Values whose type contradicts the feature's. */
  type: number;
  /** Features an event carries that the schema lacks. */
  unknown: number;
  /** Schema features an event does not carry at all. */
  missing: number;
}

/** Counts a batch's violations; a model without a schema yet (it learns from events) has none. */
export function schemaViolations(events: readonly Pick<PredictionEvent, 'features'>[], schema: ModelSchema): SchemaViolationCounts {
  const out: SchemaViolationCounts = { type: 0, unknown: 0, missing: 0 };
  const names = Object.keys(schema.features);
  if (names.length === 0) return out;
  for (const e of events) {
    let known = 0;
    for (const name in e.features) {
      if (!Object.hasOwn(e.features, name)) continue;
      if (!Object.hasOwn(schema.features, name)) {
        out.unknown++;
        continue;
      }
      known++;
      if (!featureValueFits(schema.features[name]!, e.features[name]!)) out.type++;
    }
    out.missing += names.length - known;
  }
  return out;
}
