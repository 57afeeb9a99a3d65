// Monitors to notifications over real sockets with a controlled clock: a drift monitor fires,
// the webhook receives Alertmanager's JSON with a valid signature after group_wait, the alert is
// acknowledged, the receiver goes down and the resolved notification arrives once it is back.

import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@vigil/stats';
import { alertListSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12);
let now = T0;
let s: TestServer;
let receiver: Server;
let receiverUrl: string;
let receiverStatus = 200;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const SECRET = 'webhook-secret';
const rng = createRng(11);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
let seq = 0;

async function traffic(from: number, to: number, shift: number, n = 300) {
  const events = Array.from({ length: n }, (_, i) => ({
    id: `e${seq++}`,
    timestamp: Math.floor(from + ((to - from) * i) / n),
    features: { x: normal() + shift, g: rng.next() < 0.5 ? 'a' : 'b' },
    prediction: 0.3,
  }));
  const r = await s.request('POST', '/v1/models/credit/predictions', { events });
  expect(r.status).toBe(200);
  await s.profiler.catchUp(now);
}

const tick = async (advanceMs: number) => {
  now += advanceMs;
  await s.services.alerting.tick(now);
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (receiverStatus === 200) received.push({ headers: req.headers, body });
      res.statusCode = receiverStatus;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address() as { port: number };
  receiverUrl = `http://127.0.0.1:${addr.port}/hook`;
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { x: 'numeric', g: 'categorical' } });
  const ref = Array.from({ length: 2000 }, () => ({ x: normal(), g: rng.next() < 0.5 ? 'a' : 'b' }));
  expect((await s.request('POST', '/v1/models/credit/reference', { rows: ref })).status).toBe(201);
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => receiver.close(r));
});

