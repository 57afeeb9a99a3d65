import { describe, expect, it } from 'vitest';
import { modelSchema } from '../model/model-schema.js';
import { schemaViolations } from './schema-violations.js';

describe('schemaViolations', () => {
  const schema = modelSchema('binary', { age: 'numeric', purpose: 'categorical', vip: 'boolean' }, null);
  it('counts type contradictions, unknown features and features left out, not nulls', () => {
    const counts = schemaViolations(
      [
        { features: { age: 30, purpose: 'car', vip: true } },
        { features: { age: 'thirty', purpose: 'car', vip: null } },
        { features: { age: 30, extra: 1, other: 'x' } },
      ],
      schema,
    );
    expect(counts).toEqual({ type: 1, unknown: 2, missing: 2 });
  });
  it('finds nothing while a model has no schema yet', () => {
    expect(schemaViolations([{ features: { a: 'x' } }], modelSchema('binary', {}, null))).toEqual({ type: 0, unknown: 0, missing: 0 });
  });
});
