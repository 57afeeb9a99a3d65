import { describe, expect, it } from 'vitest';
import { labelBatchSchema, metricBatchSchema, predictionBatchSchema, timestampToMs } from './ingest.js';
import { zodIssuesToDetails } from './errors.js';

const ok = { id: 'a1', features: { age: 41, city: 'Lyon', vip: true, income: null }, prediction: { label: 1, score: 0.82 } };

function details(body: unknown) {
  const r = predictionBatchSchema.safeParse(body);
  if (r.success) throw new Error('expected a failure');
  return zodIssuesToDetails(r.error);
}

describe('predictionBatchSchema', () => {
  it('accepts every documented event shape', () => {
    const body = {
      events: [
        ok,
        {
          id: 'a2',
          timestamp: '2026-11-27T10:00:00Z',
          version: 'v2',
          features: {},
          prediction: 0.3,
          latencyMs: 12.5,
          segment: { region: 'eu', tier: 2 },
          costUsd: 0.0001,
          traceId: 't',
        },
        { id: 'a3', timestamp: 1_700_000_000_000, features: { x: 1 }, prediction: 'cat' },
        { id: 'a4', features: { x: 1 }, prediction: { probabilities: { a: 0.2, b: 0.8 } } },
      ],
    };
    expect(predictionBatchSchema.parse(body).events).toHaveLength(4);
  });

  it('names the index and field path of every bad event', () => {
    const d = details({ events: [ok, { ...ok, features: { age: [1] } }, { ...ok, id: '' }, { ...ok, latencyMs: -1 }] });
    expect(d.map((x) => [x.index, x.path])).toEqual([
      [1, 'events[1].features.age'],
      [2, 'events[2].id'],
      [3, 'events[3].latencyMs'],
    ]);
  });

  it('rejects unknown fields, timestamps without a zone, empty prediction objects and empty batches', () => {
    expect(details({ events: [{ ...ok, feature: {} }] })[0]!.message).toMatch(/feature/);
    expect(details({ events: [{ ...ok, timestamp: '2026-11-27 10:00' }] })[0]!.path).toBe('events[0].timestamp');
    expect(details({ events: [{ ...ok, prediction: {} }] })[0]!.message).toMatch(/at least one of label, score or probabilities/);
    expect(details({ events: [] })[0]!.path).toBe('events');
    expect(details({ events: [{ ...ok, prediction: { probabilities: { a: 1.5 } } }] })[0]!.path).toBe('events[0].prediction.probabilities.a');
  });

  it('refuses a NUL character in every id, name, label and string value, naming the field', () => {
    const nul = 'a\u0000b';
    const bad = [
      { ...ok, id: nul },
      { ...ok, version: nul },
      { ...ok, traceId: nul },
      { ...ok, features: { [nul]: 1 } },
      { ...ok, features: { city: nul } },
      { ...ok, prediction: nul },
      { ...ok, prediction: { label: nul } },
      { ...ok, prediction: { probabilities: { [nul]: 1 } } },
      { ...ok, segment: { [nul]: 'x' } },
      { ...ok, segment: { region: nul } },
    ];
    const d = details({ events: bad });
    expect(new Set(d.map((x) => x.index))).toEqual(new Set(bad.map((_, i) => i)));
    expect(d.find((x) => x.index === 0)).toMatchObject({ path: 'events[0].id', message: 'no NUL character (U+0000)' });
    expect(d.find((x) => x.index === 4)?.path).toBe('events[4].features.city');
    expect(labelBatchSchema.safeParse({ labels: [{ id: nul, label: 1 }] }).success).toBe(false);
    expect(labelBatchSchema.safeParse({ labels: [{ id: 'a', label: nul }] }).success).toBe(false);
    expect(metricBatchSchema.safeParse({ metrics: [{ name: 'm', value: 1, labels: { gpu: nul } }] }).success).toBe(false);
  });

  it('quotes feature names that are not identifiers', () => {
    expect(details({ events: [{ ...ok, features: { 'credit score': {} } }] })[0]!.path).toBe('events[0].features["credit score"]');
  });
});

describe('labels and metrics', () => {
  it('validates labels and Prometheus metric names', () => {
    expect(labelBatchSchema.parse({ labels: [{ id: 'a', label: 0 }] }).labels[0]!.label).toBe(0);
    expect(labelBatchSchema.safeParse({ labels: [{ id: 'a' }] }).success).toBe(false);
    expect(metricBatchSchema.safeParse({ metrics: [{ name: 'gpu_util', value: 0.5, labels: { gpu: '0' } }] }).success).toBe(true);
    expect(metricBatchSchema.safeParse({ metrics: [{ name: '9bad', value: 1 }] }).success).toBe(false);
  });

  it('converts both timestamp forms to epoch milliseconds', () => {
    expect(timestampToMs('2026-11-27T10:00:00+01:00')).toBe(Date.UTC(2026, 10, 27, 9));
    expect(timestampToMs(5)).toBe(5);
  });
});
