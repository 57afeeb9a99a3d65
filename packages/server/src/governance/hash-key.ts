// The key of the keyed hash (HMAC-SHA-256) that data policies replace personal values with: the
// `hashKey` setting (VIGIL_HASH_KEY, 32 bytes as hex or base64), or `<data>/hash.key` made once
// (mode 0600). Replicas must share it, or the same value hashes differently on each.

import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HASH_KEY_FILE = 'hash.key';

export function decodeHashKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(t)) {
    const b = Buffer.from(t, 'base64');
    return b.length === 32 ? b : undefined;
  }
  return undefined;
}

/** HMAC-SHA-256 (hex) under the `hashKey` setting or `<data>/hash.key`. */
export function loadKeyedHash(options: { readonly hashKey?: string | undefined; readonly data: string }): (text: string) => string {
  let key: Buffer | undefined;
  if (options.hashKey !== undefined) {
    key = decodeHashKey(options.hashKey);
    if (key === undefined) throw new Error('VIGIL_HASH_KEY (config hashKey): 32 bytes as 64 hex digits or base64');
  } else {
    const file = join(options.data, HASH_KEY_FILE);
    mkdirSync(options.data, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    key = decodeHashKey(readFileSync(file, 'utf8'));
    if (key === undefined) throw new Error(`the key file ${file} does not hold 32 bytes in base64 or hex: restore it, or set VIGIL_HASH_KEY`);
  }
  const k = key;
  return (text) => createHmac('sha256', k).update(text, 'utf8').digest('hex');
}
