// The audit log's entry: who changed what, when, through which request, and the change itself as a
// list of before/after values. Entries are stored as their canonical JSON (canonical-json.ts), which
// is also what each Merkle leaf hashes.

import { canonicalJson } from './canonical-json.js';

/** Who made a change: an API key (its id and name) or the server itself (loops, start-up, the CLI). */
export type AuditActor = { readonly type: 'key'; readonly id: string; readonly name: string } | { readonly type: 'system'; readonly name: string };

/** One changed value: `path` is dot-separated member names ('' for the whole entity); a side that did not exist is left out. */
export interface AuditChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** What was changed: its kind (`monitor`, `channel`, …), its id or name, and its model when it belongs to one. */
export interface AuditEntity {
  readonly type: string;
  readonly id: string;
  readonly model?: string;
}

/** An audit entry as stored and hashed (version 1 of the envelope). */
export interface AuditEntry {
  readonly v: 1;
  /** Position in the log, from 1; leaf index seq − 1 of the Merkle tree. */
  readonly seq: number;
  /** ISO 8601 UTC, milliseconds. */
  readonly time: string;
  /** The project's id, or null for a change outside any project. */
  readonly project: number | null;
  readonly actor: AuditActor;
  /** `<entity>.<verb>`, e.g. `monitor.update`, `alert.acknowledge`, `events.erase`. */
  readonly action: string;
  readonly entity: AuditEntity;
  readonly diff: readonly AuditChange[];
  /** The HTTP request's id (`X-Request-Id`), or null for changes the server made itself. */
  readonly requestId: string | null;
}

/** An action name: `<entity>.<verb>` in camelCase words. */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The changes between two JSON values: members are compared recursively and each differing leaf
 * (a primitive, an array, or a member present on one side only) becomes one change. A creation
 * (`before` null or undefined) is one change at path '' with the whole `after`; a deletion likewise.
 */
export function jsonDiff(before: unknown, after: unknown): AuditChange[] {
  const out: AuditChange[] = [];
  const walk = (b: unknown, a: unknown, path: string, hasB: boolean, hasA: boolean): void => {
    if (hasB && hasA && same(b, a)) return;
    if (hasB && hasA && isPlainObject(b) && isPlainObject(a)) {
      const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
      for (const k of keys) {
        const inB = b[k] !== undefined;
        const inA = a[k] !== undefined;
        if (inB || inA) walk(b[k], a[k], path === '' ? k : `${path}.${k}`, inB, inA);
      }
      return;
    }
    out.push({ path, ...(hasB ? { before: b } : {}), ...(hasA ? { after: a } : {}) });
  };
  walk(before, after, '', before !== null && before !== undefined, after !== null && after !== undefined);
  return out;
}

/** Member names whose values are secrets: they never reach the log, whatever entity carries them. */
export const SECRET_MEMBER = /^(key|secret|password|token|routingKey|webhookUrl|apiKey|adminKey|authorization|hmacKey)$/i;

/**
 * A copy of a JSON value with every secret member replaced by `"[redacted]"` (names matching
 * `secretNames`) and every string that looks like a Vigil API key (`vgl_…`) likewise. The audit log
 * records that a secret changed, never its value.
 */
export function redactSecrets(value: unknown, secretNames: RegExp = SECRET_MEMBER): unknown {
  if (typeof value === 'string') return /^vgl_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/.test(value) ? '[redacted]' : value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, secretNames));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    // An object under a secret name (Fastify-style nested adminKey: { key }) is redacted member by member.
    out[k] = secretNames.test(k) && (typeof v === 'string' || typeof v === 'number') ? '[redacted]' : redactSecrets(v, secretNames);
  }
  return out;
}
