// What every online drift detector shares: the update result, the persisted-state envelope and the
// checks on each streamed value (river's `DriftDetector` / `BinaryDriftDetector` contract).

import { InvalidArgumentError } from '../errors.js';

/** The outcome of one `update`: river's `drift_detected` and `warning_detected` after that update. */
export interface DriftUpdate {
  readonly drift: boolean;
  readonly warning: boolean;
}

// Four shared frozen results: `update` allocates nothing, and callers may keep what it returned.
const SIGNALS: readonly DriftUpdate[] = [
  Object.freeze({ drift: false, warning: false }),
  Object.freeze({ drift: true, warning: false }),
  Object.freeze({ drift: false, warning: true }),
  Object.freeze({ drift: true, warning: true }),
];

/** The shared result object for a (drift, warning) pair. */
export function signal(drift: boolean, warning: boolean): DriftUpdate {
  return SIGNALS[(drift ? 1 : 0) + (warning ? 2 : 0)] as DriftUpdate;
}

/** Names of the detectors, as written in a persisted state's `type`. */
export type DetectorType = 'adwin' | 'ddm' | 'eddm' | 'hddm-a' | 'hddm-w' | 'kswin' | 'page-hinkley';

/** The persisted form of a detector: plain JSON, tagged with its type and format version. */
export interface DetectorState {
  readonly type: DetectorType;
  readonly version: number;
  readonly options: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/** The interface every detector in this folder implements. */
export interface DriftDetector {
  /** Feeds one value; the whole state is reset first when the previous update signalled a drift. */
  update(x: number | boolean): DriftUpdate;
  /** Whether the last update signalled a drift. */
  readonly driftDetected: boolean;
  /** Whether the last update signalled a warning (always false for detectors without one). */
  readonly warningDetected: boolean;
  /** A JSON-safe snapshot from which `fromJSON` continues exactly where this detector stopped. */
  toJSON(): DetectorState;
}

/** Checks a value for a real-valued detector: any finite number. */
export function checkReal(x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidArgumentError('x', 'a finite number', x);
  return x;
}

/** Checks a value for a binary detector: a boolean, or a number in [0, 1] (1 = error). */
export function checkBinary(x: unknown): number {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x !== 'number' || !(x >= 0 && x <= 1)) {
    throw new InvalidArgumentError('x', 'a boolean or a number in [0, 1] (1 = error)', x);
  }
  return x;
}
