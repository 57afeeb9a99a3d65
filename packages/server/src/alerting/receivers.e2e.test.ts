// Real receivers for every channel type: a local HTTP receiver for Slack and PagerDuty formats,
// Debian's Prometheus Alertmanager listing the alert through its own API, a local SMTP server
// receiving the mail; and a notification that survives a restart of Vigil while its receiver is down.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../keys/api-keys.js';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
let s: TestServer;
let http: Server;
let httpUrl: string;
let httpStatus = 200;
const posts: { path: string; body: string }[] = [];

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (httpStatus === 200) posts.push({ path: req.url ?? '', body });
      res.statusCode = httpStatus;
      res.end(httpStatus === 200 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  s = await createTestServer();
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => http.close(r));
});

describe('channel formats', () => {
  it('sends Slack text and blocks, and a PagerDuty Events v2 trigger with a stable dedup key', async () => {
    expect((await s.request('POST', '/v1/channels', { name: 'slack', type: 'slack', url: `${httpUrl}/slack` })).status).toBe(201);
    const pd = await s.request('POST', '/v1/channels', { name: 'pd', type: 'pagerduty', routingKey: 'R0UT1NGK3Y0000000000000000000000', url: `${httpUrl}/pd` });
    expect(pd.body.hasSecret).toBe(true);
    expect(JSON.stringify((await s.request('GET', '/v1/channels')).body)).not.toContain('R0UT1NGK3Y');
    expect((await s.request('POST', '/v1/channels/slack/test')).body).toMatchObject({ ok: true, statusCode: 200 });
    expect((await s.request('POST', '/v1/channels/pd/test')).body).toMatchObject({ ok: true, statusCode: 200 });
    const slack = JSON.parse(posts.find((p) => p.path === '/slack')!.body) as { text: string; blocks: { type: string }[] };
    expect(slack.text).toMatch(/VigilTestNotification/);
    expect(slack.blocks.map((b) => b.type)).toContain('section');
    const event = JSON.parse(posts.find((p) => p.path === '/pd')!.body) as {
      routing_key: string;
      event_action: string;
      dedup_key: string;
      payload: { summary: string; severity: string; source: string };
    };
    expect(event.routing_key).toBe('R0UT1NGK3Y0000000000000000000000');
    expect(event.event_action).toBe('trigger');
    expect(event.dedup_key).toMatch(/^[0-9a-f]{64}$/);
    expect(event.payload.severity).toBe('info');
  });
});

// Skipped only outside CI when Debian's package is absent; .ci/run installs it.
describe.skipIf(!existsSync(ALERTMANAGER) && process.env['CI'] === undefined)('Prometheus Alertmanager', () => {
  let am: ChildProcess;
  let amUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-am-'));

  beforeAll(async () => {
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n');
    am = spawn(
      ALERTMANAGER,
      [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
      { stdio: 'ignore' },
    );
    // Up to 45 s: under a loaded machine Alertmanager's start can take a while.
    for (let i = 0; i < 450; i++) {
      try {
        if ((await fetch(`${amUrl}/-/ready`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('Alertmanager did not start');
  }, 60_000);
  afterAll(async () => {
    // Alertmanager writes its state as it stops: wait for it before removing its folder.
    if (am.exitCode === null && am.signalCode === null) {
      const exited = new Promise((r) => am.once('exit', r));
      am.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('posts alerts to Alertmanager, which lists them through its own API', async () => {
    expect((await s.request('POST', '/v1/channels', { name: 'am', type: 'alertmanager', url: amUrl })).status).toBe(201);
    expect((await s.request('POST', '/v1/channels/am/test')).body).toMatchObject({ ok: true });
    const alerts = (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { state: string } }[];
    expect(alerts.map((a) => a.labels['alertname'])).toContain('VigilTestNotification');
    expect(alerts.find((a) => a.labels['alertname'] === 'VigilTestNotification')!.labels).toMatchObject({ severity: 'info', model: 'test' });
  });
});

describe('e-mail', () => {
  it('delivers through SMTP to a local server', async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          mails.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;
    try {
      const ch = await s.request('POST', '/v1/channels', {
        name: 'mail',
        type: 'email',
        host: '127.0.0.1',
        port,
        from: 'vigil@example.com',
        to: ['oncall@example.com'],
        password: 'pw',
      });
      expect(ch.status).toBe(201);
      expect(ch.body.config.password).toBeUndefined();
      expect((await s.request('POST', '/v1/channels/mail/test')).body).toMatchObject({ ok: true });
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatch(/Subject: .*VigilTestNotification/);
      expect(mails[0]).toMatch(/To: oncall@example.com/);
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});

describe('outbox', () => {
  it('keeps a pending notification across a restart of Vigil and delivers it once the receiver is back', async () => {
    const data = mkdtempSync(join(tmpdir(), 'vigil-outbox-'));
    const adminKey = generateKey().token;
    let now = Date.UTC(2026, 10, 27, 15);
    const clock = () => now;
    try {
      let a = await createTestServer({ data, adminKey }, { clock });
      await a.request('POST', '/v1/models', { name: 'm', type: 'regression' });
      await a.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url: `${httpUrl}/outage` });
      // A volume monitor that fires at once: no traffic at all in the window.
      expect(
        (await a.request('POST', '/v1/monitors', { name: 'no-traffic', model: 'm', type: 'volume', min: 1, window: '5m', interval: '30s', channels: ['hook'] }))
          .status,
      ).toBe(201);
      httpStatus = 503;
      await a.services.alerting.tick(now);
      now += 30_000;
      await a.services.alerting.tick(now);
      now += 5_000;
      await a.services.alerting.tick(now);
      const pending = (await a.request('GET', '/v1/notifications')).body.notifications as { status: string; attempts: unknown[] }[];
      expect(pending).toHaveLength(1);
      expect(pending[0]!.status).toBe('pending');
      expect(pending[0]!.attempts.length).toBeGreaterThanOrEqual(1);
      await a.close();

      httpStatus = 200;
      a = await createTestServer({ data, adminKey }, { clock });
      now += 60_000;
      await a.services.alerting.tick(now);
      now += 60_000;
      await a.services.alerting.tick(now);
      expect(posts.filter((p) => p.path === '/outage')).toHaveLength(1);
      const sent = (await a.request('GET', '/v1/notifications')).body.notifications as { status: string }[];
      expect(sent.map((n) => n.status)).toEqual(['sent']);
      await a.close();
    } finally {
      httpStatus = 200;
      rmSync(data, { recursive: true, force: true });
    }
  });
});