describe('alerting end to end', () => {
  it('refuses bad definitions with a 400 naming the field, storing nothing', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/monitors', { name: 'p', model: 'credit', type: 'performance', metric: 'acc', condition: { op: 'lt', value: 0.7 } }, 'metric'],
      ['/v1/monitors', { name: 'd', model: 'credit', type: 'drift', interval: '-5s' }, 'interval'],
      ['/v1/monitors', { name: 'd', model: 'nope', type: 'drift' }, 'model'],
      ['/v1/monitors', { name: 'd', model: 'credit', type: 'drift', annotations: { summary: '{{ $value ' } }, 'annotations.summary'],
      ['/v1/channels', { name: 'c', type: 'webhook', url: 'ftp://example.com/x' }, 'url'],
      ['/v1/silences', { matchers: ['feature=~"x'], duration: '1h', createdBy: 'me', comment: 'c' }, 'matchers[0]'],
    ];
    for (const [path, body, field] of cases) {
      const r = await s.request('POST', path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(
        r.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(r.body),
      ).toContain(field);
    }
    expect((await s.request('GET', '/v1/monitors')).body.monitors).toEqual([]);
    expect((await s.request('GET', '/v1/channels')).body.channels).toEqual([]);
    expect((await s.request('GET', '/v1/silences')).body.silences).toEqual([]);
  });

  it('fires on drift and notifies the webhook after group_wait, signed, in Alertmanager format', async () => {
    const ch = await s.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url: receiverUrl, secret: SECRET });
    expect(ch.status).toBe(201);
    expect(ch.body.hasSecret).toBe(true);
    expect(JSON.stringify(ch.body)).not.toContain(SECRET);
    const mon = await s.request('POST', '/v1/monitors', {
      name: 'credit-drift',
      model: 'credit',
      type: 'drift',
      window: '10m',
      interval: '30s',
      for: '0s',
      channels: ['hook'],
      annotations: { summary: 'Feature {{ $labels.feature }} drifted (score {{ printf "%.2f" $value }})' },
    });
    expect(mon.status, JSON.stringify(mon.body)).toBe(201);

    await traffic(now - 10 * MINUTE, now, 0, 3000);
    await tick(0);
    expect((await s.request('GET', '/v1/alerts')).body.alerts).toEqual([]);

    await traffic(now, now + 10 * MINUTE, 1.2, 600);
    await tick(10 * MINUTE);
    const firing = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts;
    expect(firing.map((a) => a.labels['feature'])).toEqual(['x']);
    expect(firing[0]!.labels).toMatchObject({ alertname: 'credit-drift', model: 'credit', monitor: 'credit-drift', severity: 'warning', feature: 'x' });
    expect(firing[0]!.annotations['summary']).toMatch(/^Feature x drifted \(score \d\.\d\d\)$/);
    expect(received).toHaveLength(0); // group_wait (30 s) has not passed

    await tick(30_000);
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(headers['x-vigil-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);
    const payload = JSON.parse(body) as {
      version: string;
      status: string;
      alerts: { labels: Record<string, string>; status: string }[];
      groupLabels: Record<string, string>;
    };
    expect(payload.version).toBe('4');
    expect(payload.status).toBe('firing');
    expect(payload.alerts.map((a) => a.labels['feature'])).toEqual(['x']);
    expect(payload.groupLabels).toEqual({ alertname: 'credit-drift', model: 'credit', monitor: 'credit-drift' });

    // Nothing new: no repeat before repeat_interval.
    await tick(30_000);
    await tick(5 * MINUTE);
    expect(received).toHaveLength(1);
  });

  it('records acknowledgement and comments on the timeline', async () => {
    const [alert] = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts;
    const acked = await s.request('POST', `/v1/alerts/${alert!.fingerprint}/ack`, { by: 'ana', comment: 'looking' });
    expect(acked.body.acknowledged.by).toBe('ana');
    await s.request('POST', `/v1/alerts/${alert!.fingerprint}/comments`, { by: 'ana', text: 'upstream pipeline changed' });
    const timeline = (await s.request('GET', `/v1/alerts/${alert!.fingerprint}/timeline`)).body.timeline as { kind: string; detail: Record<string, unknown> }[];
    expect(timeline.map((t) => t.kind)).toEqual(['state', 'state', 'notification', 'acknowledged', 'comment']);
    // With for: 0s the alert passes through pending and fires in the same evaluation.
    expect(timeline.slice(0, 2).map((t) => [t.detail['from'], t.detail['to']])).toEqual([
      ['inactive', 'pending'],
      ['pending', 'firing'],
    ]);
    // Acknowledged: the repeat after repeat_interval (4 h) is not sent.
    const before = received.length;
    for (let i = 0; i < 9; i++) {
      await traffic(now, now + 30 * MINUTE, 1.2, 600); // the drift goes on
      await tick(30 * MINUTE);
    }
    expect(received.length).toBe(before);
  });

  it('delivers the resolved notification once the receiver is back, after retrying', async () => {
    receiverStatus = 503;
    // Normed Wasserstein has sampling noise of ≈ 0.07 at 600 rows against 2000: judge on 3000.
    await traffic(now, now + 10 * MINUTE, 0, 3000);
    await tick(10 * MINUTE); // the window now holds normal traffic only: resolved
    expect(alertListSchema.parse((await s.request('GET', '/v1/alerts')).body).alerts[0]!.state).toBe('resolved');
    await tick(5 * MINUTE); // group_interval: the resolved notification is due, the receiver fails
    await tick(2_000);
    await tick(4_000);
    expect(received).toHaveLength(1);
    receiverStatus = 200;
    await tick(10_000);
    await tick(20_000);
    expect(received).toHaveLength(2);
    const resolved = JSON.parse(received[1]!.body) as { status: string };
    expect(resolved.status).toBe('resolved');
    const notes = (await s.request('GET', '/v1/notifications')).body.notifications as { status: string; attempts: { ok: boolean; statusCode: number }[] }[];
    expect(notes[0]!.status).toBe('sent');
    expect(notes[0]!.attempts.map((a) => a.statusCode).slice(-1)).toEqual([200]);
    expect(notes[0]!.attempts.filter((a) => !a.ok).every((a) => a.statusCode === 503)).toBe(true);
    expect(notes[0]!.attempts.length).toBeGreaterThan(1);
  });

  it('mutes a silenced alert', async () => {
    const sil = await s.request('POST', '/v1/silences', {
      matchers: ['feature="x"', 'model="credit"'],
      duration: '2h',
      createdBy: 'ana',
      comment: 'known change',
    });
    expect(sil.status).toBe(201);
    await traffic(now, now + 10 * MINUTE, 1.2, 600);
    await tick(10 * MINUTE);
    await tick(30_000);
    await tick(5 * MINUTE);
    const alerts = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts;
    expect(alerts[0]!.silenced).toBe(true);
    expect(received).toHaveLength(2);
    expect((await s.request('DELETE', `/v1/silences/${sil.body.id as string}`)).status).toBe(204);
    await tick(5 * MINUTE);
    expect(received).toHaveLength(3);
  });
});
