// Realized model performance per bucket as a mergeable summary of labelled predictions: exact
// confusion counts, scores for ROC AUC, and regression error sums, with scikit-learn's metrics.

import { CorruptInputError, InvalidArgumentError } from '@vigil/stats';
import { labelKey, sortLabels } from './label-key.js';
import { ScoreHistogram, checkScore } from './score-histogram.js';
import type { ScoreHistogramJSON } from './score-histogram.js';

/** float64 machine epsilon: scikit-learn's floor on |y| in MAPE and its log-loss clip. */
const EPS = 2.220446049250313e-16;
const VERSION = 1;

export type PerformanceTask = 'binary' | 'multiclass' | 'regression';
const TASKS: readonly PerformanceTask[] = ['binary', 'multiclass', 'regression'];

export interface PerformanceAccumulatorOptions {
  readonly task: PerformanceTask;
  /**
   * Binary: the key of the label that counts as positive, default '1'. Labels are compared as keys:
   * strings as they are, booleans true → '1' and false → '0', numbers `String(n)`; so with the
   * default, 1, '1' and true are all positive, and every other label is negative.
   */
  readonly positiveClass?: string;
  /** Binary: a prediction with a score but no label is positive when score ≥ threshold (default 0.5). */
  readonly threshold?: number;
  /** Binary: equal-width score bins on [0, 1] for ROC AUC past `maxExactScores` (default 1000). */
  readonly scoreBins?: number;
  /** Binary: scores kept exactly, for scikit-learn's exact ROC AUC, up to this many (default 2000). */
  readonly maxExactScores?: number;
}

/** One prediction as the model made it; which fields count depends on the task. */
export interface PerformancePrediction {
  /** Predicted class (binary, multiclass); numbers and booleans are keyed as in `labelKey`. */
  readonly label?: string | number | boolean | null;
  /** Binary: P(positive class), in [0, 1]. Regression: used when `value` is absent. */
  readonly score?: number | null;
  /** Class probabilities, each in [0, 1]; binary reads the positive class's, multiclass takes the argmax as label. */
  readonly probabilities?: Readonly<Record<string, number>> | null;
  /** Regression: the predicted number. */
  readonly value?: number | null;
}

