import { describe, expect, it } from 'vitest';
import {
  bodyFromText,
  featuresFromBody,
  headerValue,
  predictionEventFor,
  predictionFromBody,
  requestPredictionId,
  resolvePredictionMiddleware,
  traceIdFromTraceparent,
} from './prediction-middleware.js';

describe('default features and prediction', () => {
  it('takes body.features, else the scalar top-level fields', () => {
    expect(featuresFromBody({ features: { age: 41 }, other: 1 })).toEqual({ age: 41 });
    expect(featuresFromBody({ age: 41, city: 'Lyon', vip: true, income: null, tags: ['a'], nested: { a: 1 } })).toEqual({
      age: 41,
      city: 'Lyon',
      vip: true,
      income: null,
    });
    expect(featuresFromBody(undefined)).toEqual({});
    expect(featuresFromBody([1, 2])).toEqual({});
    expect(featuresFromBody('text')).toEqual({});
  });

  it('takes body.prediction, else label/score/probabilities, else a scalar body', () => {
    expect(predictionFromBody({ prediction: { label: 'cat', score: 0.9 }, took: 3 })).toEqual({ label: 'cat', score: 0.9 });
    expect(predictionFromBody({ label: 'cat', score: 0.9, took: 3 })).toEqual({ label: 'cat', score: 0.9 });
    expect(predictionFromBody({ probabilities: { a: 0.4, b: 0.6 } })).toEqual({ probabilities: { a: 0.4, b: 0.6 } });
    expect(predictionFromBody(0.7)).toBe(0.7);
    expect(predictionFromBody('cat')).toBe('cat');
    expect(predictionFromBody({ status: 'ok' })).toBeUndefined();
    expect(predictionFromBody(Buffer.from('x'))).toBeUndefined();
  });
});

describe('request ids and traces', () => {
  const m = resolvePredictionMiddleware<{ headers: Record<string, string | string[] | undefined> }>({}, () => undefined);
  it('prefers x-request-id, then the framework id, then a UUID', () => {
    expect(requestPredictionId(m, { headers: { 'x-request-id': 'abc' } }, 'req-1')).toBe('abc');
    expect(requestPredictionId(m, { headers: { 'x-request-id': ['first', 'second'] } }, undefined)).toBe('first');
    expect(requestPredictionId(m, { headers: {} }, 'req-1')).toBe('req-1');
    expect(requestPredictionId(m, { headers: { 'x-request-id': '' } }, undefined)).toMatch(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/);
    const own = resolvePredictionMiddleware<{ headers: Record<string, string> }>({ id: (r) => `own-${r.headers.n}` }, () => undefined);
    expect(requestPredictionId(own, { headers: { n: '7', 'x-request-id': 'abc' } }, 'req-1')).toBe('own-7');
  });

  it('reads the trace-id of a W3C traceparent', () => {
    expect(traceIdFromTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdFromTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(traceIdFromTraceparent('garbage')).toBeUndefined();
    expect(traceIdFromTraceparent(undefined)).toBeUndefined();
    expect(headerValue({ traceparent: '' }, 'traceparent')).toBeUndefined();
  });

  it('parses string bodies only when the reply says JSON', () => {
    expect(bodyFromText('{"prediction":1}', 'application/json; charset=utf-8')).toEqual({ prediction: 1 });
    expect(bodyFromText('{oops', 'application/json')).toBeUndefined();
    expect(bodyFromText('cat', 'text/plain')).toBe('cat');
  });
});

describe('predictionEventFor', () => {
  const req = { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, body: { features: { x: 1 } } };
  it('builds the event of a 2xx answer and skips the rest', () => {
    const m = resolvePredictionMiddleware<typeof req>({ segment: () => ({ region: 'eu' }) }, (r) => r.body);
    expect(predictionEventFor(m, req, 'id1', 200, { prediction: 0.3 }, 12.5)).toEqual({
      id: 'id1',
      features: { x: 1 },
      prediction: 0.3,
      latencyMs: 12.5,
      segment: { region: 'eu' },
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(predictionEventFor(m, req, 'id1', 500, { prediction: 0.3 }, 1)).toBeUndefined();
    expect(predictionEventFor(m, req, 'id1', 200, { status: 'ok' }, 1)).toBeUndefined();
  });
});
