// Encryption at rest of channel secrets and stored notification payloads: AES-256-GCM with a
// random 96-bit IV per value, sealed as `v1:<iv>:<tag>:<ciphertext>` (base64url), the column or
// field it belongs to bound as additional data so a value cannot be moved to another place.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** A setting's key as bytes: 64 hex digits or base64 (standard or URL-safe) of 32 bytes; undefined when it is neither. */
export function decodeSecretKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return undefined;
  const bytes = Buffer.from(t, 'base64');
  return bytes.length === KEY_BYTES ? bytes : undefined;
}

/** A stored value that cannot be decrypted: the key is not the one it was written with. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

export class SecretBox {
  /**
   * @param key 32 bytes.
   * @param source Where the key came from, in words, for the error when it does not fit the store
   *   (for example "VIGIL_SECRET_KEY (config secretKey)" or "the key file /data/secret.key").
   */
  constructor(
    private readonly key: Buffer,
    readonly source: string,
  ) {
    if (key.length !== KEY_BYTES) throw new Error(`a secret key has ${KEY_BYTES} bytes (${source} has ${key.length})`);
  }

  /** Whether a stored string is sealed by `seal` (else it is plaintext written before encryption). */
  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}:`);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
      throw new SecretKeyError(`${context}: not a value sealed by this version of Vigil`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(
        `cannot decrypt ${context}: it was encrypted with another key than ${this.source}. Set VIGIL_SECRET_KEY (config secretKey) ` +
          'to the key the store was written with (or restore <data>/secret.key); with PostgreSQL and several replicas, every replica needs the same VIGIL_SECRET_KEY',
      );
    }
  }
}
