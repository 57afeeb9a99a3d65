// HDDM_A (Frías-Blanco et al. 2014, MOA port) as river's `drift.binary.HDDM_A`: Hoeffding bounds on
// the running mean against snapshots of it taken at its lowest (and highest) bounded point.

import { booleanOption, checkOptionKeys, numberOption } from '../options.js';
import { StateReader, stateOf } from './detector-state.js';
import type { DetectorState, DriftDetector, DriftUpdate } from './drift-detector.js';
import { checkBinary, signal } from './drift-detector.js';

/** Options of {@link HddmA}; names and defaults follow river's `HDDM_A`. */
export interface HddmAOptions {
  /** Confidence of the drift test, in (0, 1). Default 0.001. */
  readonly driftConfidence?: number;
  /** Confidence of the warning test, in (0, 1). Default 0.005. */
  readonly warningConfidence?: number;
  /** Also watch decreases of the error rate. Default false. */
  readonly twoSidedTest?: boolean;
}

const OPTION_NAMES = ['driftConfidence', 'warningConfidence', 'twoSidedTest'] as const;

/**
 * Hoeffding drift detection with the moving-average test, river `drift.binary.HDDM_A`. Input: values
 * in [0, 1] (1 = error). The two-sided decrease test does not clear a warning from the increase test.
 */
export class HddmA implements DriftDetector {
  readonly driftConfidence: number;
  readonly warningConfidence: number;
  readonly twoSidedTest: boolean;

  // Running mean z and the snapshots x_min / x_max of it (count, mean), as river's stats.Mean.
  private zN = 0;
  private zMean = 0;
  private minN = 0;
  private minMean = 0;
  private maxN = 0;
  private maxMean = 0;
  private drift = false;
  private warning = false;

  constructor(options: HddmAOptions = {}) {
    const o = checkOptionKeys(options, OPTION_NAMES);
    const unit = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
    this.driftConfidence = numberOption(o, 'driftConfidence', 0.001, unit);
    this.warningConfidence = numberOption(o, 'warningConfidence', 0.005, unit);
    this.twoSidedTest = booleanOption(o, 'twoSidedTest', false);
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  private hoeffdingBound(n: number): number {
    return Math.sqrt((1.0 / (2 * n)) * Math.log(1.0 / this.driftConfidence));
  }

  update(x: number | boolean): DriftUpdate {
    const v = checkBinary(x);
    if (this.drift) this.reset();
    this.zN += 1;
    this.zMean += (1 / this.zN) * (v - this.zMean);
    if (this.minN === 0) {
      this.minN = this.zN;
      this.minMean = this.zMean;
    }
    if (this.maxN === 0) {
      this.maxN = this.zN;
      this.maxMean = this.zMean;
    }
    const epsZ = this.hoeffdingBound(this.zN);
    if (this.minMean + this.hoeffdingBound(this.minN) >= this.zMean + epsZ) {
      this.minN = this.zN;
      this.minMean = this.zMean;
    }
    if (this.maxMean - this.hoeffdingBound(this.maxN) <= this.zMean - epsZ) {
      this.maxN = this.zN;
      this.maxMean = this.zMean;
    }
    if (this.meanIncreased(this.driftConfidence)) {
      this.warning = false;
      this.drift = true;
    } else if (this.meanIncreased(this.warningConfidence)) {
      this.warning = true;
      this.drift = false;
    } else {
      this.warning = false;
      this.drift = false;
    }
    if (this.twoSidedTest) {
      if (this.meanDecreased(this.driftConfidence)) this.drift = true;
      else if (this.meanDecreased(this.warningConfidence)) this.warning = true;
    }
    return signal(this.drift, this.warning);
  }

  private meanIncreased(confidence: number): boolean {
    if (this.minN === this.zN) return false;
    const m = ((this.zN - this.minN) / this.minN) * (1.0 / this.zN);
    const eps = Math.sqrt((m / 2) * Math.log(2.0 / confidence));
    return this.zMean - this.minMean >= eps;
  }

  private meanDecreased(confidence: number): boolean {
    if (this.maxN === this.zN) return false;
    const m = ((this.zN - this.maxN) / this.maxN) * (1.0 / this.zN);
    const eps = Math.sqrt((m / 2) * Math.log(2.0 / confidence));
    return this.maxMean - this.zMean >= eps;
  }

  private reset(): void {
    this.zN = 0;
    this.zMean = 0;
    this.minN = 0;
    this.minMean = 0;
    this.maxN = 0;
    this.maxMean = 0;
    this.drift = false;
    this.warning = false;
  }

  toJSON(): DetectorState {
    return stateOf(
      'hddm-a',
      { driftConfidence: this.driftConfidence, warningConfidence: this.warningConfidence, twoSidedTest: this.twoSidedTest },
      {
        driftDetected: this.drift,
        warningDetected: this.warning,
        zN: this.zN,
        zMean: this.zMean,
        minN: this.minN,
        minMean: this.minMean,
        maxN: this.maxN,
        maxMean: this.maxMean,
      },
    );
  }

  /** Restores a detector saved with `toJSON`; throws CorruptInputError on a malformed state. */
  static fromJSON(state: unknown): HddmA {
    const r = new StateReader(state, 'hddm-a');
    const d = r.construct((o) => new HddmA(o as HddmAOptions));
    d.drift = r.boolean('driftDetected');
    d.warning = r.boolean('warningDetected');
    d.zN = r.integer('zN');
    d.zMean = r.finite('zMean');
    d.minN = r.integer('minN', 0, d.zN);
    d.minMean = r.finite('minMean');
    d.maxN = r.integer('maxN', 0, d.zN);
    d.maxMean = r.finite('maxMean');
    return d;
  }
}
