// Restoring any persisted detector from its state, dispatching on the state's `type`.

import { CorruptInputError } from '../errors.js';
import { Adwin } from './adwin.js';
import { Ddm } from './ddm.js';
import type { DriftDetector } from './drift-detector.js';
import { Eddm } from './eddm.js';
import { HddmA } from './hddm-a.js';
import { HddmW } from './hddm-w.js';
import { Kswin } from './kswin.js';
import { PageHinkley } from './page-hinkley.js';

const RESTORERS: Readonly<Record<string, (state: unknown) => DriftDetector>> = {
  adwin: (s) => Adwin.fromJSON(s),
  ddm: (s) => Ddm.fromJSON(s),
  eddm: (s) => Eddm.fromJSON(s),
  'hddm-a': (s) => HddmA.fromJSON(s),
  'hddm-w': (s) => HddmW.fromJSON(s),
  kswin: (s) => Kswin.fromJSON(s),
  'page-hinkley': (s) => PageHinkley.fromJSON(s),
};

/** Restores whichever detector wrote `state` (the output of its `toJSON`, possibly via JSON text). */
export function detectorFromJSON(state: unknown): DriftDetector {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new CorruptInputError('state', 'a detector state object', state);
  }
  const type = (state as { type?: unknown }).type;
  const restore = typeof type === 'string' && Object.hasOwn(RESTORERS, type) ? RESTORERS[type] : undefined;
  if (restore === undefined) {
    throw new CorruptInputError(
      'state.type',
      `one of ${Object.keys(RESTORERS)
        .map((t) => `'${t}'`)
        .join(', ')}`,
      type,
    );
  }
  return restore(state);
}
