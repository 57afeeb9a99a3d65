// 64-bit hashing of numbers, strings and booleans for the cardinality sketch: two MurmurHash3 x86_32
// lanes with different seeds, with a per-type seed so 1, '1' and true hash apart.

import { encodeUtf8Into } from './utf8.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
/** Per-type seeds: the same bytes of a number and of a string must not collide by construction. */
const SEED_NUMBER = 0x9747b28c;
const SEED_STRING = 0x2545f491;
const SEED_BOOLEAN = 0x6a09e667;
/** The second lane's seed is derived from the first so the two 32-bit halves are independent hashes. */
const LANE2 = 0x5bd1e995;

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
let utf8 = new Uint8Array(256);

/** The high and low halves of the last hash computed (no allocation per call). */
export const hashOut = new Uint32Array(2);

function mixK(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH(h: number, k: number): number {
  h ^= mixK(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's 32-bit finalizer: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of two 32-bit words. */
function murmur2Words(w0: number, w1: number, seed: number): number {
  let h = mixH(seed, w0);
  h = mixH(h, w1);
  return fmix32(h ^ 8);
}

/**
 * Hashes a number by its float64 bytes into `hashOut` (−0 and 0 hash alike; every NaN hashes alike).
 * Integers and floats with equal values are the same number in JavaScript and hash alike.
 */
export function hashNumber(x: number): void {
  F64[0] = x === 0 ? 0 : x;
  const lo = U32[0] as number;
  const hi = U32[1] as number;
  hashOut[0] = murmur2Words(lo, hi, SEED_NUMBER);
  hashOut[1] = murmur2Words(lo, hi, SEED_NUMBER ^ LANE2);
}

/** Hashes a boolean into `hashOut`. */
export function hashBoolean(b: boolean): void {
  const w = b ? 1 : 0;
  hashOut[0] = murmur2Words(w, 0, SEED_BOOLEAN);
  hashOut[1] = murmur2Words(w, 0, SEED_BOOLEAN ^ LANE2);
}

/** MurmurHash3 x86_32 of `buf[0, len)`. */
function murmurBytes(buf: Uint8Array, len: number, seed: number): number {
  let h = seed | 0;
  const blocks = len & ~3;
  for (let i = 0; i < blocks; i += 4) {
    const k = (buf[i] as number) | ((buf[i + 1] as number) << 8) | ((buf[i + 2] as number) << 16) | ((buf[i + 3] as number) << 24);
    h = mixH(h, k);
  }
  const tail = len & 3;
  if (tail !== 0) {
    let k = buf[blocks] as number;
    if (tail > 1) k ^= (buf[blocks + 1] as number) << 8;
    if (tail > 2) k ^= (buf[blocks + 2] as number) << 16;
    h ^= mixK(k);
  }
  return fmix32(h ^ len);
}

/** Hashes the UTF-8 bytes of a string into `hashOut`. */
export function hashString(s: string): void {
  if (utf8.length < s.length * 3) utf8 = new Uint8Array(s.length * 3 + 64);
  const len = encodeUtf8Into(s, utf8);
  hashOut[0] = murmurBytes(utf8, len, SEED_STRING);
  hashOut[1] = murmurBytes(utf8, len, SEED_STRING ^ LANE2);
}
