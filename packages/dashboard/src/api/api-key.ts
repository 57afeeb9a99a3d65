// The API key pasted on the sign-in screen. It lives in sessionStorage: it survives reloads of this
// tab and is gone when the tab closes, so a shared machine does not keep it.

const STORAGE_KEY = 'vigil.apiKey';
const NAME_KEY = 'vigil.actor';

export function readApiKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveApiKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function clearApiKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Who acknowledges and silences alerts, as last typed in this browser; null when never typed. */
export function readActor(): string | null {
  return localStorage.getItem(NAME_KEY);
}

/**
 * The "Acting as" name: what was typed last in this browser, else the key's own name (keys are
 * often made per person: `{"name":"ana","scopes":["read","respond"]}`), so nobody types it before
 * every acknowledgement.
 */
export function actingAs(saved: string | null, keyName: string | undefined): string {
  return saved !== null && saved.trim() !== '' ? saved : (keyName ?? '');
}

export function saveActor(name: string): void {
  localStorage.setItem(NAME_KEY, name);
}
