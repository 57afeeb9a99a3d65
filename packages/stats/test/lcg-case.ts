// Regenerates the large fixture samples of gen_tests_b.py (a 32-bit LCG) so the JSON stores seeds, not 10^5 values.

/** [seed, n, shift, scale, floor]: values (u + shift)·scale, floored to integers when `floor`. */
export type LcgSpec = [number, number, number, number, boolean];

export function lcgCase([seed, n, shift, scale, floor]: LcgSpec): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = (s / 4294967296 + shift) * scale;
    out[i] = floor ? Math.floor(v) : v;
  }
  return out;
}
