// What people read about an alert: each monitor type's default summary says what was found with
// numbers rounded for people ("1 new category in purpose: "crypto"", not "new_categories of purpose
// is 1.000"), and a Slack message links to the alert's own page rather than the site root.

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@vigil/stats';
import { alertListSchema } from '@vigil/wire';
import type { AlertInfo } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
let now = Date.UTC(2026, 10, 27, 12);
let s: TestServer;
let receiver: Server;
const slack: { text: string; blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[] }[] = [];
const rng = createRng(23);
let seq = 0;

/** A number written with at most three significant digits (and no long tail of float noise). */
const READABLE = String.raw`-?(?:\d{1,3}|\d\.\d{1,2}|\d\d\.\d|0\.0*[1-9]\d{0,2})`;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      slack.push(JSON.parse(body) as (typeof slack)[number]);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as { port: number }).port;
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { income: 'numeric', purpose: 'categorical' } });
  const rows = Array.from({ length: 2000 }, () => ({ income: 50 + 10 * rng.next(), purpose: rng.next() < 0.5 ? 'car' : 'home' }));
  expect((await s.request('POST', '/v1/models/credit/reference', { rows })).status).toBe(201);
  expect((await s.request('POST', '/v1/channels', { name: 'team', type: 'slack', url: `http://127.0.0.1:${port}/slack` })).status).toBe(201);
  for (const [name, type] of [
    ['quality', 'quality'],
    ['drift', 'drift'],
  ])
    expect((await s.request('POST', '/v1/monitors', { name, model: 'credit', type, window: '10m', interval: '1m', channels: ['team'] })).status).toBe(201);
  // Incomes shifted up by half the reference's range, and one new purpose: "crypto", in 1 of 40 events.
  const events = Array.from({ length: 1200 }, (_, i) => ({
    id: `e${seq++}`,
    timestamp: now - 10 * MINUTE + i * 500,
    features: { income: 55 + 10 * rng.next(), purpose: i % 40 === 0 ? 'crypto' : rng.next() < 0.5 ? 'car' : 'home' },
    prediction: 0.3,
  }));
  expect((await s.request('POST', '/v1/models/credit/predictions', { events })).status).toBe(200);
  await s.profiler.catchUp(now);
  await s.services.alerting.tick(now);
  now += MINUTE; // group_wait
  await s.services.alerting.tick(now);
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => receiver.close(r));
});

const firing = async (): Promise<AlertInfo[]> => alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts;

describe('default alert texts', () => {
  it('names the new category instead of printing a count as a float', async () => {
    const alert = (await firing()).find((a) => a.labels['alertname'] === 'quality' && a.labels['check'] === 'new_categories');
    expect(alert?.annotations['summary']).toBe('1 new category in purpose: "crypto"');
    expect(alert?.value).toBe(1);
  });

  it('rounds drift scores and thresholds for people', async () => {
    const alert = (await firing()).find((a) => a.labels['alertname'] === 'drift' && a.labels['feature'] === 'income');
    const summary = alert?.annotations['summary'] ?? '';
    expect(summary).toMatch(new RegExp(String.raw`^Feature income drifted from the reference: \w+ ${READABLE} \(threshold ${READABLE}\)$`));
    expect(summary).toContain(`${alert!.labels['method']} `);
  });

  it("keeps a monitor's own summary template when it has one", async () => {
    const put = await s.request('PUT', '/v1/monitors/drift', {
      name: 'drift',
      model: 'credit',
      type: 'drift',
      window: '10m',
      interval: '1m',
      annotations: { summary: '{{ $labels.feature }} at {{ $value | readable }}' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    now += MINUTE;
    await s.services.alerting.tick(now);
    const alert = (await firing()).find((a) => a.labels['alertname'] === 'drift' && a.labels['feature'] === 'income');
    expect(alert?.annotations['summary']).toMatch(new RegExp(String.raw`^income at ${READABLE}$`));
  });
});

describe('Slack', () => {
  it("links each alert, and a one-alert message, to the alert's page in the dashboard", async () => {
    expect(slack.length).toBeGreaterThan(0);
    const alerts = await firing();
    const links = slack.flatMap(
      (m) =>
        m.blocks
          .flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)])
          .join('\n')
          .match(/<[^|>]+\|/g) ?? [],
    );
    const targets = links.map((l) => l.slice(1, -1));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets).not.toContain(s.url);
    const alertLinks = targets.filter((t) => t.startsWith(`${s.url}/alerts/`));
    expect(alertLinks.length).toBeGreaterThanOrEqual(alerts.length);
    for (const t of alertLinks.filter((x) => x !== `${s.url}/alerts`)) {
      const fingerprint = decodeURIComponent(t.slice(`${s.url}/alerts/`.length));
      expect(alerts.map((a) => a.fingerprint)).toContain(fingerprint);
      expect((await s.request('GET', `/v1/alerts/${fingerprint}`)).status).toBe(200);
    }
    const headline = slack.flatMap((m) => m.blocks).find((b) => b.type === 'section' && (b.text?.text ?? '').includes('new category'));
    expect(headline?.text?.text).toMatch(/^:red_circle: \*<http:\/\/127\.0\.0\.1:\d+\/alerts\/[0-9a-f]{16}\|1 new category in purpose: "crypto">\*/);
  });
});
