// Distributions against SciPy 1.10 (fixtures/gen_distributions.py), the shared SciPy known answers,
// invariants, and bad-parameter errors.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import {
  betaCdf,
  betaPdf,
  betaPpf,
  betaSf,
  binomialCdf,
  binomialPmf,
  binomialPpf,
  binomialSf,
  chi2Cdf,
  chi2Isf,
  chi2Pdf,
  chi2Ppf,
  chi2Sf,
  gammaCdf,
  gammaPdf,
  gammaPpf,
  gammaSf,
  hypergeomCdf,
  hypergeomLogPmf,
  hypergeomPmf,
  hypergeomSf,
  normalCdf,
  normalIsf,
  normalPdf,
  normalPpf,
  normalSf,
  studentTCdf,
  studentTIsf,
  studentTPdf,
  studentTPpf,
  studentTSf,
} from './index.js';

type Rows = number[][];
const fx = loadFixture<Record<string, Rows>>('distributions');

function checkRows(key: string, f: (...args: number[]) => number, tol: { rel?: number; abs?: number } = {}): void {
  const rows = fx[key];
  expect(rows, key).toBeDefined();
  for (const row of rows as Rows) {
    const args = row.slice(0, -1);
    expectClose(f(...args), row[row.length - 1] as number, tol, `${key}(${args.join(', ')})`);
  }
}

describe('continuous distributions match SciPy', () => {
  it('normal', () => {
    checkRows('normal_pdf', normalPdf);
    checkRows('normal_cdf', normalCdf);
    checkRows('normal_sf', normalSf);
    checkRows('normal_ppf', normalPpf);
    checkRows('normal_isf', normalIsf);
  });
  it('chi-square, sf down to 1e-300', () => {
    checkRows('chi2_pdf', chi2Pdf);
    checkRows('chi2_cdf', chi2Cdf);
    checkRows('chi2_sf', chi2Sf);
    checkRows('chi2_ppf', chi2Ppf);
    checkRows('chi2_isf', chi2Isf);
  });
  it('Student t with real df', () => {
    checkRows('t_pdf', studentTPdf);
    checkRows('t_cdf', studentTCdf);
    checkRows('t_sf', studentTSf);
  });
  it('Student t with df from 1e7 to 1e12, out to ±40', () => {
    checkRows('t_sf_big', studentTSf);
    checkRows('t_cdf_big', studentTCdf);
  });
  it('Student t quantiles (40-digit references; SciPy stdtrit itself stops at ~2e-9)', () => {
    checkRows('t_ppf_mp', studentTPpf);
    checkRows('t_isf_mp', studentTIsf);
    checkRows('t_ppf', studentTPpf, { rel: 5e-9 });
    checkRows('t_isf', studentTIsf, { rel: 5e-9 });
  });
  it('beta', () => {
    checkRows('beta_pdf', betaPdf);
    checkRows('beta_cdf', betaCdf);
    checkRows('beta_sf', betaSf);
    // Boost's beta.ppf gives up (and returns a wrong 2.5e-25) at q = 1e-10, a = 0.5; 40-digit values instead.
    checkRows('beta_ppf_mp', betaPpf);
  });
  it('gamma with scale', () => {
    checkRows('gamma_pdf', gammaPdf);
    checkRows('gamma_cdf', gammaCdf);
    checkRows('gamma_sf', gammaSf);
    checkRows('gamma_ppf', gammaPpf);
  });
});

describe('discrete distributions match SciPy', () => {
  it('binomial', () => {
    checkRows('binom_pmf', binomialPmf);
    checkRows('binom_cdf', binomialCdf);
    checkRows('binom_sf', binomialSf);
    checkRows('binom_ppf', binomialPpf);
  });
  it('hypergeometric up to M = 1e5', () => {
    checkRows('hypergeom_pmf', hypergeomPmf);
    checkRows('hypergeom_cdf', hypergeomCdf);
    checkRows('hypergeom_sf', hypergeomSf);
    // SciPy's logpmf cancels log-betas: off by 1.2e-10 absolute at (3, 1e5, 3, 99990); 40-digit values instead.
    checkRows('hypergeom_logpmf_mp', hypergeomLogPmf);
    checkRows('hypergeom_logpmf', hypergeomLogPmf, { abs: 2e-10 });
  });
});