/** Binary confusion counts, positive class against all others. */
export interface BinaryConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** scikit-learn's binary metrics (zero_division = 0); null when nothing was counted. */
export interface BinaryPerformance {
  task: 'binary';
  count: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Recall of the negative class. */
  specificity: number | null;
  /** `roc_auc_score` over the scored rows; null without scores or without both classes among them. */
  rocAuc: number | null;
  /** Bound on |rocAuc − exact| (0 while the scores are kept exactly; see `ScoreHistogram`). */
  rocAucError: number | null;
  /** `log_loss` over the scored rows (probabilities clipped to [ε, 1 − ε]). */
  logLoss: number | null;
  /** `brier_score_loss` over the scored rows. */
  brier: number | null;
  /** Rows with a score (the base of rocAuc, logLoss and brier). */
  scored: number;
  confusion: BinaryConfusion;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** scikit-learn's multiclass metrics over the union of true and predicted labels. */
export interface MulticlassPerformance {
  task: 'multiclass';
  count: number;
  accuracy: number | null;
  macroPrecision: number | null;
  macroRecall: number | null;
  macroF1: number | null;
  weightedPrecision: number | null;
  weightedRecall: number | null;
  weightedF1: number | null;
  /** Class keys in order (`sortLabels`); rows and columns of the confusion matrix. */
  labels: string[];
  /** confusionMatrix[i][j]: rows of true class labels[i] predicted as labels[j]. */
  confusionMatrix: number[][];
  perClass: Record<string, ClassScores>;
}

/** scikit-learn's regression metrics; meanError is the bias mean(ŷ − y). */
export interface RegressionPerformance {
  task: 'regression';
  count: number;
  mae: number | null;
  mse: number | null;
  rmse: number | null;
  /** A fraction, as sklearn's `mean_absolute_percentage_error` (|y| floored at ε). */
  mape: number | null;
  /** `r2_score` with force_finite; null below two rows (sklearn: NaN). */
  r2: number | null;
  meanError: number | null;
}

export type RealizedPerformance = BinaryPerformance | MulticlassPerformance | RegressionPerformance;

/** The plain-JSON form of a `PerformanceAccumulator`. */
export interface PerformanceAccumulatorJSON {
  type: 'performance';
  version: 1;
  task: PerformanceTask;
  /** Binary only. */
  positiveClass?: string;
  threshold?: number;
  scoreBins?: number;
  maxExactScores?: number;
  /** Labelled pairs without a usable prediction (no label, score, probabilities or value). */
  missing: number;
  /** Binary: [tp, fp, fn, tn]. */
  confusion?: [number, number, number, number];
  /** Binary: rows with a score, Σ log-loss terms, Σ squared errors. */
  scored?: [number, number, number];
  scores?: ScoreHistogramJSON;
  /** Multiclass: [true, predicted, count] triples, sorted. */
  cells?: [string, string, number][];
  /** Regression: [n, Σe, Σ|e|, Σe², Σ|e|/max(|y|, ε), mean y, M2 of y], e = ŷ − y. */
  sums?: [number, number, number, number, number, number, number];
}

interface RegressionSums {
  n: number;
  sumError: number;
  sumAbs: number;
  sumSq: number;
  sumPct: number;
  meanY: number;
  m2Y: number;
}

/**
 * Realized performance of one (model, version, segment, bucket): `add` one labelled prediction at
 * a time, `merge` partial accumulators (associative and commutative: counts add exactly, sums add
 * up to rounding, the y moments merge by Chan et al.), `metrics()` for scikit-learn 1.2's numbers.
 *
 * Invalid values throw `InvalidArgumentError` naming the field (a NaN or out-of-range score or
 * probability, a non-finite regression value or truth); a pair whose prediction is simply absent
 * (no label, score, probabilities or value) is counted in `missing` and left out of the metrics.
 */
export class PerformanceAccumulator {
  readonly task: PerformanceTask;
  readonly positiveClass: string;
  readonly threshold: number;
  readonly scoreBins: number;
  readonly maxExactScores: number;
  /** Labelled pairs without a usable prediction. */
  missing = 0;
  private readonly binary: BinaryConfusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  private scored = 0;
  private logLossSum = 0;
  private brierSum = 0;
  private readonly scores: ScoreHistogram;
  private readonly cells = new Map<string, Map<string, number>>();
  private cellCount = 0;
  private readonly reg: RegressionSums = { n: 0, sumError: 0, sumAbs: 0, sumSq: 0, sumPct: 0, meanY: 0, m2Y: 0 };

  constructor(options: PerformanceAccumulatorOptions) {
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', 'an options object', options);
    const { task, positiveClass = '1', threshold = 0.5, scoreBins = 1000, maxExactScores = 2000 } = options;
    if (!TASKS.includes(task)) throw new InvalidArgumentError('task', "'binary', 'multiclass' or 'regression'", task);
    if (typeof positiveClass !== 'string') throw new InvalidArgumentError('positiveClass', 'a label key (string)', positiveClass);
    if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw new InvalidArgumentError('threshold', 'a number in [0, 1]', threshold);
    if (!Number.isInteger(scoreBins) || scoreBins < 1 || scoreBins > 1_000_000)
      throw new InvalidArgumentError('scoreBins', 'an integer in [1, 1e6]', scoreBins);
    if (!Number.isInteger(maxExactScores) || maxExactScores < 0) throw new InvalidArgumentError('maxExactScores', 'a non-negative integer', maxExactScores);
    this.task = task;
    this.positiveClass = positiveClass;
    this.threshold = threshold;
    this.scoreBins = scoreBins;
    this.maxExactScores = maxExactScores;
    this.scores = new ScoreHistogram(scoreBins, maxExactScores);
  }

  /** Labelled pairs counted in the metrics. */
  get count(): number {
    if (this.task === 'binary') return this.binary.tp + this.binary.fp + this.binary.fn + this.binary.tn;
    if (this.task === 'multiclass') return this.cellCount;
    return this.reg.n;
  }

