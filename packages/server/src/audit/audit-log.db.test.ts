// The audit log end to end on both stores: changes made through the API become entries (with the
// caller, the request id and a before/after diff, secrets never written), each signed into an RFC
// 6962 tree whose proofs verify; and a row edited, deleted, inserted or reordered directly in the
// database makes the verification fail, naming it.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LOG_ORIGIN, fromHex, treeHeadMessage, verifyConsistency, verifyInclusion } from '@vigil/core';
import { auditListSchema, auditProofSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';
import { AuditSigner, loadAuditSigner } from './audit-signer.js';
import { verifyStoredAuditLog } from './verify-stored-log.js';

const sha256 = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(d).digest());
const hex = (s: string): Uint8Array => fromHex(s) as Uint8Array;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the audit log (${kind})`, () => {
    let s: TestServer;
    let signer: AuditSigner;

    beforeAll(async () => {
      s = await createTestServerOn(kind);
      signer = loadAuditSigner({ data: s.config.data, create: false });
      const steps: [string, string, unknown][] = [
        ['POST', '/v1/models', { name: 'm', type: 'binary', description: 'first' }],
        ['POST', '/v1/channels', { name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'very-secret-token' }],
        ['POST', '/v1/monitors', { name: 'vol', model: 'm', type: 'volume', min: 1, channels: ['hook'] }],
        ['PUT', '/v1/monitors/vol', { name: 'vol', model: 'm', type: 'volume', min: 5, channels: ['hook'] }],
        ['POST', '/v1/keys', { name: 'oncall', scopes: ['read', 'respond'] }],
        ['PUT', '/v1/notification-policy', { route: { receiver: 'hook' } }],
        ['POST', '/v1/silences', { matchers: ['alertname="vol"'], createdBy: 'ops', comment: 'maintenance', endsAt: '2030-01-01T00:00:00Z' }],
      ];
      for (const [method, path, body] of steps) {
        const r = await s.request(method, path, body);
        expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      }
    });
    afterAll(() => s.close());

    it('records every change with its actor, request id and diff, newest first', async () => {
      const r = await fetch(`${s.url}/v1/audit?limit=100`, { headers: { authorization: `Bearer ${s.adminKey}`, 'x-request-id': 'audit-read-1' } });
      const body = auditListSchema.parse(await r.json());
      expect(body.entries.map((e) => e.action)).toEqual([
        'silence.create',
        'notificationPolicy.update',
        'key.create',
        'monitor.update',
        'monitor.create',
        'channel.create',
        'model.create',
      ]);
      const update = body.entries.find((e) => e.action === 'monitor.update')!;
      expect(update.entity).toEqual({ type: 'monitor', id: 'vol', model: 'm' });
      expect(update.actor).toMatchObject({ type: 'key', name: 'bootstrap admin' });
      expect(update.requestId).toMatch(/.+/);
      expect(update.diff).toContainEqual(expect.objectContaining({ path: expect.stringContaining('min'), before: 1, after: 5 }));
      expect(body.treeHead.size).toBe(7);
      expect(
        signer.verify(treeHeadMessage(AUDIT_LOG_ORIGIN, body.treeHead.size, body.treeHead.root, Date.parse(body.treeHead.time)), body.treeHead.signature),
      ).toBe(true);
      expect(body.treeHead.publicKey).toBe(signer.publicKeyRaw.toString('base64'));
    });

    it('keeps the caller’s request id', async () => {
      const r = await fetch(`${s.url}/v1/monitors/vol`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${s.adminKey}`, 'x-request-id': 'req-delete-vol' },
      });
      expect(r.status).toBe(204);
      const list = (await s.request('GET', '/v1/audit?entity=monitor:vol&limit=1')).body;
      expect(list.entries[0]).toMatchObject({ action: 'monitor.delete', requestId: 'req-delete-vol', entity: { id: 'vol' } });
      expect(list.entries[0].diff[0]).toMatchObject({ path: '' });
      expect(list.entries[0].diff[0].before).toMatchObject({ name: 'vol' });
    });

    it('never writes a secret: not the channel secret, not the new key', async () => {
      const created = await s.request('POST', '/v1/keys', { name: 'temp', scopes: ['read'] });
      expect(created.status).toBe(201);
      const { rows } = await s.store.audit.everything();
      const all = rows.map((r) => r.entry).join('\n');
      expect(all).not.toContain('very-secret-token');
      expect(all).not.toContain(created.body.key);
      expect(all).toContain('[redacted]');
      if (kind === 'sqlite') {
        // Nor anywhere in the database files.
        const dir = s.config.data;
        for (const f of readdirSync(dir).filter((n) => n.startsWith('vigil.db'))) expect(readFileSync(join(dir, f)).includes(created.body.key), f).toBe(false);
      }
    });

    it('filters by time, entity and actor', async () => {
      const byEntity = (await s.request('GET', '/v1/audit?entity=channel')).body;
      expect(byEntity.entries.map((e: { action: string }) => e.action)).toEqual(['channel.create']);
      expect((await s.request('GET', '/v1/audit?actor=system')).body.entries).toEqual([]);
      expect((await s.request('GET', '/v1/audit?actor=bootstrap%20admin&limit=2')).body.entries).toHaveLength(2);
      expect((await s.request('GET', '/v1/audit?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).body.entries).toEqual([]);
      expect((await s.request('GET', '/v1/audit?limit=0')).status).toBe(400);
      expect((await s.request('GET', '/v1/audit?from=yesterday')).body.error.message).toContain('query.from');
    });

    it('answers inclusion and consistency proofs that verify against the signed heads', async () => {
      const head = (await s.request('GET', '/v1/audit')).body.treeHead;
      for (const seq of [1, 4, head.size]) {
        const p = auditProofSchema.parse((await s.request('GET', `/v1/audit/proof?seq=${seq}`)).body);
        if (p.proof.type !== 'inclusion') throw new Error('expected an inclusion proof');
        expect(p.proof.root).toBe(head.root);
        expect(verifyInclusion(sha256, p.proof.leafIndex, p.proof.size, hex(p.proof.leafHash), p.proof.proof.map(hex), hex(head.root))).toBe(true);
      }
      const c = auditProofSchema.parse((await s.request('GET', `/v1/audit/proof?first=3&second=${head.size}`)).body);
      if (c.proof.type !== 'consistency') throw new Error('expected a consistency proof');
      const h3 = await s.store.audit.headOfSize(3);
      expect(c.proof.firstRoot).toBe(h3!.root_hash);
      expect(verifyConsistency(sha256, 3, head.size, hex(h3!.root_hash), hex(head.root), c.proof.proof.map(hex))).toBe(true);
      expect((await s.request('GET', '/v1/audit/proof?seq=999')).status).toBe(404);
      // Without a query: the inclusion of the project's latest entry.
      const latest = auditProofSchema.parse((await s.request('GET', '/v1/audit/proof')).body);
      expect(latest.proof).toMatchObject({ type: 'inclusion', seq: head.size, size: head.size });
      expect((await s.request('GET', '/v1/audit/proof?seq=1&first=1')).body.error.message).toContain('query.seq');
      expect((await s.request('GET', `/v1/audit/proof?seq=2&size=${head.size + 5}`)).body.error.message).toContain('query.size');
    });

    it('does not show one project’s entries to another', async () => {
      const p = await s.request('POST', '/v1/projects', { name: 'other' });
      const key = p.body.adminKey.key as string;
      const theirs = (await s.request('GET', '/v1/audit', undefined, key)).body;
      expect(theirs.entries).toEqual([]);
      expect((await s.request('GET', '/v1/audit/proof?seq=1', undefined, key)).status).toBe(404);
    });

    describe('verification of the stored rows', () => {
      const table = sql.table('audit_log');
      const verify = () => verifyStoredAuditLog(s.store, signer);
      let saved: { seq: number; entry: string; leaf_hash: string }[];

      beforeAll(async () => {
        saved = (await s.store.audit.everything()).rows.map((r) => ({ seq: Number(r.seq), entry: r.entry, leaf_hash: r.leaf_hash }));
      });
      /** Puts the saved rows back as they were written. */
      const restore = async () => {
        await sql`delete from ${table}`.execute(s.store.db);
        for (const r of saved) {
          const e = JSON.parse(r.entry) as {
            time: string;
            project: number | null;
            action: string;
            entity: { type: string; id: string };
            actor: { id?: string };
            requestId: string | null;
          };
          await sql`insert into ${table} (seq, time, project_id, action, entity_type, entity_id, actor_id, request_id, entry, leaf_hash, erased)
            values (${r.seq}, ${Date.parse(e.time)}, ${e.project}, ${e.action}, ${e.entity.type}, ${e.entity.id}, ${e.actor.id ?? null}, ${e.requestId}, ${r.entry}, ${r.leaf_hash}, 0)`.execute(
            s.store.db,
          );
        }
        expect((await verify()).ok).toBe(true);
      };

      it('passes the untouched store', async () => {
        const r = await verify();
        expect(r).toMatchObject({ ok: true, entries: saved.length, signedSize: saved.length });
      });

      it('names an edited entry', async () => {
        await sql`update ${table} set entry = replace(entry, '"after":5', '"after":50') where seq = 4`.execute(s.store.db);
        expect((await verify()).problem).toMatchObject({ kind: 'edited', seq: 4 });
        await restore();
      });

      it('names a deleted entry', async () => {
        await sql`delete from ${table} where seq = 3`.execute(s.store.db);
        expect((await verify()).problem).toMatchObject({ kind: 'deleted', seq: 3 });
        await restore();
      });

      it('names reordered entries', async () => {
        await sql`update ${table} set seq = -1 where seq = 2`.execute(s.store.db);
        await sql`update ${table} set seq = 2 where seq = 5`.execute(s.store.db);
        await sql`update ${table} set seq = 5 where seq = -1`.execute(s.store.db);
        expect((await verify()).problem).toMatchObject({ kind: 'reordered', seq: 2 });
        await restore();
      });

      it('names an inserted entry', async () => {
        const last = saved.at(-1)!;
        const forged = last.entry.replace(`"seq":${last.seq}`, `"seq":${last.seq + 1}`);
        await sql`insert into ${table} (seq, time, project_id, action, entity_type, entity_id, actor_id, request_id, entry, leaf_hash, erased)
          select ${last.seq + 1}, time, project_id, action, entity_type, entity_id, actor_id, request_id, ${forged}, leaf_hash, 0 from ${table} where seq = ${last.seq}`.execute(
          s.store.db,
        );
        const r = await verify();
        expect(r.ok).toBe(false);
        expect(r.problem?.seq).toBe(last.seq + 1);
        await restore();
      });
    });
  });
}

describe('audit keys', () => {
  it('a verifier built from the public key checks what the signer signed', () => {
    const a = AuditSigner.fromSeed(Buffer.alloc(32, 7));
    const b = AuditSigner.fromPublicKey(a.publicKeyRaw.toString('base64'));
    const sig = a.sign('hello');
    expect(b.verify('hello', sig)).toBe(true);
    expect(b.verify('hellO', sig)).toBe(false);
    expect(b.keyId).toBe(a.keyId);
    expect(() => b.sign('x')).toThrow(/only verify/);
  });
});