describe('shared SciPy known answers (scipy_reference_vectors.json, drift.md §5)', () => {
  const ref = loadSharedReference<Record<string, { result: unknown }>>('scipy_reference_vectors.json');
  const second = (key: string): number => (ref[key]?.result as number[])[1] as number;
  it('chisquare and chi2_contingency p-values are chi2.sf', () => {
    expectClose(chi2Sf(2.0, 5), second('chisquare_uniform'));
    expectClose(chi2Sf(3.5, 5), second('chisquare_fexp'));
    expectClose(chi2Sf(5.4, 1), second('chi2_contingency_2x2_corrTrue'));
    expectClose(chi2Sf(6.666666666666667, 1), second('chi2_contingency_2x2_corrFalse'));
    expectClose(chi2Sf(2.051282051282051, 2), second('chi2_contingency_2x3'));
    expectClose(chi2Sf(27.938238672611106, 4), second('epps_singleton'));
  });
  it('Mann–Whitney asymptotic p = 2·norm.sf(z)', () => {
    // U = 28 (larger of 14, 28), mean 21, sd 7, continuity 0.5.
    expectClose(2 * normalSf((28 - 21 - 0.5) / 7), second('mannwhitneyu_asymptotic'));
  });
  it('Fisher exact (greater) p = hypergeom.sf(a − 1, M, a + b, a + c)', () => {
    expectClose(hypergeomSf(7, 16, 10, 9), second('fisher_exact_greater'));
  });
  it('normal sf keeps its digits at 30σ', () => {
    expectClose(normalSf(30), 4.906713927148187e-198, { rel: 1e-12, abs: 0 });
  });
});

describe('distribution invariants', () => {
  it('cdf + sf = 1, and ppf inverts cdf', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 1000, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (df, p) => {
        const x = chi2Ppf(p, df);
        expectClose(chi2Cdf(x, df), p, { rel: 1e-10 });
        expectClose(chi2Cdf(x, df) + chi2Sf(x, df), 1, { rel: 1e-13 });
        const t = studentTPpf(p, df);
        expectClose(studentTCdf(t, df), p, { rel: 1e-10 });
        expectClose(studentTCdf(-t, df), studentTSf(t, df), { rel: 1e-10, abs: 1e-15 });
      }),
      { numRuns: 100 },
    );
  });
  it('binomial pmf sums to cdf, and cdf + sf = 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.nat(60), (n, p, k0) => {
        const k = Math.min(k0, n);
        let s = 0;
        for (let j = 0; j <= k; j++) s += binomialPmf(j, n, p);
        expectClose(binomialCdf(k, n, p), s, { rel: 1e-12 });
        expectClose(binomialCdf(k, n, p) + binomialSf(k, n, p), 1, { rel: 1e-13 });
        const q = binomialCdf(k, n, p);
        expect(binomialPpf(q * (1 - 1e-9), n, p)).toBeLessThanOrEqual(k);
      }),
      { numRuns: 100 },
    );
  });
  it('hypergeometric pmf sums to one and is symmetric in n and N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.nat(80), fc.nat(80), (M, n0, N0) => {
        const n = n0 % (M + 1);
        const N = N0 % (M + 1);
        let s = 0;
        for (let k = 0; k <= Math.min(n, N); k++) {
          s += hypergeomPmf(k, M, n, N);
          expectClose(hypergeomPmf(k, M, n, N), hypergeomPmf(k, M, N, n), { rel: 1e-12 });
        }
        expectClose(s, 1, { rel: 1e-12 });
      }),
      { numRuns: 100 },
    );
  });
});

describe('bad parameters throw typed errors naming the argument', () => {
  const cases: [string, () => unknown, string][] = [
    ['chi2 df = 0', () => chi2Sf(1, 0), 'df'],
    ['t df < 0', () => studentTCdf(1, -2), 'df'],
    ['normal scale = 0', () => normalCdf(1, 0, 0), 'scale'],
    ['normal loc NaN', () => normalCdf(1, Number.NaN, 1), 'loc'],
    ['beta a = 0', () => betaCdf(0.5, 0, 1), 'a'],
    ['gamma scale < 0', () => gammaCdf(1, 2, -1), 'scale'],
    ['binomial p > 1', () => binomialPmf(1, 10, 1.5), 'p'],
    ['binomial n not integer', () => binomialCdf(1, 10.5, 0.5), 'n'],
    ['hypergeom n > M', () => hypergeomPmf(1, 10, 11, 3), 'n'],
    ['hypergeom N negative', () => hypergeomSf(1, 10, 3, -1), 'N'],
  ];
  for (const [name, f, arg] of cases) {
    it(name, () => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).argument).toBe(arg);
    });
  }
  it('Student t with df = ∞ is the standard normal, as in SciPy', () => {
    expectClose(studentTSf(2, Number.POSITIVE_INFINITY), normalSf(2), { rel: 1e-15 });
    expectClose(studentTPpf(0.975, Number.POSITIVE_INFINITY), normalPpf(0.975), { rel: 1e-15 });
    expectClose(studentTPdf(1, Number.POSITIVE_INFINITY), normalPdf(1), { rel: 1e-15 });
  });
  it('arguments outside the support give NaN or the boundary value, not errors', () => {
    expect(chi2Ppf(1.5, 3)).toBeNaN();
    expect(normalPpf(-0.1)).toBeNaN();
    expect(chi2Sf(-1, 3)).toBe(1);
    expect(binomialPmf(11, 10, 0.5)).toBe(0);
    expect(hypergeomLogPmf(5, 10, 3, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTCdf(Number.NaN, 3)).toBeNaN();
  });
});
