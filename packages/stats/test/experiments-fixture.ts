// Test helpers shared by the experiment tests: the SciPy fixture (fixtures/gen_experiments.py) and
// GrowthBook's 5-decimal known answers.

import { expect } from 'vitest';
import { expectClose, loadFixture } from './fixtures.js';

export interface ExperimentsFixture {
  experimentTest: { control: never; treatment: never; options: never; expected: FrequentistExpected }[];
  bayesianTest: {
    control: never;
    treatment: never;
    options: never;
    expected: { expected: number; se: number; chanceToWin: number; ci: [number, number]; risk: [number, number] };
  }[];
  srmTest: { counts: number[]; weights: number[]; statistic: number; pValue: number }[];
  cupedTest: { control: never; treatment: never; options: never; expected: FrequentistExpected & { theta: number } }[];
  power: {
    options: never;
    effectSize: number;
    twoTailed: boolean;
    power: number;
    expectedPower: number;
    expectedMde: number | null;
  }[];
}

export interface FrequentistExpected {
  expected: number;
  se: number;
  ci: [number, number];
  pValue: number;
  dof: number;
}

export const fixture = loadFixture<ExperimentsFixture>('experiments');

/** Estimates (effect, SE, dof, θ) to 1e-9 relative. */
export const ESTIMATE = { rel: 1e-9, abs: 1e-12 };
/** Intervals, p-values, probabilities and risks to 1e-7 relative. */
export const INTERVAL = { rel: 1e-7, abs: 1e-12 };

export function expectFrequentist(actual: FrequentistExpected & { error: unknown }, expected: FrequentistExpected, label: string): void {
  expect(actual.error, label).toBeNull();
  expectClose(actual.expected, expected.expected, ESTIMATE, `${label} expected`);
  expectClose(actual.se, expected.se, ESTIMATE, `${label} se`);
  expectClose(actual.dof, expected.dof, ESTIMATE, `${label} dof`);
  expectClose(actual.ci[0], expected.ci[0], INTERVAL, `${label} ci[0]`);
  expectClose(actual.ci[1], expected.ci[1], INTERVAL, `${label} ci[1]`);
  expectClose(actual.pValue, expected.pValue, INTERVAL, `${label} pValue`);
}

/** GrowthBook's own tests compare values rounded to 5 decimals (gbstats tests `DECIMALS = 5`, power.test.ts `toFixed(5)`). */
export function expectRounded(actual: number, expected: number, label = ''): void {
  expect(Number(actual.toFixed(5)), `${label} = ${actual}`).toBe(expected);
}
