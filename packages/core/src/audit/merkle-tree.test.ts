// RFC 6962 known answers: the eight-leaf test tree of the Certificate Transparency reference
// implementation (merkle_tree_test), as transparency-dev/merkle's proof/verify_test.go and
// rfc6962/rfc6962_test.go carry it: its roots for sizes 1..8, audit paths and consistency proofs.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MerkleFrontier,
  MerkleTreeError,
  consistencyProof,
  fromHex,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  rootFromInclusionProof,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree.js';

const sha256 = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(d).digest());
const hex = (s: string): Uint8Array => fromHex(s) as Uint8Array;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const LEAF_HASHES = LEAVES.map((d) => leafHash(sha256, d));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// [leaf index (0-based), tree size, path]
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

describe('RFC 6962 hashing', () => {
  it('hashes leaves and nodes with their domain prefixes', () => {
    expect(toHex(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(merkleRoot(sha256, []))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(leafHash(sha256, new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(toHex(leafHash(sha256, utf8('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(toHex(nodeHash(sha256, utf8('N123'), utf8('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });
  it('gives the reference roots for sizes 1..8, from scratch and incrementally', () => {
    const frontier = new MerkleFrontier(sha256);
    expect(toHex(frontier.root())).toBe(toHex(sha256(new Uint8Array(0))));
    for (let n = 1; n <= 8; n++) {
      expect(toHex(merkleRoot(sha256, LEAF_HASHES, 0, n)), `size ${n}`).toBe(ROOTS[n - 1]);
      frontier.append(LEAF_HASHES[n - 1] as Uint8Array);
      expect(frontier.size).toBe(n);
      expect(toHex(frontier.root()), `frontier ${n}`).toBe(ROOTS[n - 1]);
    }
    // A clone grows on its own.
    const head = new MerkleFrontier(sha256);
    for (const l of LEAF_HASHES.slice(0, 5)) head.append(l);
    const copy = head.clone();
    for (const l of LEAF_HASHES.slice(5)) copy.append(l);
    expect(toHex(copy.root())).toBe(ROOTS[7]);
    expect(toHex(head.root())).toBe(ROOTS[4]);
  });
});

describe('inclusion proofs', () => {
  it.each(INCLUSION)('leaf %i of %i: the reference path, which verifies', (index, size, path) => {
    const proof = inclusionProof(sha256, LEAF_HASHES, index, size);
    expect(proof.map(toHex)).toEqual(path);
    expect(verifyInclusion(sha256, index, size, LEAF_HASHES[index] as Uint8Array, proof, hex(ROOTS[size - 1] as string))).toBe(true);
  });
  it('refuses corrupted proofs (wrong index, size, leaf, root; bits flipped; parts added or removed)', () => {
    for (const [index, size, path] of INCLUSION) {
      const proof = path.map(hex);
      const root = hex(ROOTS[size - 1] as string);
      const leaf = LEAF_HASHES[index] as Uint8Array;
      const bad: [number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
        [index - 1, size, leaf, proof, root],
        [index + 1, size, leaf, proof, root],
        [index ^ 2, size, leaf, proof, root],
        [index, size * 2, leaf, proof, root],
        [index, Math.floor(size / 2), leaf, proof, root],
        [index, size, utf8('WrongLeaf'), proof, root],
        [index, size, leaf, proof, sha256(new Uint8Array(0))],
        [index, size, leaf, [...proof, new Uint8Array(0)], root],
        [index, size, leaf, [...proof, root], root],
        [index, size, leaf, [root, ...proof], root],
      ];
      for (let i = 0; i < proof.length; i++) {
        const flipped = proof.map((p) => p.slice());
        (flipped[i] as Uint8Array)[0]! ^= 8;
        bad.push([index, size, leaf, flipped, root]);
      }
      if (proof.length > 0) bad.push([index, size, leaf, proof.slice(0, -1), root]);
      for (const [i, n, l, p, r] of bad) {
        // A size-1 tree's root is its leaf: halving the size to 0 or moving the index is refused too.
        if (i === index && n === size && l === leaf && p === proof && r === root) continue;
        expect(verifyInclusion(sha256, i, n, l, p, r), `${index}/${size} probe ${i}/${n}`).toBe(false);
      }
    }
  });
  it('refuses indexes outside the tree', () => {
    expect(() => inclusionProof(sha256, LEAF_HASHES, 8, 8)).toThrow(MerkleTreeError);
    expect(() => inclusionProof(sha256, LEAF_HASHES, 0, 9)).toThrow(MerkleTreeError);
    expect(rootFromInclusionProof(sha256, 0, 0, LEAF_HASHES[0] as Uint8Array, [])).toBeUndefined();
  });
});

describe('consistency proofs', () => {
  it.each(CONSISTENCY)('%i → %i: the reference proof, which verifies', (size1, size2, path) => {
    const proof = consistencyProof(sha256, LEAF_HASHES, size1, size2);
    expect(proof.map(toHex)).toEqual(path);
    expect(verifyConsistency(sha256, size1, size2, hex(ROOTS[size1 - 1] as string), hex(ROOTS[size2 - 1] as string), proof)).toBe(true);
  });
  it('gives the 4 → 8 and 3 → 7 proofs whose first digits the reference notes list', () => {
    expect(consistencyProof(sha256, LEAF_HASHES, 4, 8).map((h) => toHex(h).slice(0, 8))).toEqual(['6b47aaf2']);
    expect(consistencyProof(sha256, LEAF_HASHES, 3, 7).map((h) => toHex(h).slice(0, 8))).toEqual(['0298d122', '07506a85', 'fac54203', '837dbb15']);
  });
  it('refuses corrupted proofs', () => {
    for (const [size1, size2, path] of CONSISTENCY) {
      if (path.length === 0) continue;
      const proof = path.map(hex);
      const r1 = hex(ROOTS[size1 - 1] as string);
      const r2 = hex(ROOTS[size2 - 1] as string);
      const bad: [number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        [size1 - 1, size2, r1, r2, proof],
        [size1 + 1, size2, r1, r2, proof],
        [size1 ^ 2, size2, r1, r2, proof],
        [size1, size2 * 2, r1, r2, proof],
        [size1, Math.floor(size2 / 2), r1, r2, proof],
        [size1, size2, utf8('WrongRoot'), r2, proof],
        [size1, size2, r1, utf8('WrongRoot'), proof],
        [size1, size2, r2, r1, proof],
        [size1, size2, r1, r2, []],
        [size1, size2, r1, r2, [...proof, new Uint8Array(0)]],
        [size1, size2, r1, r2, [...proof, r1]],
        [size1, size2, r1, r2, [...proof, r2]],
        [size1, size2, r1, r2, [new Uint8Array(0), ...proof]],
        [size1, size2, r1, r2, [r1, ...proof]],
        [size1, size2, r1, r2, [r2, ...proof]],
        [size1, size2, r1, r2, [proof[0] as Uint8Array, ...proof]],
        [size1, size2, r1, r2, proof.slice(0, -1)],
      ];
      for (let i = 0; i < proof.length; i++) {
        const flipped = proof.map((p) => p.slice());
        (flipped[i] as Uint8Array)[0]! ^= 16;
        bad.push([size1, size2, r1, r2, flipped]);
      }
      for (const [a, b, x, y, p] of bad) expect(verifyConsistency(sha256, a, b, x, y, p), `${size1}→${size2} probe ${a}→${b}`).toBe(false);
    }
  });
  it('treats equal sizes and an empty first tree as RFC 9162 does', () => {
    const r = hex(ROOTS[0] as string);
    expect(verifyConsistency(sha256, 1, 1, r, r, [])).toBe(true);
    expect(verifyConsistency(sha256, 1, 1, r, hex(ROOTS[1] as string), [])).toBe(false);
    expect(verifyConsistency(sha256, 0, 5, sha256(new Uint8Array(0)), hex(ROOTS[4] as string), [])).toBe(true);
    expect(verifyConsistency(sha256, 2, 1, r, r, [])).toBe(false);
  });
});

describe('proofs on random trees', () => {
  it('every inclusion and consistency proof of trees up to 70 leaves verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (n, a, b) => {
        const leaves = Array.from({ length: n }, (_, i) => leafHash(sha256, utf8(`entry ${i}`)));
        const size2 = (b % n) + 1;
        const size1 = (a % size2) + 1;
        const index = a % size2;
        const root2 = merkleRoot(sha256, leaves, 0, size2);
        const ok1 = verifyInclusion(sha256, index, size2, leaves[index] as Uint8Array, inclusionProof(sha256, leaves, index, size2), root2);
        const ok2 = verifyConsistency(sha256, size1, size2, merkleRoot(sha256, leaves, 0, size1), root2, consistencyProof(sha256, leaves, size1, size2));
        // A changed leaf breaks both.
        const changed = leaves.slice();
        changed[index] = leafHash(sha256, utf8('edited'));
        const bad = verifyInclusion(sha256, index, size2, changed[index] as Uint8Array, inclusionProof(sha256, changed, index, size2), root2);
        return ok1 && ok2 && !bad;
      }),
      { numRuns: 200 },
    );
  });
});
