// NannyML's confidence-based performance estimation (CBPE) for a binary classifier, as a mergeable
// summary of unlabelled predictions: expected confusion counts and an estimated ROC AUC per bucket.

import { CorruptInputError, InvalidArgumentError } from '@vigil/stats';
import type { BinaryConfusion } from './performance-accumulator.js';
import { checkScore, dense, sparse } from './score-histogram.js';

const VERSION = 1;

export interface CbpeAccumulatorOptions {
  /** Equal-width bins of the raw score on [0, 1] for the AUC estimate past `maxExactRows` (default 1000). */
  readonly scoreBins?: number;
  /** Rows kept exactly, for NannyML's row-by-row AUC estimate, up to this many (default 2000). */
  readonly maxExactRows?: number;
}

/** CBPE's estimates for one bucket; null where nothing was added (or the AUC has no curve). */
export interface EstimatedPerformance {
  count: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  specificity: number | null;
  rocAuc: number | null;
  /** Bound on |rocAuc − the row-by-row estimate|: 0 while rows are exact, see `CbpeAccumulator`. */
  rocAucError: number | null;
  /** Expected confusion counts E[TP], E[FP], E[FN], E[TN] (fractional). */
  confusion: BinaryConfusion;
}

/** The plain-JSON form of a `CbpeAccumulator`. */
export interface CbpeAccumulatorJSON {
  type: 'cbpe';
  version: 1;
  scoreBins: number;
  maxExactRows: number;
  count: number;
  /** [E[TP], E[FP], E[FN], E[TN]]. */
  confusion: [number, number, number, number];
  /** Exact rows: calibrated probabilities, and raw scores (null when equal to the probabilities). */
  rows?: [number[], number[] | null];
  /** Past maxExactRows: sparse [bin, count, …] and [bin, Σ p̂, …] over raw-score bins. */
  bins?: [number[], number[]];
}

/**
 * CBPE (NannyML 0.13, notes §2.5) for one bucket. Each `add` takes the calibrated probability p̂
 * of the positive class, the model's own predicted label ŷ (not re-thresholded) and the raw score
 * that orders rows for the AUC (default p̂; any finite number, e.g. a margin). The expected confusion counts are sums —
 * E[TP] = Σ ŷ·p̂, E[FP] = Σ ŷ·(1 − p̂), E[FN] = Σ (1 − ŷ)·p̂, E[TN] = Σ (1 − ŷ)·(1 − p̂) — so they
 * merge exactly (up to float rounding), and accuracy, precision, recall, specificity and F1 follow
 * from them, each 0 when its denominator is 0, as NannyML returns.
 *
 * Estimated ROC AUC, as NannyML's `estimate_roc_auc`: rows by raw score descending, tps = cumsum p̂,
 * fps = rows − tps, (0, 0) prepended, both rounded to 5 decimals, normalised by their last value,
 * trapezoid area. Two deliberate differences: rows with equal raw scores form one step of the
 * curve (NannyML orders them by an unstable argsort, so its value there is arbitrary; without ties
 * the two agree exactly); and past `maxExactRows` rows the raw scores are binned, each bin one step
 * (equal-width on [0, 1]; scores outside it fall in the end bins).
 * Only the order inside a bin is lost, and the area under any monotone path inside a step differs
 * from its chord by at most half the step's rectangle, so |binned − row-by-row| ≤
 * ½·Σ_b (n_b − S_b)·S_b / (fps·tps) (S_b = Σ p̂ in bin b), computed and returned as `rocAucError`
 * (plus the 5-decimal rounding, below 10⁻⁵/min(tps, fps)).
 */
export class CbpeAccumulator {
  readonly scoreBins: number;
  readonly maxExactRows: number;
  private n = 0;
  private readonly sums: BinaryConfusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  private probs: number[] | null = [];
  private raws: number[] | null = [];
  private binCount: Float64Array | null = null;
  private binSum: Float64Array | null = null;

