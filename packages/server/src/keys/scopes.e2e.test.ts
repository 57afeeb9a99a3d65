// Key scopes over real HTTP: a key learns its own name and scopes (`GET /v1/keys/me`), the people
// on call act on alerts and silences with `read` + `respond` (no `ingest`, no `admin`), and each
// scope stays within what it names.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertListSchema, apiKeySchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;
const keys: Record<string, string> = {};
let fingerprint: string;

beforeAll(async () => {
  s = await createTestServer();
  for (const [name, scopes] of [
    ['oncall', ['read', 'respond']],
    ['viewer', ['read']],
    ['sdk', ['ingest']],
  ] as const) {
    const r = await s.request('POST', '/v1/keys', { name, scopes });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    keys[name] = r.body.key as string;
  }
  await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { x: 'numeric' } });
  // No traffic at all: a volume monitor with a minimum fires at once.
  expect((await s.request('POST', '/v1/monitors', { name: 'quiet', model: 'credit', type: 'volume', min: 10, window: '10m' })).status).toBe(201);
  await s.services.alerting.tick(Date.now());
  fingerprint = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts[0]!.fingerprint;
});
afterAll(async () => {
  await s.close();
});

describe('GET /v1/keys/me', () => {
  it('tells any key its own name, project and scopes, never its secret', async () => {
    const me = await s.request('GET', '/v1/keys/me', undefined, keys['oncall']);
    expect(me.status).toBe(200);
    expect(apiKeySchema.parse(me.body)).toMatchObject({ name: 'oncall', project: 'default', scopes: ['read', 'respond'] });
    expect(me.body.key).toBeUndefined();
    expect((await s.request('GET', '/v1/keys/me', undefined, keys['sdk'])).body).toMatchObject({ name: 'sdk', scopes: ['ingest'] });
    expect((await s.request('GET', '/v1/keys/me')).body).toMatchObject({ name: 'bootstrap admin', scopes: ['admin'] });
    expect((await fetch(`${s.url}/v1/keys/me`)).status).toBe(401);
  });
});

describe('the respond scope', () => {
  it('lets read + respond acknowledge, comment, resolve, and create and expire silences', async () => {
    const key = keys['oncall'];
    const ack = await s.request('POST', `/v1/alerts/${fingerprint}/ack`, { by: 'ana' }, key);
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body.acknowledged.by).toBe('ana');
    expect((await s.request('POST', `/v1/alerts/${fingerprint}/comments`, { by: 'ana', text: 'quiet night' }, key)).status).toBe(201);
    const silence = await s.request('POST', '/v1/silences', { matchers: ['monitor="quiet"'], duration: '1h', createdBy: 'ana', comment: 'expected' }, key);
    expect(silence.status, JSON.stringify(silence.body)).toBe(201);
    expect((await s.request('DELETE', `/v1/silences/${silence.body.id as string}`, undefined, key)).status).toBe(204);
    expect((await s.request('POST', `/v1/alerts/${fingerprint}/resolve`, { by: 'ana' }, key)).status).toBe(200);
  });

  it('does not come with ingest or read alone, and does not make a responder an admin', async () => {
    for (const name of ['sdk', 'viewer']) {
      const r = await s.request('POST', `/v1/alerts/${fingerprint}/ack`, { by: 'bo' }, keys[name]);
      expect(r.status, name).toBe(403);
      expect(r.body.error.message).toMatch(/needs "respond"/);
      expect(
        (await s.request('POST', '/v1/silences', { matchers: ['monitor="quiet"'], duration: '1h', createdBy: 'bo', comment: 'x' }, keys[name])).status,
      ).toBe(403);
    }
    const oncall = keys['oncall'];
    expect((await s.request('POST', '/v1/monitors', { name: 'm2', model: 'credit', type: 'volume', min: 1 }, oncall)).status).toBe(403);
    expect((await s.request('DELETE', '/v1/monitors/quiet', undefined, oncall)).status).toBe(403);
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: [{ id: 'a', features: { x: 1 }, prediction: 0.5 }] }, oncall)).status).toBe(403);
  });

  it('is a scope keys can be made with, and documented', async () => {
    expect((await s.request('POST', '/v1/keys', { name: 'x', scopes: ['respond'] })).status).toBe(201);
    const doc = (await (await fetch(`${s.url}/docs/openapi.json`)).json()) as {
      tags: { name: string; description: string }[];
      paths: Record<string, Record<string, { description: string }>>;
    };
    expect(doc.tags.find((t) => t.name === 'Keys and projects')!.description).toMatch(/`respond` acts on alerts/);
    expect(doc.paths['/v1/alerts/{fp}/ack']!['post']!.description).toMatch(/`respond` scope/);
    expect(doc.paths['/v1/keys/me']!['get']!.description).toMatch(/any scope/);
  });
});
