// Feature names that are also names of Object.prototype's members are ordinary names: learnt,
// checked and stored like any other; `__proto__` is refused with a message that says why.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
let s: TestServer;

beforeAll(async () => {
  s = await createTestServer();
  expect((await s.request('POST', '/v1/models', { name: 'learnt', type: 'binary' })).status).toBe(201);
  expect(
    (await s.request('POST', '/v1/models', { name: 'declared', type: 'binary', features: { constructor: 'numeric', toString: 'categorical' } })).status,
  ).toBe(201);
});
afterAll(() => s.close());

describe('feature names like Object.prototype members', () => {
  it('are learnt from the first events and stored', async () => {
    const features = Object.fromEntries(NAMES.map((n, i) => [n, i]));
    const r = await s.request('POST', '/v1/models/learnt/predictions', { events: [{ id: 'a', features, prediction: 0.3 }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const model = await s.request('GET', '/v1/models/learnt');
    expect(model.body.features).toEqual(Object.fromEntries(NAMES.map((n) => [n, 'numeric'])));
    const stored = await s.request('GET', '/v1/models/learnt/predictions/a');
    expect(stored.body.features).toEqual(features);
  });

  it('are checked against their declared type, naming the field', async () => {
    const ok = await s.request('POST', '/v1/models/declared/predictions', {
      events: [{ id: 'b', features: { constructor: 1.5, toString: 'x' }, prediction: 0.3 }],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const bad = await s.request('POST', '/v1/models/declared/predictions', { events: [{ id: 'c', features: { constructor: 'one' }, prediction: 0.3 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('events[0].features.constructor');
    expect(bad.body.error.details[0].message).toContain('feature "constructor" is numeric');
  });

  it('refuse __proto__ with a message that names it', async () => {
    const res = await fetch(`${s.url}/v1/models/learnt/predictions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
      body: '{"events":[{"id":"p","features":{"__proto__":1},"prediction":0.4}]}',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('__proto__');
    expect((await s.request('GET', '/v1/models/learnt/predictions/p')).status).toBe(404);
  });
});
