// Binary framing shared by every sketch's toBytes/fromBytes: little-endian fields after a type byte and
// a version byte, closed by a CRC32 of everything before it, so truncation and bit flips are caught.

import { CorruptInputError } from '../errors.js';

const CRC_TABLE = /* @__PURE__ */ (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, the zlib polynomial) of `bytes[0, end)`. */
export function crc32(bytes: Uint8Array, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = 0; i < end; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Appends little-endian fields to a growing buffer. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(type: number, version: number, initialSize = 64) {
    this.buf = new Uint8Array(Math.max(initialSize, 16));
    this.view = new DataView(this.buf.buffer);
    this.u8(type);
    this.u8(version);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  f64Array(a: ArrayLike<number>, start = 0, end = a.length): void {
    this.ensure(8 * (end - start));
    for (let i = start; i < end; i++) {
      this.view.setFloat64(this.pos, a[i] as number, true);
      this.pos += 8;
    }
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Closes the frame with the CRC32 of all bytes written so far and returns an exact-length copy. */
  finish(): Uint8Array {
    const crc = crc32(this.buf, this.pos);
    this.u32(crc);
    return this.buf.slice(0, this.pos);
  }
}

/** How `fromBytes` reads a frame. */
export interface FromBytesOptions {
  /**
   * Check the frame's CRC32 (default true). False only where an enclosing frame's checksum has
   * already covered these bytes (a profile's columns, a column's sketches): one pass, not three.
   */
  readonly verifyChecksum?: boolean;
}

/** Reads little-endian fields, throwing `CorruptInputError` on anything out of bounds. */
export class ByteReader {
  private readonly view: DataView;
  private pos = 2;
  private readonly end: number;

  /**
   * Checks the frame (type byte, version byte, trailing CRC32) before any field is read, so a corrupt
   * payload is never interpreted.
   */
  private readonly bytes: Uint8Array;
  private readonly what: string;

  constructor(bytes: Uint8Array, what: string, type: number, version: number, verifyChecksum = true) {
    if (!(bytes instanceof Uint8Array)) throw new CorruptInputError('bytes', `a Uint8Array holding a serialized ${what}`, bytes);
    if (bytes.length < 6) throw new CorruptInputError('bytes', `a serialized ${what} of at least 6 bytes`, bytes.length);
    if (bytes[0] !== type) throw new CorruptInputError('bytes', `type byte 0x${type.toString(16)} (${what})`, bytes[0]);
    if (bytes[1] !== version) throw new CorruptInputError('bytes', `version ${version} of the ${what} format`, bytes[1]);
    this.bytes = bytes;
    this.what = what;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = bytes.length - 4;
    const stored = this.view.getUint32(this.end, true);
    if (verifyChecksum && crc32(bytes, this.end) !== stored) throw new CorruptInputError('bytes', `a matching CRC32 checksum (${what})`);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new CorruptInputError('bytes', `${n} more bytes of the ${this.what} at offset ${this.pos}`);
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  f64Array(count: number): Float64Array {
    if (!Number.isInteger(count) || count < 0) throw new CorruptInputError('bytes', `a valid array length in the ${this.what}`, count);
    this.need(8 * count);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.view.getFloat64(this.pos, true);
      this.pos += 8;
    }
    return out;
  }

  bytesOf(count: number): Uint8Array {
    this.need(count);
    const out = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }

  /** Throws unless every payload byte was consumed: trailing garbage is corruption too. */
  done(): void {
    if (this.pos !== this.end) throw new CorruptInputError('bytes', `no bytes after the ${this.what} payload`, this.end - this.pos);
  }
}

/** Type bytes of the sketch formats (ASCII letters, so a hex dump shows what it holds). */
export const SKETCH_TYPE = {
  kll: 0x4b,
  ddSketch: 0x44,
  hyperLogLog: 0x48,
  frequentItems: 0x46,
  moments: 0x4d,
} as const;

/** Throws `CorruptInputError` naming `field` unless `cond` holds. */
export function check(cond: boolean, field: string, expected: string, got?: unknown): asserts cond {
  if (!cond) throw new CorruptInputError(field, expected, got);
}

/** Reads a plain-object field for fromJSON, requiring a JSON object. */
export function jsonObject(obj: unknown, what: string, type: string, version: number): Record<string, unknown> {
  check(obj !== null && typeof obj === 'object' && !Array.isArray(obj), 'json', `a ${what} JSON object`, obj);
  const o = obj as Record<string, unknown>;
  check(o['type'] === type, 'json.type', `'${type}'`, o['type']);
  check(o['version'] === version, 'json.version', `${version}`, o['version']);
  return o;
}

/** A finite number field of a JSON object. */
export function jsonNumber(o: Record<string, unknown>, key: string, allowInfinite = false): number {
  const v = o[key];
  check(typeof v === 'number' && (allowInfinite ? !Number.isNaN(v) : Number.isFinite(v)), `json.${key}`, 'a finite number', v);
  return v;
}

/** An array of finite numbers from a JSON object. */
export function jsonNumbers(o: Record<string, unknown>, key: string): Float64Array {
  const v = o[key];
  check(Array.isArray(v), `json.${key}`, 'an array of numbers', v);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    check(typeof x === 'number' && Number.isFinite(x), `json.${key}[${i}]`, 'a finite number', x);
    out[i] = x;
  }
  return out;
}
