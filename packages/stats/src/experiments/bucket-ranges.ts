// Bucket ranges and variation choice as GrowthBook's JavaScript SDK computes them: a hash in [0, 1)
// falls in at most one variation's range; the rest of [0, 1) is outside the experiment.

import { InvalidArgumentError } from '../errors.js';
import { gbHash } from './gb-hash.js';

/**
 * GrowthBook sdk-js `src/util.ts` `getEqualWeights(n)`: n weights of 1/n, or [] when n ≤ 0.
 */
export function equalWeights(numVariations: number): number[] {
  checkCount(numVariations);
  return numVariations <= 0 ? [] : new Array<number>(numVariations).fill(1 / numVariations);
}

function checkCount(numVariations: number): void {
  if (typeof numVariations !== 'number' || !Number.isSafeInteger(numVariations)) {
    throw new InvalidArgumentError('numVariations', 'an integer', numVariations);
  }
}

/**
 * GrowthBook sdk-js `src/util.ts` `getBucketRanges(numVariations, coverage, weights)`.
 * Coverage is clamped to [0, 1]. Weights fall back to equal weights when missing, of the wrong
 * length, or summing outside [0.99, 1.01]. Range i is [c, c + coverage·wᵢ) where c is the sum of
 * the weights before i: ranges stay anchored at their cumulative start, so raising the coverage
 * never moves a unit already bucketed. Differences from the SDK: it logs and goes on where this
 * throws on a non-integer `numVariations` or a non-finite `coverage`, and weights whose sum is NaN
 * (the SDK keeps them) fall back to equal weights here.
 */
export function bucketRanges(numVariations: number, coverage = 1, weights?: number[]): [number, number][] {
  checkCount(numVariations);
  if (typeof coverage !== 'number' || !Number.isFinite(coverage)) throw new InvalidArgumentError('coverage', 'a finite number', coverage);
  const cov = Math.min(1, Math.max(0, coverage));
  const equal = equalWeights(numVariations);
  let w = weights ?? equal;
  if (w.length !== numVariations) w = equal;
  let total = 0;
  for (const x of w) total += x;
  if (!(total >= 0.99 && total <= 1.01)) w = equal;
  let cumulative = 0;
  return w.map((wi) => {
    const start = cumulative;
    cumulative += wi;
    return [start, start + cov * wi];
  });
}

/**
 * GrowthBook sdk-js `src/util.ts` `chooseVariation(n, ranges)`: the first i with
 * ranges[i][0] ≤ n < ranges[i][1], or −1 when n falls in no range (a zero-width range is never chosen).
 */
export function chooseVariation(n: number, ranges: readonly (readonly [number, number])[]): number {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as readonly [number, number];
    if (n >= r[0] && n < r[1]) return i;
  }
  return -1;
}

/**
 * GrowthBook sdk-js `src/util.ts` `inNamespace(hashValue, [id, start, end])`: the unit is in the
 * namespace when start ≤ hash("__" + id, hashValue, 1) < end (namespaces always hash with version 1).
 */
export function inNamespace(hashValue: string, namespace: readonly [string, number, number]): boolean {
  const n = gbHash(`__${namespace[0]}`, hashValue, 1) as number;
  return n >= namespace[1] && n < namespace[2];
}
