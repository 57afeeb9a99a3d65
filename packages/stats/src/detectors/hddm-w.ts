// HDDM_W (Frías-Blanco et al. 2014, MOA port) as river's `drift.binary.HDDM_W`: McDiarmid bounds on
// exponentially weighted means, compared before and after the best cut point seen so far.

import { CorruptInputError } from '../errors.js';
import { booleanOption, checkOptionKeys, numberOption } from '../options.js';
import { StateReader, encodeNumber, stateOf } from './detector-state.js';
import type { DetectorState, DriftDetector, DriftUpdate } from './drift-detector.js';
import { checkBinary, signal } from './drift-detector.js';

/** Options of {@link HddmW}; names and defaults follow river's `HDDM_W` (`lambda_val` → `lambdaVal`). */
export interface HddmWOptions {
  /** Confidence of the drift test, in (0, 1). Default 0.001. */
  readonly driftConfidence?: number;
  /** Confidence of the warning test, in (0, 1). Default 0.005. */
  readonly warningConfidence?: number;
  /** Weight of the newest value in the moving averages, in [0, 1]. Default 0.05. */
  readonly lambdaVal?: number;
  /** Also watch decreases of the error rate. Default false. */
  readonly twoSidedTest?: boolean;
}

const OPTION_NAMES = ['driftConfidence', 'warningConfidence', 'lambdaVal', 'twoSidedTest'] as const;

// The five samples river keeps (total, s1/s2 for increase and decrease), in flat arrays: an EWMA,
// whether it saw a value, and its independent bound condition (ibc, starting at 1).
const TOTAL = 0;
const S1_INCR = 1;
const S2_INCR = 2;
const S1_DECR = 3;
const S2_DECR = 4;

/**
 * Hoeffding drift detection with the weighted-average test, river `drift.binary.HDDM_W`. Input:
 * values in [0, 1] (1 = error). The moving average is river's `stats.EWMean` (Rust): it takes the
 * new value as-is whenever its current value is exactly 0, not only on the first value.
 */
export class HddmW implements DriftDetector {
  readonly driftConfidence: number;
  readonly warningConfidence: number;
  readonly lambdaVal: number;
  readonly twoSidedTest: boolean;

  private readonly ewma = new Float64Array(5);
  private readonly init = new Uint8Array(5);
  private readonly ibc = new Float64Array(5).fill(1);
  private incrCutpoint = Number.POSITIVE_INFINITY;
  private decrCutpoint = Number.NEGATIVE_INFINITY;
  private drift = false;
  private warning = false;
  private readonly lambdaSq: number;
  private readonly complementSq: number;

