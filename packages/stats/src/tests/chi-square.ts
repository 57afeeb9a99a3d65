// Pearson's chi-square goodness-of-fit test of observed counts against expected ones.

import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';
import { powerDivergence } from './power-divergence.js';
import type { GoodnessOfFitResult } from './power-divergence.js';

export interface ChiSquareOptions {
  /** Reduction of the degrees of freedom k − 1. Default 0. */
  ddof?: number;
}

/**
 * Pearson chi-square test, SciPy `chisquare` (1.10): Σ(O − E)²/E with k − 1 − ddof degrees of
 * freedom; `fExp` defaults to equal frequencies and must have the same total as `fObs`
 * (relative 1e-8, as SciPy 1.10 checks).
 */
export function chiSquare(fObs: NumericArray, fExp?: NumericArray, options: ChiSquareOptions = {}): GoodnessOfFitResult {
  checkOptionKeys(options, ['ddof']);
  return powerDivergence(fObs, fExp, { ddof: options.ddof ?? 0, lambda: 1 });
}
