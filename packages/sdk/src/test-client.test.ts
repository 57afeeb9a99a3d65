import { describe, expect, it } from 'vitest';
import { createTestClient } from './test-client.js';
import type { VigilSdkDiagnostic } from './diagnostics.js';

describe('createTestClient', () => {
  it('records events with the HTTP client defaults, without touching the caller objects', () => {
    const c = createTestClient({ version: 'v3' });
    const event = Object.freeze({ id: 'a', features: Object.freeze({ x: 1 }), prediction: 0.2 });
    const before = Date.now();
    c.logPrediction(event);
    c.logPrediction({ id: 'b', features: {}, prediction: 'cat', version: 'v1', timestamp: 5 });
    c.logLabel('a', 1);
    c.logMetric('gpu_util', 0.5, { gpu: '0' });
    expect(event).toEqual({ id: 'a', features: { x: 1 }, prediction: 0.2 });
    expect(c.predictions).toHaveLength(2);
    expect(c.predictions[0]).toMatchObject({ id: 'a', version: 'v3', features: { x: 1 } });
    expect(c.predictions[0]!.timestamp as number).toBeGreaterThanOrEqual(before);
    expect(c.predictions[1]).toMatchObject({ version: 'v1', timestamp: 5 });
    expect(c.labels).toEqual([{ id: 'a', label: 1, timestamp: expect.any(Number) as number }]);
    expect(c.metrics).toEqual([{ name: 'gpu_util', value: 0.5, labels: { gpu: '0' }, timestamp: expect.any(Number) as number }]);
    expect(c.stats()).toMatchObject({ queued: 0, inFlight: 0, sent: 4 });
  });

  it('refuses what the server would refuse, reports it at once, and never throws', async () => {
    const seen: VigilSdkDiagnostic[] = [];
    const c = createTestClient({ onError: (d) => seen.push(d) });
    c.logPrediction({ id: 'a', features: { age: [1] as unknown as number }, prediction: 1 });
    c.logPrediction(null as never);
    c.logMetric('9bad', 1);
    expect(c.predictions).toHaveLength(0);
    expect(c.refused.map((r) => [r.stream, r.reason, r.path])).toEqual([
      ['predictions', 'invalid', 'features.age'],
      ['predictions', 'invalid', undefined],
      ['metrics', 'invalid', 'name'],
    ]);
    expect(seen).toHaveLength(3);
    expect(c.stats().dropped.invalid).toBe(3);
    await c.shutdown();
    await c.shutdown();
    expect(() => c.logPrediction({ id: 'z', features: {}, prediction: 1 })).not.toThrow();
    expect(c.stats().dropped.shutdown).toBe(1);
    c.reset();
    expect(c.refused).toHaveLength(0);
    expect(c.stats().dropped.shutdown).toBe(0);
    c.logPrediction({ id: 'z', features: {}, prediction: 1 });
    expect(c.predictions.map((p) => p.id)).toEqual(['z']);
  });
});
