// The signed-in key as the server describes it (GET /v1/keys/me): its name, the default "Acting
// as" name, and its scopes, which decide the actions pages offer. Loaded once per key.

import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { apiKeySchema } from '@vigil/wire';
import type { ApiKeyInfo } from '@vigil/wire';
import { useAsync } from '../hooks/use-async.js';
import { useApi } from './api-context.js';
import { ApiError } from './client.js';
import type { ApiClient } from './client.js';
import { keyCan, missingScopeNote } from './permissions.js';
import type { KeyAction, KeyScopes } from './permissions.js';

/** The calling key, or null from a server without `GET /v1/keys/me`. */
export async function fetchOwnKey(api: ApiClient, signal?: AbortSignal): Promise<ApiKeyInfo | null> {
  try {
    return await api.get('/v1/keys/me', apiKeySchema, undefined, signal);
  } catch (e) {
    if (e instanceof ApiError && e.isMissingRoute) return null;
    throw e;
  }
}

export interface KeyIdentity {
  readonly scopes: KeyScopes;
  /** The key's name, once known. */
  readonly name: string | undefined;
}

const KeyIdentityContext = createContext<KeyIdentity>({ scopes: { status: 'unknown' }, name: undefined });

export function KeyIdentityProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const own = useAsync((signal) => fetchOwnKey(api, signal), [api]);
  const key = own.status === 'done' ? own.value : undefined;
  const value = useMemo<KeyIdentity>(() => {
    if (own.status === 'loading') return { scopes: { status: 'loading' }, name: undefined };
    // An error says nothing of the scopes: offer every action and let the server decide, as before.
    if (key === undefined || key === null) return { scopes: { status: 'unknown' }, name: undefined };
    return { scopes: { status: 'known', scopes: key.scopes }, name: key.name };
  }, [own.status, key]);
  return <KeyIdentityContext.Provider value={value}>{children}</KeyIdentityContext.Provider>;
}

export function useKeyIdentity(): KeyIdentity {
  return useContext(KeyIdentityContext);
}

/** Whether the signed-in key may take `action` (see keyCan). */
export function useCan(action: KeyAction): boolean {
  return keyCan(useKeyIdentity().scopes, action);
}

/** Where a page hides `action`: a note naming the scope it needs (nothing while it is allowed or not yet known). */
export function ScopeNote({ action }: { action: KeyAction }) {
  const note = missingScopeNote(useKeyIdentity().scopes, action);
  return note === null ? null : <p className="note">{note}</p>;
}