  constructor(options: CbpeAccumulatorOptions = {}) {
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', 'an options object', options);
    const { scoreBins = 1000, maxExactRows = 2000 } = options;
    if (!Number.isInteger(scoreBins) || scoreBins < 1 || scoreBins > 1_000_000)
      throw new InvalidArgumentError('scoreBins', 'an integer in [1, 1e6]', scoreBins);
    if (!Number.isInteger(maxExactRows) || maxExactRows < 0) throw new InvalidArgumentError('maxExactRows', 'a non-negative integer', maxExactRows);
    this.scoreBins = scoreBins;
    this.maxExactRows = maxExactRows;
  }

  /** Predictions added (and merged). */
  get count(): number {
    return this.n;
  }

  /** Adds one unlabelled prediction. */
  add(calibratedProbability: number, predictedPositive: boolean, rawScore: number = calibratedProbability): this {
    const p = checkScore(calibratedProbability, 'calibratedProbability');
    if (typeof predictedPositive !== 'boolean') throw new InvalidArgumentError('predictedPositive', 'a boolean', predictedPositive);
    if (typeof rawScore !== 'number' || !Number.isFinite(rawScore)) throw new InvalidArgumentError('rawScore', 'a finite number', rawScore);
    const raw = rawScore;
    this.n++;
    const s = this.sums;
    if (predictedPositive) {
      s.tp += p;
      s.fp += 1 - p;
    } else {
      s.fn += p;
      s.tn += 1 - p;
    }
    if (this.probs !== null && this.raws !== null) {
      this.probs.push(p);
      this.raws.push(raw);
      if (this.n > this.maxExactRows) this.toBins();
    } else {
      const b = this.binOf(raw);
      this.binCount![b]! += 1;
      this.binSum![b]! += p;
    }
    return this;
  }

  /** Adds `other` (same options) into this accumulator; `other` is unchanged. */
  merge(other: CbpeAccumulator): this {
    if (!(other instanceof CbpeAccumulator)) throw new InvalidArgumentError('other', 'a CbpeAccumulator', other);
    if (other.scoreBins !== this.scoreBins) throw new InvalidArgumentError('other.scoreBins', `the same scoreBins (${this.scoreBins})`, other.scoreBins);
    if (other.maxExactRows !== this.maxExactRows)
      throw new InvalidArgumentError('other.maxExactRows', `the same maxExactRows (${this.maxExactRows})`, other.maxExactRows);
    this.n += other.n;
    const a = this.sums;
    const b = other.sums;
    a.tp += b.tp;
    a.fp += b.fp;
    a.fn += b.fn;
    a.tn += b.tn;
    if (this.probs !== null && this.raws !== null && other.probs !== null && other.raws !== null && this.n <= this.maxExactRows) {
      for (const p of other.probs) this.probs.push(p);
      for (const r of other.raws) this.raws.push(r);
      return this;
    }
    this.toBins();
    const [oc, os] = other.bins();
    const tc = this.binCount as Float64Array;
    const ts = this.binSum as Float64Array;
    for (let i = 0; i < this.scoreBins; i++) {
      tc[i]! += oc[i] as number;
      ts[i]! += os[i] as number;
    }
    return this;
  }

  /** An independent copy. */
  clone(): CbpeAccumulator {
    return CbpeAccumulator.fromJSON(this.toJSON());
  }

  /** CBPE's estimates of everything added and merged so far. */
  estimate(): EstimatedPerformance {
    const c = { ...this.sums };
    const n = this.n;
    if (n === 0) {
      return { count: 0, accuracy: null, precision: null, recall: null, f1: null, specificity: null, rocAuc: null, rocAucError: null, confusion: c };
    }
    const auc = this.estimateAuc();
    return {
      count: n,
      accuracy: (c.tp + c.tn) / n,
      precision: ratio(c.tp, c.tp + c.fp),
      recall: ratio(c.tp, c.tp + c.fn),
      f1: ratio(c.tp, c.tp + 0.5 * (c.fp + c.fn)),
      specificity: ratio(c.tn, c.tn + c.fp),
      rocAuc: auc?.value ?? null,
      rocAucError: auc?.error ?? null,
      confusion: c,
    };
  }

