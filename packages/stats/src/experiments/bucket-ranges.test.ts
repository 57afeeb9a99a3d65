import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { bucketRanges, chooseVariation, equalWeights, inNamespace } from './bucket-ranges.js';
import { gbHash } from './gb-hash.js';

function expectRanges(actual: [number, number][], expected: [number, number][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((r, i) => {
    const e = expected[i] as [number, number];
    expect(Math.abs(r[0] - e[0]), `range ${i} start`).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(r[1] - e[1]), `range ${i} end`).toBeLessThanOrEqual(1e-9);
  });
}

// GrowthBook sdk-js test/cases.json `getBucketRange`: [name, [numVariations, coverage, weights], expected].
const BUCKET_CASES: [string, [number, number, number[] | null], [number, number][]][] = [
  [
    'normal 50/50',
    [2, 1, null],
    [
      [0, 0.5],
      [0.5, 1],
    ],
  ],
  [
    'reduced coverage',
    [2, 0.5, null],
    [
      [0, 0.25],
      [0.5, 0.75],
    ],
  ],
  [
    'zero coverage',
    [2, 0, null],
    [
      [0, 0],
      [0.5, 0.5],
    ],
  ],
  [
    '4 variations',
    [4, 1, null],
    [
      [0, 0.25],
      [0.25, 0.5],
      [0.5, 0.75],
      [0.75, 1],
    ],
  ],
  [
    'uneven weights',
    [2, 1, [0.4, 0.6]],
    [
      [0, 0.4],
      [0.4, 1],
    ],
  ],
  [
    'uneven weights, 3 variations',
    [3, 1, [0.2, 0.3, 0.5]],
    [
      [0, 0.2],
      [0.2, 0.5],
      [0.5, 1],
    ],
  ],
  [
    'uneven weights, 3 variations, reduced coverage',
    [3, 0.2, [0.2, 0.3, 0.5]],
    [
      [0, 0.04],
      [0.2, 0.26],
      [0.5, 0.6],
    ],
  ],
  [
    'negative coverage',
    [2, -0.2, null],
    [
      [0, 0],
      [0.5, 0.5],
    ],
  ],
  [
    'coverage above 1',
    [2, 1.5, null],
    [
      [0, 0.5],
      [0.5, 1],
    ],
  ],
  [
    'weights sum below 1',
    [2, 1, [0.4, 0.1]],
    [
      [0, 0.5],
      [0.5, 1],
    ],
  ],
  [
    'weights sum above 1',
    [2, 1, [0.7, 0.6]],
    [
      [0, 0.5],
      [0.5, 1],
    ],
  ],
  [
    'weights and num variations mismatch',
    [4, 1, [0.4, 0.4, 0.2]],
    [
      [0, 0.25],
      [0.25, 0.5],
      [0.5, 0.75],
      [0.75, 1],
    ],
  ],
  [
    'weights sum almost equals 1',
    [2, 1, [0.4, 0.5999]],
    [
      [0, 0.4],
      [0.4, 0.9999],
    ],
  ],
];

describe('bucketRanges', () => {
  it.each(BUCKET_CASES)('%s (GrowthBook cases.json)', (_name, [k, coverage, weights], expected) => {
    expectRanges(bucketRanges(k, coverage, weights ?? undefined), expected);
  });

  it('defaults to full coverage and equal weights', () => {
    expectRanges(bucketRanges(3), [
      [0, 1 / 3],
      [1 / 3, 2 / 3],
      [2 / 3, 1],
    ]);
  });

  it('keeps every range anchored at its cumulative start as coverage grows', () => {
    const w = [0.1, 0.3, 0.6];
    for (const c of [0, 0.1, 0.5, 0.9, 1]) {
      const r = bucketRanges(3, c, w);
      expectRanges(
        r.map((x) => [x[0], x[0]]),
        [
          [0, 0],
          [0.1, 0.1],
          [0.4, 0.4],
        ],
      );
      r.forEach((x, i) => expect(Math.abs(x[1] - x[0] - c * (w[i] as number))).toBeLessThan(1e-12));
    }
  });

  it('falls back to equal weights when the weights sum to NaN', () => {
    expectRanges(bucketRanges(2, 1, [Number.NaN, 0.5]), [
      [0, 0.5],
      [0.5, 1],
    ]);
  });

  it('rejects a non-integer count and a non-finite coverage', () => {
    expect(() => bucketRanges(2.5)).toThrow(InvalidArgumentError);
    expect(() => bucketRanges(2, Number.NaN)).toThrow(/coverage/);
  });
});

