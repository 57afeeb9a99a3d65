// `vigil audit verify` on a stopped store, SQLite and PostgreSQL: changes are made through the API of
// a real server, the server is stopped, and then an audit row edited, deleted, inserted or reordered
// directly in the database makes the command exit 1 naming it; the untouched store exits 0.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, openStore, startServer } from '@vigil/server';
import type { Store } from '@vigil/server';
import { createTestSchema } from '@vigil/server/testing';
import type { CliIo } from '../cli-io.js';
import { main } from '../main.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stderrIsTTY: false, stderrColumns: 80 } as CliIo & { out: string; err: string };
  io.stdout = (t) => void (io.out += t);
  io.stderr = (t) => void (io.err += t);
  return io;
}

async function run(...args: string[]) {
  const io = captureIo();
  const code = await main(['audit', 'verify', ...args], io);
  return { code, out: io.out, err: io.err };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`vigil audit verify (${kind})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-verify-'));
    let location: string;
    let drop: (() => Promise<void>) | undefined;
    let args: string[];
    let rows: {
      seq: number;
      entry: string;
      leaf_hash: string;
      time: number;
      project_id: number | null;
      action: string;
      entity_type: string;
      entity_id: string;
      actor_id: string | null;
      request_id: string | null;
      erased: number;
    }[];

    const withStore = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
      const store = await openStore({ location });
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    };
    const restore = () =>
      withStore(async (store) => {
        await store.db.deleteFrom('audit_log').execute();
        for (const r of rows) await store.db.insertInto('audit_log').values(r).execute();
      });

    beforeAll(async () => {
      if (kind === 'postgres') {
        const schema = await createTestSchema();
        location = schema.url;
        drop = schema.drop;
      } else location = join(dir, 'vigil.db');
      const key = generateKey().token;
      const server = await startServer(
        { port: 0, data: dir, adminKey: key, logLevel: 'silent', ...(kind === 'postgres' ? { store: location } : {}) },
        { loops: false },
      );
      const call = async (method: string, path: string, body: unknown) => {
        const r = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(r.status, `${method} ${path}`).toBeLessThan(300);
      };
      await call('POST', '/v1/models', { name: 'credit', type: 'binary' });
      await call('POST', '/v1/channels', { name: 'oncall', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'hush' });
      await call('POST', '/v1/monitors', { name: 'vol', model: 'credit', type: 'volume', min: 1, channels: ['oncall'] });
      await call('PUT', '/v1/monitors/vol', { name: 'vol', model: 'credit', type: 'volume', min: 3, channels: ['oncall'] });
      await call('POST', '/v1/keys', { name: 'auditor', scopes: ['read'] });
      await call('PUT', '/v1/notification-policy', { route: { receiver: 'oncall' } });
      await server.close();
      rows = await withStore(async (store) => (await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()) as typeof rows);
      expect(rows).toHaveLength(6);
      args = kind === 'sqlite' ? ['--data', dir] : ['--store', location, '--data', dir];
    });
    afterAll(async () => {
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('passes the untouched store, exit 0', async () => {
      const r = await run(...args);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^audit log intact: 6 entries, 6 signed tree heads/);
    });

    it('names an edited entry, exit 1', async () => {
      await withStore((s) =>
        s.db
          .updateTable('audit_log')
          .set({ entry: rows[3]!.entry.replace('"after":3', '"after":30') })
          .where('seq', '=', 4)
          .execute(),
      );
      const r = await run(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/entry 4 was edited/);
      await restore();
    });

    it('names a deleted entry, exit 1', async () => {
      await withStore((s) => s.db.deleteFrom('audit_log').where('seq', '=', 2).execute());
      const r = await run(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/entry 2 was deleted/);
      await restore();
    });

    it('names reordered entries, exit 1', async () => {
      await withStore(async (s) => {
        await s.db.updateTable('audit_log').set({ seq: -1 }).where('seq', '=', 3).execute();
        await s.db.updateTable('audit_log').set({ seq: 3 }).where('seq', '=', 5).execute();
        await s.db.updateTable('audit_log').set({ seq: 5 }).where('seq', '=', -1).execute();
      });
      const r = await run(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/entry 3 was reordered/);
      await restore();
    });

    it('names an inserted entry, exit 1', async () => {
      const last = rows.at(-1)!;
      await withStore((s) =>
        s.db
          .insertInto('audit_log')
          .values({ ...last, seq: 7, entry: last.entry.replace('"seq":6', '"seq":7') })
          .execute(),
      );
      const r = await run(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/entry 7 was inserted/);
      await restore();
      expect((await run(...args)).code).toBe(0);
    });

    it('checks heads with the public key alone, and refuses another key', async () => {
      const seed = readFileSync(join(dir, 'audit.key'), 'utf8');
      expect(seed.trim()).not.toBe('');
      const { AuditSigner } = await import('@vigil/server');
      const own = AuditSigner.fromSeed(Buffer.from(seed.trim(), 'base64'));
      const other = AuditSigner.fromSeed(Buffer.alloc(32, 1));
      const base = kind === 'sqlite' ? ['--store', location] : ['--store', location];
      const right = await run(...base, '--public-key', own.publicKeyRaw.toString('base64'));
      expect(right.err).toBe('');
      expect(right.code).toBe(0);
      const wrong = await run(...base, '--public-key', other.publicKeyRaw.toString('base64'));
      expect(wrong.code).toBe(1);
      expect(wrong.err).toMatch(/signature/);
    });

    it('says what is missing, exit 2', async () => {
      expect((await run()).code).toBe(2);
      const noKey = await run('--store', location);
      expect(noKey.code).toBe(2);
      expect(noKey.err).toMatch(/--public-key/);
    });
  });
}
