// Where the key of the secret box comes from: the `secretKey` setting (VIGIL_SECRET_KEY), or a
// key file created once in the data folder (`<data>/secret.key`, mode 0600). A key file belongs
// to one machine, so PostgreSQL shared by several replicas needs the setting.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretBox, decodeSecretKey } from './secret-box.js';

export const SECRET_KEY_FILE = 'secret.key';

export interface SecretKeyOptions {
  /** The `secretKey` setting (already validated), if given. */
  readonly secretKey?: string | undefined;
  /** The data folder, for the key file. */
  readonly data: string;
}

export function loadSecretBox(options: SecretKeyOptions): SecretBox {
  if (options.secretKey !== undefined) {
    const key = decodeSecretKey(options.secretKey);
    if (key === undefined) throw new Error('VIGIL_SECRET_KEY (config secretKey): 32 bytes as 64 hex digits or base64');
    return new SecretBox(key, 'VIGIL_SECRET_KEY (config secretKey)');
  }
  const file = join(options.data, SECRET_KEY_FILE);
  mkdirSync(options.data, { recursive: true });
  try {
    // `wx`: only the first start creates it; a concurrent one reads the winner's key below.
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = decodeSecretKey(readFileSync(file, 'utf8'));
  if (key === undefined)
    throw new Error(`the key file ${file} does not hold 32 bytes in base64 or hex: restore it, or set VIGIL_SECRET_KEY (config secretKey)`);
  return new SecretBox(key, `the key file ${file}`);
}