  /** Adds one labelled prediction: the model's output `p` and the true label (or value) `truth`. */
  add(p: PerformancePrediction, truth: string | number | boolean): this {
    if (p === null || typeof p !== 'object') throw new InvalidArgumentError('p', 'a prediction object', p);
    if (this.task === 'regression') return this.addRegression(p, truth);
    const t = labelKey(truth, 'truth');
    const probabilities = checkProbabilities(p.probabilities);
    if (this.task === 'binary') {
      let score = optionalNumber(p.score, 'p.score');
      if (score !== null) checkScore(score, 'p.score');
      else if (probabilities !== null) score = probabilities[this.positiveClass] ?? null;
      let predicted: boolean;
      if (p.label !== null && p.label !== undefined) predicted = labelKey(p.label, 'p.label') === this.positiveClass;
      else if (score !== null) predicted = score >= this.threshold;
      else {
        this.missing++;
        return this;
      }
      const actual = t === this.positiveClass;
      const c = this.binary;
      if (predicted && actual) c.tp++;
      else if (predicted) c.fp++;
      else if (actual) c.fn++;
      else c.tn++;
      if (score !== null) {
        this.scored++;
        // sklearn log_loss: clip to [ε, 1 − ε], renormalise the two columns, −log of the true one.
        const p1 = Math.min(Math.max(score, EPS), 1 - EPS);
        const p0 = 1 - p1;
        this.logLossSum += -Math.log((actual ? p1 : p0) / (p0 + p1));
        const d = (actual ? 1 : 0) - score;
        this.brierSum += d * d;
        this.scores.add(score, actual);
      }
      return this;
    }
    let predicted: string | null = null;
    if (p.label !== null && p.label !== undefined) predicted = labelKey(p.label, 'p.label');
    else if (probabilities !== null) predicted = argmax(probabilities);
    if (predicted === null) {
      this.missing++;
      return this;
    }
    this.addCell(t, predicted, 1);
    return this;
  }

  private addRegression(p: PerformancePrediction, truth: string | number | boolean): this {
    if (typeof truth !== 'number' || !Number.isFinite(truth)) throw new InvalidArgumentError('truth', 'a finite number (regression)', truth);
    const value = optionalNumber(p.value, 'p.value') ?? optionalNumber(p.score, 'p.score');
    if (value === null) {
      this.missing++;
      return this;
    }
    if (!Number.isFinite(value)) throw new InvalidArgumentError(p.value === null || p.value === undefined ? 'p.score' : 'p.value', 'a finite number', value);
    const e = value - truth;
    const r = this.reg;
    r.n++;
    r.sumError += e;
    r.sumAbs += Math.abs(e);
    r.sumSq += e * e;
    r.sumPct += Math.abs(e) / Math.max(Math.abs(truth), EPS);
    const d = truth - r.meanY;
    r.meanY += d / r.n;
    r.m2Y += d * (truth - r.meanY);
    return this;
  }

  private addCell(t: string, predicted: string, count: number): void {
    let row = this.cells.get(t);
    if (row === undefined) this.cells.set(t, (row = new Map()));
    row.set(predicted, (row.get(predicted) ?? 0) + count);
    this.cellCount += count;
  }

  /** Adds `other` (same task and options) into this accumulator; `other` is unchanged. */
  merge(other: PerformanceAccumulator): this {
    if (!(other instanceof PerformanceAccumulator)) throw new InvalidArgumentError('other', 'a PerformanceAccumulator', other);
    for (const key of ['task', 'positiveClass', 'threshold', 'scoreBins', 'maxExactScores'] as const) {
      if (this.task !== 'binary' && key !== 'task') continue;
      if (other[key] !== this[key]) throw new InvalidArgumentError(`other.${key}`, `the same ${key} (${String(this[key])})`, other[key]);
    }
    this.missing += other.missing;
    if (this.task === 'binary') {
      const a = this.binary;
      const b = other.binary;
      a.tp += b.tp;
      a.fp += b.fp;
      a.fn += b.fn;
      a.tn += b.tn;
      this.scored += other.scored;
      this.logLossSum += other.logLossSum;
      this.brierSum += other.brierSum;
      this.scores.merge(other.scores);
    } else if (this.task === 'multiclass') {
      for (const [t, row] of other.cells) for (const [p, c] of row) this.addCell(t, p, c);
    } else {
      mergeRegression(this.reg, other.reg);
    }
    return this;
  }

