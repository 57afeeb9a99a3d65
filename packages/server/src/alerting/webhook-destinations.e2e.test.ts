// Issue 15, item 10 through the API: a webhook to an internal address is refused unless the
// allowlist names it, and a receiver's answer never reaches read-only keys (the outbox list).

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../testing.js';

let receiver: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    hits += 1;
    req.resume();
    res.writeHead(500).end('internal detail: db password is hunter2');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe('webhook destinations', () => {
  it('refuses loopback and metadata addresses without an allowlist, before connecting', async () => {
    const s = await createTestServer({ webhookAllowlist: [] });
    try {
      for (const [name, url] of [
        ['loop', `${base}/hook`],
        ['decimal', 'http://2130706433/'],
        ['meta', 'http://169.254.169.254/latest/meta-data/'],
      ] as const) {
        expect((await s.request('POST', '/v1/channels', { name, type: 'webhook', url })).status).toBe(201);
        const r = await s.request('POST', `/v1/channels/${name}/test`);
        expect(r.body, name).toMatchObject({ ok: false, statusCode: null });
        expect(r.body.error, name).toMatch(/^refused: .*--webhook-allowlist/);
      }
      expect(hits).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("shows the receiver's answer to an admin's test send only, never in the outbox", async () => {
    let now = Date.UTC(2026, 10, 27, 15);
    const s = await createTestServer({ webhookAllowlist: ['127.0.0.1/32'] }, { clock: () => now });
    try {
      await s.request('POST', '/v1/models', { name: 'm', type: 'regression' });
      expect((await s.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url: `${base}/hook` })).status).toBe(201);
      const test = await s.request('POST', '/v1/channels/hook/test');
      expect(test.body).toMatchObject({ ok: false, statusCode: 500, error: 'HTTP 500: internal detail: db password is hunter2' });

      // A volume monitor that fires at once: no traffic at all in the window.
      const monitor = { name: 'no-traffic', model: 'm', type: 'volume', min: 1, window: '5m', interval: '30s', channels: ['hook'] };
      expect((await s.request('POST', '/v1/monitors', monitor)).status).toBe(201);
      for (const step of [0, 30_000, 5_000]) {
        now += step;
        await s.services.alerting.tick(now);
      }
      const reader = await s.request('POST', '/v1/keys', { name: 'reader', scopes: ['read'] });
      const list = await s.request('GET', '/v1/notifications', undefined, reader.body.key as string);
      expect(list.status).toBe(200);
      const attempts = (list.body.notifications as { attempts: { error: string | null }[] }[]).flatMap((n) => n.attempts);
      expect(attempts.length).toBeGreaterThan(0);
      for (const a of attempts) expect(a.error).toBe('HTTP 500');
      expect(JSON.stringify(list.body)).not.toContain('hunter2');
    } finally {
      await s.close();
    }
  });
});
