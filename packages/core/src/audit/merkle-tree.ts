// RFC 6962 §2.1 Merkle tree hashing, audit (inclusion) paths and consistency proofs, and their
// verification as RFC 9162 §2.1.3.2 and §2.1.4.2 spell it. Pure tree arithmetic: SHA-256 is passed
// in, so this runs in a browser and the server gives it node:crypto.

/** SHA-256 of some bytes (node:crypto in the server, WebCrypto's digest can back it elsewhere). */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** Thrown for indexes and sizes outside the tree. */
export class MerkleTreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MerkleTreeError';
  }
}

/** The hash of a leaf: SHA-256(0x00 ‖ data). */
export function leafHash(sha256: Sha256, data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(data.length + 1);
  buf[0] = 0;
  buf.set(data, 1);
  return sha256(buf);
}

/** The hash of an interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(sha256: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(left.length + right.length + 1);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/** The largest power of two smaller than n (n ≥ 2): RFC 6962's split point k. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new MerkleTreeError(`${name}: expected a whole number ≥ 0, got ${n}`);
}

/**
 * MTH(D[start:end]) over leaf hashes: SHA-256 of the empty string for no leaves, the leaf hash for
 * one, else node(MTH of the first k, MTH of the rest) with k the largest power of two below n.
 */
export function merkleRoot(sha256: Sha256, leaves: readonly Uint8Array[], start = 0, end = leaves.length): Uint8Array {
  checkSize('start', start);
  checkSize('end', end);
  if (end > leaves.length || start > end) throw new MerkleTreeError(`range [${start}, ${end}) lies outside ${leaves.length} leaves`);
  if (end === start) return sha256(new Uint8Array(0));
  return subtreeRoot(sha256, leaves, start, end);
}

function subtreeRoot(sha256: Sha256, leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return leaves[start] as Uint8Array;
  const k = split(n);
  return nodeHash(sha256, subtreeRoot(sha256, leaves, start, start + k), subtreeRoot(sha256, leaves, start + k, end));
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(sha256: Sha256, leaves: readonly Uint8Array[], index: number, size: number): Uint8Array[] {
  checkSize('index', index);
  checkSize('size', size);
  if (size > leaves.length) throw new MerkleTreeError(`size ${size} exceeds the ${leaves.length} leaves`);
  if (index >= size) throw new MerkleTreeError(`leaf ${index} is not in a tree of size ${size}`);
  const out: Uint8Array[] = [];
  const path = (m: number, start: number, end: number): void => {
    if (end - start <= 1) return;
    const k = split(end - start);
    if (m < k) {
      path(m, start, start + k);
      out.push(subtreeRoot(sha256, leaves, start + k, end));
    } else {
      path(m - k, start + k, end);
      out.push(subtreeRoot(sha256, leaves, start, start + k));
    }
  };
  path(index, 0, size);
  return out;
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: the consistency proof between the trees of the first `size1` and `size2` leaves. */
export function consistencyProof(sha256: Sha256, leaves: readonly Uint8Array[], size1: number, size2: number): Uint8Array[] {
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (size2 > leaves.length) throw new MerkleTreeError(`size ${size2} exceeds the ${leaves.length} leaves`);
  if (size1 > size2) throw new MerkleTreeError(`size1 ${size1} is larger than size2 ${size2}`);
  const out: Uint8Array[] = [];
  if (size1 === 0 || size1 === size2) return out;
  const subproof = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!whole) out.push(subtreeRoot(sha256, leaves, start, end));
      return;
    }
    const k = split(n);
    if (m <= k) {
      subproof(m, start, start + k, whole);
      out.push(subtreeRoot(sha256, leaves, start + k, end));
    } else {
      subproof(m - k, start + k, end, false);
      out.push(subtreeRoot(sha256, leaves, start, start + k));
    }
  };
  subproof(size1, 0, size2, true);
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/**
 * The root an audit path leads to (RFC 9162 §2.1.3.2), or undefined when the path cannot belong to
 * leaf `index` of a tree of `size` (wrong length, index outside the tree).
 */
export function rootFromInclusionProof(sha256: Sha256, index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(sha256, p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(sha256, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

/** True when `proof` shows leaf hash `leaf` at `index` in the tree of `size` leaves whose root is `root`. */
export function verifyInclusion(sha256: Sha256, index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  const got = rootFromInclusionProof(sha256, index, size, leaf, proof);
  return got !== undefined && equalBytes(got, root);
}

/** True when `proof` shows the tree of `size1` leaves (root `root1`) is a prefix of the tree of `size2` leaves (root `root2`), RFC 9162 §2.1.4.2. */
export function verifyConsistency(sha256: Sha256, size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  // A first tree whose size is a power of two is a whole subtree: its root starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(sha256, c, fr);
      sr = nodeHash(sha256, c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sha256, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * The right edge of a growing tree: the roots of its perfect subtrees, largest first. Appending a
 * leaf and reading the root cost O(log n), so a log can sign a head after every entry without
 * rehashing the whole tree.
 */
export class MerkleFrontier {
  private readonly stack: { hash: Uint8Array; size: number }[] = [];
  private count = 0;

  constructor(private readonly sha256: Sha256) {}

  /** Leaves appended so far. */
  get size(): number {
    return this.count;
  }

  append(leaf: Uint8Array): void {
    let node = { hash: leaf, size: 1 };
    for (let top = this.stack.at(-1); top !== undefined && top.size === node.size; top = this.stack.at(-1)) {
      this.stack.pop();
      node = { hash: nodeHash(this.sha256, top.hash, node.hash), size: node.size * 2 };
    }
    this.stack.push(node);
    this.count++;
  }

  /** An independent copy (O(log n)): append to it without touching this one. */
  clone(): MerkleFrontier {
    const c = new MerkleFrontier(this.sha256);
    c.stack.push(...this.stack);
    c.count = this.count;
    return c;
  }

  /** MTH of every leaf appended: the perfect subtrees folded right to left. */
  root(): Uint8Array {
    if (this.stack.length === 0) return this.sha256(new Uint8Array(0));
    let r = (this.stack.at(-1) as { hash: Uint8Array }).hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.sha256, (this.stack[i] as { hash: Uint8Array }).hash, r);
    return r;
  }
}

/** Lower-case hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Bytes of a hex string; undefined when it is not an even number of hex digits. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
