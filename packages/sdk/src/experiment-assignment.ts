// Local assignment of a unit to an experiment's variant, as GrowthBook's JavaScript SDK computes it
// and as the server's `GET /v1/experiments/{e}/assign` answers: FNV-1a over UTF-16 code units, hash
// v2 (or v1), anchored bucket ranges. The SDK depends on @vigil/wire alone, so these few lines are
// its own; they are held to GrowthBook's cases.json vectors, as @vigil/stats' `gbHash` is.

/** What the SDK needs of an experiment (the server's `GET /v1/experiments/{e}` answer has it). */
export interface ExperimentDefinition {
  readonly name: string;
  /** The hashing seed; null: the name. */
  readonly key: string | null;
  readonly hashVersion: 1 | 2;
  readonly coverage: number;
  readonly variants: readonly { readonly name: string; readonly weight: number }[];
  /** Only a running experiment assigns units. */
  readonly status: string;
}

/** A unit's place in an experiment. */
export interface ExperimentAssignment {
  /** The variant's name, or null when the unit is not in the experiment (outside the coverage, the experiment not running, or its definition unavailable). */
  readonly variant: string | null;
  /** The variant's index (0 = control), or −1. */
  readonly index: number;
  /** GrowthBook's hash of (seed, unit) in [0, 1), or null when no definition could be read. */
  readonly hash: number | null;
}

/** 32-bit FNV-1a over UTF-16 code units (GrowthBook sdk-js `hashFnv32a`). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** GrowthBook sdk-js `hash(seed, value, version)`: v2 = fnv(String(fnv(seed + value))) % 10000 / 10000, v1 = fnv(value + seed) % 1000 / 1000. */
export function gbHash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

/** GrowthBook sdk-js `getBucketRanges`: coverage clamped to [0, 1]; equal weights when missing, of the wrong length or summing outside [0.99, 1.01]. */
export function bucketRanges(numVariations: number, coverage = 1, weights?: readonly number[]): [number, number][] {
  const cov = Math.min(1, Math.max(0, Number.isFinite(coverage) ? coverage : 1));
  const equal = numVariations <= 0 ? [] : new Array<number>(numVariations).fill(1 / numVariations);
  let w: readonly number[] = weights ?? equal;
  if (w.length !== numVariations) w = equal;
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total >= 0.99 && total <= 1.01)) w = equal;
  let cumulative = 0;
  return w.map((wi) => {
    const start = cumulative;
    cumulative += wi;
    return [start, start + cov * wi];
  });
}

/** GrowthBook sdk-js `chooseVariation`: the first range holding n, else −1. */
export function chooseVariation(n: number, ranges: readonly (readonly [number, number])[]): number {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (n >= r[0] && n < r[1]) return i;
  }
  return -1;
}

/** The unit's variant in a running experiment. */
export function assignVariant(def: ExperimentDefinition, unit: string): ExperimentAssignment {
  const hash = gbHash(def.key ?? def.name, unit, def.hashVersion);
  if (hash === null || def.status !== 'running') return { variant: null, index: -1, hash };
  const index = chooseVariation(
    hash,
    bucketRanges(
      def.variants.length,
      def.coverage,
      def.variants.map((v) => v.weight),
    ),
  );
  return { variant: index < 0 ? null : def.variants[index]!.name, index, hash };
}