  private estimateAuc(): { value: number; error: number } | null {
    const steps: [number, number][] = [];
    if (this.probs !== null && this.raws !== null) {
      const p = this.probs;
      const r = this.raws;
      // Raw score descending, then p̂ descending, so the running sums add in one canonical order.
      const order = Array.from(p.keys()).sort((i, j) => (r[j] as number) - (r[i] as number) || (p[j] as number) - (p[i] as number));
      for (let k = 0; k < order.length;) {
        const raw = r[order[k] as number] as number;
        let count = 0;
        let sum = 0;
        for (; k < order.length && r[order[k] as number] === raw; k++) {
          count++;
          sum += p[order[k] as number] as number;
        }
        steps.push([count, sum]);
      }
      const value = curveArea(steps);
      return value === null ? null : { value, error: 0 };
    }
    const [bc, bs] = this.bins();
    for (let b = this.scoreBins - 1; b >= 0; b--) if ((bc[b] as number) > 0) steps.push([bc[b] as number, bs[b] as number]);
    const value = curveArea(steps);
    if (value === null) return null;
    let tp = 0;
    let slack = 0;
    for (const [count, sum] of steps) {
      tp += sum;
      slack += Math.max(0, count - sum) * sum;
    }
    const fp = this.n - tp;
    return { value, error: slack / 2 / (tp * fp) };
  }

  /** Plain JSON: exact rows while few, sparse raw-score bins after. */
  toJSON(): CbpeAccumulatorJSON {
    const s = this.sums;
    const out: CbpeAccumulatorJSON = {
      type: 'cbpe',
      version: VERSION,
      scoreBins: this.scoreBins,
      maxExactRows: this.maxExactRows,
      count: this.n,
      confusion: [s.tp, s.fp, s.fn, s.tn],
    };
    if (this.probs !== null && this.raws !== null) {
      const p = this.probs;
      const same = this.raws.every((r, i) => r === p[i]);
      out.rows = [p.slice(), same ? null : this.raws.slice()];
    } else {
      const [bc, bs] = this.bins();
      out.bins = [sparse(bc), sparse(bs)];
    }
    return out;
  }

