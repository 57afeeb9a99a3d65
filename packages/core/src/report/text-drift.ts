// Text drift as Evidently 0.7 measures it: a domain classifier learns to tell reference texts from
// current ones, and its ROC AUC on held-out texts is the score. The steps follow scikit-learn 1.2
// as Evidently configures it, so the split, the vocabulary, the classifier's weights and the AUC
// are the same: train_test_split(test_size=0.5, random_state=42), TfidfVectorizer(sublinear_tf,
// max_df=0.5, English stop words) fitted on the train half, SGDClassifier(modified_huber, L1,
// alpha=1e-4, max_iter=50, random_state=42) on sparse rows, predict_proba on the test half.

import { InvalidArgumentError, quantile, rocAucScore } from '@vigil/stats';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';
import { NumpyRandomState } from './numpy-random.js';

/**
 * A row of a sparse matrix: column indices with their values, in the order scikit-learn stores them
 * (the order of the sums in a dot product, which 50 epochs of SGD turn into visible differences).
 */
export interface SparseRow {
  indices: Int32Array;
  values: Float64Array;
}

/** TfidfVectorizer's default analyzer: lowercase, runs of two or more word characters, no stop words. */
export function textTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]{2,}/gu)) if (!ENGLISH_STOP_WORDS.has(m[0])) out.push(m[0]);
  return out;
}

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of textTokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** A fitted TF-IDF vocabulary: terms in scikit-learn's order (sorted) and their smoothed idf. */
export interface TfidfModel {
  vocabulary: string[];
  index: Map<string, number>;
  idf: Float64Array;
}

/**
 * `TfidfVectorizer(sublinear_tf=True, max_df=maxDf, stop_words="english").fit`: terms in more than
 * maxDf of the documents are dropped; idf = ln((1 + n) / (1 + df)) + 1.
 */
