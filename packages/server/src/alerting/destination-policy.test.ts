// Issue 15, item 10: notifications must not reach loopback, private, link-local or metadata
// addresses, whatever form the URL gives them in, unless allowed. Nothing here connects anywhere
// but 127.0.0.1: host names resolve through a fake resolver, and refusals happen before connecting.

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendHttp } from './delivery.js';
import { DestinationPolicy, DestinationRefusedError, allowlistEntryError, forbiddenAddressKind } from './destination-policy.js';
import type { Resolve } from './destination-policy.js';

const DNS: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'internal.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.216.34', '192.168.1.5'],
  'metadata.example.com': ['169.254.169.254'],
  'six.example.com': ['2606:2800:220:1::1', 'fd00::1'],
};
const fakeResolve: Resolve = async (host) => (DNS[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const policy = (allowlist: string[] = []) => new DestinationPolicy({ allowlist, resolve: fakeResolve });
const refused = (url: string, allowlist: string[] = []) =>
  policy(allowlist)
    .check(new URL(url))
    .then(
      () => undefined,
      (e: unknown) => (e instanceof DestinationRefusedError ? e.message : `unexpected ${String(e)}`),
    );

describe('forbiddenAddressKind', () => {
  it('names every loopback, private, link-local and special range', () => {
    for (const a of [
      '127.0.0.1',
      '127.255.0.9',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '169.254.0.1',
      '0.0.0.0',
      '100.64.0.1',
    ])
      expect(forbiddenAddressKind(a), a).toBeDefined();
    for (const a of ['::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'ff02::1'])
      expect(forbiddenAddressKind(a), a).toBeDefined();
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:2800:220:1::1']) expect(forbiddenAddressKind(a), a).toBeUndefined();
  });
});

describe('DestinationPolicy.check', () => {
  it('refuses literal internal addresses in any form the URL parser accepts', async () => {
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fe80::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/hook',
    ])
      expect(await refused(url), url).toMatch(/^refused: .* is a .*--webhook-allowlist/);
  });
  it('refuses host names after resolution when any address is internal', async () => {
    expect(await refused('https://internal.example.com/hook')).toMatch(/internal\.example\.com resolves to 10\.1\.2\.3 is a private address/);
    expect(await refused('https://mixed.example.com/hook')).toMatch(/192\.168\.1\.5/);
    expect(await refused('https://metadata.example.com/')).toMatch(/link-local/);
    expect(await refused('https://six.example.com/')).toMatch(/fd00::1/);
    expect(await refused('https://nowhere.example.com/')).toMatch(/resolves to no address/);
  });
  it('lets public destinations through, with the checked addresses to connect to', async () => {
    expect(await policy().check(new URL('https://hooks.example.com/x'))).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect(await refused('http://8.8.8.8/')).toBeUndefined();
  });
  it('refuses other schemes', async () => {
    expect(await refused('ftp://hooks.example.com/')).toMatch(/http or https only/);
    expect(await refused('file:///etc/passwd')).toMatch(/http or https only/);
  });
  it('allows what the allowlist names: CIDRs, addresses and host names', async () => {
    expect(await refused('http://127.0.0.1:9093/', ['127.0.0.0/8'])).toBeUndefined();
    expect(await refused('http://[::1]/', ['::1'])).toBeUndefined();
    expect(await refused('https://internal.example.com/', ['10.0.0.0/8'])).toBeUndefined();
    expect(await refused('https://internal.example.com/', ['Internal.Example.com'])).toBeUndefined();
    expect(await refused('https://mixed.example.com/', ['10.0.0.0/8'])).toMatch(/192\.168\.1\.5/);
    expect(await refused('http://169.254.169.254/', ['127.0.0.0/8'])).toMatch(/link-local/);
  });
  it('checks allowlist entries', () => {
    for (const ok of ['10.0.0.0/8', '127.0.0.1', 'fd00::/8', '::1', 'alertmanager', 'hooks.internal.']) expect(allowlistEntryError(ok), ok).toBeUndefined();
    for (const bad of ['10.0.0.0/33', 'host/8', '1.2.3.4/x', 'a b', '', 'http://x/']) expect(allowlistEntryError(bad), bad).toBeDefined();
    expect(() => policy(['not a host'])).toThrow(/webhookAllowlist/);
  });
});

describe('sendHttp', () => {
  let receiver: Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `${base}/landed` }).end();
        return;
      }
      if (req.url === '/fail') {
        res.writeHead(500).end('internal detail: db password is hunter2');
        return;
      }
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => receiver.close(() => r()));
  });
  const payload = (url: string) => ({ kind: 'http' as const, url, headers: { 'content-type': 'application/json' }, body: '{}' });

  it('refuses a loopback receiver before connecting, without retrying', async () => {
    const before = hits.length;
    const r = await sendHttp(payload(`${base}/hook`), 2000, policy());
    expect(r).toMatchObject({ ok: false, statusCode: null, retryable: false });
    expect(r.error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
    expect(hits.length).toBe(before);
  });
  it('refuses a name that resolves to loopback before connecting', async () => {
    const before = hits.length;
    const loopbackName = new DestinationPolicy({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const r = await sendHttp(payload(`http://receiver.example.com:${new URL(base).port}/hook`), 2000, loopbackName);
    expect(r.error).toMatch(/receiver\.example\.com resolves to 127\.0\.0\.1/);
    expect(hits.length).toBe(before);
  });
  it('connects to the checked address of an allowed name', async () => {
    const pinned = new DestinationPolicy({ allowlist: ['127.0.0.0/8'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const r = await sendHttp(payload(`http://receiver.example.com:${new URL(base).port}/pinned`), 2000, pinned);
    expect(r).toMatchObject({ ok: true, statusCode: 200 });
    expect(hits.at(-1)).toBe('/pinned');
  });
  it('does not follow redirects', async () => {
    const r = await sendHttp(payload(`${base}/redirect`), 2000, policy(['127.0.0.0/8']));
    expect(r).toMatchObject({ ok: false, statusCode: 302, retryable: false, error: 'HTTP 302: redirects are not followed' });
    expect(hits).not.toContain('/landed');
  });
  it("keeps the receiver's answer out of the error", async () => {
    const r = await sendHttp(payload(`${base}/fail`), 2000, policy(['127.0.0.0/8']));
    expect(r).toMatchObject({ ok: false, statusCode: 500, retryable: true, error: 'HTTP 500' });
    expect(r.answer).toMatch(/internal detail/);
  });
});
