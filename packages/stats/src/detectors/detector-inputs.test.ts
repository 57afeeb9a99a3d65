// Option and input validation of every detector, and the river defaults they start from.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import type { StatsError } from '../errors.js';
import { Adwin } from './adwin.js';
import { Ddm } from './ddm.js';
import type { DriftDetector } from './drift-detector.js';
import { Eddm } from './eddm.js';
import { HddmA } from './hddm-a.js';
import { HddmW } from './hddm-w.js';
import { Kswin } from './kswin.js';
import { PageHinkley } from './page-hinkley.js';

function expectInvalid(f: () => unknown, argument: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as StatsError).code).toBe('INVALID_ARGUMENT');
    expect((e as StatsError).argument).toBe(argument);
    return;
  }
  expect.fail(`expected an InvalidArgumentError naming ${argument}`);
}

const ALL: Record<string, (o?: Record<string, unknown>) => DriftDetector> = {
  Adwin: (o) => new Adwin(o),
  Ddm: (o) => new Ddm(o),
  Eddm: (o) => new Eddm(o),
  HddmA: (o) => new HddmA(o),
  HddmW: (o) => new HddmW(o),
  Kswin: (o) => new Kswin({ seed: 1, ...o }),
  PageHinkley: (o) => new PageHinkley(o),
};

describe('defaults', () => {
  it('follow river', () => {
    const a = new Adwin();
    expect([a.delta, a.clock, a.maxBuckets, a.minWindowLength, a.gracePeriod]).toEqual([0.002, 32, 5, 5, 10]);
    const d = new Ddm();
    expect([d.warmStart, d.warningThreshold, d.driftThreshold]).toEqual([30, 2, 3]);
    const e = new Eddm();
    expect([e.warmStart, e.alpha, e.beta]).toEqual([30, 0.95, 0.9]);
    const ha = new HddmA();
    expect([ha.driftConfidence, ha.warningConfidence, ha.twoSidedTest]).toEqual([0.001, 0.005, false]);
    const hw = new HddmW();
    expect([hw.driftConfidence, hw.warningConfidence, hw.lambdaVal, hw.twoSidedTest]).toEqual([0.001, 0.005, 0.05, false]);
    const k = new Kswin();
    expect([k.alpha, k.windowSize, k.statSize]).toEqual([0.005, 100, 30]);
    expect(Number.isInteger(k.seed)).toBe(true);
    const p = new PageHinkley();
    expect([p.minInstances, p.delta, p.threshold, p.alpha, p.mode]).toEqual([30, 0.005, 50, 1 - 0.0001, 'both']);
  });
});

describe('invalid options', () => {
  it('unknown options name themselves', () => {
    for (const make of Object.values(ALL)) expectInvalid(() => make({ bogus: 1 }), 'options.bogus');
    expectInvalid(() => new Adwin('fast' as never), 'options');
  });

  it('out-of-range values name the option', () => {
    expectInvalid(() => new Adwin({ delta: 0 }), 'options.delta');
    expectInvalid(() => new Adwin({ delta: 1.5 }), 'options.delta');
    expectInvalid(() => new Adwin({ clock: 0 }), 'options.clock');
    expectInvalid(() => new Adwin({ clock: 2.5 }), 'options.clock');
    expectInvalid(() => new Adwin({ maxBuckets: 0 }), 'options.maxBuckets');
    expectInvalid(() => new Adwin({ minWindowLength: 0 }), 'options.minWindowLength');
    expectInvalid(() => new Adwin({ gracePeriod: -1 }), 'options.gracePeriod');
    expectInvalid(() => new Ddm({ warmStart: -1 }), 'options.warmStart');
    expectInvalid(() => new Ddm({ driftThreshold: Number.NaN }), 'options.driftThreshold');
    expectInvalid(() => new Ddm({ warningThreshold: '2' as never }), 'options.warningThreshold');
    expectInvalid(() => new Eddm({ alpha: 0.8, beta: 0.9 }), 'options.alpha');
    expectInvalid(() => new Eddm({ beta: 1.2 }), 'options.beta');
    expectInvalid(() => new HddmA({ driftConfidence: 0 }), 'options.driftConfidence');
    expectInvalid(() => new HddmA({ twoSidedTest: 'yes' as never }), 'options.twoSidedTest');
    expectInvalid(() => new HddmW({ lambdaVal: 1.5 }), 'options.lambdaVal');
    expectInvalid(() => new HddmW({ warningConfidence: 1 }), 'options.warningConfidence');
    expectInvalid(() => new Kswin({ alpha: -0.1 }), 'options.alpha');
    expectInvalid(() => new Kswin({ windowSize: 50, statSize: 30 }), 'options.statSize');
    expectInvalid(() => new Kswin({ seed: 0.5 }), 'options.seed');
    expectInvalid(() => new Kswin({ window: [1, Number.NaN] }), 'options.window[1]');
    expectInvalid(() => new PageHinkley({ mode: 'sideways' as never }), 'options.mode');
    expectInvalid(() => new PageHinkley({ alpha: 2 }), 'options.alpha');
    expectInvalid(() => new PageHinkley({ threshold: Number.POSITIVE_INFINITY }), 'options.threshold');
  });
});

