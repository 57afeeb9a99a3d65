// The audit log: every change to Vigil's configuration becomes an entry (canonical JSON) and a leaf
// of an RFC 6962 Merkle tree; after each entry the server signs a tree head (Ed25519), and it answers
// inclusion and consistency proofs. Other services call `record(...)`; the routes' wrapper records
// API changes (route-audit.ts). Secrets never reach an entry (core's redactSecrets).

import { createHash } from 'node:crypto';
import type { AuditActor, AuditChange, AuditEntry } from '@vigil/core';
import {
  AUDIT_ACTION_PATTERN,
  AUDIT_LOG_ORIGIN,
  MerkleFrontier,
  canonicalJson,
  consistencyProof,
  entryLeafHash,
  fromHex,
  inclusionProof,
  jsonDiff,
  merkleRoot,
  redactSecrets,
  toHex,
  treeHeadMessage,
} from '@vigil/core';
import type { AuditEntryWire, AuditList, AuditProof, AuditProofQuery, AuditQuery, TreeHead } from '@vigil/wire';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Transaction } from 'kysely';
import type { AuditRow, TreeHeadRow } from '../storage/audit-store.js';
import type { Database } from '../storage/database.js';
import type { Store } from '../storage/store.js';
import type { AuditSigner } from './audit-signer.js';
import { currentCaller } from './audit-context.js';

export const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

/** A change to record. */
export interface AuditRecord {
  /** `<entity>.<verb>`. */
  readonly action: string;
  readonly entity: { readonly type: string; readonly id: string; readonly model?: string | undefined };
  /** The entity's project (default: the caller's). */
  readonly projectId?: number | null | undefined;
  /** The entity before and after (null or undefined: it did not exist); secrets are redacted here. */
  readonly before?: unknown;
  readonly after?: unknown;
  /** A ready diff instead of before/after (e.g. an erasure that must not repeat the erased values). */
  readonly diff?: readonly AuditChange[];
  /** Override the actor (default: the caller of the current request, else the server). */
  readonly actor?: AuditActor;
  readonly requestId?: string | null;
}

export interface AuditLogDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly signer: AuditSigner;
}

export class AuditLog {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly signer: AuditSigner;
  private frontier: MerkleFrontier | undefined;
  /** Leaf hashes in order, for proofs (32 bytes each). */
  private leaves: Uint8Array[] = [];
  private loading: Promise<void> | undefined;
  /** Appends run one after another in this process (the store serialises replicas). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly keyNames = new Map<string, string>();

  constructor(deps: AuditLogDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.signer = deps.signer;
  }

  /** The public key that checks this server's tree heads (raw, base64). */
  get publicKey(): string {
    return this.signer.publicKeyRaw.toString('base64');
  }

  private async load(): Promise<void> {
    this.loading ??= (async () => {
      const hashes = await this.store.audit.leafHashes();
      const frontier = new MerkleFrontier(sha256);
      this.leaves = hashes.map((h) => fromHex(h) as Uint8Array);
      for (const l of this.leaves) frontier.append(l);
      this.frontier = frontier;
    })();
    await this.loading;
  }

  /** Leaves another replica appended since this one last looked. */
  private async catchUp(): Promise<void> {
    await this.load();
    const newer = await this.store.audit.leafHashes(this.leaves.length);
    for (const h of newer) this.add(fromHex(h) as Uint8Array);
  }

  private add(leaf: Uint8Array): void {
    this.leaves.push(leaf);
    this.frontier!.append(leaf);
  }

  private async actorOf(keyId: string | undefined): Promise<AuditActor> {
    if (keyId === undefined) return { type: 'system', name: 'vigil' };
    let name = this.keyNames.get(keyId);
    if (name === undefined) {
      name = (await this.store.findKey(keyId))?.name ?? keyId;
      if (this.keyNames.size > 10_000) this.keyNames.clear();
      this.keyNames.set(keyId, name);
    }
    return { type: 'key', id: keyId, name };
  }

  /** The actor a key id stands for (its name looked up once). */
  async actorForKey(keyId: string): Promise<AuditActor> {
    return this.actorOf(keyId);
  }

  /** The actor of the current request (its key), or the server itself. */
  async currentActor(): Promise<AuditActor> {
    return this.actorOf(currentCaller()?.keyId);
  }

