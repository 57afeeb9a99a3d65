// Who is calling: the key, its project and its scopes. Authenticated once per request (KeyService)
// and checked against the scope each route needs.

import type { KeyScope } from '@vigil/wire';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { hasScope } from './api-keys.js';
import { editMayCall } from './roles.js';

export interface AuthContext {
  keyId: string;
  projectId: number;
  scopes: KeyScope[];
  /** May create projects (the bootstrap key). */
  root: boolean;
}

/** The caller when it has `scope` (`'any'`: any valid key); 401 without a key, 403 without the scope. */
export function requireScope(auth: AuthContext | undefined, scope: KeyScope | 'any', operationId?: string): AuthContext {
  if (auth === undefined) throw new UnauthorizedError('missing API key: send "Authorization: Bearer <key>"');
  // An editor (`edit`) may call what needs `admin`, except the operations that stay with admins (roles.ts).
  if (scope === 'admin' && auth.scopes.includes('edit') && editMayCall(operationId)) return auth;
  if (scope !== 'any' && !hasScope(auth.scopes, scope))
    throw new ForbiddenError(`this key has scopes [${auth.scopes.join(', ')}]; this request needs "${scope}"`);
  return auth;
}
