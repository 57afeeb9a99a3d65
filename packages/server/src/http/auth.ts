// Bearer-key authentication: every /v1 request names a key; the key names a project and scopes.
// Keys are cached briefly so ingest does not read the key table on every request.

import type { FastifyRequest } from 'fastify';
import type { KeyScope } from '@vigil/wire';
import { KEY_FORMAT_HINT, hasScope, parseScopes, parseToken, secretMatches } from '../auth/api-keys.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { ApiKeyRow, Store } from '../storage/store.js';

export interface AuthContext {
  keyId: string;
  projectId: number;
  scopes: KeyScope[];
  /** May create projects. */
  root: boolean;
}

const CACHE_MS = 5_000;

export class KeyAuthenticator {
  private readonly cache = new Map<string, { row: ApiKeyRow | undefined; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Forget cached keys (after a key is revoked on this replica). */
  invalidate(id?: string): void {
    if (id === undefined) this.cache.clear();
    else this.cache.delete(id);
  }

  async authenticate(header: string | undefined): Promise<AuthContext> {
    if (header === undefined || header === '') throw new UnauthorizedError('missing API key: send "Authorization: Bearer <key>"');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m === null) throw new UnauthorizedError('the Authorization header must be "Bearer <key>"');
    const parsed = parseToken(m[1]!);
    if (parsed === undefined) throw new UnauthorizedError(`malformed API key: expected ${KEY_FORMAT_HINT}`);
    const now = this.clock();
    let hit = this.cache.get(parsed.id);
    if (hit === undefined || now - hit.at > CACHE_MS) {
      hit = { row: await this.store.findKey(parsed.id), at: now };
      this.cache.set(parsed.id, hit);
    }
    const row = hit.row;
    if (row === undefined || row.revoked_at !== null || !secretMatches(parsed.secret, row.hash)) throw new UnauthorizedError('unknown or revoked API key');
    return { keyId: row.id, projectId: Number(row.project_id), scopes: parseScopes(row.scopes), root: row.root === 1 };
  }
}

export function requireScope(request: FastifyRequest, scope: KeyScope): AuthContext {
  const auth = request.auth;
  if (auth === undefined) throw new UnauthorizedError('missing API key: send "Authorization: Bearer <key>"');
  if (!hasScope(auth.scopes, scope)) throw new ForbiddenError(`this key has scopes [${auth.scopes.join(', ')}]; this request needs "${scope}"`);
  return auth;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}
