// Every request is a pino JSON line with its method, route, status, duration, request id and key
// id; the key itself never appears. Levels: 4xx at info, 5xx at error, the rest at debug.

import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToken } from '../keys/api-keys.js';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;
let logged = '';

function lines(): Record<string, unknown>[] {
  return logged
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const requestLines = () => lines().filter((l) => typeof l['reqId'] === 'string' && typeof l['status'] === 'number');

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  s = await createTestServer({}, { logger: pino({ level: 'debug' }, sink) });
  await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric' } });
});
afterAll(async () => s.close());

describe('request log', () => {
  it('logs each request with its route, status, duration, request id and key id, at debug when it succeeded', async () => {
    logged = '';
    const res = await fetch(`${s.url}/v1/models/m`, { headers: { authorization: `Bearer ${s.adminKey}`, 'x-request-id': 'trace-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-1');
    const [line] = requestLines();
    expect(line).toMatchObject({
      level: 20,
      reqId: 'trace-1',
      method: 'GET',
      route: '/v1/models/:model',
      url: '/v1/models/m',
      status: 200,
      keyId: parseToken(s.adminKey)!.id,
      msg: 'GET /v1/models/:model 200',
    });
    expect(line!['durationMs']).toBeTypeOf('number');
  });

  it('logs refused requests at info, with a request id of its own when the caller gave none', async () => {
    logged = '';
    const missing = await s.request('GET', '/v1/models/nope');
    expect(missing.status).toBe(404);
    const unauthorized = await fetch(`${s.url}/v1/models`);
    expect(unauthorized.status).toBe(401);
    const [a, b] = requestLines();
    expect(a).toMatchObject({ level: 30, status: 404, route: '/v1/models/:model', reqId: missing.headers.get('x-request-id') });
    expect(b).toMatchObject({ level: 30, status: 401, route: '/v1/models' });
    expect(b!['keyId']).toBeUndefined();
    expect(b!['reqId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes the key', async () => {
    logged = '';
    await s.request('GET', '/v1/models');
    await fetch(`${s.url}/v1/models`, { headers: { authorization: 'Bearer vgl_0123456789abcdef_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' } });
    expect(requestLines()).toHaveLength(2);
    expect(logged).not.toContain(parseToken(s.adminKey)!.secret);
    expect(logged).not.toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
  });
});
