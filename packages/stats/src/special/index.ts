// Barrel for the special functions: the names other areas import from '../special/index.js'.

export { gammaln } from './gamma-ln.js';
export { gammainc, gammaincc, gammaincinv, gammainccinv } from './incomplete-gamma.js';
export { betaln, betainc, betaincinv } from './incomplete-beta.js';
export { erf, erfc, erfcinv } from './erf.js';
export { ndtr, ndtri } from './ndtr.js';
export { log1pmx } from './gamma-ln.js';
