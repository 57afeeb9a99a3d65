// @vigil/stats: Vigil's dependency-free numerical core. Every export is named here; what is not
// exported is private. Each function's doc comment names the reference whose semantics it matches.

// --- errors and input handling ---
export { StatsError, InvalidArgumentError, EmptySampleError, LengthMismatchError } from './errors.js';
export type { StatsErrorCode } from './errors.js';
export type { NumericArray } from './sample.js';

// --- random numbers and sorting ---
export { createRng } from './random.js';
export type { Rng } from './random.js';
export { sortedCopy } from './sort.js';

// --- special functions and distributions (owner: distributions) ---

// --- two-sample and goodness-of-fit tests, part A (owner: tests-a) ---

// --- two-sample tests, part B (owner: tests-b) ---

// --- distances, binning, descriptive statistics (owner: distances) ---

// --- power analysis and multiple testing (owner: distances) ---

// --- metrics (owner: metrics) ---
