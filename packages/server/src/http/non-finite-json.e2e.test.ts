// A Python client's `json.dumps` writes NaN and Infinity: the server reads them as missing values,
// in JSON and NDJSON bodies, and a body that is still not JSON is refused with the reason and position.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictionRecordSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;

async function post(path: string, contentType: string, body: string) {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers freely
}

beforeAll(async () => {
  s = await createTestServer();
  expect(
    (await s.request('POST', '/v1/models', { name: 'py', type: 'regression', features: { age: 'numeric', income: 'numeric', city: 'categorical' } })).status,
  ).toBe(201);
});
afterAll(async () => s.close());

describe('NaN and Infinity in JSON bodies', () => {
  it('stores NaN, Infinity and -Infinity feature values as missing', async () => {
    // What Python's json.dumps({"events": [...]}) writes for float('nan') and float('inf').
    const body =
      '{"events": [{"id": "a", "features": {"age": NaN, "income": Infinity, "city": "NaN"}, "prediction": 1.5}, {"id": "b", "features": {"age": -Infinity, "income": 2.0, "city": "Lyon"}, "prediction": 2.5}]}';
    const r = await post('/v1/models/py/predictions', 'application/json', body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accepted).toBe(2);
    const a = predictionRecordSchema.parse((await s.request('GET', '/v1/models/py/predictions/a')).body);
    expect(a.features).toEqual({ age: null, income: null, city: 'NaN' });
    const b = predictionRecordSchema.parse((await s.request('GET', '/v1/models/py/predictions/b')).body);
    expect(b.features).toEqual({ age: null, income: 2, city: 'Lyon' });
  });

  it('reads them in NDJSON lines too', async () => {
    const r = await post('/v1/models/py/predictions', 'application/x-ndjson', '{"id": "c", "features": {"age": NaN}, "prediction": 3}\n');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(predictionRecordSchema.parse((await s.request('GET', '/v1/models/py/predictions/c')).body).features).toEqual({ age: null });
  });

  it('refuses a field that must be a number by name', async () => {
    const r = await post('/v1/models/py/predictions', 'application/json', '{"events": [{"id": "d", "features": {"age": 1}, "prediction": NaN}]}');
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('events[0].prediction');
  });

  it('says why and where a body is still not JSON', async () => {
    const r = await post('/v1/models/py/predictions', 'application/json', '{"events": [{"id": "e", "features": {"age": nan}}]}');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_JSON');
    const line = await post('/v1/models/py/predictions', 'application/x-ndjson', '{"id": "f", "prediction": 1}\n{"id": "g", "prediction": Nan}\n');
    expect(line.body.error.message).toBe('line 2 of the NDJSON body is not valid JSON: unexpected "Nan" at character 27');
    expect(r.body.error.message).toBe('the body is not valid JSON: unexpected "nan" at character 45');
  });
});
