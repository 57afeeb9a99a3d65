// Roles, key expiry and rotation, and authorization failures, on both stores: each role reaches
// what it should and is refused the rest (403, counted in /metrics and recorded in the audit log);
// an expired key is refused (401); a rotated key's successor works at once and the old one for its
// grace period only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_SCOPES } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const HOUR = 3_600_000;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`roles, expiry and rotation (${kind})`, () => {
    let s: TestServer;
    let now = T0;
    const keys: Record<string, string> = {};

    beforeAll(async () => {
      s = await createTestServerOn(kind, {}, { clock: () => now });
      expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary' })).status).toBe(201);
      for (const role of ['viewer', 'responder', 'editor', 'admin'] as const) {
        const r = await s.request('POST', '/v1/keys', { name: `${role}-key`, role });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        expect(r.body).toMatchObject({ role, scopes: [...ROLE_SCOPES[role]].sort() });
        keys[role] = r.body.key;
      }
    });
    afterAll(() => s.close());

    const monitor = (name: string) => ({ name, model: 'm', type: 'volume', min: 1 });
    const silence = { matchers: ['model="m"'], duration: '1h', createdBy: 'x', comment: 'c' };

    it('lets a viewer read and nothing else', async () => {
      expect((await s.request('GET', '/v1/models', undefined, keys['viewer'])).status).toBe(200);
      expect((await s.request('POST', '/v1/silences', silence, keys['viewer'])).status).toBe(403);
      expect((await s.request('POST', '/v1/monitors', monitor('v'), keys['viewer'])).status).toBe(403);
    });

    it('lets a responder act on alerts but not change configuration', async () => {
      expect((await s.request('POST', '/v1/silences', silence, keys['responder'])).status).toBe(201);
      expect((await s.request('POST', '/v1/monitors', monitor('r'), keys['responder'])).status).toBe(403);
    });

    it('lets an editor change configuration and log events, not keys, data policies or erasure', async () => {
      expect((await s.request('POST', '/v1/monitors', monitor('e'), keys['editor'])).status).toBe(201);
      expect((await s.request('PUT', '/v1/models/m/aliases/champion', { version: 'v0' }, keys['editor'])).status).toBe(400);
      expect((await s.request('POST', '/v1/models/m/predictions', { events: [{ id: 'a', features: { x: 1 }, prediction: 0.3 }] }, keys['editor'])).status).toBe(
        200,
      );
      expect((await s.request('POST', '/v1/keys', { name: 'sneaky', role: 'admin' }, keys['editor'])).status).toBe(403);
      expect((await s.request('GET', '/v1/keys', undefined, keys['editor'])).status).toBe(403);
      expect((await s.request('PUT', '/v1/data-policy', { detect: { email: 'mask' } }, keys['editor'])).status).toBe(403);
      expect((await s.request('POST', '/v1/models/m/erasure', { ids: ['a'] }, keys['editor'])).status).toBe(403);
      expect((await s.request('POST', '/v1/keys', { name: 'by-admin', role: 'viewer' }, keys['admin'])).status).toBe(201);
    });

    it('counts every authorization failure in /metrics and records each refusal in the audit log', async () => {
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      const forbidden = Number(/vigil_authorization_failures_total\{reason="forbidden"\} (\d+)/.exec(metrics)?.[1]);
      expect(forbidden).toBe(7); // viewer 2, responder 1, editor 4
      expect((await s.request('GET', '/v1/models', undefined, 'vgl_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
      const after = await (await fetch(`${s.url}/metrics`)).text();
      expect(Number(/vigil_authorization_failures_total\{reason="unauthenticated"\} (\d+)/.exec(after)?.[1])).toBeGreaterThanOrEqual(1);
      const denied = (await s.request('GET', '/v1/audit?entity=route&limit=100')).body.entries as {
        action: string;
        actor: { name: string };
        entity: { id: string };
      }[];
      expect(denied.length).toBe(forbidden);
      expect(denied.every((e) => e.action === 'authorization.deny')).toBe(true);
      expect(denied.map((e) => `${e.actor.name} ${e.entity.id}`)).toContain('editor-key POST /v1/keys');
    });

    it('refuses a key once it expired', async () => {
      const r = await s.request('POST', '/v1/keys', { name: 'short', role: 'viewer', expiresIn: '1h' });
      expect(r.body.expiresAt).toBe(new Date(now + HOUR).toISOString());
      expect((await s.request('GET', '/v1/models', undefined, r.body.key)).status).toBe(200);
      now += 2 * HOUR;
      const refused = await s.request('GET', '/v1/models', undefined, r.body.key);
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toMatch(/expired/);
    });

    it('rotates a key: the new one works at once, the old one for its grace period only', async () => {
      const old = await s.request('POST', '/v1/keys', { name: 'service', role: 'responder' });
      const rotated = await s.request('POST', `/v1/keys/${old.body.id}/rotate`, { grace: '30m' });
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(201);
      expect(rotated.body).toMatchObject({ name: 'service', role: 'responder', scopes: ['read', 'respond'] });
      expect(rotated.body.id).not.toBe(old.body.id);
      expect((await s.request('GET', '/v1/models', undefined, rotated.body.key)).status).toBe(200);
      expect((await s.request('GET', '/v1/models', undefined, old.body.key)).status).toBe(200);
      const list = (await s.request('GET', '/v1/keys')).body.keys as { id: string; expiresAt?: string }[];
      expect(list.find((k) => k.id === old.body.id)?.expiresAt).toBe(new Date(now + 30 * 60_000).toISOString());
      now += HOUR;
      expect((await s.request('GET', '/v1/models', undefined, old.body.key)).status).toBe(401);
      expect((await s.request('GET', '/v1/models', undefined, rotated.body.key)).status).toBe(200);
      expect((await s.request('POST', '/v1/keys/nope/rotate', {})).status).toBe(404);
      const actions = ((await s.request('GET', '/v1/audit?entity=key&limit=3')).body.entries as { action: string }[]).map((e) => e.action);
      expect(actions).toContain('key.rotate');
    });

    it('refuses a key with both scopes and a role, naming the field', async () => {
      const r = await s.request('POST', '/v1/keys', { name: 'x', role: 'viewer', scopes: ['read'] });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('scopes');
    });
  });
}
