// Issue 15, general defences at the HTTP edge: security headers (a CSP the dashboard and /docs
// live within, no framing by other sites), CORS off unless configured, rate limits per key when
// configured (none by default), and HTTPS with --tls-cert/--tls-key.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;

beforeAll(async () => {
  s = await createTestServer();
});

afterAll(async () => {
  await s.close();
});

describe('security headers', () => {
  it('send a CSP that forbids framing and inline scripts, on the API and on /docs', async () => {
    for (const path of ['/healthz', '/docs', '/v1/models']) {
      const r = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${s.adminKey}` } });
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(r.headers.get('strict-transport-security'), path).toBeNull();
    }
  });
  it('leave /docs working: its page loads only its own script files', async () => {
    const page = await (await fetch(`${s.url}/docs`)).text();
    expect(page).toContain('<script src="/docs/assets/docs-init.js"></script>');
    expect(page).not.toMatch(/<script>(?!<\/script>)/);
    expect((await fetch(`${s.url}/docs/assets/docs-init.js`)).status).toBe(200);
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control headers for another origin', async () => {
    const r = await fetch(`${s.url}/v1/models`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${s.adminKey}` } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${s.url}/v1/models`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('allows exactly the configured origins', async () => {
    const c = await createTestServer({ corsOrigins: 'https://ui.example.com' });
    try {
      const pre = await fetch(`${c.url}/v1/models`, {
        method: 'OPTIONS',
        headers: { origin: 'https://ui.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://ui.example.com');
      expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
      const other = await fetch(`${c.url}/v1/models`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${c.adminKey}` } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await c.close();
    }
  });
});

describe('rate limits', () => {
  it('are off by default', async () => {
    for (let i = 0; i < 30; i++) expect((await s.request('GET', '/v1/models')).status).toBe(200);
  });
  it('answer 429 with Retry-After per key once configured', async () => {
    const c = await createTestServer({ rateLimit: 3 });
    try {
      const other = (await c.request('POST', '/v1/keys', { name: 'other', scopes: ['read'] })).body.key as string;
      for (let i = 0; i < 2; i++) expect((await c.request('GET', '/v1/models')).status).toBe(200);
      const r = await c.request('GET', '/v1/models');
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await c.request('GET', '/v1/models', undefined, other)).status).toBe(200);
    } finally {
      await c.close();
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS with --tls-cert and --tls-key, with HSTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const t = await createTestServer({ tlsCert: cert, tlsKey: key });
    try {
      expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const answer = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
        get(`${t.url}/healthz`, { ca: readFileSync(cert) }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'], body }));
        }).on('error', reject);
      });
      expect(answer.status).toBe(200);
      expect(answer.hsts).toMatch(/max-age=/);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(createTestServer({ tlsCert: cert })).rejects.toThrow(/go together/);
  });
});
