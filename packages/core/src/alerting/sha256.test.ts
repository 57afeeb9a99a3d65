// SHA-256 held to Python's hashlib on strings across the padding boundaries and on group keys.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/alerting.json', import.meta.url), 'utf8')) as { sha256: { text: string; hex: string }[] };

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
  it("matches Python's hashlib on every fixture string", () => {
    for (const { text, hex } of fixture.sha256) expect(sha256Hex(text)).toBe(hex);
  });
});
