// Mergeable scores of a binary classifier split by true class, for ROC AUC per bucket: the exact
// scores while few, equal-width bin counts on [0, 1] after, with the binned AUC's error bound.

import { CorruptInputError, InvalidArgumentError, rocAucScore } from '@vigil/stats';

/** JSON form: exact scores per class, or sparse bins as [index, count, index, count, …] per class. */
export type ScoreHistogramJSON = { exact: [number[], number[]] } | { bins: [number[], number[]] };

/** ROC AUC with the most it can differ from the exact (scikit-learn) value; 0 when exact. */
export interface AucEstimate {
  value: number;
  error: number;
}

/**
 * Scores of positives and negatives. While both together hold at most `maxExact` scores it keeps
 * them all, and `auc()` is scikit-learn's `roc_auc_score`; past that it keeps `bins` equal-width
 * counts on [0, 1] (bin ⌊s·bins⌋, 1 in the last) and `auc()` is the trapezoid area under the ROC
 * curve drawn at bin edges, which counts every positive–negative pair in the same bin as a tie.
 * Only such pairs can be misordered, so |binned − exact| ≤ ½·Σ_b pos_b·neg_b / (P·N): that bound is
 * computed per bucket and returned beside the value (for scores spread over many bins it is about
 * 1/(2·bins), e.g. 5·10⁻⁴ at 1 000 bins). Whether a merge stays exact depends only on the total
 * count, so any merge order gives the same form.
 */
export class ScoreHistogram {
  private pos: number[] | null = [];
  private neg: number[] | null = [];
  private posBins: Float64Array | null = null;
  private negBins: Float64Array | null = null;
  private nPos = 0;
  private nNeg = 0;

  constructor(
    readonly bins: number,
    readonly maxExact: number,
  ) {}

  get count(): number {
    return this.nPos + this.nNeg;
  }

  /** Adds one score in [0, 1] (checked by the caller). */
  add(score: number, positive: boolean): void {
    if (positive) this.nPos++;
    else this.nNeg++;
    if (this.pos !== null && this.neg !== null) {
      (positive ? this.pos : this.neg).push(score);
      if (this.count > this.maxExact) this.toBins();
      return;
    }
    const b = positive ? this.posBins : this.negBins;
    if (b !== null) b[this.binOf(score)]! += 1;
  }

  merge(other: ScoreHistogram): void {
    this.nPos += other.nPos;
    this.nNeg += other.nNeg;
    if (this.pos !== null && this.neg !== null && other.pos !== null && other.neg !== null && this.count <= this.maxExact) {
      for (const s of other.pos) this.pos.push(s);
      for (const s of other.neg) this.neg.push(s);
      return;
    }
    this.toBins();
    const [op, on] = other.binCounts();
    const pb = this.posBins as Float64Array;
    const nb = this.negBins as Float64Array;
    for (let i = 0; i < this.bins; i++) {
      pb[i]! += op[i] as number;
      nb[i]! += on[i] as number;
    }
  }

  /** ROC AUC, or null without both classes. */
  auc(): AucEstimate | null {
    if (this.nPos === 0 || this.nNeg === 0) return null;
    if (this.pos !== null && this.neg !== null) {
      const y = new Array<number>(this.count);
      const s = new Float64Array(this.count);
      let k = 0;
      for (const v of this.pos) {
        y[k] = 1;
        s[k++] = v;
      }
      for (const v of this.neg) {
        y[k] = 0;
        s[k++] = v;
      }
      return { value: rocAucScore(y, s), error: 0 };
    }
    const [pb, nb] = this.binCounts();
    let above = 0;
    let area = 0;
    let ties = 0;
    for (let i = this.bins - 1; i >= 0; i--) {
      const p = pb[i] as number;
      const q = nb[i] as number;
      area += q * (above + p / 2);
      ties += p * q;
      above += p;
    }
    const pairs = this.nPos * this.nNeg;
    return { value: area / pairs, error: ties / 2 / pairs };
  }

  toJSON(): ScoreHistogramJSON {
    if (this.pos !== null && this.neg !== null) return { exact: [this.pos.slice(), this.neg.slice()] };
    const [pb, nb] = this.binCounts();
    return { bins: [sparse(pb), sparse(nb)] };
  }

