// KSWIN (Raab et al. 2020) as river's `drift.KSWIN`: a two-sample KS test between the newest
// `statSize` values and as many drawn from the older part of a sliding window.

import { CorruptInputError, InvalidArgumentError } from '../errors.js';
import { ks2Samp } from '../tests/ks.js';
import { checkOptionKeys, numberOption } from '../options.js';
import { StateReader, encodeNumbers, stateOf } from './detector-state.js';
import type { DetectorState, DriftDetector, DriftUpdate } from './drift-detector.js';
import { checkReal, signal } from './drift-detector.js';
import { PythonRandom } from './python-random.js';

/** Options of {@link Kswin}; names and defaults follow river's `KSWIN`. */
export interface KswinOptions {
  /** Significance of the KS test, in [0, 1]. Default 0.005. */
  readonly alpha?: number;
  /** Size of the sliding window. Default 100. */
  readonly windowSize?: number;
  /** Size of each of the two compared samples; at most half the window. Default 30. */
  readonly statSize?: number;
  /**
   * Seed of the Python-compatible generator that draws the older sample (same seed, same draws as
   * river). Default: a random seed chosen at construction (river's `seed=None`), kept in the state.
   */
  readonly seed?: number;
  /** Values to start the window with (river's `window`), oldest first; the last `windowSize` are kept. */
  readonly window?: ArrayLike<number>;
}

const OPTION_NAMES = ['alpha', 'windowSize', 'statSize', 'seed', 'window'] as const;

/**
 * Kolmogorov–Smirnov Windowing, river `drift.KSWIN`. Input is any finite number; drift only. Once the
 * window is full, every update draws `statSize` positions from the oldest `windowSize − statSize`
 * values with Python's `random.Random(seed).sample`, runs SciPy's `ks_2samp(…, method='auto')` against
 * the newest `statSize` values, and signals a drift when p ≤ alpha and D > 0.1. The next update after
 * a drift empties the window and re-seeds the generator with the same seed.
 */
export class Kswin implements DriftDetector {
  readonly alpha: number;
  readonly windowSize: number;
  readonly statSize: number;
  readonly seed: number;

  // Ring buffer holding the window, oldest value at `start`.
  private readonly ring: Float64Array;
  private start = 0;
  private length = 0;
  private rng: PythonRandom;
  private readonly picks: Int32Array;
  private readonly older: Float64Array;
  private readonly newest: Float64Array;
  private _pValue = 0;
  private _n = 0;
  private drift = false;

  constructor(options: KswinOptions = {}) {
    const o = checkOptionKeys(options, OPTION_NAMES);
    this.alpha = numberOption(o, 'alpha', 0.005, { min: 0, max: 1 });
    this.windowSize = numberOption(o, 'windowSize', 100, { min: 2, max: 2 ** 31 - 1, integer: true });
    this.statSize = numberOption(o, 'statSize', 30, { min: 1, integer: true });
    // river only rejects statSize > windowSize, then fails at the first full window when the older
    // part cannot supply statSize distinct positions; refuse that at construction instead.
    if (2 * this.statSize > this.windowSize) {
      throw new InvalidArgumentError('options.statSize', `an integer ≤ windowSize / 2 (${Math.floor(this.windowSize / 2)})`, this.statSize);
    }
    this.seed = o['seed'] === undefined ? Math.floor(Math.random() * 4294967296) : numberOption(o, 'seed', 0, { integer: true });
    this.ring = new Float64Array(this.windowSize);
    this.picks = new Int32Array(this.statSize);
    this.older = new Float64Array(this.statSize);
    this.newest = new Float64Array(this.statSize);
    this.rng = new PythonRandom(this.seed);
    const initial = o['window'];
    if (initial !== undefined) {
      if (initial === null || typeof initial !== 'object' || typeof (initial as ArrayLike<number>).length !== 'number') {
        throw new InvalidArgumentError('options.window', 'an array of finite numbers', initial);
      }
      const w = initial as ArrayLike<number>;
      for (let i = 0; i < w.length; i++) {
        const v = w[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`options.window[${i}]`, 'a finite number', v);
        this.push(v);
      }
    }
  }

  /** p-value of the last KS test, 0 before the first (river `p_value`). */
  get pValue(): number {
    return this._pValue;
  }

  /** Updates since the last reset (river `n`). */
  get n(): number {
    return this._n;
  }

  /** A copy of the current window, oldest value first (river `window`). */
  get window(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return false;
  }

  private at(i: number): number {
    const j = this.start + i;
    return this.ring[j >= this.windowSize ? j - this.windowSize : j] as number;
  }

  private push(v: number): void {
    if (this.length < this.windowSize) {
      const j = this.start + this.length;
      this.ring[j >= this.windowSize ? j - this.windowSize : j] = v;
      this.length += 1;
    } else {
      this.ring[this.start] = v;
      this.start = this.start + 1 === this.windowSize ? 0 : this.start + 1;
    }
  }

  update(x: number): DriftUpdate {
    const v = checkReal(x);
    if (this.drift) this.reset();
    this._n += 1;
    this.push(v);
    if (this.length >= this.windowSize) {
      const r = this.statSize;
      const older = this.windowSize - r;
      this.rng.sampleRange(older, r, this.picks);
      for (let i = 0; i < r; i++) {
        this.older[i] = this.at(this.picks[i] as number);
        this.newest[i] = this.at(older + i);
      }
      const { statistic, pvalue } = ks2Samp(this.older, this.newest, { method: 'auto' });
      // The exact n1 = n2 formula can round to 1 + 4e-16 (notes §1.10); SciPy never reports p > 1.
      this._pValue = pvalue > 1 ? 1 : pvalue;
      if (this._pValue <= this.alpha && statistic > 0.1) {
        this.drift = true;
        // river keeps only the newest values; the next update discards them anyway.
        this.start = 0;
        this.length = r;
        this.ring.set(this.newest);
      } else {
        this.drift = false;
      }
    } else {
      this.drift = false;
    }
    return signal(this.drift, false);
  }

  private reset(): void {
    this.drift = false;
    this._pValue = 0;
    this._n = 0;
    this.start = 0;
    this.length = 0;
    this.rng = new PythonRandom(this.seed);
  }

  toJSON(): DetectorState {
    return stateOf(
      'kswin',
      { alpha: this.alpha, windowSize: this.windowSize, statSize: this.statSize, seed: this.seed },
      {
        driftDetected: this.drift,
        pValue: this._pValue,
        n: this._n,
        window: encodeNumbers(this.window),
        rng: this.rng.getState(),
      },
    );
  }

  /** Restores a detector saved with `toJSON`; throws CorruptInputError on a malformed state. */
  static fromJSON(state: unknown): Kswin {
    const r = new StateReader(state, 'kswin');
    const d = r.construct((o) => new Kswin(o as KswinOptions));
    if (r.options()['seed'] === undefined) throw new CorruptInputError('state.options.seed', 'the integer seed', undefined);
    d.drift = r.boolean('driftDetected');
    d._pValue = r.finite('pValue');
    d._n = r.integer('n');
    const window = r.numbers('window');
    if (window.length > d.windowSize) throw new CorruptInputError('state.window', `at most ${d.windowSize} values`, window);
    for (const v of window) d.push(v);
    d.rng.setState(r.raw('rng'), 'state.rng');
    return d;
  }
}
