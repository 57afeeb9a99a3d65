// Hostile alerting inputs on both stores: silences with times past any date, a stored silence a
// Date cannot show, repeated query parameters, and notification policies nested thousands deep.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silenceListSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const now = Date.UTC(2026, 10, 27, 9);

function nested(depth: number): unknown {
  let r: Record<string, unknown> = { matchers: ['a="b"'] };
  for (let i = 0; i < depth; i++) r = { routes: [r] };
  return r;
}

describe.each(['sqlite', 'postgres'] as const)('alerting inputs on %s', (kind) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await createTestServerOn(kind, {}, { clock: () => now });
  });
  afterAll(() => s.close());

  const silence = (extra: Record<string, unknown>) => ({ matchers: ['model="m"'], createdBy: 'me', comment: 'test', ...extra });

  it.each([
    ['endsAt', { endsAt: 9007199254740991 }],
    ['endsAt', { endsAt: now + 11 * 366 * 86_400_000 }],
    ['startsAt', { startsAt: -1, endsAt: now + 60_000 }],
    ['startsAt', { startsAt: 1, endsAt: now + 60_000 }],
    ['endsAt', { endsAt: '9999-12-31T00:00:00Z' }],
    ['duration', { duration: '100000d' }],
  ])('refuses a silence with %s out of bounds (%j) and stores nothing', async (field, extra) => {
    const r = await s.request('POST', '/v1/silences', silence(extra));
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(silenceListSchema.parse((await s.request('GET', '/v1/silences')).body).silences).toEqual([]);
  });

  it('lists and expires a stored silence whose end no Date can show', async () => {
    const r = await s.request('POST', '/v1/silences', silence({ duration: '2h' }));
    expect(r.status).toBe(201);
    await s.store.db.updateTable('silences').set({ ends_at: 9007199254740991 }).where('id', '=', r.body.id).execute();
    const listed = await s.request('GET', '/v1/silences');
    expect(listed.status).toBe(200);
    const [one] = silenceListSchema.parse(listed.body).silences;
    expect(one).toMatchObject({ id: r.body.id, state: 'active', endsAt: '+275760-09-13T00:00:00.000Z' });
    expect((await s.request('DELETE', `/v1/silences/${r.body.id}`)).status).toBe(204);
    expect(silenceListSchema.parse((await s.request('GET', '/v1/silences')).body).silences[0]!.state).toBe('expired');
  });

  it('answers 400 to a repeated alert state', async () => {
    const r = await s.request('GET', '/v1/alerts?state=firing&state=pending');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.details[0].path).toBe('query.state');
    expect((await s.request('GET', '/v1/alerts?state=a&state=b')).status).toBe(400);
  });

  it('refuses a notification policy nested deeper than 32 routes, naming the path', async () => {
    const at32 = await s.request('PUT', '/v1/notification-policy', { route: nested(32) });
    expect(at32.status).toBe(200);
    const at33 = await s.request('PUT', '/v1/notification-policy', { route: nested(33) });
    expect(at33.status).toBe(400);
    expect(at33.body.error.details[0].path).toBe(`route${'.routes[0]'.repeat(33)}`);
    for (const depth of [1000, 3000]) {
      // Written out by hand: JSON.stringify itself runs out of stack on such a tree.
      const text = `{"route":${'{"routes":['.repeat(depth)}{}${']}'.repeat(depth)}}`;
      const res = await fetch(`${s.url}/v1/notification-policy`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
        body: text,
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string; details: { path: string }[] } };
      expect(body.error.details[0]!.path).toMatch(/^route\.routes\[0\]/);
      expect(body.error.message).toMatch(/nested deeper than/);
    }
    // The policy stored before is intact.
    expect(JSON.stringify((await s.request('GET', '/v1/notification-policy')).body.route)).toBe(JSON.stringify(nested(32)));
  });
});
