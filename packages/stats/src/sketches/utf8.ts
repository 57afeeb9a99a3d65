// UTF-8 for hashing strings and serializing frequent items, through the platform's TextEncoder and
// TextDecoder (declared in ../text-encoding.d.ts); what this adds is the contract the sketches need.

const encoder = new TextEncoder();
// fatal: malformed input throws instead of becoming U+FFFD; ignoreBOM: a leading U+FEFF is an item's
// own character, not a marker to drop.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Writes the UTF-8 bytes of `s` into `buf` (which must hold 3·s.length bytes, so all of `s` fits)
 * and returns their count. Lone surrogates are written as U+FFFD.
 */
export function encodeUtf8Into(s: string, buf: Uint8Array): number {
  return encoder.encodeInto(s, buf).written;
}

/** The UTF-8 bytes of `s`; lone surrogates are written as U+FFFD. */
export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF); null if malformed. */
export function decodeUtf8(b: Uint8Array): string | null {
  try {
    return strictDecoder.decode(b);
  } catch {
    return null;
  }
}
