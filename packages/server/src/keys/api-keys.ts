// API keys: `vgl_<id>_<secret>`. The id finds the row, the secret is kept only as its SHA-256
// (keys are 192-bit random, so a fast hash is enough) and compared in constant time.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { KEY_SCOPES } from '@vigil/wire';
import type { KeyScope } from '@vigil/wire';

export interface GeneratedKey {
  id: string;
  secret: string;
  /** The whole key as the client sends it. */
  token: string;
  hash: string;
}

const TOKEN = /^vgl_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateKey(): GeneratedKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { id, secret, token: `vgl_${id}_${secret}`, hash: hashSecret(secret) };
}

/** A key given from outside (VIGIL_ADMIN_KEY) must have the same shape, so it can be looked up. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  const m = TOKEN.exec(token);
  return m === null ? undefined : { id: m[1]!, secret: m[2]! };
}

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function formatScopes(scopes: readonly KeyScope[]): string {
  return [...new Set(scopes)].sort().join(',');
}

export function parseScopes(scopes: string): KeyScope[] {
  return scopes.split(',').filter((s): s is KeyScope => (KEY_SCOPES as readonly string[]).includes(s));
}

/** admin implies every other scope; the others imply nothing (`respond` is given with `read`). */
export function hasScope(scopes: readonly KeyScope[], needed: KeyScope): boolean {
  return scopes.includes(needed) || scopes.includes('admin');
}

export const KEY_FORMAT_HINT = 'vgl_ followed by 16 hex digits, "_" and 32 base64url characters (as `vigil serve` prints)';
