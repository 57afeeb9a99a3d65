// Checks a stored audit log against its signed tree heads and names the first entry that was
// edited, deleted, inserted or reordered. Pure: the caller reads the rows (from a running or a
// stopped store) and passes SHA-256 and the signature check in.

import { encodeUtf8 } from '@vigil/stats';
import { canonicalJson } from './canonical-json.js';
import type { AuditEntry } from './audit-entry.js';
import { MerkleFrontier, fromHex, leafHash, toHex } from './merkle-tree.js';
import type { Sha256 } from './merkle-tree.js';

/** One stored row of the log, as the table holds it. */
export interface StoredAuditRow {
  readonly seq: number;
  /** The entry's canonical JSON text (for an erased entry: the text left after erasure). */
  readonly entry: string;
  /** Hex SHA-256 leaf hash stored beside the entry. */
  readonly leafHash: string;
  /** True when the entry's payload was erased (GDPR): its stored leaf hash stands for the original. */
  readonly erased: boolean;
  /** Columns stored beside the entry for queries; each must agree with the entry. */
  readonly columns?: { readonly action?: string; readonly time?: number; readonly project?: number | null; readonly actorId?: string | null };
}

/** A stored signed tree head. */
export interface StoredTreeHead {
  readonly size: number;
  /** Hex root hash. */
  readonly root: string;
  readonly time: number;
  readonly keyId: string;
  /** Base64 Ed25519 signature over {@link treeHeadMessage}. */
  readonly signature: string;
}

export type AuditProblemKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'bad-signature';

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  /** The entry at fault (for 'bad-signature': the head's tree size). */
  readonly seq: number;
  readonly message: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly heads: number;
  readonly erased: number;
  /** The largest tree size a valid head covers. */
  readonly signedSize: number;
  /** Hex root of all stored entries. */
  readonly root: string;
  /** The first problem met (in order of the log), if any. */
  readonly problem?: AuditProblem;
}

/** The text a tree head signs: origin, size, root and time on lines of their own (like a transparency-log checkpoint). */
export function treeHeadMessage(origin: string, size: number, rootHex: string, time: number): string {
  return `${origin}\n${size}\n${rootHex}\n${time}\n`;
}

/** The action of the entry that records an erasure of audit entries' payloads; its diff's `after` lists their seqs. */
export const ERASE_ACTION = 'audit.erase';

/** The origin line of Vigil's audit-log heads. */
export const AUDIT_LOG_ORIGIN = 'vigil audit log v1';

export interface VerifyAuditOptions {
  readonly sha256: Sha256;
  /** True when `head`'s signature is valid for the key it names. */
  readonly verifySignature: (head: StoredTreeHead, message: string) => boolean;
}

/** The leaf hash of an entry text. */
export function entryLeafHash(sha256: Sha256, entryText: string): Uint8Array {
  return leafHash(sha256, encodeUtf8(entryText));
}

/**
 * Recomputes the Merkle tree from the rows (in seq order) and compares it with every signed head.
 * The first problem wins: a row whose text no longer hashes to its leaf (edited), a gap in the
 * sequence (deleted), a row whose own seq disagrees with its place (reordered or inserted), a head
 * whose root the rows no longer give (edited, inserted or reordered in place), rows beyond every
 * head (inserted), heads beyond the rows (deleted), or a head whose signature fails.
 */