  /** An independent copy. */
  clone(): PerformanceAccumulator {
    return PerformanceAccumulator.fromJSON(this.toJSON());
  }

  /** The metrics of everything added and merged so far. */
  metrics(): RealizedPerformance {
    if (this.task === 'binary') return this.binaryMetrics();
    if (this.task === 'multiclass') return this.multiclassMetrics();
    return this.regressionMetrics();
  }

  private binaryMetrics(): BinaryPerformance {
    const c = { ...this.binary };
    const n = c.tp + c.fp + c.fn + c.tn;
    const auc = this.scores.auc();
    const base = {
      task: 'binary' as const,
      count: n,
      rocAuc: auc?.value ?? null,
      rocAucError: auc?.error ?? null,
      logLoss: this.scored > 0 ? this.logLossSum / this.scored : null,
      brier: this.scored > 0 ? this.brierSum / this.scored : null,
      scored: this.scored,
      confusion: c,
    };
    if (n === 0) return { ...base, accuracy: null, precision: null, recall: null, f1: null, specificity: null };
    const precision = ratio(c.tp, c.tp + c.fp);
    const recall = ratio(c.tp, c.tp + c.fn);
    return {
      ...base,
      accuracy: (c.tp + c.tn) / n,
      precision,
      recall,
      f1: fScore(precision, recall),
      specificity: ratio(c.tn, c.tn + c.fp),
    };
  }

