import { describe, expect, it } from 'vitest';
import { batchBody, idInJson, serializeEvent } from './event-serialization.js';

describe('serializeEvent', () => {
  const v = JSON.stringify('v"2');
  it('serialises like a shallow copy with the defaults filled', () => {
    const cases: Array<Record<string, unknown>> = [
      { id: 'a', features: { x: 1 }, prediction: 0.5 },
      { id: 'b', features: {}, prediction: 'cat', timestamp: 7 },
      { id: 'c', features: {}, prediction: 1, version: 'mine' },
      { id: 'd', features: {}, prediction: 1, timestamp: undefined, version: undefined, latencyMs: 2 },
      { id: 'e', features: {}, prediction: 1, timestamp: '2026-11-27T10:00:00Z', version: 'x' },
    ];
    for (const e of cases) {
      const copy = { ...e, timestamp: e.timestamp ?? 123, version: e.version ?? 'v"2' };
      expect(JSON.parse(serializeEvent('predictions', e, 123, v))).toEqual(JSON.parse(JSON.stringify(copy)));
    }
    expect(JSON.parse(serializeEvent('predictions', { id: 'a', features: {}, prediction: 1 }, 5, undefined))).toEqual({
      id: 'a',
      features: {},
      prediction: 1,
      timestamp: 5,
    });
    expect(serializeEvent('predictions', {}, 5, v)).toBe('{"timestamp":5,"version":"v\\"2"}');
  });

  it('adds nothing to labels and metrics, and ignores a prototype toJSON', () => {
    expect(serializeEvent('labels', { id: 'a', label: 1, timestamp: 3 }, 9, v)).toBe('{"id":"a","label":1,"timestamp":3}');
    class Sneaky {
      id = 'a';
      toJSON() {
        return { id: 'other' };
      }
    }
    expect(serializeEvent('labels', new Sneaky(), 9, undefined)).toBe('{"id":"a"}');
  });
});

describe('batchBody and idInJson', () => {
  it('wraps the parts under the endpoint key', () => {
    expect(JSON.parse(batchBody('predictions', ['{"id":"a"}', '{"id":"b"}']))).toEqual({ events: [{ id: 'a' }, { id: 'b' }] });
    expect(JSON.parse(batchBody('metrics', ['{"name":"x","value":1}']))).toEqual({ metrics: [{ name: 'x', value: 1 }] });
    expect(idInJson('{"id":"p7"}')).toBe('p7');
    expect(idInJson('{"name":"m"}')).toBeUndefined();
    expect(idInJson(undefined)).toBeUndefined();
  });
});
