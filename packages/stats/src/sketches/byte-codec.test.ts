import { describe, expect, it } from 'vitest';
import { CorruptInputError } from '../errors.js';
import { ByteReader, ByteWriter, crc32 } from './byte-codec.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('byte codec', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('writes little-endian fields that read back, framed by type, version and CRC', () => {
    const w = new ByteWriter(0x51, 3, 4);
    w.u8(7);
    w.u16(0xbeef);
    w.u32(0xdeadbeef);
    w.i32(-5);
    w.f64(Math.PI);
    w.f64Array([1.5, -2]);
    w.bytes(Uint8Array.of(9, 8));
    const bytes = w.finish();
    expect(Array.from(bytes.subarray(0, 5))).toEqual([0x51, 3, 7, 0xef, 0xbe]);
    const r = new ByteReader(bytes, 'test', 0x51, 3);
    expect([r.u8(), r.u16(), r.u32(), r.i32(), r.f64()]).toEqual([7, 0xbeef, 0xdeadbeef, -5, Math.PI]);
    expect(Array.from(r.f64Array(2))).toEqual([1.5, -2]);
    expect(Array.from(r.bytesOf(2))).toEqual([9, 8]);
    r.done();
    // Reading past the payload, a wrong type or version, and leftovers are corruption.
    expect(() => r.u8()).toThrow(CorruptInputError);
    expect(() => new ByteReader(bytes, 'test', 0x52, 3)).toThrow(/type byte/);
    expect(() => new ByteReader(bytes, 'test', 0x51, 4)).toThrow(/version/);
    const r2 = new ByteReader(bytes, 'test', 0x51, 3);
    r2.u8();
    expect(() => r2.done()).toThrow(CorruptInputError);
    expect(() => new ByteReader([1, 2] as unknown as Uint8Array, 'test', 1, 1)).toThrow(CorruptInputError);
    // A changed payload fails its checksum, unless the caller says an outer frame has checked it.
    const changed = bytes.slice();
    changed[2] = 8;
    expect(() => new ByteReader(changed, 'test', 0x51, 3)).toThrow(/CRC32/);
    expect(new ByteReader(changed, 'test', 0x51, 3, false).u8()).toBe(8);
  });

  it('reads a frame inside a larger buffer (non-zero byteOffset)', () => {
    const w = new ByteWriter(1, 1);
    w.f64(42);
    const frame = w.finish();
    const big = new Uint8Array(frame.length + 3);
    big.set(frame, 3);
    expect(new ByteReader(big.subarray(3), 'test', 1, 1).f64()).toBe(42);
  });
});
