// Random payloads at the ingest endpoints: never a 500, and a rejected request never changes the
// store. Runs through `app.inject()` (the same routing, parsing and error mapping, no socket).

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema, ingestResponseSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;
let modelId: number;

beforeAll(async () => {
  s = await createTestServer();
  await s.request('POST', '/v1/models', { name: 'fuzz', type: 'binary', features: { a: 'numeric', b: 'categorical', c: 'boolean' } });
  modelId = (await s.store.findModel(1, 'fuzz'))!.id;
});
afterAll(async () => s.close());

const scalar = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null));
const nearlyValidEvent = fc.record(
  {
    id: fc.oneof(fc.string({ minLength: 0, maxLength: 6 }), fc.integer()),
    timestamp: fc.oneof(fc.constant('2026-11-27T10:00:00Z'), fc.integer(), fc.string({ maxLength: 5 })),
    features: fc.oneof(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), scalar), scalar, fc.array(scalar)),
    prediction: fc.oneof(fc.double(), fc.string({ maxLength: 4 }), fc.record({ label: scalar, score: fc.double() }, { requiredKeys: [] }), scalar),
    latencyMs: fc.oneof(fc.double(), fc.string({ maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.record({ events: fc.array(nearlyValidEvent, { maxLength: 5 }) }),
  fc.record({ labels: fc.array(fc.record({ id: fc.string({ maxLength: 4 }), label: scalar }, { requiredKeys: [] }), { maxLength: 4 }) }),
  fc.jsonValue().map((v) => v as unknown),
  fc.string({ maxLength: 40 }).map((text) => ({ raw: text })),
);

describe('ingest fuzz', () => {
  it('answers every random payload with 200 or a specific 4xx, and only a 200 writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('predictions', 'labels', 'metrics'),
        fc.constantFrom('application/json', 'application/x-ndjson'),
        async (b, endpoint, type) => {
          const before =
            (await s.store.countPredictions(modelId)) +
            (
              await s.store.db
                .selectFrom('labels')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n;
          const payload =
            typeof b === 'object' && b !== null && 'raw' in b
              ? String((b as { raw: string }).raw)
              : type === 'application/json'
                ? JSON.stringify(b)
                : JSON.stringify(b) + '\n';
          const res = await s.app.inject({
            method: 'POST',
            url: `/v1/models/fuzz/${endpoint}`,
            headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': type },
            payload,
          });
          expect(res.statusCode).toBeLessThan(500);
          const after =
            (await s.store.countPredictions(modelId)) +
            (
              await s.store.db
                .selectFrom('labels')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n;
          if (res.statusCode === 200) {
            const r = ingestResponseSchema.parse(res.json());
            if (endpoint !== 'metrics') expect(Number(after) - Number(before)).toBe(r.accepted);
          } else {
            expect(errorResponseSchema.parse(res.json()).error.message.length).toBeGreaterThan(0);
            expect(after).toBe(before);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
