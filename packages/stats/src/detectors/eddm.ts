// EDDM (Baena-García et al. 2006) as river's `drift.binary.EDDM`: watch mean + 2·std of the distance
// between consecutive errors against its maximum; evaluated only on error updates.

import { InvalidArgumentError } from '../errors.js';
import { checkOptionKeys, numberOption } from '../options.js';
import { StateReader, stateOf } from './detector-state.js';
import type { DetectorState, DriftDetector, DriftUpdate } from './drift-detector.js';
import { checkBinary, signal } from './drift-detector.js';

/** Options of {@link Eddm}; names and defaults follow river's `EDDM`. */
export interface EddmOptions {
  /** Values (and errors) seen before a signal can be given. Default 30. */
  readonly warmStart?: number;
  /** Warning when the level falls below alpha, in [0, 1], ≥ beta. Default 0.95. */
  readonly alpha?: number;
  /** Drift when the level falls below beta, in [0, 1]. Default 0.9. */
  readonly beta?: number;
}

const OPTION_NAMES = ['warmStart', 'alpha', 'beta'] as const;

/**
 * Early Drift Detection Method, river `drift.binary.EDDM`. Input: 1 = error, 0 = correct; only an
 * input equal to 1 counts as an error. As in river, a warning stays set through correct updates and
 * a drift does not clear it.
 */
export class Eddm implements DriftDetector {
  readonly warmStart: number;
  readonly alpha: number;
  readonly beta: number;

  private n = 0;
  private lastError = 0;
  private nErrors = 0;
  // river's stats.Var (ddof = 1) of the error distances: count, mean and sum of squares.
  private distN = 0;
  private distMean = 0;
  private distS = 0;
  private p2sMax = -1;
  private drift = false;
  private warning = false;

  constructor(options: EddmOptions = {}) {
    const o = checkOptionKeys(options, OPTION_NAMES);
    this.warmStart = numberOption(o, 'warmStart', 30, { min: 0, integer: true });
    this.alpha = numberOption(o, 'alpha', 0.95, { min: 0, max: 1 });
    this.beta = numberOption(o, 'beta', 0.9, { min: 0, max: 1 });
    if (this.alpha < this.beta) throw new InvalidArgumentError('options.alpha', `a value ≥ beta (${this.beta})`, this.alpha);
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  update(x: number | boolean): DriftUpdate {
    const v = checkBinary(x);
    if (this.drift) this.reset();
    this.n += 1;
    if (v === 1) {
      this.nErrors += 1;
      const distance = this.n - this.lastError;
      const meanOld = this.distMean;
      this.distN += 1;
      this.distMean += (1 / this.distN) * (distance - this.distMean);
      this.distS += (distance - meanOld) * (distance - this.distMean);
      if (this.n > this.warmStart) {
        const variance = this.distN > 1 ? this.distS / (this.distN - 1) : 0;
        const p2s = this.distMean + 2 * Math.sqrt(variance);
        if (p2s > this.p2sMax) {
          this.p2sMax = p2s;
        } else if (this.nErrors > this.warmStart) {
          const level = p2s / this.p2sMax;
          if (level < this.beta) this.drift = true;
          else if (level < this.alpha) this.warning = true;
          else this.warning = false;
        }
      }
      this.lastError = this.n;
    }
    return signal(this.drift, this.warning);
  }

  private reset(): void {
    this.n = 0;
    this.lastError = 0;
    this.nErrors = 0;
    this.distN = 0;
    this.distMean = 0;
    this.distS = 0;
    this.p2sMax = -1;
    this.drift = false;
    this.warning = false;
  }

  toJSON(): DetectorState {
    return stateOf(
      'eddm',
      { warmStart: this.warmStart, alpha: this.alpha, beta: this.beta },
      {
        driftDetected: this.drift,
        warningDetected: this.warning,
        n: this.n,
        lastError: this.lastError,
        nErrors: this.nErrors,
        distanceCount: this.distN,
        distanceMean: this.distMean,
        distanceSumSquares: this.distS,
        p2sMax: this.p2sMax,
      },
    );
  }

  /** Restores a detector saved with `toJSON`; throws CorruptInputError on a malformed state. */
  static fromJSON(state: unknown): Eddm {
    const r = new StateReader(state, 'eddm');
    const d = r.construct((o) => new Eddm(o as EddmOptions));
    d.drift = r.boolean('driftDetected');
    d.warning = r.boolean('warningDetected');
    d.n = r.integer('n');
    d.lastError = r.integer('lastError', 0, d.n);
    d.nErrors = r.integer('nErrors', 0, d.n);
    d.distN = r.integer('distanceCount', 0, d.n);
    d.distMean = r.finite('distanceMean');
    d.distS = r.finite('distanceSumSquares');
    d.p2sMax = r.finite('p2sMax');
    return d;
  }
}