  /** Reads `toJSON` output; throws `CorruptInputError` naming the first bad field. */
  static fromJSON(json: unknown): CbpeAccumulator {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new CorruptInputError('json', 'a JSON object', json);
    const o = json as Record<string, unknown>;
    if (o['type'] !== 'cbpe') throw new CorruptInputError('json.type', "'cbpe'", o['type']);
    if (o['version'] !== VERSION) throw new CorruptInputError('json.version', String(VERSION), o['version']);
    let acc: CbpeAccumulator;
    try {
      acc = new CbpeAccumulator({ scoreBins: o['scoreBins'] as number, maxExactRows: o['maxExactRows'] as number });
    } catch (e) {
      if (e instanceof InvalidArgumentError) throw new CorruptInputError(`json.${e.argument}`, e.expected);
      throw e;
    }
    const n = o['count'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new CorruptInputError('json.count', 'a non-negative integer', n);
    const conf = o['confusion'];
    if (!Array.isArray(conf) || conf.length !== 4) throw new CorruptInputError('json.confusion', 'an array of 4 sums', conf);
    conf.forEach((v: unknown, i) => {
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new CorruptInputError(`json.confusion[${i}]`, 'a finite sum ≥ 0', v);
    });
    acc.n = n;
    [acc.sums.tp, acc.sums.fp, acc.sums.fn, acc.sums.tn] = conf as [number, number, number, number];
    if (o['rows'] !== undefined) {
      const rows = o['rows'];
      if (!Array.isArray(rows) || rows.length !== 2 || !Array.isArray(rows[0]) || !(rows[1] === null || Array.isArray(rows[1]))) {
        throw new CorruptInputError('json.rows', '[probabilities, raw scores or null]', rows);
      }
      const p = probabilities(rows[0] as unknown[], 'json.rows[0]');
      const r = rows[1] === null ? p.slice() : finiteNumbers(rows[1] as unknown[], 'json.rows[1]');
      if (p.length !== n || r.length !== n) throw new CorruptInputError('json.rows', `${n} rows, as json.count`, p.length);
      if (n > acc.maxExactRows) throw new CorruptInputError('json.rows', `at most ${acc.maxExactRows} exact rows`, n);
      acc.probs = p;
      acc.raws = r;
      return acc;
    }
    const bins = o['bins'];
    if (!Array.isArray(bins) || bins.length !== 2 || !Array.isArray(bins[0]) || !Array.isArray(bins[1])) {
      throw new CorruptInputError('json.bins', '[sparse counts, sparse sums]', bins);
    }
    acc.probs = null;
    acc.raws = null;
    acc.binCount = dense(numberArray(bins[0] as unknown[], 'json.bins[0]'), acc.scoreBins, 'json.bins[0]');
    acc.binSum = dense(numberArray(bins[1] as unknown[], 'json.bins[1]'), acc.scoreBins, 'json.bins[1]', false);
    const total = acc.binCount.reduce((a, b) => a + b, 0);
    if (total !== n) throw new CorruptInputError('json.bins[0]', `counts summing to json.count (${n})`, total);
    if (n <= acc.maxExactRows) throw new CorruptInputError('json.bins', `more than ${acc.maxExactRows} rows (fewer are kept exact)`, n);
    return acc;
  }

  /** Bin ⌊raw·bins⌋ on [0, 1]; raw scores outside it share the end bins (their order is what the bound covers). */
  private binOf(raw: number): number {
    return Math.min(this.scoreBins - 1, Math.max(0, Math.floor(raw * this.scoreBins)));
  }

  private toBins(): void {
    if (this.probs === null || this.raws === null) return;
    const [c, s] = this.bins();
    this.binCount = c;
    this.binSum = s;
    this.probs = null;
    this.raws = null;
  }

  private bins(): [Float64Array, Float64Array] {
    if (this.binCount !== null && this.binSum !== null) return [this.binCount, this.binSum];
    const c = new Float64Array(this.scoreBins);
    const s = new Float64Array(this.scoreBins);
    const p = this.probs ?? [];
    const r = this.raws ?? [];
    for (let i = 0; i < p.length; i++) {
      const b = this.binOf(r[i] as number);
      c[b]! += 1;
      s[b]! += p[i] as number;
    }
    return [c, s];
  }
}

/**
 * NannyML's estimated ROC curve over steps [rows, Σ p̂] in descending score order: cumulative
 * tps and fps with (0, 0) first, rounded to 5 decimals, divided by their totals, trapezoid area
 * (sklearn `auc`). Null when either total rounds to 0 (NannyML gets NaN there).
 */
export function curveArea(steps: readonly (readonly [number, number])[]): number | null {
  const m = steps.length + 1;
  const tps = new Float64Array(m);
  const fps = new Float64Array(m);
  let rows = 0;
  let tp = 0;
  for (let i = 0; i < steps.length; i++) {
    const [count, sum] = steps[i] as [number, number];
    rows += count;
    tp += sum;
    tps[i + 1] = round5(tp);
    fps[i + 1] = round5(rows - tp);
  }
  const tLast = tps[m - 1] as number;
  const fLast = fps[m - 1] as number;
  if (!(tLast > 0) || !(fLast > 0)) return null;
  let area = 0;
  for (let i = 0; i + 1 < m; i++) {
    const x0 = (fps[i] as number) / fLast;
    const x1 = (fps[i + 1] as number) / fLast;
    const y0 = (tps[i] as number) / tLast;
    const y1 = (tps[i + 1] as number) / tLast;
    area += (x1 - x0) * ((y1 + y0) / 2);
  }
  return area;
}

/** `np.round(x, 5)`: scale, round half to even (`rint`), scale back. */
function round5(x: number): number {
  const y = x * 1e5;
  const f = Math.floor(y);
  const d = y - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r / 1e5;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function numberArray(v: unknown[], field: string): number[] {
  v.forEach((x, i) => {
    if (typeof x !== 'number') throw new CorruptInputError(`${field}[${i}]`, 'a number', x);
  });
  return v as number[];
}

function finiteNumbers(v: unknown[], field: string): number[] {
  return v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new CorruptInputError(`${field}[${i}]`, 'a finite number', x);
    return x;
  });
}

function probabilities(v: unknown[], field: string): number[] {
  return v.map((x, i) => {
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new CorruptInputError(`${field}[${i}]`, 'a probability in [0, 1]', x);
    return x;
  });
}