  static fromJSON(json: unknown, bins: number, maxExact: number, field: string): ScoreHistogram {
    const h = new ScoreHistogram(bins, maxExact);
    if (json === null || typeof json !== 'object') throw new CorruptInputError(field, 'an object with exact or bins', json);
    const o = json as Record<string, unknown>;
    if (o['exact'] !== undefined) {
      const [pos, neg] = pair(o['exact'], `${field}.exact`);
      [pos, neg].forEach((scores, c) =>
        scores.forEach((s, i) => {
          if (!(s >= 0 && s <= 1)) throw new CorruptInputError(`${field}.exact[${c}][${i}]`, 'a score in [0, 1]', s);
        }),
      );
      if (pos.length + neg.length > maxExact) throw new CorruptInputError(`${field}.exact`, `at most ${maxExact} scores`, pos.length + neg.length);
      h.pos = pos.slice();
      h.neg = neg.slice();
      h.nPos = pos.length;
      h.nNeg = neg.length;
      return h;
    }
    const [pos, neg] = pair(o['bins'], `${field}.bins`);
    h.pos = null;
    h.neg = null;
    h.posBins = dense(pos, bins, `${field}.bins[0]`);
    h.negBins = dense(neg, bins, `${field}.bins[1]`);
    h.nPos = h.posBins.reduce((a, b) => a + b, 0);
    h.nNeg = h.negBins.reduce((a, b) => a + b, 0);
    if (h.count <= maxExact) throw new CorruptInputError(`${field}.bins`, `more than ${maxExact} scores (fewer are kept exact)`, h.count);
    return h;
  }

  private binOf(score: number): number {
    return Math.min(this.bins - 1, Math.floor(score * this.bins));
  }

  private toBins(): void {
    if (this.pos === null || this.neg === null) return;
    const [pb, nb] = this.binCounts();
    this.posBins = pb;
    this.negBins = nb;
    this.pos = null;
    this.neg = null;
  }

  private binCounts(): [Float64Array, Float64Array] {
    if (this.posBins !== null && this.negBins !== null) return [this.posBins, this.negBins];
    const pb = new Float64Array(this.bins);
    const nb = new Float64Array(this.bins);
    for (const s of this.pos ?? []) pb[this.binOf(s)]! += 1;
    for (const s of this.neg ?? []) nb[this.binOf(s)]! += 1;
    return [pb, nb];
  }
}

/** Checks a probability: a number in [0, 1]. */
export function checkScore(s: unknown, name: string): number {
  if (typeof s !== 'number' || !(s >= 0 && s <= 1)) throw new InvalidArgumentError(name, 'a probability in [0, 1]', s);
  return s;
}

/** Non-zero bins as [index, count, …]. */
export function sparse(b: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) out.push(i, b[i] as number);
  return out;
}

/** Reads `sparse` output back into `bins` counts (or sums, when `integer` is false). */
export function dense(v: number[], bins: number, field: string, integer = true): Float64Array {
  if (v.length % 2 !== 0) throw new CorruptInputError(field, 'pairs of [bin, value]', v.length);
  const out = new Float64Array(bins);
  for (let i = 0; i < v.length; i += 2) {
    const b = v[i] as number;
    const c = v[i + 1] as number;
    if (!Number.isInteger(b) || b < 0 || b >= bins) throw new CorruptInputError(`${field}[${i}]`, `a bin index in [0, ${bins})`, b);
    const ok = integer ? Number.isInteger(c) && c > 0 : Number.isFinite(c) && c >= 0;
    if (!ok) throw new CorruptInputError(`${field}[${i + 1}]`, integer ? 'a positive count' : 'a non-negative sum', c);
    out[b] = c;
  }
  return out;
}

function pair(v: unknown, field: string): [number[], number[]] {
  if (!Array.isArray(v) || v.length !== 2 || !Array.isArray(v[0]) || !Array.isArray(v[1])) {
    throw new CorruptInputError(field, 'two arrays of numbers', v);
  }
  for (const a of v as unknown[][]) {
    a.forEach((x, i) => {
      if (typeof x !== 'number') throw new CorruptInputError(`${field}[${i}]`, 'a number', x);
    });
  }
  return [v[0] as number[], v[1] as number[]];
}