  /** Records one change; resolves with the entry once it and its signed head are stored. */
  async record(r: AuditRecord): Promise<AuditEntry> {
    if (!AUDIT_ACTION_PATTERN.test(r.action)) throw new Error(`audit action "${r.action}" is not <entity>.<verb>`);
    return (
      await this.recordWith(
        async () => undefined,
        () => r,
      )
    ).entry;
  }

  /**
   * Makes a change and records it in one transaction: `change` runs on the transaction (its
   * writes must use it), then `describe` turns its answer into the record; both are stored, or
   * neither (a failed signature or insert rolls the change back). The change runs while the log is
   * locked for appending, so keep it short, and it must not use the store outside `trx` (SQLite has
   * one connection: that would wait on this transaction for ever).
   */
  async recordWith<T>(change: (trx: Transaction<Database>) => Promise<T>, describe: (result: T) => AuditRecord): Promise<{ result: T; entry: AuditEntry }> {
    const caller = currentCaller();
    const callerActor = await this.actorOf(caller?.keyId);
    const run = async (): Promise<{ result: T; entry: AuditEntry }> => {
      await this.load();
      const now = this.clock();
      let entry: AuditEntry | undefined;
      let leaf: Uint8Array | undefined;
      const known = this.leaves.length;
      const result = await this.store.audit.appendWith(known, change, (seq, newer, answered) => {
        const r = describe(answered);
        if (!AUDIT_ACTION_PATTERN.test(r.action)) throw new Error(`audit action "${r.action}" is not <entity>.<verb>`);
        const actor = r.actor ?? callerActor;
        const diff = (r.diff ?? jsonDiff(redactSecrets(r.before ?? null), redactSecrets(r.after ?? null))).map((c) => redactSecrets(c) as AuditChange);
        const projectId = r.projectId === undefined ? (caller?.projectId ?? null) : r.projectId;
        const requestId = r.requestId === undefined ? (caller?.requestId ?? null) : r.requestId;
        // Rebuild the frontier for this attempt from the known leaves and any newer ones.
        const frontier = this.cloneFrontier(newer);
        entry = {
          v: 1,
          seq,
          time: new Date(now).toISOString(),
          project: projectId,
          actor,
          action: r.action,
          entity: r.entity.model === undefined ? { type: r.entity.type, id: r.entity.id } : { type: r.entity.type, id: r.entity.id, model: r.entity.model },
          diff,
          requestId,
        };
        const text = canonicalJson(entry);
        leaf = entryLeafHash(sha256, text);
        frontier.append(leaf);
        const root = toHex(frontier.root());
        return {
          row: {
            seq,
            time: now,
            project_id: projectId,
            action: r.action,
            entity_type: r.entity.type,
            entity_id: r.entity.id,
            actor_id: actor.type === 'key' ? actor.id : null,
            request_id: requestId,
            entry: text,
            leaf_hash: toHex(leaf),
            erased: 0,
          },
          head: {
            tree_size: seq,
            root_hash: root,
            time: now,
            key_id: this.signer.keyId,
            signature: this.signer.sign(treeHeadMessage(AUDIT_LOG_ORIGIN, seq, root, now)),
          },
        };
      });
      // Committed: take the newer leaves and ours into memory.
      const newer = await this.store.audit.leafHashes(known);
      for (const h of newer) this.add(fromHex(h) as Uint8Array);
      return { result, entry: entry as AuditEntry };
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private cloneFrontier(newer: readonly string[]): MerkleFrontier {
    const f = this.frontier!.clone();
    for (const h of newer) f.append(fromHex(h) as Uint8Array);
    return f;
  }

  private headWire(h: TreeHeadRow | undefined): TreeHead {
    if (h === undefined) {
      // An empty log: the root of no leaves, signed now.
      const now = this.clock();
      const root = toHex(merkleRoot(sha256, []));
      return {
        origin: AUDIT_LOG_ORIGIN,
        size: 0,
        root,
        time: new Date(now).toISOString(),
        keyId: this.signer.keyId,
        publicKey: this.publicKey,
        signature: this.signer.sign(treeHeadMessage(AUDIT_LOG_ORIGIN, 0, root, now)),
      };
    }
    return {
      origin: AUDIT_LOG_ORIGIN,
      size: h.tree_size,
      root: h.root_hash,
      time: new Date(h.time).toISOString(),
      keyId: h.key_id,
      publicKey: this.publicKey,
      signature: h.signature,
    };
  }

  /** The latest signed tree head. */
  async treeHead(): Promise<TreeHead> {
    return this.headWire(await this.store.audit.latestHead());
  }

  /** A project's entries (newest first) and the latest signed tree head. */
  async list(projectId: number, q: AuditQuery): Promise<AuditList> {
    let entityType: string | undefined;
    let entityId: string | undefined;
    if (q.entity !== undefined) {
      const i = q.entity.indexOf(':');
      entityType = i < 0 ? q.entity : q.entity.slice(0, i);
      entityId = i < 0 ? undefined : q.entity.slice(i + 1);
    }
    let actorIds: (string | null)[] | undefined;
    if (q.actor !== undefined) {
      if (q.actor === 'system') actorIds = [null];
      else {
        const keys = await this.store.listKeys(projectId);
        actorIds = [q.actor, ...keys.filter((k) => k.name === q.actor).map((k) => k.id)];
      }
    }
    const head = await this.store.audit.latestHead();
    const rows = await this.store.audit.list({ projectId, from: q.from, to: q.to, entityType, entityId, actorIds, limit: q.limit });
    return { entries: rows.map(entryWire), treeHead: this.headWire(head) };
  }

  /** An inclusion proof (`seq`, against `size`) or a consistency proof (`first` → `second`), with the head of the larger tree. */
  async proof(projectId: number, q: AuditProofQuery): Promise<AuditProof> {
    await this.catchUp();
    const current = this.leaves.length;
    // Neither asked: the inclusion of the project's latest entry, or (none yet) the current tree's trivial consistency.
    let seq = q.seq;
    if (seq === undefined && q.first === undefined) {
      const latest = await this.store.audit.list({ projectId, limit: 1 });
      seq = latest[0] === undefined ? undefined : Number(latest[0].seq);
      if (seq !== undefined && seq > current) seq = undefined;
    }
    if (seq !== undefined) {
      const size = q.size ?? current;
      const row = await this.store.audit.entry(seq);
      // Another project's entries are not shown (404, as for any resource of another project).
      if (row === undefined || row.project_id !== projectId) throw new NotFoundError(`no audit entry ${seq} in this project`);
      if (size > current) throw new ValidationError(`query.size: the log holds ${current} entries`, [{ path: 'query.size', message: `at most ${current}` }]);
      if (seq > size) throw new ValidationError(`query.size: entry ${seq} is not in a tree of ${size}`, [{ path: 'query.size', message: `at least ${seq}` }]);
      const leaves = this.leaves.slice(0, size);
      return {
        proof: {
          type: 'inclusion',
          seq: seq,
          leafIndex: seq - 1,
          size,
          leafHash: row.leaf_hash,
          root: toHex(merkleRoot(sha256, leaves)),
          proof: inclusionProof(sha256, leaves, seq - 1, size).map(toHex),
        },
        treeHead: this.headWire(await this.store.audit.headOfSize(size)),
      };
    }
    const first = q.first ?? current;
    const second = q.second ?? current;
    if (second > current)
      throw new ValidationError(`query.second: the log holds ${current} entries`, [{ path: 'query.second', message: `at most ${current}` }]);
    if (first > second) throw new ValidationError(`query.first: larger than second (${second})`, [{ path: 'query.first', message: `at most ${second}` }]);
    return {
      proof: {
        type: 'consistency',
        first,
        second,
        firstRoot: toHex(merkleRoot(sha256, this.leaves, 0, first)),
        secondRoot: toHex(merkleRoot(sha256, this.leaves, 0, second)),
        proof: consistencyProof(sha256, this.leaves.slice(0, second), first, second).map(toHex),
      },
      treeHead: this.headWire(await this.store.audit.headOfSize(second)),
    };
  }
}

/** An audit row as the API shows it: the stored entry, marked when erased. */
export function entryWire(row: AuditRow): AuditEntryWire {
  const e = JSON.parse(row.entry) as AuditEntryWire;
  return row.erased === 1 ? { ...e, erased: true } : e;
}