  constructor(options: HddmWOptions = {}) {
    const o = checkOptionKeys(options, OPTION_NAMES);
    const unit = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
    this.driftConfidence = numberOption(o, 'driftConfidence', 0.001, unit);
    this.warningConfidence = numberOption(o, 'warningConfidence', 0.005, unit);
    this.lambdaVal = numberOption(o, 'lambdaVal', 0.05, { min: 0, max: 1 });
    this.twoSidedTest = booleanOption(o, 'twoSidedTest', false);
    this.lambdaSq = this.lambdaVal * this.lambdaVal;
    this.complementSq = (1 - this.lambdaVal) * (1 - this.lambdaVal);
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  private updateSample(i: number, x: number): void {
    const e = this.ewma[i] as number;
    this.ewma[i] = e === 0 ? x : this.lambdaVal * x + (1 - this.lambdaVal) * e;
    this.init[i] = 1;
    this.ibc[i] = this.lambdaSq + this.complementSq * (this.ibc[i] as number);
  }

  private clearSample(i: number): void {
    this.ewma[i] = 0;
    this.init[i] = 0;
    this.ibc[i] = 1;
  }

  private copySample(from: number, to: number): void {
    this.ewma[to] = this.ewma[from] as number;
    this.init[to] = this.init[from] as number;
    this.ibc[to] = this.ibc[from] as number;
  }

  private static mcdiarmidBound(ibc: number, confidence: number): number {
    return Math.sqrt((ibc * Math.log(1 / confidence)) / 2);
  }

  // Whether sample `b`'s mean exceeds sample `a`'s by more than the bound.
  private meanChanged(a: number, b: number, confidence: number): boolean {
    if (!(this.init[a] && this.init[b])) return false;
    const bound = HddmW.mcdiarmidBound((this.ibc[a] as number) + (this.ibc[b] as number), confidence);
    return (this.ewma[b] as number) - (this.ewma[a] as number) > bound;
  }

  update(x: number | boolean): DriftUpdate {
    const v = checkBinary(x);
    if (this.drift) this.reset();
    this.updateSample(TOTAL, v);

    let eps = HddmW.mcdiarmidBound(this.ibc[TOTAL] as number, this.driftConfidence);
    const total = this.ewma[TOTAL] as number;
    if (total + eps < this.incrCutpoint) {
      this.incrCutpoint = total + eps;
      this.copySample(TOTAL, S1_INCR);
      this.clearSample(S2_INCR);
    } else {
      this.updateSample(S2_INCR, v);
    }
    if (this.meanChanged(S1_INCR, S2_INCR, this.driftConfidence)) {
      this.warning = false;
      this.drift = true;
    } else if (this.meanChanged(S1_INCR, S2_INCR, this.warningConfidence)) {
      this.warning = true;
      this.drift = false;
    } else {
      this.warning = false;
      this.drift = false;
    }

    eps = HddmW.mcdiarmidBound(this.ibc[TOTAL] as number, this.driftConfidence);
    if (total - eps > this.decrCutpoint) {
      this.decrCutpoint = total - eps;
      this.copySample(TOTAL, S1_DECR);
      this.clearSample(S2_DECR);
    } else {
      this.updateSample(S2_DECR, v);
    }
    if (this.twoSidedTest) {
      if (this.meanChanged(S2_DECR, S1_DECR, this.driftConfidence)) this.drift = true;
      else if (this.meanChanged(S2_DECR, S1_DECR, this.warningConfidence)) this.warning = true;
    }
    return signal(this.drift, this.warning);
  }

  private reset(): void {
    for (let i = 0; i < 5; i++) this.clearSample(i);
    this.incrCutpoint = Number.POSITIVE_INFINITY;
    this.decrCutpoint = Number.NEGATIVE_INFINITY;
    this.drift = false;
    this.warning = false;
  }

  toJSON(): DetectorState {
    return stateOf(
      'hddm-w',
      {
        driftConfidence: this.driftConfidence,
        warningConfidence: this.warningConfidence,
        lambdaVal: this.lambdaVal,
        twoSidedTest: this.twoSidedTest,
      },
      {
        driftDetected: this.drift,
        warningDetected: this.warning,
        // Samples in the order total, s1Incr, s2Incr, s1Decr, s2Decr.
        ewma: Array.from(this.ewma, encodeNumber),
        initialised: Array.from(this.init, (b) => b === 1),
        ibc: Array.from(this.ibc),
        incrCutpoint: encodeNumber(this.incrCutpoint),
        decrCutpoint: encodeNumber(this.decrCutpoint),
      },
    );
  }

  /** Restores a detector saved with `toJSON`; throws CorruptInputError on a malformed state. */
  static fromJSON(state: unknown): HddmW {
    const r = new StateReader(state, 'hddm-w');
    const d = r.construct((o) => new HddmW(o as HddmWOptions));
    d.drift = r.boolean('driftDetected');
    d.warning = r.boolean('warningDetected');
    const ewma = r.numbers('ewma');
    const ibc = r.numbers('ibc');
    const init = r.raw('initialised');
    if (ewma.length !== 5) throw new CorruptInputError('state.ewma', 'an array of 5 numbers', ewma);
    if (ibc.length !== 5) throw new CorruptInputError('state.ibc', 'an array of 5 numbers', ibc);
    if (!Array.isArray(init) || init.length !== 5 || !init.every((b) => typeof b === 'boolean')) {
      throw new CorruptInputError('state.initialised', 'an array of 5 booleans', init);
    }
    for (let i = 0; i < 5; i++) {
      d.ewma[i] = ewma[i] as number;
      d.ibc[i] = ibc[i] as number;
      d.init[i] = init[i] ? 1 : 0;
    }
    d.incrCutpoint = r.number('incrCutpoint');
    d.decrCutpoint = r.number('decrCutpoint');
    return d;
  }
}
