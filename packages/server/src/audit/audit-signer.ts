// The Ed25519 key that signs the audit log's tree heads: the `auditKey` setting (VIGIL_AUDIT_KEY,
// a 32-byte seed as hex or base64), or a key file made once in the data folder (`<data>/audit.key`,
// mode 0600). Anyone with the public key (in every tree head) can check a head; keep a copy of it,
// or of the heads, outside the store to catch a rewrite by someone who also holds the store.

import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUDIT_KEY_FILE = 'audit.key';

// PKCS#8 and SPKI wrappers of raw Ed25519 keys (RFC 8410): a fixed prefix, then the 32 bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A 32-byte seed from 64 hex digits or base64; undefined when it is neither. */
export function decodeAuditKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(t)) {
    const b = Buffer.from(t, 'base64');
    return b.length === 32 ? b : undefined;
  }
  return undefined;
}

/** Signs and checks tree heads. */
export class AuditSigner {
  readonly publicKeyRaw: Buffer;
  /** The first 16 hex digits of SHA-256 of the raw public key. */
  readonly keyId: string;
  private readonly privateKey: KeyObject | undefined;
  private readonly publicKey: KeyObject;

  private constructor(publicKey: KeyObject, privateKey?: KeyObject) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.publicKeyRaw = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(SPKI_PREFIX.length);
    this.keyId = createHash('sha256').update(this.publicKeyRaw).digest('hex').slice(0, 16);
  }

  static fromSeed(seed: Buffer): AuditSigner {
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    return new AuditSigner(createPublicKey(privateKey), privateKey);
  }

  /** A verifier only, from the raw public key (base64 or a Buffer). */
  static fromPublicKey(raw: Buffer | string): AuditSigner {
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
    if (bytes.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
    return new AuditSigner(createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes]), format: 'der', type: 'spki' }));
  }

  sign(message: string): string {
    if (this.privateKey === undefined) throw new Error('this audit key can only verify');
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey).toString('base64');
  }

  verify(message: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(message, 'utf8'), this.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

export interface AuditKeyOptions {
  /** The `auditKey` setting (already validated), if given. */
  readonly auditKey?: string | undefined;
  /** The data folder, for the key file. */
  readonly data: string;
  /** Create the key file when it is missing (default true; `vigil audit verify` only reads). */
  readonly create?: boolean;
}

/** The signer of the `auditKey` setting, or of `<data>/audit.key` (made on first use). */
export function loadAuditSigner(options: AuditKeyOptions): AuditSigner {
  if (options.auditKey !== undefined) {
    const seed = decodeAuditKey(options.auditKey);
    if (seed === undefined) throw new Error('VIGIL_AUDIT_KEY (config auditKey): an Ed25519 seed of 32 bytes as 64 hex digits or base64');
    return AuditSigner.fromSeed(seed);
  }
  const file = join(options.data, AUDIT_KEY_FILE);
  if (options.create !== false) {
    mkdirSync(options.data, { recursive: true });
    try {
      // `wx`: only the first start creates it; a concurrent one reads the winner's key below.
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const seed = decodeAuditKey(readFileSync(file, 'utf8'));
  if (seed === undefined) throw new Error(`the key file ${file} does not hold an Ed25519 seed (32 bytes in base64 or hex): restore it, or set VIGIL_AUDIT_KEY`);
  return AuditSigner.fromSeed(seed);
}