export function verifyAuditLog(rows: readonly StoredAuditRow[], heads: readonly StoredTreeHead[], options: VerifyAuditOptions): AuditVerification {
  const { sha256 } = options;
  const sortedHeads = [...heads].sort((a, b) => a.size - b.size);
  const frontier = new MerkleFrontier(sha256);
  let problem: AuditProblem | undefined;
  let erased = 0;
  let signedSize = 0;
  const note = (p: AuditProblem): void => {
    problem ??= p;
  };
  for (const h of sortedHeads) {
    if (!options.verifySignature(h, treeHeadMessage(AUDIT_LOG_ORIGIN, h.size, h.root, h.time))) {
      note({
        kind: 'bad-signature',
        seq: h.size,
        message: `the tree head of size ${h.size} does not carry a valid signature of key ${h.keyId} (forged or altered)`,
      });
    }
  }
  let headIndex = 0;
  const maxHeadSize = sortedHeads.at(-1)?.size ?? 0;
  // The seq each row's own text claims, to tell a deletion, an insertion and a reordering apart.
  const claims = rows.map((r) => {
    try {
      const e = JSON.parse(r.entry) as { seq?: unknown };
      return typeof e === 'object' && e !== null && typeof e.seq === 'number' ? e.seq : undefined;
    } catch {
      return undefined;
    }
  });
  const claimedBy = new Map<number, number[]>();
  claims.forEach((c, i) => {
    if (c !== undefined) claimedBy.set(c, [...(claimedBy.get(c) ?? []), i]);
  });
  for (let i = 0; i < rows.length && problem === undefined; i++) {
    const row = rows[i] as StoredAuditRow;
    const expected = i + 1;
    if (row.seq !== expected) {
      if (row.seq > expected)
        note({ kind: 'deleted', seq: expected, message: `entry ${expected} was deleted (the log jumps from ${expected - 1} to ${row.seq})` });
      else note({ kind: 'inserted', seq: row.seq, message: `entry ${row.seq} appears twice (inserted)` });
      break;
    }
    if (row.seq > maxHeadSize) {
      note({ kind: 'inserted', seq: row.seq, message: `entry ${row.seq} was inserted: no signed tree head covers it` });
      break;
    }
    let parsed: AuditEntry;
    try {
      parsed = JSON.parse(row.entry) as AuditEntry;
    } catch {
      note({ kind: 'edited', seq: row.seq, message: `entry ${row.seq} was edited: its text is not JSON` });
      break;
    }
    const claimed = claims[i];
    if (claimed !== row.seq) {
      if (claimed !== undefined && claimed > row.seq && !claimedBy.has(row.seq)) {
        note({ kind: 'deleted', seq: row.seq, message: `entry ${row.seq} was deleted: no row holds it, and the rows after it were renumbered` });
      } else if (claimed !== undefined && claimed < row.seq && (claimedBy.get(claimed) ?? []).some((j) => j < i)) {
        note({ kind: 'inserted', seq: row.seq, message: `entry ${row.seq} was inserted: the rows from here on hold entries written one place earlier` });
      } else {
        note({
          kind: 'reordered',
          seq: row.seq,
          message: `entry ${row.seq} was reordered: the row at position ${row.seq} holds the entry written as ${String(claimed)}`,
        });
      }
      break;
    }
    const computed = toHex(entryLeafHash(sha256, row.entry));
    if (row.erased) {
      erased++;
    } else {
      if (canonicalJson(parsed) !== row.entry) {
        note({ kind: 'edited', seq: row.seq, message: `entry ${row.seq} was edited: its text is not the canonical JSON it was written as` });
        break;
      }
      if (computed !== row.leafHash) {
        note({ kind: 'edited', seq: row.seq, message: `entry ${row.seq} was edited: its text no longer hashes to its leaf hash` });
        break;
      }
    }
    const c = row.columns;
    if (c !== undefined && !row.erased) {
      const bad =
        (c.action !== undefined && c.action !== parsed.action) ||
        (c.time !== undefined && c.time !== Date.parse(parsed.time)) ||
        (c.project !== undefined && c.project !== parsed.project) ||
        (c.actorId !== undefined && c.actorId !== (parsed.actor.type === 'key' ? parsed.actor.id : null));
      if (bad) {
        note({ kind: 'edited', seq: row.seq, message: `entry ${row.seq} was edited: a column stored beside it no longer agrees with the entry` });
        break;
      }
    }
    const leaf = fromHex(row.leafHash);
    if (leaf === undefined || leaf.length !== 32) {
      note({ kind: 'edited', seq: row.seq, message: `entry ${row.seq} was edited: its leaf hash is not 32 bytes of hex` });
      break;
    }
    frontier.append(leaf);
    while (headIndex < sortedHeads.length && (sortedHeads[headIndex] as StoredTreeHead).size < frontier.size) headIndex++;
    const head = sortedHeads[headIndex];
    if (head !== undefined && head.size === frontier.size) {
      if (toHex(frontier.root()) !== head.root) {
        note({
          kind: 'edited',
          seq: row.seq,
          message: `entry ${row.seq} was edited, inserted or reordered: the entries up to it no longer give the root of the signed tree head of size ${head.size}`,
        });
        break;
      }
      signedSize = head.size;
    }
  }
  if (problem === undefined) {
    // An erased row is trusted for its leaf hash only; an `audit.erase` entry must name it.
    const declared = new Set<number>();
    for (const r of rows) {
      if (r.erased) continue;
      try {
        const e = JSON.parse(r.entry) as AuditEntry;
        if (e.action === ERASE_ACTION) for (const c of e.diff) if (Array.isArray(c.after)) for (const n of c.after) if (typeof n === 'number') declared.add(n);
      } catch {
        // reported above
      }
    }
    const undeclared = rows.find((r) => r.erased && !declared.has(r.seq));
    if (undeclared !== undefined)
      note({
        kind: 'edited',
        seq: undeclared.seq,
        message: `entry ${undeclared.seq} was edited: it is marked erased, but no audit.erase entry records its erasure`,
      });
  }
  if (problem === undefined) {
    const last = sortedHeads.at(-1);
    if (last !== undefined && last.size > rows.length) {
      note({
        kind: 'deleted',
        seq: rows.length + 1,
        message: `entry ${rows.length + 1} was deleted: a signed tree head covers ${last.size} entries, the log holds ${rows.length}`,
      });
    } else if (rows.length > signedSize) {
      note({ kind: 'inserted', seq: signedSize + 1, message: `entry ${signedSize + 1} was inserted: no signed tree head covers it` });
    }
  }
  return {
    ok: problem === undefined,
    entries: rows.length,
    heads: heads.length,
    erased,
    signedSize,
    root: toHex(frontier.root()),
    ...(problem === undefined ? {} : { problem }),
  };
}