  private multiclassMetrics(): MulticlassPerformance {
    const keys = new Set<string>();
    for (const [t, row] of this.cells) {
      keys.add(t);
      for (const p of row.keys()) keys.add(p);
    }
    const labels = sortLabels(keys);
    const index = new Map(labels.map((l, i) => [l, i]));
    const k = labels.length;
    const matrix = labels.map(() => new Array<number>(k).fill(0));
    for (const [t, row] of this.cells) {
      const i = index.get(t) as number;
      for (const [p, c] of row) (matrix[i] as number[])[index.get(p) as number] = c;
    }
    const n = this.cellCount;
    const perClass: Record<string, ClassScores> = {};
    const prec: number[] = [];
    const rec: number[] = [];
    const f1: number[] = [];
    const support: number[] = [];
    let correct = 0;
    for (let i = 0; i < k; i++) {
      const row = matrix[i] as number[];
      const tp = row[i] as number;
      correct += tp;
      let predicted = 0;
      for (let r = 0; r < k; r++) predicted += (matrix[r] as number[])[i] as number;
      const sup = row.reduce((a, b) => a + b, 0);
      const p = ratio(tp, predicted);
      const r = ratio(tp, sup);
      const f = fScore(p, r);
      prec.push(p);
      rec.push(r);
      f1.push(f);
      support.push(sup);
      Object.defineProperty(perClass, labels[i] as string, {
        value: { precision: p, recall: r, f1: f, support: sup },
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    const empty = n === 0;
    return {
      task: 'multiclass',
      count: n,
      accuracy: empty ? null : correct / n,
      macroPrecision: empty ? null : mean(prec),
      macroRecall: empty ? null : mean(rec),
      macroF1: empty ? null : mean(f1),
      weightedPrecision: empty ? null : weighted(prec, support),
      weightedRecall: empty ? null : weighted(rec, support),
      weightedF1: empty ? null : weighted(f1, support),
      labels,
      confusionMatrix: matrix,
      perClass,
    };
  }

  private regressionMetrics(): RegressionPerformance {
    const r = this.reg;
    if (r.n === 0) return { task: 'regression', count: 0, mae: null, mse: null, rmse: null, mape: null, r2: null, meanError: null };
    const mse = r.sumSq / r.n;
    let r2: number | null = null;
    if (r.n >= 2) {
      // sklearn force_finite: a constant target scores 1 if predicted perfectly, else 0.
      if (r.sumSq !== 0 && r.m2Y !== 0) r2 = 1 - r.sumSq / r.m2Y;
      else r2 = r.sumSq !== 0 ? 0 : 1;
    }
    return {
      task: 'regression',
      count: r.n,
      mae: r.sumAbs / r.n,
      mse,
      rmse: Math.sqrt(mse),
      mape: r.sumPct / r.n,
      r2,
      meanError: r.sumError / r.n,
    };
  }

  /** Plain JSON: only the fields of this task; binary scores exact (few) or as sparse bins. */
  toJSON(): PerformanceAccumulatorJSON {
    const out: PerformanceAccumulatorJSON = { type: 'performance', version: VERSION, task: this.task, missing: this.missing };
    if (this.task === 'binary') {
      const c = this.binary;
      out.positiveClass = this.positiveClass;
      out.threshold = this.threshold;
      out.scoreBins = this.scoreBins;
      out.maxExactScores = this.maxExactScores;
      out.confusion = [c.tp, c.fp, c.fn, c.tn];
      out.scored = [this.scored, this.logLossSum, this.brierSum];
      out.scores = this.scores.toJSON();
    } else if (this.task === 'multiclass') {
      const cells: [string, string, number][] = [];
      for (const [t, row] of this.cells) for (const [p, c] of row) cells.push([t, p, c]);
      cells.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
      out.cells = cells;
    } else {
      const r = this.reg;
      out.sums = [r.n, r.sumError, r.sumAbs, r.sumSq, r.sumPct, r.meanY, r.m2Y];
    }
    return out;
  }

  /** Reads `toJSON` output; throws `CorruptInputError` naming the first bad field. */
  static fromJSON(json: unknown): PerformanceAccumulator {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new CorruptInputError('json', 'a JSON object', json);
    const o = json as Record<string, unknown>;
    if (o['type'] !== 'performance') throw new CorruptInputError('json.type', "'performance'", o['type']);
    if (o['version'] !== VERSION) throw new CorruptInputError('json.version', String(VERSION), o['version']);
    const task = o['task'];
    if (!TASKS.includes(task as PerformanceTask)) throw new CorruptInputError('json.task', "'binary', 'multiclass' or 'regression'", task);
    const missing = count(o['missing'], 'json.missing');
    let acc: PerformanceAccumulator;
    if (task === 'binary') {
      const opts = {
        task: 'binary' as const,
        positiveClass: o['positiveClass'] as string,
        threshold: o['threshold'] as number,
        scoreBins: o['scoreBins'] as number,
        maxExactScores: o['maxExactScores'] as number,
      };
      try {
        acc = new PerformanceAccumulator(opts);
      } catch (e) {
        if (e instanceof InvalidArgumentError) throw new CorruptInputError(`json.${e.argument}`, e.expected);
        throw e;
      }
      const conf = numbers(o['confusion'], 4, 'json.confusion');
      conf.forEach((v, i) => count(v, `json.confusion[${i}]`));
      [acc.binary.tp, acc.binary.fp, acc.binary.fn, acc.binary.tn] = conf as [number, number, number, number];
      const [scored, logLoss, brier] = numbers(o['scored'], 3, 'json.scored') as [number, number, number];
      acc.scored = count(scored, 'json.scored[0]');
      if (!(logLoss >= 0) || !Number.isFinite(logLoss)) throw new CorruptInputError('json.scored[1]', 'a finite sum ≥ 0', logLoss);
      if (!(brier >= 0) || !Number.isFinite(brier)) throw new CorruptInputError('json.scored[2]', 'a finite sum ≥ 0', brier);
      acc.logLossSum = logLoss;
      acc.brierSum = brier;
      const scores = ScoreHistogram.fromJSON(o['scores'], acc.scoreBins, acc.maxExactScores, 'json.scores');
      if (scores.count !== acc.scored) throw new CorruptInputError('json.scores', `${acc.scored} scores, as json.scored[0]`, scores.count);
      acc.scores.merge(scores);
    } else if (task === 'multiclass') {
      acc = new PerformanceAccumulator({ task: 'multiclass' });
      const cells = o['cells'];
      if (!Array.isArray(cells)) throw new CorruptInputError('json.cells', 'an array of [true, predicted, count]', cells);
      cells.forEach((cell: unknown, i) => {
        if (!Array.isArray(cell) || cell.length !== 3 || typeof cell[0] !== 'string' || typeof cell[1] !== 'string') {
          throw new CorruptInputError(`json.cells[${i}]`, '[true label, predicted label, count]', cell);
        }
        const c = count(cell[2], `json.cells[${i}][2]`);
        if (c > 0) acc.addCell(cell[0], cell[1], c);
      });
    } else {
      acc = new PerformanceAccumulator({ task: 'regression' });
      const [n, sumError, sumAbs, sumSq, sumPct, meanY, m2Y] = numbers(o['sums'], 7, 'json.sums') as [number, number, number, number, number, number, number];
      count(n, 'json.sums[0]');
      [sumError, sumAbs, sumSq, sumPct, meanY, m2Y].forEach((v, i) => {
        const signed = i === 0 || i === 4; // Σe and the mean of y may be negative; the rest are sums of non-negatives
        if (!Number.isFinite(v) || (!signed && v < 0))
          throw new CorruptInputError(`json.sums[${i + 1}]`, signed ? 'a finite number' : 'a finite number ≥ 0', v);
      });
      Object.assign(acc.reg, { n, sumError, sumAbs, sumSq, sumPct, meanY, m2Y });
    }
    acc.missing = missing;
    return acc;
  }
}

/** Chan et al.'s pairwise merge of (n, mean, M2), and plain sums for the rest. */
function mergeRegression(a: RegressionSums, b: RegressionSums): void {
  if (b.n === 0) return;
  if (a.n === 0) {
    Object.assign(a, b);
    return;
  }
  const n = a.n + b.n;
  const d = b.meanY - a.meanY;
  a.m2Y += b.m2Y + (d * d * a.n * b.n) / n;
  a.meanY = (a.n * a.meanY + b.n * b.meanY) / n;
  a.n = n;
  a.sumError += b.sumError;
  a.sumAbs += b.sumAbs;
  a.sumSq += b.sumSq;
  a.sumPct += b.sumPct;
}

/** sklearn's `_prf_divide` with zero_division 0 (what 'warn' returns). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** sklearn 1.2's F1 from precision and recall: 2·p·r / (p + r), 0 when both are 0. */
function fScore(p: number, r: number): number {
  const denom = p + r;
  return (2 * p * r) / (denom === 0 ? 1 : denom);
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** np.average(v, weights=w), 0 when the weights sum to 0 (sklearn's weighted average). */
function weighted(v: number[], w: number[]): number {
  let s = 0;
  let t = 0;
  for (let i = 0; i < v.length; i++) {
    s += (v[i] as number) * (w[i] as number);
    t += w[i] as number;
  }
  return t === 0 ? 0 : s / t;
}

/** First class of highest probability, in `sortLabels` order (numpy argmax over sorted columns). */
function argmax(probabilities: Readonly<Record<string, number>>): string | null {
  let best: string | null = null;
  let bestP = -Infinity;
  for (const k of sortLabels(Object.keys(probabilities))) {
    const p = probabilities[k] as number;
    if (p > bestP) {
      best = k;
      bestP = p;
    }
  }
  return best;
}

function checkProbabilities(v: unknown): Readonly<Record<string, number>> | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new InvalidArgumentError('p.probabilities', 'an object of class → probability', v);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) checkScore(o[k], `p.probabilities.${k}`);
  return Object.keys(o).length === 0 ? null : (o as Record<string, number>);
}

function optionalNumber(v: unknown, name: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new InvalidArgumentError(name, 'a number or null', v);
  return v;
}

function count(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new CorruptInputError(field, 'a non-negative integer count', v);
  return v;
}

function numbers(v: unknown, length: number, field: string): number[] {
  if (!Array.isArray(v) || v.length !== length) throw new CorruptInputError(field, `an array of ${length} numbers`, v);
  v.forEach((x: unknown, i) => {
    if (typeof x !== 'number') throw new CorruptInputError(`${field}[${i}]`, 'a number', x);
  });
  return v as number[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
