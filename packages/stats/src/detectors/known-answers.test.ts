// Every detector against river's published answers (notes §1.9) and against the Python model of
// river's current source (fixtures/gen_detectors.py), with a JSON round trip in the middle of each stream.

import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { Adwin } from './adwin.js';
import { Ddm } from './ddm.js';
import { detectorFromJSON } from './detector-from-json.js';
import type { DriftDetector } from './drift-detector.js';
import { Eddm } from './eddm.js';
import { HddmA } from './hddm-a.js';
import { HddmW } from './hddm-w.js';
import { Kswin } from './kswin.js';
import { PageHinkley } from './page-hinkley.js';

type Stream = number[];
const streams = loadSharedReference<Record<string, { data: Stream }>>('river_streams.json');
function stream(prefix: string): Stream {
  const key = Object.keys(streams).find((k) => k.startsWith(`${prefix}_`));
  if (key === undefined) throw new Error(`no stream ${prefix}`);
  return (streams[key] as { data: Stream }).data;
}

interface Run {
  drifts: number[];
  warnings: number[];
  detector: DriftDetector;
}

/** Runs a stream, optionally persisting the detector as JSON text at `saveAt` and going on with the copy. */
function run(make: () => DriftDetector, data: ArrayLike<number>, saveAt = -1): Run {
  let d = make();
  const drifts: number[] = [];
  const warnings: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (i === saveAt) d = detectorFromJSON(JSON.parse(JSON.stringify(d.toJSON())));
    const r = d.update(data[i] as number);
    if (r.drift !== d.driftDetected || r.warning !== d.warningDetected) expect.fail(`update ${i}: result and properties disagree`);
    if (r.drift) drifts.push(i);
    if (r.warning) warnings.push(i);
  }
  return { drifts, warnings, detector: d };
}

/** river's docstring protocol: the first warning after start or after a drift, and every drift. */
function printed(make: () => DriftDetector, data: ArrayLike<number>, saveAt = -1): string[] {
  let d = make();
  const out: string[] = [];
  let printWarning = true;
  for (let i = 0; i < data.length; i++) {
    if (i === saveAt) d = detectorFromJSON(JSON.parse(JSON.stringify(d)));
    d.update(data[i] as number);
    if (d.warningDetected && printWarning) {
      out.push(`warning ${i}`);
      printWarning = false;
    }
    if (d.driftDetected) {
      out.push(`drift ${i}`);
      printWarning = true;
    }
  }
  return out;
}

/** Checks the indices with no save and with a save at several points of the stream. */
function expectDrifts(make: () => DriftDetector, data: ArrayLike<number>, expected: number[]): void {
  for (const saveAt of [-1, 1, 17, Math.floor(data.length / 3), ...expected, ...expected.map((e) => e + 1)]) {
    expect(run(make, data, saveAt).drifts, `saved at ${saveAt}`).toEqual(expected);
  }
}

