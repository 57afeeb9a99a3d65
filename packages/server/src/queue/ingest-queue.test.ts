// The queue's pure parts: a batch's id is its content's digest, its encoding round-trips, and a
// batch over NATS' payload limit is split into parts that each fit and together hold every item once.

import { describe, expect, it } from 'vitest';
import { batchDigest, decodeBatch, encodeBatch, splitToFit } from './ingest-queue.js';
import type { QueuedBatch } from './ingest-queue.js';

const batch = (n: number, receivedAt = 1): QueuedBatch => ({
  kind: 'prediction',
  projectId: 1,
  model: 'm',
  receivedAt,
  items: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, features: { x: Math.sin(i) * 1e6, s: `v${(i * 7919) % 10007}` }, prediction: i % 2 })),
});

describe('ingest queue batches', () => {
  it('ids a batch by its content: the same events give the same id whenever they are sent, others another', () => {
    expect(batchDigest(batch(10, 1))).toBe(batchDigest(batch(10, 999)));
    expect(batchDigest(batch(10))).toMatch(/^[0-9a-f]{64}$/);
    expect(batchDigest(batch(10))).not.toBe(batchDigest(batch(11)));
    expect(batchDigest(batch(10))).not.toBe(batchDigest({ ...batch(10), model: 'other' }));
    expect(batchDigest(batch(10))).not.toBe(batchDigest({ ...batch(10), kind: 'label' }));
  });

  it('decodes what it encodes, and refuses what is not a batch', () => {
    const b = batch(25);
    expect(decodeBatch(encodeBatch(b))).toEqual(b);
    expect(() => decodeBatch(new TextEncoder().encode('{"x":1}'))).toThrow();
  });

  it('splits a batch over the limit into parts under it, every item once and in order', () => {
    const b = batch(5000);
    const whole = encodeBatch(b).length;
    const limit = Math.floor(whole / 5);
    const parts = splitToFit(b, limit);
    expect(parts.length).toBeGreaterThanOrEqual(5);
    for (const p of parts) expect(p.data.length).toBeLessThanOrEqual(limit);
    expect(parts.flatMap((p) => p.batch.items)).toEqual(b.items);
    expect(new Set(parts.map((p) => batchDigest(p.batch))).size).toBe(parts.length);
    expect(splitToFit(b, whole)).toHaveLength(1);
  });
});
