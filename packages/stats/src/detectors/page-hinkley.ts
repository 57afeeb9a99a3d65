// Page-Hinkley (Page 1954; two-sided form of Sebastião & Fernandes 2017) as river's
// `drift.PageHinkley`, including its max⁻ starting at −1.

import { checkOption } from '../sample.js';
import { checkOptionKeys, numberOption } from '../options.js';
import { StateReader, encodeNumber, stateOf } from './detector-state.js';
import type { DetectorState, DriftDetector, DriftUpdate } from './drift-detector.js';
import { checkReal, signal } from './drift-detector.js';

/** Which direction of change {@link PageHinkley} watches. */
export type PageHinkleyMode = 'up' | 'down' | 'both';

/** Options of {@link PageHinkley}; names and defaults follow river's `PageHinkley`. */
export interface PageHinkleyOptions {
  /** Values seen before a drift can be signalled. Default 30. */
  readonly minInstances?: number;
  /** Tolerated change per value. Default 0.005. */
  readonly delta?: number;
  /** Drift when a cumulative sum moves further than this from its extreme (λ). Default 50. */
  readonly threshold?: number;
  /** Forgetting factor of the cumulative sums, in [0, 1]. Default 1 − 0.0001. */
  readonly alpha?: number;
  /** Watch increases ('up'), decreases ('down') or both. Default 'both'. */
  readonly mode?: PageHinkleyMode;
}

const OPTION_NAMES = ['minInstances', 'delta', 'threshold', 'alpha', 'mode'] as const;

/** Page-Hinkley test, river `drift.PageHinkley`. Input is any finite number; drift only. */
export class PageHinkley implements DriftDetector {
  readonly minInstances: number;
  readonly delta: number;
  readonly threshold: number;
  readonly alpha: number;
  readonly mode: PageHinkleyMode;

  private n = 0;
  private mean = 0;
  private sumIncrease = 0;
  private sumDecrease = 0;
  private minIncrease = Number.POSITIVE_INFINITY;
  private maxDecrease = -1;
  private drift = false;

  constructor(options: PageHinkleyOptions = {}) {
    const o = checkOptionKeys(options, OPTION_NAMES);
    this.minInstances = numberOption(o, 'minInstances', 30, { min: 0, integer: true });
    this.delta = numberOption(o, 'delta', 0.005);
    this.threshold = numberOption(o, 'threshold', 50.0);
    this.alpha = numberOption(o, 'alpha', 1 - 0.0001, { min: 0, max: 1 });
    this.mode = o['mode'] === undefined ? 'both' : checkOption(o['mode'], 'options.mode', ['up', 'down', 'both'] as const);
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return false;
  }

  update(x: number): DriftUpdate {
    const v = checkReal(x);
    if (this.drift) this.reset();
    this.n += 1;
    this.mean += (1 / this.n) * (v - this.mean);
    const dev = v - this.mean;
    this.sumIncrease = this.alpha * this.sumIncrease + dev - this.delta;
    this.sumDecrease = this.alpha * this.sumDecrease + dev + this.delta;
    if (this.sumIncrease < this.minIncrease) this.minIncrease = this.sumIncrease;
    if (this.sumDecrease > this.maxDecrease) this.maxDecrease = this.sumDecrease;
    if (this.n >= this.minInstances) {
      const up = this.sumIncrease - this.minIncrease > this.threshold;
      const down = this.maxDecrease - this.sumDecrease > this.threshold;
      this.drift = this.mode === 'up' ? up : this.mode === 'down' ? down : up || down;
    }
    return signal(this.drift, false);
  }

  private reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumIncrease = 0;
    this.sumDecrease = 0;
    this.minIncrease = Number.POSITIVE_INFINITY;
    this.maxDecrease = -1;
    this.drift = false;
  }

  toJSON(): DetectorState {
    return stateOf(
      'page-hinkley',
      { minInstances: this.minInstances, delta: this.delta, threshold: this.threshold, alpha: this.alpha, mode: this.mode },
      {
        driftDetected: this.drift,
        n: this.n,
        mean: this.mean,
        sumIncrease: encodeNumber(this.sumIncrease),
        sumDecrease: encodeNumber(this.sumDecrease),
        minIncrease: encodeNumber(this.minIncrease),
        maxDecrease: encodeNumber(this.maxDecrease),
      },
    );
  }

  /** Restores a detector saved with `toJSON`; throws CorruptInputError on a malformed state. */
  static fromJSON(state: unknown): PageHinkley {
    const r = new StateReader(state, 'page-hinkley');
    const d = r.construct((o) => new PageHinkley(o as PageHinkleyOptions));
    d.drift = r.boolean('driftDetected');
    d.n = r.integer('n');
    d.mean = r.finite('mean');
    d.sumIncrease = r.number('sumIncrease');
    d.sumDecrease = r.number('sumDecrease');
    d.minIncrease = r.number('minIncrease');
    d.maxDecrease = r.number('maxDecrease');
    return d;
  }
}
