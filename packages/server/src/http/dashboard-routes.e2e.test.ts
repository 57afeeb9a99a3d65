// The server serving a built dashboard over a real socket: its files with the right caching,
// index.html for any page a browser opens, and the API's JSON 404s untouched.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const INDEX = '<!doctype html><title>Vigil test build</title><div id="root"></div>';
const SCRIPT = 'console.log("app");';
const dist = mkdtempSync(join(tmpdir(), 'vigil-dist-'));
const empty = mkdtempSync(join(tmpdir(), 'vigil-dist-empty-'));
let s: TestServer;
let unbuilt: TestServer;
let none: TestServer;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(tmpdir(), 'vigil-outside.txt'), 'outside');
  s = await createTestServer({}, { dashboardDir: dist });
  unbuilt = await createTestServer({}, { dashboardDir: empty });
  none = await createTestServer();
});

afterAll(async () => {
  await Promise.all([s.close(), unbuilt.close(), none.close()]);
  rmSync(dist, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.url}${path}`, { headers });
  return { status: r.status, type: r.headers.get('content-type') ?? '', cache: r.headers.get('cache-control'), text: await r.text() };
}

describe('serving the dashboard', () => {
  it('answers / and every page a browser opens with index.html, revalidated each time', async () => {
    for (const path of ['/', '/models/credit-default', '/models/credit-default/features/income?from=2026-11-27T00:00:00Z', '/alerts']) {
      const r = await get(s, path, html);
      expect(r.status, path).toBe(200);
      expect(r.type, path).toMatch(/^text\/html/);
      expect(r.text, path).toBe(INDEX);
      expect(r.cache, path).toBe('no-cache');
    }
    // `/` is the app for any client (curl sends Accept: */*).
    expect((await get(s, '/', { accept: '*/*' })).text).toBe(INDEX);
  });

  it('serves built files: hashed assets cached for good, other files revalidated', async () => {
    const js = await get(s, '/assets/index-abc123.js');
    expect(js).toMatchObject({ status: 200, text: SCRIPT, cache: 'public, max-age=31536000, immutable' });
    expect(js.type).toMatch(/javascript/);
    const icon = await get(s, '/favicon.svg');
    expect(icon).toMatchObject({ status: 200, cache: 'no-cache' });
    expect(icon.type).toMatch(/^image\/svg\+xml/);
    const head = await fetch(`${s.url}/`, { method: 'HEAD', headers: html });
    expect(head.status).toBe(200);
  });

  it('keeps 404s JSON for the API, for missing files and for clients that do not ask for HTML', async () => {
    for (const [path, headers] of [
      ['/v1/no-such-route', html],
      ['/docs/no-such-page', html],
      ['/assets/missing.js', {}],
      ['/models/credit-default', { accept: 'application/json' }],
      ['/models/credit-default', {}],
    ] as const) {
      const r = await get(s, path, { ...headers, authorization: `Bearer ${s.adminKey}` });
      expect(r.status, path).toBe(404);
      expect(errorResponseSchema.parse(JSON.parse(r.text)).error.code, path).toBe('NOT_FOUND');
    }
    // The API itself is untouched.
    expect((await get(s, '/healthz')).text).toBe('{"status":"ok"}');
    expect((await s.request('GET', '/v1/models')).status).toBe(200);
    expect((await get(s, '/docs', html)).text).not.toBe(INDEX);
  });

  it('never serves a file outside the dashboard folder', async () => {
    for (const path of ['/../vigil-outside.txt', '/%2e%2e/vigil-outside.txt', '/assets/..%2f..%2fvigil-outside.txt', '/%2e%2e%2fvigil-outside.txt']) {
      const r = await get(s, path, html);
      expect(r.text, path).not.toContain('outside');
    }
  });

  it('says how to build the dashboard when its folder has no build, and serves nothing without a folder', async () => {
    const r = await get(unbuilt, '/', html);
    expect(r.status).toBe(200);
    expect(r.text).toContain('npm run build -w @vigil/dashboard');
    const absent = await get(none, '/', html);
    expect(absent.status).toBe(404);
    expect(errorResponseSchema.parse(JSON.parse(absent.text)).error.code).toBe('NOT_FOUND');
  });
});
