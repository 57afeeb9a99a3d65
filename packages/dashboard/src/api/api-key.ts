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

/** Who acknowledges and silences alerts: the API key names no person, so the page asks once. */
export function readActor(): string {
  return localStorage.getItem(NAME_KEY) ?? '';
}

export function saveActor(name: string): void {
  localStorage.setItem(NAME_KEY, name);
}
