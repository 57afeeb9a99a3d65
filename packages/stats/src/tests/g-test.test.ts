import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { gTest } from './g-test.js';
import type { PowerDivergenceLambdaName } from './power-divergence.js';

interface GofCase {
  fObs: number[];
  fExp: number[] | null;
  results: { ddof: number; lambda: number | PowerDivergenceLambdaName; statistic: number; pvalue: number }[];
}

const fixture = loadFixture<{ powerDivergence: GofCase[] }>('tests_a');

describe('gTest', () => {
  it('equals power_divergence with λ = log-likelihood', () => {
    for (const c of fixture.powerDivergence) {
      for (const r of c.results) {
        if (r.lambda !== 'log-likelihood') continue;
        const got = gTest(c.fObs, c.fExp ?? undefined, { ddof: r.ddof });
        expectClose(got.statistic, r.statistic);
        expectClose(got.pvalue, r.pvalue);
      }
    }
  });

  it('treats zero observed counts as contributing 0 (x·ln x → 0)', () => {
    const r = gTest([0, 10], [5, 5]);
    expectClose(r.statistic, 2 * 10 * Math.log(2));
    expect(() => gTest([1, 2], [1, 2], { lambda: 1 } as never)).toThrow(/options\.lambda/);
  });
});
