// Population stability index between an expected (reference) and an actual (current) histogram,
// with the industry's bands for reading it.

import { InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';
import { normalisedPair } from './probability-vector.js';

export interface PsiOptions {
  /** Stand-in proportion for an empty bin (default 1e-4). */
  epsilon?: number;
}

/**
 * Population stability index Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over the proportions of `expected` and `actual`
 * (each normalised to sum 1). An empty bin would make the term infinite, so a proportion of 0 is
 * replaced by `epsilon` (default 1e-4) — in either vector, without renormalising, and a bin empty
 * in both contributes 0. This differs from Evidently's `feel_zeroes`, which replaces zeros by
 * min(nonzero)/10⁶ when the smallest non-zero proportion is ≤ 1e-4 (else by 1e-4), so its stand-in
 * depends on the data; ours is fixed, so the same histograms always give the same PSI. frouros
 * uses 2.2e-308 and its PSI explodes (134.95 on its docstring data). No SciPy counterpart.
 */
export function psi(expected: NumericArray, actual: NumericArray, options: PsiOptions = {}): number {
  checkOptionKeys(options, ['epsilon']);
  const { epsilon = 1e-4 } = options;
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 1)) {
    throw new InvalidArgumentError('options.epsilon', 'a number in (0, 1)', epsilon);
  }
  const [e, a] = normalisedPair(expected, actual, 'expected', 'actual');
  let s = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = (e[i] as number) === 0 ? epsilon : (e[i] as number);
    const ai = (a[i] as number) === 0 ? epsilon : (a[i] as number);
    s += (ai - ei) * Math.log(ai / ei);
  }
  return s;
}

/** How much a population shifted, by the usual PSI bands. */
export type PsiBand = 'none' | 'moderate' | 'significant';

/** The guide's PSI bands: < 0.1 none, 0.1 to < 0.2 moderate, ≥ 0.2 significant. */
export function psiBand(value: number): PsiBand {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError('value', 'a non-negative PSI value', value);
  }
  if (value < 0.1) return 'none';
  if (value < 0.2) return 'moderate';
  return 'significant';
}