describe('river known answers (notes §1.9)', () => {
  const A = stream('A');
  const B = stream('B');
  const C = stream('C');
  const S1 = stream('S1');
  const S2 = stream('S2');
  const S3 = stream('S3');

  it('ADWIN on A, S1, C and a constant stream', () => {
    expectDrifts(() => new Adwin(), A, [1023]);
    expect(A[1023]).toBe(4);
    expectDrifts(() => new Adwin(), S1, [1023]);
    expectDrifts(() => new Adwin(), C, [1023, 2015, 3007]);
    expectDrifts(() => new Adwin(), new Float64Array(5000).fill(1), []);
  });

  it('ADWIN totals on [1, 2, 3, 4, 5]', () => {
    const d = new Adwin();
    for (const x of [1, 2, 3, 4, 5]) d.update(x);
    expect(d.total).toBe(15);
    expect(d.estimation).toBe(3);
    expect(d.width).toBe(5);
    expectClose(d.variance, 10);
  });

  it('PageHinkley on A and S3 in every mode', () => {
    expectDrifts(() => new PageHinkley(), A, [1006]);
    expect(A[1006]).toBe(5);
    expectDrifts(() => new PageHinkley({ mode: 'up' }), S3, [588, 1681]);
    expectDrifts(() => new PageHinkley({ mode: 'down' }), S3, [1172]);
    expectDrifts(() => new PageHinkley({ mode: 'both' }), S3, [588, 1097, 1585]);
  });

  it('KSWIN on A and S1', () => {
    expectDrifts(() => new Kswin({ alpha: 0.0001, seed: 42 }), A, [1016]);
    expect(A[1016]).toBe(6);
    expectDrifts(() => new Kswin({ alpha: 0.0001, windowSize: 200, statSize: 100, seed: 42 }), S1, [1042]);
  });

  it('DDM on B (docstring protocol), S2 and all ones', () => {
    for (const saveAt of [-1, 500, 1084, 1085, 1334, 1335, 1492]) {
      expect(printed(() => new Ddm(), B, saveAt)).toEqual(['warning 1084', 'drift 1334', 'warning 1492']);
    }
    expectDrifts(() => new Ddm(), S2, [1049]);
    expectDrifts(() => new Ddm(), new Array<number>(1000).fill(1), []);
  });

  it('EDDM on B (docstring protocol) and S2', () => {
    for (const saveAt of [-1, 31, 1059, 1060, 1278, 1279]) {
      expect(printed(() => new Eddm({ alpha: 0.8, beta: 0.75 }), B, saveAt)).toEqual(['warning 1059', 'drift 1278']);
    }
    expectDrifts(() => new Eddm({ alpha: 0.9, beta: 0.8 }), S2, [1059]);
  });

  it('HDDM_A on B (docstring protocol), S2 and S3 two-sided', () => {
    for (const saveAt of [-1, 451, 452, 1206, 1207]) {
      expect(printed(() => new HddmA(), B, saveAt)).toEqual(['warning 451', 'drift 1206']);
    }
    expectDrifts(() => new HddmA(), S2, [1047]);
    expectDrifts(() => new HddmA({ twoSidedTest: true }), S3, [531, 1015, 1545]);
  });

  it('HDDM_W on B (docstring protocol), S2 and S3 two-sided', () => {
    for (const saveAt of [-1, 451, 452, 1077, 1078]) {
      expect(printed(() => new HddmW(), B, saveAt)).toEqual(['warning 451', 'drift 1077']);
    }
    expectDrifts(() => new HddmW(), S2, [1018]);
    expectDrifts(() => new HddmW({ twoSidedTest: true }), S3, [507, 1032, 1508]);
  });
});

interface Case {
  detector: string;
  options: Record<string, unknown>;
  stream: string;
  drifts: number[];
  warnings: number[];
  final?: Record<string, number>;
}
const fixture = loadFixture<{ streams: Record<string, string | number[]>; cases: Case[] }>('detectors');

function decodeStream(s: string | number[]): Float64Array {
  if (typeof s !== 'string') return Float64Array.from(s);
  const out = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) - 48;
  return out;
}

const FACTORIES: Record<string, (o: Record<string, unknown>) => DriftDetector> = {
  adwin: (o) => new Adwin(o),
  ddm: (o) => new Ddm(o),
  eddm: (o) => new Eddm(o),
  'hddm-a': (o) => new HddmA(o),
  'hddm-w': (o) => new HddmW(o),
  kswin: (o) => new Kswin(o),
  'page-hinkley': (o) => new PageHinkley(o),
};

describe('Python model of river on seeded streams (fixtures/detectors.json)', () => {
  fixture.cases.forEach((c, i) => {
    it(`case ${i}: ${c.detector} ${JSON.stringify(c.options)} on ${c.stream}`, () => {
      const data = decodeStream(fixture.streams[c.stream] as string | number[]);
      const make = (): DriftDetector => (FACTORIES[c.detector] as (o: Record<string, unknown>) => DriftDetector)(c.options);
      const plain = run(make, data);
      expect(plain.drifts).toEqual(c.drifts);
      expect(plain.warnings).toEqual(c.warnings);
      const saved = run(make, data, c.drifts[0] !== undefined ? c.drifts[0] + 1 : Math.floor(data.length / 2));
      expect(saved.drifts).toEqual(c.drifts);
      expect(saved.warnings).toEqual(c.warnings);
      if (c.detector === 'adwin' && c.final) {
        const d = plain.detector as Adwin;
        expect(d.width).toBe(c.final['width']);
        expect(d.nDetections).toBe(c.final['nDetections']);
        expect(d.total).toBe(c.final['total']);
        expect(d.variance).toBe(c.final['variance']);
      }
      if (c.detector === 'kswin' && c.final) {
        const d = plain.detector as Kswin;
        expect(d.n).toBe(c.final['n']);
        expectClose(d.pValue, c.final['pValue'] as number, {}, 'pValue');
      }
    });
  });
});
