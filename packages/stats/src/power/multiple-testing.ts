// Multiple-testing corrections of p-values (family-wise error and false discovery rate), equal to
// statsmodels' `multipletests`.

import { InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';
import { checkProbabilities } from '../sample.js';
import { argsort } from '../sort.js';
import { checkOptionKeys } from '../options.js';

export interface MultipleTestingOptions {
  /** Family-wise error rate or false discovery rate to control (default 0.05). */
  alpha?: number;
}

export interface MultipleTestingResult {
  /** Adjusted p-values, in the input order, clipped to 1. */
  readonly adjusted: Float64Array;
  /** Whether each hypothesis is rejected at `alpha`, in the input order. */
  readonly rejected: boolean[];
}

function prepare(pvalues: NumericArray, options: MultipleTestingOptions): { p: Float64Array; alpha: number } {
  checkOptionKeys(options, ['alpha']);
  const { alpha = 0.05 } = options;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw new InvalidArgumentError('options.alpha', 'a number in (0, 1)', alpha);
  return { p: checkProbabilities(pvalues, 'pvalues'), alpha };
}

/**
 * statsmodels `multipletests(p, alpha, method='bonferroni')`: adjusted min(1, m·p), rejected
 * where p ≤ alpha/m. NaN or values outside [0, 1] throw, naming `pvalues[i]`.
 */
export function bonferroni(pvalues: NumericArray, options: MultipleTestingOptions = {}): MultipleTestingResult {
  const { p, alpha } = prepare(pvalues, options);
  const m = p.length;
  const adjusted = new Float64Array(m);
  const rejected: boolean[] = [];
  for (let i = 0; i < m; i++) {
    adjusted[i] = Math.min(1, (p[i] as number) * m);
    rejected.push((p[i] as number) <= alpha / m);
  }
  return { adjusted, rejected };
}

/**
 * statsmodels `multipletests(p, alpha, method='holm')`: step-down; sorted ascending, adjusted
 * p₍ᵢ₎ = max over j ≤ i of (m − j)·p₍ⱼ₎ (0-based), clipped to 1; rejections stop at the first
 * p₍ᵢ₎ > alpha/(m − i).
 */
export function holm(pvalues: NumericArray, options: MultipleTestingOptions = {}): MultipleTestingResult {
  const { p, alpha } = prepare(pvalues, options);
  const m = p.length;
  const order = argsort(p);
  const adjusted = new Float64Array(m);
  const rejected: boolean[] = new Array<boolean>(m).fill(false);
  let running = 0;
  let stillRejecting = true;
  for (let i = 0; i < m; i++) {
    const j = order[i] as number;
    const pj = p[j] as number;
    running = Math.max(running, pj * (m - i));
    adjusted[j] = Math.min(1, running);
    if (stillRejecting && pj > alpha / (m - i)) stillRejecting = false;
    rejected[j] = stillRejecting;
  }
  return { adjusted, rejected };
}

/**
 * statsmodels `multipletests(p, alpha, method='fdr_bh')` (Benjamini–Hochberg): sorted ascending,
 * adjusted p₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎·m/(j + 1) (0-based), clipped to 1; rejected: every p up to the
 * largest i with p₍ᵢ₎ ≤ alpha·(i + 1)/m.
 */
export function benjaminiHochberg(pvalues: NumericArray, options: MultipleTestingOptions = {}): MultipleTestingResult {
  const { p, alpha } = prepare(pvalues, options);
  const m = p.length;
  const order = argsort(p);
  const adjusted = new Float64Array(m);
  const rejected: boolean[] = new Array<boolean>(m).fill(false);
  let lastReject = -1;
  for (let i = 0; i < m; i++) {
    // statsmodels compares p with ecdf·alpha where ecdf = (i + 1)/m.
    if ((p[order[i] as number] as number) <= ((i + 1) / m) * alpha) lastReject = i;
  }
  let running = Infinity;
  for (let i = m - 1; i >= 0; i--) {
    const j = order[i] as number;
    running = Math.min(running, (p[j] as number) / ((i + 1) / m));
    adjusted[j] = Math.min(1, running);
    rejected[j] = i <= lastReject;
  }
  return { adjusted, rejected };
}
