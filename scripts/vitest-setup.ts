// Property tests explore new random inputs on every local run; CI pins the seed so that a rare
// counterexample found there can be replayed (FC_SEED overrides both).
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261126' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
