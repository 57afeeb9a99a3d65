// G-test (log-likelihood ratio) of observed counts against expected ones: less biased than Pearson's
// chi-square when some counts are small.

import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';
import { powerDivergence } from './power-divergence.js';
import type { GoodnessOfFitResult } from './power-divergence.js';

export interface GTestOptions {
  /** Reduction of the degrees of freedom k − 1. Default 0. */
  ddof?: number;
}

/**
 * G-test, SciPy `power_divergence(fObs, fExp, ddof, lambda_='log-likelihood')` (1.10):
 * G = 2·Σ O·ln(O/E), p = χ²_{k−1−ddof}.sf(G).
 */
export function gTest(fObs: NumericArray, fExp?: NumericArray, options: GTestOptions = {}): GoodnessOfFitResult {
  checkOptionKeys(options, ['ddof']);
  return powerDivergence(fObs, fExp, { ddof: options.ddof ?? 0, lambda: 'log-likelihood' });
}