export function fitTfidf(docs: readonly string[], { maxDf = 0.5 }: { maxDf?: number } = {}): TfidfModel {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of termCounts(d).keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const maxDocs = maxDf * docs.length;
  const vocabulary = [...df.keys()].filter((t) => df.get(t)! <= maxDocs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (vocabulary.length === 0) {
    throw new InvalidArgumentError('texts', 'words of two or more letters, besides English stop words and words in more than half of the texts', 'none');
  }
  const idf = Float64Array.from(vocabulary, (t) => Math.log((1 + docs.length) / (1 + df.get(t)!)) + 1);
  return { vocabulary, index: new Map(vocabulary.map((t, i) => [t, i])), idf };
}

/**
 * One document as TF-IDF: (1 + ln count) × idf over known terms, then scaled to unit length. Entries
 * are stored by `rank` descending (default: the term's index), as scikit-learn's sparse products
 * leave them: the test half by index, the train half by when each term was first seen in training.
 */
export function tfidfRow(model: TfidfModel, text: string, rank?: Int32Array): SparseRow {
  const entries: [number, number][] = [];
  for (const [t, c] of termCounts(text)) {
    const j = model.index.get(t);
    if (j !== undefined) entries.push([j, (Math.log(c) + 1) * (model.idf[j] as number)]);
  }
  entries.sort(rank === undefined ? (a, b) => b[0] - a[0] : (a, b) => (rank[b[0]] as number) - (rank[a[0]] as number));
  let norm = 0;
  for (const [, v] of entries) norm += v * v;
  norm = Math.sqrt(norm);
  return { indices: Int32Array.from(entries, (e) => e[0]), values: Float64Array.from(entries, (e) => (norm > 0 ? e[1] / norm : e[1])) };
}

/** scikit-learn's `our_rand_r` (xorshift, 31-bit output) on a one-element state. */
function randR(state: Uint32Array): number {
  if (state[0] === 0) state[0] = 1;
  let s = state[0] as number;
  s = (s ^ (s << 13)) >>> 0;
  s = (s ^ (s >>> 17)) >>> 0;
  s = (s ^ (s << 5)) >>> 0;
  state[0] = s;
  return s % 0x80000000;
}

export interface SgdOptions {
  alpha?: number;
  maxIter?: number;
  tol?: number;
  nIterNoChange?: number;
  /** scikit-learn decays intercept updates of sparse data by 0.01. */
  interceptDecay?: number;
}

export interface LinearModel {
  weights: Float64Array;
  intercept: number;
  epochs: number;
}

const modifiedHuberLoss = (p: number, y: number): number => {
  const z = p * y;
  return z >= 1 ? 0 : z >= -1 ? (1 - z) * (1 - z) : -4 * z;
};

const modifiedHuberDloss = (p: number, y: number): number => {
  const z = p * y;
  return z >= 1 ? 0 : z >= -1 ? 2 * (1 - z) * -y : -4 * y;
};

/**
 * scikit-learn's `_plain_sgd` for `SGDClassifier(loss="modified_huber", penalty="l1")` with the
 * "optimal" learning rate 1 / (α (t0 + t − 1)), the rows visited in an order shuffled every epoch
 * with `our_rand_r` from `seed`, Tsuruoka's cumulative L1 penalty, and the stopping rule on the
 * summed training loss (`tol`, `n_iter_no_change`). Labels are ±1.
 */
export function sgdModifiedHuberL1(
  rows: readonly SparseRow[],
  labels: ArrayLike<number>,
  features: number,
  seed: number,
  options: SgdOptions = {},
): LinearModel {
  const { alpha = 1e-4, maxIter = 50, tol = 1e-3, nIterNoChange = 5, interceptDecay = 0.01 } = options;
  const n = rows.length;
  const w = new Float64Array(features);
  const q = new Float64Array(features);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // eta0 = typw / max(1, dloss(−typw, 1)) with typw = √(1/√α); t0 makes the first step eta0.
  const typw = Math.sqrt(1 / Math.sqrt(alpha));
  const optimalInit = 1 / ((typw / Math.max(1, modifiedHuberDloss(-typw, 1))) * alpha);
  let intercept = 0;
  let u = 0;
  let t = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  let noImprovement = 0;
  let epochs = 0;
  for (let epoch = 0; epoch < maxIter; epoch++) {
    let sumLoss = 0;
    // The same seed every epoch, applied to the previous epoch's order (SequentialDataset.shuffle).
    const state = Uint32Array.of(seed >>> 0);
    for (let i = 0; i < n - 1; i++) {
      const j = i + (randR(state) % (n - i));
      const x = order[i] as number;
      order[i] = order[j] as number;
      order[j] = x;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const row = rows[i] as SparseRow;
      const y = labels[i] as number;
      const idx = row.indices;
      const val = row.values;
      let p = 0;
      for (let j = 0; j < idx.length; j++) p += (w[idx[j] as number] as number) * (val[j] as number);
      p += intercept;
      const eta = 1 / (alpha * (optimalInit + t - 1));
      sumLoss += modifiedHuberLoss(p, y);
      const dloss = Math.min(1e12, Math.max(-1e12, modifiedHuberDloss(p, y)));
      const update = -eta * dloss;
      if (update !== 0) {
        for (let j = 0; j < idx.length; j++) w[idx[j] as number] = (w[idx[j] as number] as number) + (val[j] as number) * update;
        intercept += update * interceptDecay;
      }
      u += eta * alpha;
      for (let j = 0; j < idx.length; j++) {
        const f = idx[j] as number;
        const z = w[f] as number;
        if (z > 0) w[f] = Math.max(0, z - (u + (q[f] as number)));
        else if (z < 0) w[f] = Math.min(0, z + (u - (q[f] as number)));
        q[f] = (q[f] as number) + ((w[f] as number) - z);
      }
      t += 1;
    }
    epochs = epoch + 1;
    if (!Number.isFinite(intercept) || w.some((x) => !Number.isFinite(x))) {
      throw new InvalidArgumentError('texts', 'texts on which the classifier stays finite', `overflow at epoch ${epochs}`);
    }
    if (sumLoss > bestLoss - tol * n) noImprovement++;
    else noImprovement = 0;
    if (sumLoss < bestLoss) bestLoss = sumLoss;
    if (noImprovement >= nIterNoChange) break;
  }
  return { weights: w, intercept, epochs };
}

/** `predict_proba(...)[:, 1]` of a modified-Huber classifier: (clip(w·x + b, −1, 1) + 1) / 2. */
export function modifiedHuberProbability(model: LinearModel, row: SparseRow): number {
  return (Math.min(1, Math.max(-1, decisionValue(model, row))) + 1) / 2;
}

/** `decision_function`: w·x + b. */
export function decisionValue(model: LinearModel, row: SparseRow): number {
  let d = model.intercept;
  for (let j = 0; j < row.indices.length; j++) d += (model.weights[row.indices[j] as number] as number) * (row.values[j] as number);
  return d;
}

export interface TextDomainClassifier {
  /** ROC AUC of the classifier on the test half: 0.5 when it cannot tell the two apart. */
  auc: number;
  /** Test half: 1 for current texts, 0 for reference ones, and the classifier's probability of "current". */
  testLabels: Uint8Array;
  probabilities: Float64Array;
  model: LinearModel;
  tfidf: TfidfModel;
  /** The seed the classifier shuffled with (SGDClassifier(random_state=42)'s second draw). */
  seed: number;
}

/** Evidently's `roc_auc_domain_classifier` on `train_test_split(test_size=0.5, random_state=42)`. */
export function textDomainClassifier(reference: readonly string[], current: readonly string[]): TextDomainClassifier {
  const texts = [...reference, ...current];
  const n = texts.length;
  const nTest = Math.ceil(0.5 * n);
  if (nTest === n || n - nTest < 1) throw new InvalidArgumentError('texts', 'at least two texts in all', n);
  const perm = new NumpyRandomState(42).permutation(n);
  const test = perm.subarray(0, nTest);
  const train = perm.subarray(nTest);
  const isCurrent = (i: number) => (i >= reference.length ? 1 : 0);
  const trainTexts = Array.from(train, (i) => texts[i] as string);
  const tfidf = fitTfidf(trainTexts);
  // CountVectorizer numbers terms as it first meets them while fitting; training rows keep that order.
  const firstSeen = new Int32Array(tfidf.vocabulary.length).fill(-1);
  let seen = 0;
  for (const text of trainTexts) {
    for (const token of textTokens(text)) {
      const j = tfidf.index.get(token);
      if (j !== undefined && firstSeen[j] === -1) firstSeen[j] = seen++;
    }
  }
  const trainRows = trainTexts.map((text) => tfidfRow(tfidf, text, firstSeen));
  const trainLabels = Float64Array.from(train, (i) => (isCurrent(i) === 1 ? 1 : -1));
  // SGDClassifier(random_state=42): make_dataset draws the dataset's seed, then _plain_sgd's seed.
  const rs = new NumpyRandomState(42);
  rs.randint(1, 2147483647);
  const seed = rs.randint(0, 2147483647);
  const model = sgdModifiedHuberL1(trainRows, trainLabels, tfidf.vocabulary.length, seed);
  const testLabels = Uint8Array.from(test, isCurrent);
  const probabilities = Float64Array.from(test, (i) => modifiedHuberProbability(model, tfidfRow(tfidf, texts[i] as string)));
  if (testLabels.every((y) => y === testLabels[0]))
    throw new InvalidArgumentError('texts', 'reference and current texts both in the test half', 'one side only');
  return { auc: rocAucScore(testLabels, probabilities), testLabels, probabilities, model, tfidf, seed };
}

/** Evidently's `roc_auc_random_classifier_percentile`: the (1 − p) percentile of 1000 random classifiers' AUCs. */
export function randomClassifierAucPercentile(testLabels: ArrayLike<number>, pValue = 0.05, iterations = 1000, seed = 42): number {
  const rs = new NumpyRandomState(seed);
  const seeds = Array.from({ length: iterations }, () => rs.randint(0, iterations * 10));
  const scores = new Float64Array(testLabels.length);
  const aucs = seeds.map((s) => {
    const r = new NumpyRandomState(s);
    for (let i = 0; i < scores.length; i++) scores[i] = r.random();
    return rocAucScore(testLabels, scores);
  });
  return quantile(aucs, 1 - pValue);
}

export interface TextDriftScore {
  score: number;
  drifted: boolean;
  /** With bootstrap, the random classifiers' percentile the AUC had to beat. */
  randomPercentile?: number;
}

/**
 * Evidently's `calculate_text_drift_score`: the domain classifier's AUC, drifted when it beats the
 * random classifiers' (1 − p) percentile (bootstrap) or else the threshold.
 */
export function textDriftScore(
  reference: readonly string[],
  current: readonly string[],
  options: { bootstrap: boolean; pValue?: number; threshold?: number },
): TextDriftScore {
  const { auc, testLabels } = textDomainClassifier(reference, current);
  if (!options.bootstrap) return { score: auc, drifted: auc > (options.threshold ?? 0.55) };
  const randomPercentile = randomClassifierAucPercentile(testLabels, options.pValue ?? 0.05);
  return { score: auc, drifted: auc > randomPercentile, randomPercentile };
}
