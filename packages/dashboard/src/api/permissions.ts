// What the signed-in key may do, from its scopes (GET /v1/keys/me), so pages offer only the
// actions the server would allow instead of failing on click. Mirrors the server's routes:
// `admin` implies every scope.

import type { KeyScope } from '@vigil/wire';

/**
 * - `manage`: create, edit and delete monitors and channels, send test notifications, replace
 *   reference data (the `admin` scope);
 * - `respond`: acknowledge, resolve and comment on alerts, create and expire silences (`respond`).
 */
export type KeyAction = 'manage' | 'respond';

const NEEDS: Record<KeyAction, KeyScope> = { manage: 'admin', respond: 'respond' };

/** What the dashboard knows of its key: loading, its scopes, or nothing (a server without `GET /v1/keys/me`). */
export type KeyScopes = { status: 'loading' } | { status: 'known'; scopes: readonly KeyScope[] } | { status: 'unknown' };

/**
 * Whether to offer `action`. While the scopes load nothing is offered (no button that flickers
 * away); a server that cannot say (an older one) gets every action offered, and its answer decides.
 */
export function keyCan(key: KeyScopes, action: KeyAction): boolean {
  if (key.status === 'loading') return false;
  if (key.status === 'unknown') return true;
  return key.scopes.includes('admin') || key.scopes.includes(NEEDS[action]);
}

/**
 * A sentence for a page whose actions are hidden, naming the scope that would show them; null
 * when nothing is hidden, or not yet known to be (no note flashes while the scopes load).
 */
export function missingScopeNote(key: KeyScopes, action: KeyAction): string | null {
  if (key.status !== 'known' || keyCan(key, action)) return null;
  return action === 'manage'
    ? 'This key can read but not change this: creating, editing and deleting need a key with the admin scope.'
    : 'This key can read alerts but not act on them: acknowledging, resolving and silencing need a key with the respond scope.';
}
