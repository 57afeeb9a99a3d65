// The normal distribution (SciPy `scipy.stats.norm`), with sf/isf exact in the upper tail via erfc.

import { ndtr, ndtri } from '../special/ndtr.js';
import { checkLocation, checkPositive } from './check.js';

const INV_SQRT_2PI = 0.3989422804014327;

/** SciPy `norm.pdf(x, loc, scale)` (1.10). */
export function normalPdf(x: number, loc = 0, scale = 1): number {
  checkLocation(loc, 'loc');
  checkPositive(scale, 'scale');
  const z = (x - loc) / scale;
  return (INV_SQRT_2PI * Math.exp(-0.5 * z * z)) / scale;
}

/** SciPy `norm.cdf(x, loc, scale)` (1.10). */
export function normalCdf(x: number, loc = 0, scale = 1): number {
  checkLocation(loc, 'loc');
  checkPositive(scale, 'scale');
  return ndtr((x - loc) / scale);
}

/** SciPy `norm.sf(x, loc, scale)` (1.10): Φ(−z), so normalSf(30) ≈ 4.9e-198 keeps its digits. */
export function normalSf(x: number, loc = 0, scale = 1): number {
  checkLocation(loc, 'loc');
  checkPositive(scale, 'scale');
  return ndtr(-(x - loc) / scale);
}

/** SciPy `norm.ppf(p, loc, scale)` (1.10). */
export function normalPpf(p: number, loc = 0, scale = 1): number {
  checkLocation(loc, 'loc');
  checkPositive(scale, 'scale');
  return loc + scale * ndtri(p);
}

/** SciPy `norm.isf(q, loc, scale)` (1.10): −Φ⁻¹(q), exact for tiny q. */
export function normalIsf(q: number, loc = 0, scale = 1): number {
  checkLocation(loc, 'loc');
  checkPositive(scale, 'scale');
  return loc - scale * ndtri(q);
}
