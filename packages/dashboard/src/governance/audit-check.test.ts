// The browser's audit checks (WebCrypto, here Node's) against proofs and heads made the way the
// server makes them: core's Merkle functions over canonical entries, Ed25519 from node:crypto.

import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_LOG_ORIGIN, canonicalJson, entryLeafHash, inclusionProof, merkleRoot, toHex, treeHeadMessage } from '@vigil/core';
import type { AuditEntryWire, AuditProof, TreeHead } from '@vigil/wire';
import { checkInclusion, verifyTreeHead, withAsyncSha256 } from './audit-check.js';

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

const entries: AuditEntryWire[] = Array.from({ length: 7 }, (_, i) => ({
  v: 1,
  seq: i + 1,
  time: new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString(),
  project: 1,
  actor: { type: 'key', id: 'k1', name: 'ops' },
  action: i % 2 === 0 ? 'monitor.create' : 'monitor.update',
  entity: { type: 'monitor', id: `m${i}`, model: 'credit' },
  diff: [{ path: '', after: { name: `m${i}`, threshold: i / 10 } }],
  requestId: null,
}));
const leaves = entries.map((e) => entryLeafHash(sha256, canonicalJson(e)));
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const rawPublic = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(12).toString('base64');

function head(size: number, root = toHex(merkleRoot(sha256, leaves, 0, size))): TreeHead {
  const time = Date.UTC(2026, 11, 1, 1);
  const signature = sign(null, Buffer.from(treeHeadMessage(AUDIT_LOG_ORIGIN, size, root, time)), privateKey).toString('base64');
  return { origin: AUDIT_LOG_ORIGIN, size, root, time: new Date(time).toISOString(), keyId: 'test', publicKey: rawPublic, signature };
}

function proofOf(seq: number, size: number): AuditProof {
  const h = head(size);
  return {
    proof: {
      type: 'inclusion',
      seq,
      leafIndex: seq - 1,
      size,
      leafHash: toHex(leaves[seq - 1]!),
      root: h.root,
      proof: inclusionProof(sha256, leaves, seq - 1, size).map(toHex),
    },
    treeHead: h,
  };
}

describe('audit checks in the browser', () => {
  it('hashes asynchronously to the same answers as a synchronous SHA-256', async () => {
    expect(toHex(await withAsyncSha256((h) => merkleRoot(h, leaves)))).toBe(toHex(merkleRoot(sha256, leaves)));
  });

  it('verifies every entry of every tree size up to the signed root', async () => {
    for (let size = 1; size <= entries.length; size++)
      for (let seq = 1; seq <= size; seq++) {
        const c = await checkInclusion(entries[seq - 1]!, proofOf(seq, size));
        expect(c, `${seq} of ${size}`).toMatchObject({ ok: true, leafMatches: true, rootMatches: true });
      }
  });

  it('catches an edited entry, a wrong audit path and a root other than the signed one', async () => {
    const edited = { ...entries[2]!, actor: { type: 'system' as const, name: 'retention' } };
    expect(await checkInclusion(edited, proofOf(3, 7))).toMatchObject({ ok: false, leafMatches: false, rootMatches: false });
    const p = proofOf(3, 7);
    if (p.proof.type !== 'inclusion') throw new Error();
    const swapped: AuditProof = { ...p, proof: { ...p.proof, proof: [...p.proof.proof].reverse() } };
    expect((await checkInclusion(entries[2]!, swapped)).ok).toBe(false);
    expect((await checkInclusion(entries[2]!, { ...p, treeHead: head(6) })).ok).toBe(false);
  });

  it('checks the tree head’s Ed25519 signature', async () => {
    expect(await verifyTreeHead(head(7))).toBe('valid');
    expect(await verifyTreeHead({ ...head(7), size: 6 })).toBe('invalid');
    expect(await verifyTreeHead({ ...head(7), root: toHex(leaves[0]!) })).toBe('invalid');
  });
});