describe('streamed values', () => {
  it('NaN and infinities are refused by every detector, never absorbed', () => {
    for (const make of Object.values(ALL)) {
      const d = make();
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1' as never, undefined as never]) {
        expectInvalid(() => d.update(bad), 'x');
      }
      d.update(0);
      expect(d.driftDetected).toBe(false);
    }
  });

  it('binary detectors refuse values outside [0, 1] and take booleans', () => {
    for (const make of [ALL['Ddm'], ALL['Eddm'], ALL['HddmA'], ALL['HddmW']]) {
      const d = (make as () => DriftDetector)();
      expectInvalid(() => d.update(2), 'x');
      expectInvalid(() => d.update(-0.1), 'x');
      const a = (make as () => DriftDetector)();
      const b = (make as () => DriftDetector)();
      for (let i = 0; i < 300; i++) {
        const bit = (i * 7919) % 13 < 4;
        expect(a.update(bit)).toBe(b.update(bit ? 1 : 0));
      }
    }
  });

  it('KSWIN starts from a given window, keeping its newest windowSize values', () => {
    const k = new Kswin({ seed: 3, windowSize: 10, statSize: 5, window: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] });
    expect(k.window).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(k.n).toBe(0);
    k.update(12);
    expect(k.window).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(k.pValue).toBeGreaterThanOrEqual(0);
    expect(k.pValue).toBeLessThanOrEqual(1);
  });

  it('ADWIN reports river’s helper-local nDetections: 1 right after a drift, 0 after the reset', () => {
    const d = new Adwin();
    let i = 0;
    while (!d.update(i < 1000 ? 0 : 10).drift) i++;
    expect(d.nDetections).toBe(1);
    expect(d.width).toBeLessThan(i + 1);
    d.update(10);
    expect(d.nDetections).toBe(0);
    expect(d.width).toBe(1);
    expect(d.estimation).toBe(10);
  });
});

describe('properties', () => {
  it('no detector signals a drift on a constant stream', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(ALL)), fc.constantFrom(0, 1), fc.integer({ min: 1, max: 3000 }), (name, value, n) => {
        const d = (ALL[name] as () => DriftDetector)();
        for (let i = 0; i < n; i++) if (d.update(value).drift) return false;
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('KSWIN p-values stay in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 60, maxLength: 200 }), fc.integer(), (xs, seed) => {
        const k = new Kswin({ seed, windowSize: 40, statSize: 20, alpha: 0.05 });
        for (const x of xs) {
          k.update(x);
          if (!(k.pValue >= 0 && k.pValue <= 1)) return false;
        }
        return true;
      }),
      { numRuns: 25 },
    );
  });
});
