// What Fastify and Node's HTTP parser answer before any route runs is in the API's error shape too:
// a bad percent-encoding (400), a path parameter over the limit (414), a URL or headers over 16 KiB
// (431). Sent byte for byte over node:http, since fetch would fix or refuse such URLs itself.

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';
import { MAX_PARAM_LENGTH } from './framework-errors.js';

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

function send(path: string): Promise<{ status: number; contentType: string; body: string }> {
  const { hostname, port } = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers: { authorization: `Bearer ${s.adminKey}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('answers given before a route runs', () => {
  it.each([
    ['a bad percent-encoding', '/v1/models/%/predictions/c', 400, 'BAD_URL'],
    ['a truncated percent-encoding', '/v1/monitors/%E0%A4%A', 400, 'BAD_URL'],
    ['a path parameter over the limit', `/v1/monitors/${'x'.repeat(MAX_PARAM_LENGTH + 1)}`, 414, 'URI_TOO_LONG'],
    ['a URL over 16 KiB', `/v1/models?after=${'x'.repeat(70_000)}`, 431, 'HEADERS_TOO_LARGE'],
  ])('%s: %s → %i in the error shape', async (_what, path, status, code) => {
    const r = await send(path);
    expect(r.status).toBe(status);
    expect(r.contentType).toMatch(/^application\/json/);
    const parsed = errorResponseSchema.parse(JSON.parse(r.body));
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.message).toMatch(/\S/);
    expect((await send('/healthz')).status).toBe(200);
  });

  it('still takes a long valid parameter under the limit', async () => {
    const r = await send(`/v1/monitors/${'x'.repeat(300)}`);
    expect(r.status).toBe(404);
    expect(errorResponseSchema.parse(JSON.parse(r.body)).error.code).toBe('NOT_FOUND');
  });
});
