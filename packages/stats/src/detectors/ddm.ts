// DDM (Gama et al. 2004) as river's `drift.binary.DDM`: watch p_i + s_i of the running error rate
// against its recorded minimum once more than `warmStart` values have been seen.

import { checkOptionKeys, numberOption } from '../options.js';
import { StateReader, encodeNumber, stateOf } from './detector-state.js';
import type { DetectorState, DriftDetector, DriftUpdate } from './drift-detector.js';
import { checkBinary, signal } from './drift-detector.js';

/** Options of {@link Ddm}; names and defaults follow river's `DDM`. */
export interface DdmOptions {
  /** Values seen before any warning or drift can be signalled. Default 30. */
  readonly warmStart?: number;
  /** Warning when p_i + s_i > p_min + warningThreshold·s_min. Default 2. */
  readonly warningThreshold?: number;
  /** Drift when p_i + s_i > p_min + driftThreshold·s_min. Default 3. */
  readonly driftThreshold?: number;
}

const OPTION_NAMES = ['warmStart', 'warningThreshold', 'driftThreshold'] as const;

/**
 * Drift Detection Method, river `drift.binary.DDM`. Input: 1 = error, 0 = correct (booleans or
 * numbers in [0, 1]). A drift clears the warning; the next update starts from scratch.
 */
export class Ddm implements DriftDetector {
  readonly warmStart: number;
  readonly warningThreshold: number;
  readonly driftThreshold: number;

  private n = 0;
  private p = 0;
  private pMin = Number.POSITIVE_INFINITY;
  private sMin = Number.POSITIVE_INFINITY;
  private psMin = Number.POSITIVE_INFINITY;
  private drift = false;
  private warning = false;

  constructor(options: DdmOptions = {}) {
    const o = checkOptionKeys(options, OPTION_NAMES);
    this.warmStart = numberOption(o, 'warmStart', 30, { min: 0, integer: true });
    this.warningThreshold = numberOption(o, 'warningThreshold', 2.0, { min: 0 });
    this.driftThreshold = numberOption(o, 'driftThreshold', 3.0, { min: 0 });
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
    // river's stats.Mean: n += 1; mean += (1 / n)·(x − mean).
    this.n += 1;
    this.p += (1 / this.n) * (v - this.p);
    const p = this.p;
    const s = Math.sqrt((p * (1 - p)) / this.n);
    if (this.n > this.warmStart) {
      if (p + s <= this.psMin) {
        this.pMin = p;
        this.sMin = s;
        this.psMin = p + s;
      }
      this.warning = p + s > this.pMin + this.warningThreshold * this.sMin;
      if (p + s > this.pMin + this.driftThreshold * this.sMin) {
        this.drift = true;
        this.warning = false;
      }
    }
    return signal(this.drift, this.warning);
  }

  private reset(): void {
    this.n = 0;
    this.p = 0;
    this.pMin = Number.POSITIVE_INFINITY;
    this.sMin = Number.POSITIVE_INFINITY;
    this.psMin = Number.POSITIVE_INFINITY;
    this.drift = false;
    this.warning = false;
  }

  toJSON(): DetectorState {
    return stateOf(
      'ddm',
      { warmStart: this.warmStart, warningThreshold: this.warningThreshold, driftThreshold: this.driftThreshold },
      {
        driftDetected: this.drift,
        warningDetected: this.warning,
        n: this.n,
        p: this.p,
        pMin: encodeNumber(this.pMin),
        sMin: encodeNumber(this.sMin),
        psMin: encodeNumber(this.psMin),
      },
    );
  }

  /** Restores a detector saved with `toJSON`; throws CorruptInputError on a malformed state. */
  static fromJSON(state: unknown): Ddm {
    const r = new StateReader(state, 'ddm');
    const d = r.construct((o) => new Ddm(o as DdmOptions));
    d.drift = r.boolean('driftDetected');
    d.warning = r.boolean('warningDetected');
    d.n = r.integer('n');
    d.p = r.finite('p');
    d.pMin = r.number('pMin');
    d.sMin = r.number('sMin');
    d.psMin = r.number('psMin');
    return d;
  }
}
