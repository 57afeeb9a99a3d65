// Persisted detector states: exact continuation after a JSON round trip at any point, and typed
// errors for corrupt states.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptInputError } from '../errors.js';
import { Adwin } from './adwin.js';
import { Ddm } from './ddm.js';
import { detectorFromJSON } from './detector-from-json.js';
import type { DetectorState, DriftDetector } from './drift-detector.js';
import { Eddm } from './eddm.js';
import { HddmA } from './hddm-a.js';
import { HddmW } from './hddm-w.js';
import { Kswin } from './kswin.js';
import { PageHinkley } from './page-hinkley.js';

const MAKERS: Record<string, () => DriftDetector> = {
  adwin: () => new Adwin({ clock: 4 }),
  ddm: () => new Ddm({ warmStart: 10 }),
  eddm: () => new Eddm({ warmStart: 5, alpha: 0.9, beta: 0.8 }),
  'hddm-a': () => new HddmA({ twoSidedTest: true }),
  'hddm-w': () => new HddmW({ twoSidedTest: true }),
  kswin: () => new Kswin({ seed: 5, windowSize: 40, statSize: 15, alpha: 0.05 }),
  'page-hinkley': () => new PageHinkley({ threshold: 5, minInstances: 10 }),
};

function expectCorrupt(f: () => unknown, argument: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CorruptInputError);
    expect((e as CorruptInputError).code).toBe('CORRUPT_INPUT');
    expect((e as CorruptInputError).argument).toMatch(argument);
    return;
  }
  expect.fail('expected a CorruptInputError');
}

describe('round trip', () => {
  it('continues exactly after a JSON round trip at a random point', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(MAKERS)),
        fc.array(fc.constantFrom(0, 1, 1, 0.5), { minLength: 50, maxLength: 600 }),
        fc.nat(),
        (type, bits, at) => {
          const make = MAKERS[type] as () => DriftDetector;
          // Drift-prone data: a run of zeros, then the random bits.
          const data = [...new Array<number>(100).fill(0), ...bits];
          const cut = at % data.length;
          const a = make();
          for (let i = 0; i < cut; i++) a.update(data[i] as number);
          const state = a.toJSON();
          expect(state.type).toBe(type);
          expect(state.version).toBe(1);
          const b = detectorFromJSON(JSON.parse(JSON.stringify(state)));
          expect(b.constructor).toBe(a.constructor);
          for (let i = cut; i < data.length; i++) {
            const ra = a.update(data[i] as number);
            const rb = b.update(data[i] as number);
            if (ra !== rb) return false;
          }
          expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps infinities and the seed through JSON text', () => {
    const p = new PageHinkley();
    const s = JSON.parse(JSON.stringify(p)) as DetectorState;
    expect(s['minIncrease']).toBe('Infinity');
    expect(PageHinkley.fromJSON(s).toJSON()).toEqual(p.toJSON());
    const k = new Kswin();
    expect((JSON.parse(JSON.stringify(k)) as DetectorState).options['seed']).toBe(k.seed);
    expect(Kswin.fromJSON(JSON.parse(JSON.stringify(k))).seed).toBe(k.seed);
  });

  it('each class restores only its own type', () => {
    expectCorrupt(() => Adwin.fromJSON(new Ddm().toJSON()), /^state\.type$/);
    expectCorrupt(() => Kswin.fromJSON(new PageHinkley().toJSON()), /^state\.type$/);
  });
});

describe('corrupt states', () => {
  function fed(type: string): DetectorState {
    const d = (MAKERS[type] as () => DriftDetector)();
    for (let i = 0; i < 200; i++) d.update(i % 3 === 0 ? 1 : 0);
    return JSON.parse(JSON.stringify(d.toJSON())) as DetectorState;
  }

  it('rejects non-objects, unknown types and versions', () => {
    expectCorrupt(() => detectorFromJSON(null), /^state$/);
    expectCorrupt(() => detectorFromJSON('adwin'), /^state$/);
    expectCorrupt(() => detectorFromJSON([]), /^state$/);
    expectCorrupt(() => detectorFromJSON({ type: 'cusum', version: 1 }), /^state\.type$/);
    expectCorrupt(() => detectorFromJSON({ type: 'constructor', version: 1 }), /^state\.type$/);
    for (const type of Object.keys(MAKERS)) {
      expectCorrupt(() => detectorFromJSON({ ...fed(type), version: 2 }), /^state\.version$/);
      expectCorrupt(() => detectorFromJSON({ ...fed(type), options: 'x' }), /^state\.options$/);
      expectCorrupt(() => detectorFromJSON({ ...fed(type), driftDetected: 'no' }), /^state\.driftDetected$/);
    }
  });

  it('rejects missing or mistyped fields of every detector', () => {
    for (const type of Object.keys(MAKERS)) {
      const good = fed(type);
      for (const key of Object.keys(good)) {
        if (key === 'type' || key === 'version') continue;
        const missing: Record<string, unknown> = { ...good };
        delete missing[key];
        if (key === 'options') {
          expectCorrupt(() => detectorFromJSON(missing), /^state\.options/);
          continue;
        }
        expectCorrupt(() => detectorFromJSON(missing), new RegExp(`^state\\.${key}`));
        expectCorrupt(() => detectorFromJSON({ ...good, [key]: { nested: true } }), new RegExp(`^state\\.${key}`));
      }
    }
  });

  it('reports bad stored options as corruption naming the option', () => {
    const s = fed('adwin');
    expectCorrupt(() => detectorFromJSON({ ...s, options: { ...s.options, delta: 7 } }), /^state\.options\.delta$/);
    expectCorrupt(() => detectorFromJSON({ ...s, options: { ...s.options, speed: 1 } }), /^state\.options\.speed$/);
    const k = fed('kswin');
    const noSeed: Record<string, unknown> = { ...k.options };
    delete noSeed['seed'];
    expectCorrupt(() => detectorFromJSON({ ...k, options: noSeed }), /^state\.options\.seed$/);
  });

  it('checks ADWIN buckets against the window width', () => {
    const s = fed('adwin') as DetectorState & { rowCounts: number[]; bucketTotals: number[]; width: number };
    expectCorrupt(() => detectorFromJSON({ ...s, width: s.width + 1 }), /^state\.width$/);
    expectCorrupt(() => detectorFromJSON({ ...s, bucketTotals: s.bucketTotals.slice(1) }), /^state\.bucketTotals$/);
    expectCorrupt(() => detectorFromJSON({ ...s, rowCounts: [...s.rowCounts.slice(0, -1), 99] }), /^state\.rowCounts/);
    expectCorrupt(() => detectorFromJSON({ ...s, bucketTotals: s.bucketTotals.map(() => 'NaN') }), /^state\.bucketTotals\[0\]$/);
  });

  it('checks KSWIN window length and generator state', () => {
    const s = fed('kswin') as DetectorState & { window: number[]; rng: { mt: number[]; index: number } };
    expectCorrupt(() => detectorFromJSON({ ...s, window: new Array<number>(41).fill(0) }), /^state\.window$/);
    expectCorrupt(() => detectorFromJSON({ ...s, rng: { ...s.rng, index: -1 } }), /^state\.rng\.index$/);
    expectCorrupt(() => detectorFromJSON({ ...s, rng: { mt: s.rng.mt.slice(1), index: 0 } }), /^state\.rng\.mt$/);
  });
});
