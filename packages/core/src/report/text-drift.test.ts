import { describe, expect, it } from 'vitest';
import { loadReportFixture } from '../../test/report-fixtures.js';
import { fitTfidf, randomClassifierAucPercentile, sgdModifiedHuberL1, textDomainClassifier, textDriftScore, textTokens } from './text-drift.js';
import type { SparseRow } from './text-drift.js';

interface TextCase {
  name: string;
  reference: string[];
  current: string[];
  bootstrap: boolean;
  vocabulary: string[];
  idf: number[];
  coef: number[];
  intercept: number;
  epochs: number;
  proba: number[];
  auc: number;
  randomPercentile?: number;
  drifted: boolean;
  seed: number;
  trainMatrix?: { indptr: number[]; indices: number[]; data: number[] };
  trainLabels?: number[];
}

const fx = loadReportFixture<{ cases: TextCase[]; tokens: { text: string; tokens: string[] }[] }>('text_drift');

describe('text drift: Evidently’s domain classifier, against scikit-learn 1.2', () => {
  it('tokenizes as TfidfVectorizer’s analyzer (lowercase, two or more word characters, English stop words out)', () => {
    for (const t of fx.tokens) expect(textTokens(t.text), t.text).toEqual(t.tokens);
  });

  for (const c of fx.cases.filter((x) => x.trainMatrix !== undefined)) {
    it(`${c.name}: the classifier gives scikit-learn's weights bit for bit on scikit-learn's own train matrix`, () => {
      const m = c.trainMatrix!;
      const rows: SparseRow[] = m.indptr.slice(0, -1).map((a, r) => ({
        indices: Int32Array.from(m.indices.slice(a, m.indptr[r + 1])),
        values: Float64Array.from(m.data.slice(a, m.indptr[r + 1])),
      }));
      const model = sgdModifiedHuberL1(rows, c.trainLabels!, c.vocabulary.length, c.seed);
      expect(model.epochs).toBe(c.epochs);
      expect(Array.from(model.weights)).toEqual(c.coef);
      expect(model.intercept).toBe(c.intercept);
    });
  }

  for (const c of fx.cases) {
    it(`${c.name}: same split, vocabulary, idf and seed; AUC and verdict as Evidently's`, () => {
      const d = textDomainClassifier(c.reference, c.current);
      expect(d.seed).toBe(c.seed);
      expect(d.tfidf.vocabulary).toEqual(c.vocabulary);
      // NumPy's vectorized log may be 1 ulp off a correctly rounded one: idf agree to that.
      d.tfidf.idf.forEach((v, i) => expect(Math.abs(v - c.idf[i]!)).toBeLessThanOrEqual(1e-15 * v));
      expect(d.model.epochs).toBe(c.epochs);
      expect(d.probabilities.length).toBe(c.proba.length);
      // Those last-bit differences grow over 50 epochs of SGD (most where there is nothing to learn);
      // the ranking of the test texts barely moves.
      expect(Math.abs(d.auc - c.auc), `AUC ${d.auc} vs ${c.auc}`).toBeLessThan(0.005);
      const s = textDriftScore(c.reference, c.current, { bootstrap: c.bootstrap });
      expect(s.drifted).toBe(c.drifted);
      if (c.randomPercentile !== undefined) expect(s.randomPercentile).toBe(c.randomPercentile);
    });
  }

  it('draws the random classifiers as NumPy’s seeded generator does', () => {
    const c = fx.cases.find((x) => x.randomPercentile !== undefined)!;
    const d = textDomainClassifier(c.reference, c.current);
    expect(randomClassifierAucPercentile(d.testLabels)).toBe(c.randomPercentile!);
  });

  it('says what is wrong when no word is left to learn from', () => {
    expect(() => fitTfidf(['the and of', 'is it'])).toThrow(/words of two or more letters/);
  });
});
