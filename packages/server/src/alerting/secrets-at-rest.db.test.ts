// Channel secrets and notification payloads encrypted at rest, on both stores: the rows hold no
// secret in plaintext, the API still hides them, notifications still arrive signed, rows written
// before encryption still work (and are sealed at the next start), and a wrong key fails at start
// with an error that names the setting.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';
import { signBody } from './delivery.js';

const MINUTE = 60_000;
const HOOK_SECRET = 'h00k-s3cret-0123456789';
const ROUTING_KEY = 'R0UT1NGK3Y0000000000000000000000';
const SLACK_TOKEN = 'T000/B000/SLACKTOKEN0123456789';
const SMTP_PASSWORD = 'smtp-pa55word-0123';
const SECRETS = [HOOK_SECRET, ROUTING_KEY, SLACK_TOKEN, SMTP_PASSWORD];

let receiver: Server;
let receiverUrl: string;
const posts: { path: string; body: string; signature: string | undefined }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const signature = req.headers['x-vigil-signature'];
      posts.push({ path: req.url ?? '', body, signature: Array.isArray(signature) ? signature[0] : signature });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => receiver.close(r));
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`channel secrets at rest (${kind})`, () => {
    const T0 = Date.UTC(2026, 10, 25, 12);
    let now = T0;
    let server: TestServer;
    let drop = async (): Promise<void> => {};
    const data = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
    let store: string | undefined;
    // On PostgreSQL the key is given, as replicas sharing it must; on SQLite it is the data folder's key file.
    const secretKey = kind === 'postgres' ? randomBytes(32).toString('base64') : undefined;
    const start = (config: { secretKey?: string } = {}) =>
      createTestServer(
        { data, bucket: '1m', ...(store === undefined ? {} : { store }), ...(secretKey === undefined ? {} : { secretKey }), ...config },
        { clock: () => now },
      );

    beforeAll(async () => {
      if (kind === 'postgres') {
        const schema = await createTestSchema();
        drop = schema.drop;
        store = schema.url;
      }
      server = await start();
    });
    afterAll(async () => {
      await server.close();
      await drop();
    });

    const storedConfigs = async () => (await server.services.store.db.selectFrom('channels').select(['name', 'config']).execute()).map((r) => r.config);

    it('stores no channel secret in plaintext, and the API still hides them', async () => {
      const channels = [
        { name: 'hook', type: 'webhook', url: `${receiverUrl}/hook`, secret: HOOK_SECRET },
        { name: 'slack', type: 'slack', url: `${receiverUrl}/services/${SLACK_TOKEN}` },
        { name: 'pd', type: 'pagerduty', routingKey: ROUTING_KEY, url: `${receiverUrl}/pd` },
        { name: 'mail', type: 'email', host: '127.0.0.1', port: 2525, user: 'vigil', password: SMTP_PASSWORD, from: 'v@x.io', to: ['o@x.io'] },
      ];
      for (const c of channels) expect((await server.request('POST', '/v1/channels', c)).status).toBe(201);
      const stored = await storedConfigs();
      expect(stored).toHaveLength(4);
      for (const config of stored) for (const secret of SECRETS) expect(config).not.toContain(secret);
      for (const config of stored) expect(config).toMatch(/"enc":"v1:/);
      // What is not secret stays readable.
      expect(stored.join('\n')).toContain(`${receiverUrl}/hook`);
      const listed = (await server.request('GET', '/v1/channels')).body as
        { channels: { name: string; hasSecret: boolean }[] } | { name: string; hasSecret: boolean }[];
      const text = JSON.stringify(listed);
      for (const secret of [HOOK_SECRET, ROUTING_KEY, SMTP_PASSWORD]) expect(text).not.toContain(secret);
      expect(text).not.toContain('"enc"');
      const list = Array.isArray(listed) ? listed : listed.channels;
      expect(list.find((c) => c.name === 'hook')?.hasSecret).toBe(true);
      expect(list.find((c) => c.name === 'pd')?.hasSecret).toBe(true);
    });

    it('delivers signed notifications, with the outbox holding no secret in plaintext', async () => {
      expect((await server.request('POST', '/v1/models', { name: 'm', type: 'regression' })).status).toBe(201);
      const monitor = { name: 'quiet', model: 'm', type: 'volume', min: 1, window: '5m', interval: '30s', channels: ['hook', 'slack', 'pd'] };
      expect((await server.request('POST', '/v1/monitors', monitor)).status).toBe(201);
      posts.length = 0;
      for (let i = 0; i < 3 && posts.length < 3; i++) {
        now += MINUTE;
        await server.services.alerting.tick(now);
      }
      const hook = posts.find((p) => p.path === '/hook');
      expect(hook).toBeDefined();
      expect(hook!.signature).toBe(signBody(HOOK_SECRET, hook!.body));
      expect(posts.some((p) => p.path === `/services/${SLACK_TOKEN}`)).toBe(true);
      expect(posts.find((p) => p.path === '/pd')?.body).toContain(ROUTING_KEY);
      const outbox = await server.services.store.db.selectFrom('outbox').select('payload').execute();
      expect(outbox.length).toBeGreaterThanOrEqual(3);
      for (const { payload } of outbox) {
        expect(payload).toMatch(/^\{"enc":"v1:/);
        for (const secret of SECRETS) expect(payload).not.toContain(secret);
      }
    });

    it('reads a channel stored in plaintext before encryption, and seals it at the next start', async () => {
      const project = await server.services.store.findProject('default');
      const config = { name: 'legacy', type: 'webhook', url: `${receiverUrl}/legacy`, secret: HOOK_SECRET };
      await server.services.store.db
        .insertInto('channels')
        .values({ project_id: project!.id, name: 'legacy', type: 'webhook', config: JSON.stringify(config), created_at: now })
        .execute();
      posts.length = 0;
      expect((await server.request('POST', '/v1/channels/legacy/test')).body).toMatchObject({ ok: true, statusCode: 200 });
      const sent = posts.find((p) => p.path === '/legacy');
      expect(sent?.signature).toBe(signBody(HOOK_SECRET, sent!.body));

      await server.close();
      server = await start();
      const stored = await storedConfigs();
      expect(stored).toHaveLength(5);
      for (const c of stored) expect(c).not.toContain(HOOK_SECRET);
      posts.length = 0;
      expect((await server.request('POST', '/v1/channels/legacy/test')).body).toMatchObject({ ok: true, statusCode: 200 });
      expect(posts.find((p) => p.path === '/legacy')?.signature).toBe(signBody(HOOK_SECRET, posts.find((p) => p.path === '/legacy')!.body));
    });

    it('refuses to start with another key, naming the setting', async () => {
      const other = randomBytes(32).toString('hex');
      await expect(start({ secretKey: other })).rejects.toThrow(/VIGIL_SECRET_KEY \(config secretKey\).*several replicas/);
      await expect(start({ secretKey: 'not-a-key' })).rejects.toThrow(/secretKey \(VIGIL_SECRET_KEY\): 32 bytes/);
    });

    if (kind === 'sqlite')
      it('keeps the key in the data folder, readable by its owner only', () => {
        expect(statSync(join(data, 'secret.key')).mode & 0o777).toBe(0o600);
      });
  });
}
