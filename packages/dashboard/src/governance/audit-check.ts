// Checks in the browser what the audit page shows, with WebCrypto: a tree head's Ed25519 signature
// over the text the server signs, and an entry's inclusion proof (RFC 9162 §2.1.3.2) from the
// entry's own canonical JSON up to the signed root, with core's Merkle functions.

import { canonicalJson, entryLeafHash, fromHex, rootFromInclusionProof, toHex, treeHeadMessage } from '@vigil/core';
import type { Sha256 } from '@vigil/core';
import type { AuditEntryWire, AuditProof, TreeHead } from '@vigil/wire';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** `valid`, `invalid`, or `unsupported` when this browser's WebCrypto has no Ed25519. */
export type SignatureStatus = 'valid' | 'invalid' | 'unsupported';

/** Checks a tree head's signature with the public key it carries. */
export async function verifyTreeHead(head: TreeHead): Promise<SignatureStatus> {
  const message = treeHeadMessage(head.origin, head.size, head.root, Date.parse(head.time));
  let key: CryptoKey;
  try {
    key = await subtle().importKey('raw', fromBase64(head.publicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if ((e as Error).name === 'NotSupportedError') return 'unsupported';
    return 'invalid';
  }
  try {
    return (await subtle().verify({ name: 'Ed25519' }, key, fromBase64(head.signature), new TextEncoder().encode(message))) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/**
 * Runs a synchronous hash computation with WebCrypto's asynchronous SHA-256: each run records the
 * inputs it had no digest for yet, they are digested, and the computation runs again until it
 * needs none (a proof of depth d takes d + 1 runs).
 */
export async function withAsyncSha256<T>(compute: (sha256: Sha256) => T): Promise<T> {
  const known = new Map<string, Uint8Array>();
  for (;;) {
    const missing = new Map<string, Uint8Array>();
    const result = compute((data) => {
      const k = toHex(data);
      const hit = known.get(k);
      if (hit !== undefined) return hit;
      missing.set(k, data);
      return new Uint8Array(32);
    });
    if (missing.size === 0) return result;
    for (const [k, data] of missing) known.set(k, new Uint8Array(await subtle().digest('SHA-256', bytes(data))));
  }
}

export interface InclusionCheck {
  /** The entry's canonical JSON hashes to the proof's leaf hash. */
  readonly leafMatches: boolean;
  /** The audit path leads from that leaf to the signed head's root. */
  readonly rootMatches: boolean;
  readonly ok: boolean;
  readonly leafHash: string;
  readonly size: number;
}

/** Checks that `entry`, as listed, is leaf `seq − 1` of the tree whose signed head came with `proof`. */
export async function checkInclusion(entry: AuditEntryWire, proof: AuditProof): Promise<InclusionCheck> {
  if (proof.proof.type !== 'inclusion') throw new Error('not an inclusion proof');
  const p = proof.proof;
  const path = p.proof.map((h) => fromHex(h) ?? new Uint8Array());
  const text = canonicalJson(entry);
  const { leaf, root } = await withAsyncSha256((sha256) => {
    const leaf = entryLeafHash(sha256, text);
    return { leaf, root: rootFromInclusionProof(sha256, entry.seq - 1, p.size, leaf, path) };
  });
  const leafHex = toHex(leaf);
  // An erased entry is listed without its payload: only its stored leaf hash stands.
  const leafMatches = entry.erased !== true && leafHex === p.leafHash;
  const fromStored =
    entry.erased === true ? await withAsyncSha256((sha256) => rootFromInclusionProof(sha256, entry.seq - 1, p.size, fromHex(p.leafHash)!, path)) : root;
  const rootMatches = fromStored !== undefined && toHex(fromStored) === proof.treeHead.root && p.root === proof.treeHead.root && p.size === proof.treeHead.size;
  return { leafMatches, rootMatches, ok: leafMatches && rootMatches, leafHash: leafHex, size: p.size };
}
