// Data policies on both stores: personal data planted in events (e-mails, card numbers, phones, in
// named fields, free text and segments) and in reference uploads (JSON rows, CSV, a dataset taken
// as reference) is dropped, masked or keyed-hashed before anything is stored, so the store's files
// (the reference's gzipped rows unpacked too) hold none of it; erasure removes a subject's events and the payload
// of audit entries that named it while the audit log still verifies; retention deletes old data.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServerOn, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';
import { AuditLog } from '../audit/audit-log.js';
import { AuditSigner, loadAuditSigner } from '../audit/audit-signer.js';
import { DataPolicyService } from './data-policy-service.js';
import { verifyStoredAuditLog } from '../audit/verify-stored-log.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const PLANTED = {
  emails: ['ana.perez@example.com', 'bob.smith@mail.example.org', 'carol+test@example.net'],
  cards: ['4111111111111111', '5555 5555 5555 4444', '378282246310005'],
};

/** Every table's rows as text (PostgreSQL: what its files would hold). */
async function storeText(s: TestServer): Promise<string> {
  if (s.store.dialect === 'sqlite') {
    const dir = s.config.data;
    return readdirSync(dir)
      .filter((f) => f.startsWith('vigil.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('\n');
  }
  const tables = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = current_schema()`.execute(s.store.db);
  let out = '';
  for (const { name } of tables.rows) {
    const rows = await sql<{ t: string }>`select row_to_json(x)::text as t from ${sql.table(name)} x`.execute(s.store.db);
    out += rows.rows.map((r) => r.t).join('\n');
    // bytea columns appear hex-encoded in JSON: decode them too.
    for (const r of rows.rows) for (const m of r.t.matchAll(/\\\\x([0-9a-f]+)/g)) out += Buffer.from(m[1]!, 'hex').toString('latin1');
  }
  return out;
}

/** The stored references as text: their rows are gzipped, so a grep of the files alone would miss them. */
async function referenceText(s: TestServer, model?: string): Promise<string> {
  let q = s.store.db
    .selectFrom('reference_data')
    .innerJoin('models', 'models.id', 'reference_data.model_id')
    .select(['reference_data.data', 'reference_data.profile']);
  if (model !== undefined) q = q.where('models.name', '=', model);
  const rows = await q.execute();
  return rows.map((r) => `${gunzipSync(r.data).toString('utf8')}\n${Buffer.from(r.profile).toString('latin1')}`).join('\n');
}

/** Reference rows with the same planted data as the events, and a label. */
const referenceRows = () =>
  PLANTED.emails.flatMap((email, i) =>
    Array.from({ length: 4 }, (_, k) => ({
      email,
      ssn: `123-45-67${i}9`,
      customer: `c-${i}`,
      note: `paid with ${PLANTED.cards[i]!} and wrote from ${email}`,
      amount: 10 + i + k,
      y: (i + k) % 2,
    })),
  );

const referenceCsv = () => {
  const rows = referenceRows();
  const cols = Object.keys(rows[0]!);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => JSON.stringify((r as Record<string, unknown>)[c])).join(',')), ''].join('\n');
};

async function uploadCsv(s: TestServer, model: string, csv: string): Promise<number> {
  const res = await fetch(`${s.url}/v1/models/${model}/reference?target=y`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'text/csv' },
    body: csv,
  });
  await res.arrayBuffer();
  return res.status;
}

const PLANTED_VALUES = [...PLANTED.emails, ...PLANTED.cards, ...PLANTED.cards.map((c) => c.replace(/ /g, ''))];

const events = (model: string, from: number) =>
  PLANTED.emails.map((email, i) => ({
    id: `${model}-e${i}`,
    timestamp: new Date(from + i * 60_000).toISOString(),
    features: {
      email,
      ssn: `123-45-67${i}9`,
      customer: `c-${i}`,
      note: `paid with ${PLANTED.cards[i]!} and wrote from ${email}, call +44 20 7946 095${i}`,
      amount: 10 + i,
    },
    segment: { contact: email },
    prediction: { label: i % 2, score: 0.4 + i / 10 },
  }));

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`data policies (${kind})`, () => {
    let s: TestServer;

    beforeAll(async () => {
      s = await createTestServerOn(kind, {}, { clock: () => T0 + 3_600_000 });
      for (const name of ['guarded', 'plain', 'guarded-csv', 'plain-csv'])
        expect((await s.request('POST', '/v1/models', { name, type: 'binary' })).status).toBe(201);
      const policy = { fields: { email: 'hash', ssn: 'drop', customer: 'mask' }, detect: { email: 'mask', card: 'mask', phone: 'hash' } };
      for (const model of ['guarded', 'guarded-csv']) {
        const put = await s.request('PUT', `/v1/models/${model}/data-policy`, policy);
        expect(put.status, JSON.stringify(put.body)).toBe(200);
        expect(put.body.effective).toEqual(policy);
      }
      expect((await s.request('POST', '/v1/models/guarded/predictions', { events: events('guarded', T0) })).status).toBe(200);
      // References with the same personal data: JSON rows, and a CSV file read on a worker thread.
      const ref = await s.request('POST', '/v1/models/guarded/reference', { rows: referenceRows(), target: 'y' });
      expect(ref.status, JSON.stringify(ref.body)).toBe(201);
      expect(await uploadCsv(s, 'guarded-csv', referenceCsv())).toBe(201);
      await profileAll(s, T0 + 3_600_000);
    });
    afterAll(() => s.close());

    it('stores the guarded model’s events with personal data dropped, masked or hashed', async () => {
      const p = (await s.request('GET', '/v1/models/guarded/predictions/guarded-e0')).body;
      expect(p.features.ssn).toBeUndefined();
      expect(p.features.email).toMatch(/^hmac:[0-9a-f]{64}$/);
      expect(p.features.customer).toBe('***');
      expect(p.features.note).toMatch(/^paid with \*+1111 and wrote from \*\*\*@example\.com, call hmac:[0-9a-f]{64}$/);
      expect(p.features.amount).toBe(10);
      expect(p.segment.contact).toBe('***@example.com');
      // The same value hashes the same way: joins on it still work.
      expect((await s.request('POST', '/v1/models/guarded/predictions', { events: [{ ...events('guarded', T0)[0], id: 'again' }] })).status).toBe(200);
      expect((await s.request('GET', '/v1/models/guarded/predictions/again')).body.features.email).toBe(p.features.email);
    });

    it('leaves no planted e-mail or card number anywhere in the store', async () => {
      const text = await storeText(s);
      for (const v of PLANTED_VALUES) expect(text.includes(v), v).toBe(false);
    });

    it('passes reference uploads through the policy before they are stored', async () => {
      const text = await referenceText(s);
      expect(text).toContain('hmac:');
      for (const v of PLANTED_VALUES) expect(text.includes(v), v).toBe(false);
      // The label column is kept as it was; the dropped field is gone; the reference still measures drift.
      const model = (await s.request('GET', '/v1/models/guarded-csv')).body;
      expect(model.reference).toMatchObject({ rows: 12 });
      expect(Object.keys(model.features)).not.toContain('ssn');
      const drift = await s.request('GET', `/v1/models/guarded/drift?from=${new Date(T0).toISOString()}&to=${new Date(T0 + 3_600_000).toISOString()}`);
      expect(drift.status, JSON.stringify(drift.body)).toBe(200);
      expect(drift.body.features.map((f: { name: string }) => f.name)).toContain('amount');
    });

    it('is a real test: without a policy the same events are found in the store', async () => {
      expect((await s.request('POST', '/v1/models/plain/predictions', { events: events('plain', T0) })).status).toBe(200);
      await profileAll(s, T0 + 3_600_000);
      const text = await storeText(s);
      expect(text.includes(PLANTED.emails[1]!)).toBe(true);
      expect(text.includes(PLANTED.cards[0]!)).toBe(true);
      const del = await s.request('POST', '/v1/models/plain/erasure', { ids: events('plain', T0).map((e) => e.id) });
      expect(del.body).toMatchObject({ predictions: 3 });
      // The same references on models without a policy keep the planted values.
      expect((await s.request('POST', '/v1/models/plain/reference', { rows: referenceRows(), target: 'y' })).status).toBe(201);
      expect(await uploadCsv(s, 'plain-csv', referenceCsv())).toBe(201);
      for (const model of ['plain', 'plain-csv']) {
        const plain = await referenceText(s, model);
        expect(plain.includes(PLANTED.emails[1]!), model).toBe(true);
        expect(plain.includes(PLANTED.cards[0]!), model).toBe(true);
      }
    });

    it('passes a dataset taken as a model’s reference through that model’s policy', async () => {
      expect(
        (await s.request('POST', '/v1/datasets', { name: 'applicants', features: { email: 'categorical', note: 'text', amount: 'numeric', y: 'numeric' } }))
          .status,
      ).toBe(201);
      const rows = referenceRows().map(({ email, note, amount, y }) => ({ email, note, amount, y }));
      expect((await s.request('POST', '/v1/datasets/applicants/rows', { rows })).status).toBe(201);
      for (const model of ['guarded', 'plain']) {
        const r = await s.request('POST', `/v1/models/${model}/reference`, { dataset: 'applicants', target: 'y' });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      const guarded = await referenceText(s, 'guarded');
      for (const v of PLANTED_VALUES) expect(guarded.includes(v), v).toBe(false);
      expect((await referenceText(s, 'plain')).includes(PLANTED.emails[0]!)).toBe(true);
    });

    it('refuses a bad policy naming the field, and nothing changes', async () => {
      const bad = await s.request('PUT', '/v1/models/guarded/data-policy', { fields: { email: 'encrypt' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('fields.email');
      const short = await s.request('PUT', '/v1/data-policy', { retention: { audit: '30d' } });
      expect(short.status).toBe(400);
      expect(short.body.error.message).toContain('retention.audit');
      expect((await s.request('GET', '/v1/data-policy')).body.policy).toEqual({});
    });

    it('erases events and records the erasure in one transaction: when the entry cannot be written, nothing is erased', async () => {
      // A log whose key can only verify: signing the new tree head fails inside the transaction.
      const signer = loadAuditSigner({ data: s.config.data, create: false });
      const broken = new AuditLog({ store: s.store, clock: () => T0, signer: AuditSigner.fromPublicKey(signer.publicKeyRaw) });
      const policies = new DataPolicyService({ store: s.store, clock: () => T0, models: s.services.models, audit: broken, hash: (t) => t });
      const size = (await s.request('GET', '/v1/audit?limit=1')).body.treeHead.size as number;
      const project = (await s.store.findProject('default'))!.id;
      await expect(policies.erase(project, 'guarded', { ids: ['guarded-e2'] })).rejects.toThrow(/only verify/);
      expect((await s.request('GET', '/v1/models/guarded/predictions/guarded-e2')).status).toBe(200);
      expect((await s.request('GET', '/v1/audit?limit=1')).body.treeHead.size).toBe(size);
      expect((await verifyStoredAuditLog(s.store, signer)).ok).toBe(true);
    });

    it('erases a subject’s events, and the payload of audit entries that named it, keeping the tree whole', async () => {
      // An audit entry that names the subject (a version tagged with the customer id).
      expect((await s.request('POST', '/v1/models/guarded/versions', { version: 'v9', tags: { customer: 'ana.perez@example.com' } })).status).toBe(201);
      const before = (await s.request('GET', '/v1/audit?entity=modelVersion&limit=1')).body.entries[0];
      const r = await s.request('POST', '/v1/models/guarded/erasure', { subject: { field: 'email', value: 'ana.perez@example.com' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ predictions: 2, labels: 0 });
      expect(r.body.auditEntries).toContain(before.seq);
      expect((await s.request('GET', '/v1/models/guarded/predictions/guarded-e0')).status).toBe(404);
      expect((await s.request('GET', '/v1/models/guarded/predictions/guarded-e1')).status).toBe(200);
      const audit = (await s.request('GET', '/v1/audit?limit=5')).body.entries as { seq: number; action: string; erased?: boolean; diff: unknown[] }[];
      expect(audit[0]!.action).toBe('audit.erase');
      const erasure = audit.find((e) => e.action === 'events.erase')!;
      expect(JSON.stringify(erasure)).not.toContain('ana.perez');
      expect(JSON.stringify(erasure.diff)).toMatch(/subjectHmac/);
      const all = (await s.request('GET', '/v1/audit?limit=1000')).body.entries as { seq: number; erased?: boolean; diff: unknown[] }[];
      expect(all.find((e) => e.seq === before.seq)).toMatchObject({ erased: true, diff: [] });
      expect(JSON.stringify(all)).not.toContain('ana.perez');
      const verified = await verifyStoredAuditLog(s.store, loadAuditSigner({ data: s.config.data, create: false }));
      expect(verified).toMatchObject({ ok: true, erased: 1 });
    });

    it('deletes data past a retention and records it in the audit log', async () => {
      expect((await s.request('PUT', '/v1/models/guarded/data-policy', { retention: { rawEvents: '1h', profiles: '1h' } })).status).toBe(200);
      const deleted = await s.services.dataPolicies.retentionPass(T0 + 2 * 3_600_000);
      expect(deleted).toBeGreaterThan(0);
      expect((await s.request('GET', '/v1/models/guarded/predictions/guarded-e1')).status).toBe(404);
      const entry = (await s.request('GET', '/v1/audit?limit=1')).body.entries[0];
      expect(entry).toMatchObject({ action: 'retention.apply', actor: { type: 'system', name: 'retention' }, entity: { type: 'model', id: 'guarded' } });
      expect(entry.diff[0].after.predictions).toBeGreaterThan(0);
      expect(await s.services.dataPolicies.retentionPass(T0 + 2 * 3_600_000)).toBe(0);
    });
  });
}