describe('equalWeights', () => {
  it('matches GrowthBook cases.json getEqualWeights', () => {
    expect(equalWeights(-1)).toEqual([]);
    expect(equalWeights(0)).toEqual([]);
    expect(equalWeights(1)).toEqual([1]);
    expect(equalWeights(2)).toEqual([0.5, 0.5]);
    expectRanges(
      equalWeights(3).map((w) => [w, w]),
      [
        [1 / 3, 1 / 3],
        [1 / 3, 1 / 3],
        [1 / 3, 1 / 3],
      ],
    );
    expect(equalWeights(4)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('chooseVariation', () => {
  // GrowthBook sdk-js test/cases.json `chooseVariation`: [name, n, ranges, expected].
  const even: [number, number][] = [
    [0, 0.5],
    [0.5, 1],
  ];
  const reduced: [number, number][] = [
    [0, 0.25],
    [0.5, 0.75],
  ];
  const zeroWidth: [number, number][] = [
    [0, 0.5],
    [0.5, 0.5],
    [0.5, 1],
  ];
  const cases: [string, number, [number, number][], number][] = [
    ['even range, 0.2', 0.2, even, 0],
    ['even range, 0.4', 0.4, even, 0],
    ['even range, 0.6', 0.6, even, 1],
    ['even range, 0.8', 0.8, even, 1],
    ['even range, 0', 0, even, 0],
    ['even range, 0.5', 0.5, even, 1],
    ['reduced range, 0.2', 0.2, reduced, 0],
    ['reduced range, 0.4', 0.4, reduced, -1],
    ['reduced range, 0.6', 0.6, reduced, 1],
    ['reduced range, 0.8', 0.8, reduced, -1],
    ['reduced range, 0.25', 0.25, reduced, -1],
    ['reduced range, 0.5', 0.5, reduced, 1],
    ['zero range', 0.5, zeroWidth, 2],
  ];
  it.each(cases)('%s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });

  it('returns -1 for no ranges and for n = 1', () => {
    expect(chooseVariation(0.3, [])).toBe(-1);
    expect(chooseVariation(1, even)).toBe(-1);
  });
});

describe('inNamespace', () => {
  // GrowthBook sdk-js test/cases.json `inNamespace`: [id, [namespace, start, end], expected].
  const cases: [string, [string, number, number], boolean][] = [
    ['1', ['namespace1', 0, 0.4], false],
    ['1', ['namespace1', 0.4, 1], true],
    ['1', ['namespace2', 0, 0.4], false],
    ['1', ['namespace2', 0.4, 1], true],
    ['2', ['namespace1', 0, 0.4], false],
    ['2', ['namespace1', 0.4, 1], true],
    ['2', ['namespace2', 0, 0.4], false],
    ['2', ['namespace2', 0.4, 1], true],
    ['3', ['namespace1', 0, 0.4], false],
    ['3', ['namespace1', 0.4, 1], true],
    ['3', ['namespace2', 0, 0.4], true],
    ['3', ['namespace2', 0.4, 1], false],
    ['4', ['namespace1', 0, 0.4], false],
    ['4', ['namespace1', 0.4, 1], true],
    ['4', ['namespace2', 0, 0.4], true],
    ['4', ['namespace2', 0.4, 1], false],
  ];
  it.each(cases)('id %s in %j is %s', (id, ns, expected) => {
    expect(inNamespace(id, ns)).toBe(expected);
  });

  it('hashes "__" + namespace with version 1 (the hashes worked out in the reference notes)', () => {
    const expected: [string, string, number][] = [
      ['1', 'namespace1', 0.68],
      ['1', 'namespace2', 0.537],
      ['2', 'namespace1', 0.669],
      ['2', 'namespace2', 0.812],
      ['3', 'namespace1', 0.954],
      ['3', 'namespace2', 0.335],
      ['4', 'namespace1', 0.471],
      ['4', 'namespace2', 0.09],
    ];
    for (const [id, ns, h] of expected) expect(Math.abs((gbHash(`__${ns}`, id, 1) as number) - h)).toBeLessThanOrEqual(1e-9);
  });
});

describe('assignment end to end (GrowthBook cases.json `run`)', () => {
  // Experiment key "my-test", variations [0, 1], attributes.id "1".."9", hashVersion 1 (the default).
  const ids = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const assign = (seed: string, id: string, version: 1 | 2, weights?: number[]): number =>
    chooseVariation(gbHash(seed, id, version) as number, bucketRanges(2, 1, weights));

  it('hashes ids 1..9 to the v1 values worked out in the reference notes', () => {
    const hashes = [0.969, 0.122, 0.095, 0.848, 0.653, 0.99, 0.067, 0.516, 0.249];
    ids.forEach((id, i) => expect(Math.abs((gbHash('my-test', id, 1) as number) - (hashes[i] as number))).toBeLessThanOrEqual(1e-9));
  });

  it('assigns 1,0,0,1,1,1,0,1,0 at 50/50', () => {
    expect(ids.map((id) => assign('my-test', id, 1))).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 0]);
  });

  it('assigns 1,1,0,1,1,1,0,1,1 with weights [0.1, 0.9]', () => {
    expect(ids.map((id) => assign('my-test', id, 1, [0.1, 0.9]))).toEqual([1, 1, 0, 1, 1, 1, 0, 1, 1]);
  });

  it('uses the seed and hash version: {key "key", seed "foo", hashVersion 2, id "1"} gets variation 1', () => {
    expect(assign('foo', '1', 2)).toBe(1);
  });
});
