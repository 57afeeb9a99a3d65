// The SDK's own assignment against GrowthBook's sdk-js cases.json vectors (specVersion 0.8.0, as
// listed in the reference notes): hashes, bucket ranges, variation choice and end-to-end runs.

import { describe, expect, it } from 'vitest';
import { assignVariant, bucketRanges, chooseVariation, fnv1a32, gbHash } from './experiment-assignment.js';

describe('GrowthBook hashing', () => {
  it('matches cases.json hash vectors', () => {
    const cases: [string, string, number, number | null][] = [
      ['', 'a', 1, 0.22],
      ['', 'b', 1, 0.077],
      ['b', 'a', 1, 0.946],
      ['ef', 'd', 1, 0.652],
      ['asdf', '8952klfjas09ujk', 1, 0.549],
      ['', '123', 1, 0.011],
      ['', '___)((*":&', 1, 0.563],
      ['seed', 'a', 2, 0.0505],
      ['seed', 'b', 2, 0.2696],
      ['foo', 'ab', 2, 0.2575],
      ['foo', 'def', 2, 0.2019],
      ['89123klj', '8952klfjas09ujkasdf', 2, 0.124],
      ['90850943850283058242805', '123', 2, 0.7516],
      ['()**(%$##$%#$#', '___)((*":&', 2, 0.0128],
      ['abc', 'def', 99, null],
    ];
    for (const [seed, value, version, expected] of cases) expect(gbHash(seed, value, version), `${seed} ${value} v${version}`).toBe(expected);
    // FNV-1a 32 of "a": the published test vector.
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });

  it('matches cases.json bucket ranges', () => {
    const round = (r: [number, number][]) => r.map(([a, b]) => [Math.round(a * 1e6) / 1e6, Math.round(b * 1e6) / 1e6]);
    expect(round(bucketRanges(2, 1))).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
    expect(round(bucketRanges(2, 0.5))).toEqual([
      [0, 0.25],
      [0.5, 0.75],
    ]);
    expect(round(bucketRanges(2, 0))).toEqual([
      [0, 0],
      [0.5, 0.5],
    ]);
    expect(round(bucketRanges(3, 0.2, [0.2, 0.3, 0.5]))).toEqual([
      [0, 0.04],
      [0.2, 0.26],
      [0.5, 0.6],
    ]);
    expect(round(bucketRanges(2, -0.2))).toEqual([
      [0, 0],
      [0.5, 0.5],
    ]);
    expect(round(bucketRanges(2, 1.5))).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
    expect(round(bucketRanges(2, 1, [0.4, 0.1]))).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
    expect(round(bucketRanges(4, 1, [0.4, 0.4, 0.2]))).toEqual([
      [0, 0.25],
      [0.25, 0.5],
      [0.5, 0.75],
      [0.75, 1],
    ]);
    expect(round(bucketRanges(2, 1, [0.4, 0.5999]))).toEqual([
      [0, 0.4],
      [0.4, 0.9999],
    ]);
  });

  it('matches cases.json variation choice', () => {
    const even: [number, number][] = [
      [0, 0.5],
      [0.5, 1],
    ];
    expect([0.2, 0.4, 0.6, 0.8, 0, 0.5].map((n) => chooseVariation(n, even))).toEqual([0, 0, 1, 1, 0, 1]);
    const reduced: [number, number][] = [
      [0, 0.25],
      [0.5, 0.75],
    ];
    expect([0.2, 0.4, 0.6, 0.8, 0.25, 0.5].map((n) => chooseVariation(n, reduced))).toEqual([0, -1, 1, -1, -1, 1]);
    expect(
      chooseVariation(0.5, [
        [0, 0.5],
        [0.5, 0.5],
        [0.5, 1],
      ]),
    ).toBe(2);
  });

  it('assigns as GrowthBook runs "my-test" (hash v1) and a seeded v2 experiment', () => {
    const def = {
      name: 'my-test',
      key: null,
      hashVersion: 1 as const,
      coverage: 1,
      status: 'running',
      variants: [0, 1].map((i) => ({ name: `v${i}`, weight: 0.5 })),
    };
    expect(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((id) => assignVariant(def, id).index)).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 0]);
    const weighted = {
      ...def,
      variants: [
        { name: 'a', weight: 0.1 },
        { name: 'b', weight: 0.9 },
      ],
    };
    expect(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((id) => assignVariant(weighted, id).index)).toEqual([1, 1, 0, 1, 1, 1, 0, 1, 1]);
    expect(assignVariant({ ...def, name: 'key', key: 'foo', hashVersion: 2 }, '1')).toMatchObject({ index: 1, variant: 'v1' });
    expect(assignVariant({ ...def, status: 'stopped' }, '1')).toMatchObject({ index: -1, variant: null });
  });
});
