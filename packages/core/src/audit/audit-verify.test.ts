import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import type { AuditEntry } from './audit-entry.js';
import { AUDIT_LOG_ORIGIN, ERASE_ACTION, entryLeafHash, treeHeadMessage, verifyAuditLog } from './audit-verify.js';
import type { StoredAuditRow, StoredTreeHead } from './audit-verify.js';
import { MerkleFrontier, toHex } from './merkle-tree.js';

const sha256 = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(d).digest());
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const verifySignature = (h: StoredTreeHead, message: string): boolean => verify(null, Buffer.from(message), publicKey, Buffer.from(h.signature, 'base64'));
const options = { sha256, verifySignature };

function entry(seq: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    v: 1,
    seq,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    project: 1,
    actor: { type: 'key', id: 'k1', name: 'ops' },
    action: 'monitor.update',
    entity: { type: 'monitor', id: `m${seq}` },
    diff: [{ path: 'threshold', before: seq, after: seq + 1 }],
    requestId: `r${seq}`,
    ...extra,
  };
}

/** A log of n entries with a signed head after each, as the server keeps it. */
function makeLog(n: number, entries: AuditEntry[] = Array.from({ length: n }, (_, i) => entry(i + 1))) {
  const frontier = new MerkleFrontier(sha256);
  const rows: StoredAuditRow[] = [];
  const heads: StoredTreeHead[] = [];
  for (const e of entries) {
    const text = canonicalJson(e);
    const leaf = entryLeafHash(sha256, text);
    frontier.append(leaf);
    rows.push({
      seq: e.seq,
      entry: text,
      leafHash: toHex(leaf),
      erased: false,
      columns: { action: e.action, time: Date.parse(e.time), project: e.project, actorId: 'k1' },
    });
    heads.push(signHead(frontier.size, toHex(frontier.root()), 1000 + e.seq));
  }
  return { rows, heads };
}

function signHead(size: number, root: string, time: number): StoredTreeHead {
  return {
    size,
    root,
    time,
    keyId: 'test',
    signature: sign(null, Buffer.from(treeHeadMessage(AUDIT_LOG_ORIGIN, size, root, time)), privateKey).toString('base64'),
  };
}

describe('verifyAuditLog', () => {
  it('passes an untouched log and reports its size and root', () => {
    const { rows, heads } = makeLog(9);
    const r = verifyAuditLog(rows, heads, options);
    expect(r).toMatchObject({ ok: true, entries: 9, heads: 9, signedSize: 9, erased: 0 });
    expect(r.root).toBe(heads.at(-1)?.root);
    expect(verifyAuditLog([], [], options).ok).toBe(true);
  });

  it('names an entry whose text was edited', () => {
    const { rows, heads } = makeLog(6);
    rows[3] = { ...rows[3]!, entry: rows[3]!.entry.replace('"after":5', '"after":50') };
    expect(verifyAuditLog(rows, heads, options).problem).toMatchObject({ kind: 'edited', seq: 4 });
  });

  it('names an entry edited together with its leaf hash (the signed heads catch it)', () => {
    const { rows, heads } = makeLog(6);
    const text = canonicalJson(entry(2, { actor: { type: 'key', id: 'k1', name: 'someone else' } }));
    rows[1] = { ...rows[1]!, entry: text, leafHash: toHex(entryLeafHash(sha256, text)) };
    const r = verifyAuditLog(rows, heads, options);
    expect(r.problem).toMatchObject({ kind: 'edited', seq: 2 });
    expect(r.problem?.message).toMatch(/signed tree head of size 2/);
  });

  it('names an entry edited in a column beside it', () => {
    const { rows, heads } = makeLog(4);
    rows[2] = { ...rows[2]!, columns: { ...rows[2]!.columns, action: 'monitor.delete' } };
    expect(verifyAuditLog(rows, heads, options).problem).toMatchObject({ kind: 'edited', seq: 3 });
  });

  it('names a deleted entry: a gap, a renumbered tail, or the last entries', () => {
    const a = makeLog(6);
    expect(verifyAuditLog([...a.rows.slice(0, 2), ...a.rows.slice(3)], a.heads, options).problem).toMatchObject({ kind: 'deleted', seq: 3 });
    const b = makeLog(6);
    const renumbered = [...b.rows.slice(0, 2), ...b.rows.slice(3).map((r) => ({ ...r, seq: r.seq - 1 }))];
    expect(verifyAuditLog(renumbered, b.heads, options).problem).toMatchObject({ kind: 'deleted', seq: 3 });
    const c = makeLog(6);
    expect(verifyAuditLog(c.rows.slice(0, 5), c.heads, options).problem).toMatchObject({ kind: 'deleted', seq: 6 });
  });

  it('names reordered entries', () => {
    const { rows, heads } = makeLog(6);
    const swapped = rows.map((r) => ({ ...r }));
    swapped[2] = { ...rows[3]!, seq: 3 };
    swapped[3] = { ...rows[2]!, seq: 4 };
    expect(verifyAuditLog(swapped, heads, options).problem).toMatchObject({ kind: 'reordered', seq: 3 });
  });

  it('names an inserted entry: at the end, or in the middle with the rest renumbered', () => {
    const a = makeLog(5);
    const extra = canonicalJson(entry(6));
    const atEnd = [...a.rows, { seq: 6, entry: extra, leafHash: toHex(entryLeafHash(sha256, extra)), erased: false }];
    expect(verifyAuditLog(atEnd, a.heads, options).problem).toMatchObject({ kind: 'inserted', seq: 6 });
    const b = makeLog(5);
    const forged = canonicalJson(entry(3, { action: 'monitor.create' }));
    const middle = [
      ...b.rows.slice(0, 2),
      { seq: 3, entry: forged, leafHash: toHex(entryLeafHash(sha256, forged)), erased: false },
      ...b.rows.slice(2).map((r) => ({ ...r, seq: r.seq + 1 })),
    ];
    const r = verifyAuditLog(middle, b.heads, options).problem;
    expect(r?.seq).toBe(3);
  });

  it('refuses a head whose signature does not verify', () => {
    const { rows, heads } = makeLog(3);
    heads[1] = { ...heads[1]!, root: heads[2]!.root };
    expect(verifyAuditLog(rows, heads, options).problem).toMatchObject({ kind: 'bad-signature', seq: 2 });
  });

  it('keeps the tree intact across an erased payload recorded by an audit.erase entry, and refuses an undeclared one', () => {
    const entries = [
      entry(1),
      entry(2),
      entry(3),
      entry(4, { action: ERASE_ACTION, entity: { type: 'audit', id: '2' }, diff: [{ path: 'seqs', after: [2] }] }),
    ];
    const { rows, heads } = makeLog(4, entries);
    const erasedText = canonicalJson({ ...entry(2), diff: [], erased: true });
    const withErasure = rows.map((r) => (r.seq === 2 ? { ...r, entry: erasedText, erased: true } : r));
    expect(verifyAuditLog(withErasure, heads, options)).toMatchObject({ ok: true, erased: 1 });
    const sneaky = rows.map((r) => (r.seq === 3 ? { ...r, entry: erasedText.replace('"seq":2', '"seq":3'), erased: true } : r));
    expect(verifyAuditLog(sneaky, heads, options).problem).toMatchObject({ kind: 'edited', seq: 3 });
  });
});
