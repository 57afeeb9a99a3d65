// Deterministic assignment hashing as GrowthBook's JavaScript SDK does it, so a unit lands in the
// same bucket whether Vigil or a GrowthBook SDK assigns it.

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a over the UTF-16 code units of `s` (`charCodeAt`, not UTF-8 bytes), as an unsigned
 * integer. GrowthBook sdk-js `src/util.ts` `hashFnv32a` writes the multiply as shifts; `Math.imul`
 * is the same product mod 2³².
 */
export function fnv1a32(s: string): number {
  let h = FNV_OFFSET_BASIS;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/**
 * GrowthBook sdk-js `src/util.ts` `hash(seed, value, version)`: a number in [0, 1).
 * - version 2 (current): fnv(String(fnv(seed + value))) % 10000 / 10000 — the inner hash is
 *   turned into its decimal string and hashed again; resolution 1e-4.
 * - version 1 (legacy): fnv(value + seed) % 1000 / 1000 — value first; resolution 1e-3.
 * Any other version gives `null` ("not in the experiment"), as the SDK does.
 */
export function gbHash(seed: string, value: string, version: 1 | 2): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}
