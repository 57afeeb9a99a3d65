// Caches of store data are validated by the store's change sequences: two replicas on one
// PostgreSQL schema (a key revoked, a model deleted, a price book changed on A is seen by B on its
// next request once the notification arrived, and within the check interval without one), and on
// both stores a write bumps its domain's sequence in its own transaction (a rolled-back one does not).

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, createTestServer, createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';
import { CHANGE_CHECK_MS, ChangeSequences, bumpSequences } from './change-sequence.js';
import type { ChangeDomain } from './change-sequence.js';

async function seqOf(s: TestServer, domain: ChangeDomain): Promise<number> {
  const r = await sql<{ seq: number | string }>`select seq from change_sequence where domain = ${domain}`.execute(s.store.db);
  return r.rows.length === 0 ? 0 : Number(r.rows[0]!.seq);
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 3000): Promise<number> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}

describe('two replicas on one PostgreSQL schema', () => {
  let a: TestServer;
  let b: TestServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const schema = await createTestSchema();
    drop = schema.drop;
    a = await createTestServer({ store: schema.url });
    b = await createTestServer({ store: schema.url, adminKey: a.adminKey });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await drop();
  });

  /** Runs `write` on A and waits until B's listener got the notification of it. */
  async function onANotified(write: () => Promise<void>): Promise<void> {
    const before = b.changes!.received;
    await write();
    await until('the change notification on B', () => b.changes!.received > before);
  }

  it('a key revoked on A is refused by B on its next request', async () => {
    const created = await a.request('POST', '/v1/keys', { name: 'ingest', role: 'editor' });
    expect(created.status).toBe(201);
    const token = created.body.key as string;
    // B learns (and caches) the key, and uses its cache: a second request reads no key row.
    expect((await b.request('GET', '/v1/keys/me', undefined, token)).status).toBe(200);
    expect((await b.request('GET', '/v1/models', undefined, token)).status).toBe(200);
    await onANotified(async () => expect((await a.request('DELETE', `/v1/keys/${created.body.id as string}`)).status).toBe(204));
    const refused = await b.request('GET', '/v1/models', undefined, token);
    expect(refused.status).toBe(401);
  });

  it('a model deleted on A is gone on B at its next request', async () => {
    expect((await a.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric' } })).status).toBe(201);
    expect((await b.request('GET', '/v1/models/m')).status).toBe(200);
    expect((await b.request('GET', '/v1/models/m')).status).toBe(200);
    await onANotified(async () => expect((await a.request('DELETE', '/v1/models/m')).status).toBe(204));
    expect((await b.request('GET', '/v1/models/m')).status).toBe(404);
  });

  it('a price book put on A prices on B from its next use', async () => {
    const projectId = Number((await a.store.findProject('default'))!.id);
    expect((await a.request('PUT', '/v1/pricing', { predictions: [{ model: 'credit', usdPer1k: 0.4 }] })).status).toBe(200);
    const first = await b.services.pricing.versions(projectId);
    expect(first.map((v) => v.version)).toEqual([1]);
    expect(await b.services.pricing.versions(projectId)).toBe(first); // the cache, while the sequence holds
    await onANotified(async () => expect((await a.request('PUT', '/v1/pricing', { predictions: [{ model: 'credit', usdPer1k: 0.8 }] })).status).toBe(200));
    expect((await b.services.pricing.versions(projectId)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('a rolled-back write neither bumps the sequence nor notifies', async () => {
    const before = await seqOf(a, 'keys');
    const received = b.changes!.received;
    await expect(
      a.store.db.transaction().execute(async (trx) => {
        await bumpSequences(trx, ['keys']);
        await sql`update api_keys set name = 'renamed' where root = 1`.execute(trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await seqOf(a, 'keys')).toBe(before);
    await new Promise((r) => setTimeout(r, 200));
    expect(b.changes!.received).toBe(received);
    expect(Number((await sql<{ n: number | string }>`select count(*) as n from api_keys where name = 'renamed'`.execute(a.store.db)).rows[0]!.n)).toBe(0);
  });

  it('without notifications, B refuses a revoked key within the check interval', async () => {
    await b.changes!.stop();
    const created = await a.request('POST', '/v1/keys', { name: 'late', role: 'viewer' });
    const token = created.body.key as string;
    expect((await b.request('GET', '/v1/models', undefined, token)).status).toBe(200);
    expect((await a.request('DELETE', `/v1/keys/${created.body.id as string}`)).status).toBe(204);
    const waited = await until('B to refuse the revoked key', async () => (await b.request('GET', '/v1/models', undefined, token)).status === 401);
    // Bounded by the check interval plus a request's time.
    expect(waited).toBeLessThan(CHANGE_CHECK_MS + 500);
  });
});

describe.each(['sqlite', 'postgres'] as const)('change sequences on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServerOn(kind);
  });
  afterAll(async () => {
    await s.close();
  });

  it('each write bumps its domain once, in its own transaction; a write that changes nothing bumps nothing', async () => {
    const keys = await seqOf(s, 'keys');
    const created = await s.request('POST', '/v1/keys', { name: 'k', scopes: ['read'] });
    expect(await seqOf(s, 'keys')).toBe(keys + 1);
    expect((await s.request('GET', '/v1/models', undefined, created.body.key as string)).status).toBe(200);
    expect((await s.request('DELETE', `/v1/keys/${created.body.id as string}`)).status).toBe(204);
    expect(await seqOf(s, 'keys')).toBe(keys + 2);
    // In one process the revocation is seen at once.
    expect((await s.request('GET', '/v1/models', undefined, created.body.key as string)).status).toBe(401);
    expect((await s.request('DELETE', `/v1/keys/${created.body.id as string}`)).status).toBe(404);
    expect(await seqOf(s, 'keys')).toBe(keys + 2);

    const models = await seqOf(s, 'models');
    expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary' })).status).toBe(201);
    expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary' })).status).toBe(409);
    expect(await seqOf(s, 'models')).toBe(models + 1);
    const policies = await seqOf(s, 'policies');
    expect((await s.request('DELETE', '/v1/models/m')).status).toBe(204);
    expect(await seqOf(s, 'models')).toBe(models + 2);
    expect(await seqOf(s, 'policies')).toBe(policies + 1);

    const pricing = await seqOf(s, 'pricing');
    expect((await s.request('PUT', '/v1/pricing', { predictions: [{ model: 'm', usdPer1k: 1 }] })).status).toBe(200);
    expect(await seqOf(s, 'pricing')).toBe(pricing + 1);
  });

  it('reads the sequences at most once per interval, and at once when marked stale', async () => {
    let t = 0;
    const reader = new ChangeSequences(s.store.db, 100, () => t);
    const first = await reader.current('keys');
    expect(reader.reads).toBe(1);
    // Another writer (a transaction that does not announce to this reader): unseen within the interval.
    await s.store.db.transaction().execute((trx) => bumpSequences(trx, ['keys']));
    t = 99;
    expect(await Promise.all([reader.current('keys'), reader.current('models')])).toEqual([first, await reader.current('models')]);
    expect(reader.reads).toBe(1);
    t = 100;
    expect(await reader.current('keys')).toBe(first + 1);
    expect(reader.reads).toBe(2);
    await s.store.db.transaction().execute((trx) => bumpSequences(trx, ['keys']));
    reader.markStale();
    expect(await reader.current('keys')).toBe(first + 2);
    expect(reader.reads).toBe(3);
  });

  it('a rolled-back transaction leaves the sequence as it was, and a reader sees a committed bump', async () => {
    const reader = ChangeSequences.of(s.store.db);
    const before = await reader.current('pricing');
    await expect(
      s.store.db.transaction().execute(async (trx) => {
        await bumpSequences(trx, ['pricing']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    reader.markStale();
    expect(await reader.current('pricing')).toBe(before);
    await s.store.db.transaction().execute((trx) => bumpSequences(trx, ['pricing']));
    reader.markStale();
    expect(await reader.current('pricing')).toBe(before + 1);
  });
});
