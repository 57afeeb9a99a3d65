// Verifies the audit log a store holds, running or stopped: every row is re-hashed, the Merkle tree
// rebuilt and compared with every signed tree head (core's verifyAuditLog), and each head's
// Ed25519 signature checked with the server's audit key.

import type { AuditVerification, StoredAuditRow, StoredTreeHead } from '@vigil/core';
import { verifyAuditLog } from '@vigil/core';
import type { Store } from '../storage/store.js';
import { sha256 } from './audit-log.js';
import type { AuditSigner } from './audit-signer.js';

export async function verifyStoredAuditLog(store: Store, signer: AuditSigner): Promise<AuditVerification> {
  const { rows, heads } = await store.audit.everything();
  const stored: StoredAuditRow[] = rows.map((r) => ({
    seq: Number(r.seq),
    entry: r.entry,
    leafHash: r.leaf_hash,
    erased: Number(r.erased) === 1,
    columns: { action: r.action, time: Number(r.time), project: r.project_id === null ? null : Number(r.project_id), actorId: r.actor_id },
  }));
  const storedHeads: StoredTreeHead[] = heads.map((h) => ({
    size: Number(h.tree_size),
    root: h.root_hash,
    time: Number(h.time),
    keyId: h.key_id,
    signature: h.signature,
  }));
  return verifyAuditLog(stored, storedHeads, {
    sha256,
    verifySignature: (head, message) => head.keyId === signer.keyId && signer.verify(message, head.signature),
  });
}
