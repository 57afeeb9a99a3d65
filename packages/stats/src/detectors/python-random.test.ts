// Python's random.Random port against values printed by CPython 3.11 (fixtures/gen_detectors.py).

import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures.js';
import { CorruptInputError, InvalidArgumentError } from '../errors.js';
import { PythonRandom } from './python-random.js';

interface RandomCase {
  seed: number;
  random: number[];
  getrandbits: [number, number][];
  samples: { n: number; k: number; out: number[] }[];
  randomAfter: number;
}
const { pythonRandom } = loadFixture<{ pythonRandom: RandomCase[] }>('detectors');

describe('PythonRandom', () => {
  for (const c of pythonRandom) {
    it(`reproduces random.Random(${c.seed})`, () => {
      const r = new PythonRandom(c.seed);
      expect(c.random.map(() => r.random())).toEqual(c.random);
      for (const [k, v] of c.getrandbits) expect(r.getrandbits(k)).toBe(v);
      for (const s of c.samples) expect(Array.from(r.sampleRange(s.n, s.k))).toEqual(s.out);
      expect(r.random()).toBe(c.randomAfter);
    });
  }

  it('continues identically after a state round trip', () => {
    const a = new PythonRandom(42);
    for (let i = 0; i < 700; i++) a.random();
    const b = new PythonRandom(0);
    b.setState(JSON.parse(JSON.stringify(a.getState())), 'rng');
    for (let i = 0; i < 1000; i++) expect(b.uint32()).toBe(a.uint32());
  });

  it('rejects bad seeds, sample sizes and states', () => {
    expect(() => new PythonRandom(1.5)).toThrow(InvalidArgumentError);
    expect(() => new PythonRandom(0).sampleRange(3, 4)).toThrow(InvalidArgumentError);
    const r = new PythonRandom(0);
    expect(() => r.setState({ mt: [1, 2], index: 0 }, 'rng')).toThrow(CorruptInputError);
    expect(() => r.setState({ mt: new Array(624).fill(0), index: 700 }, 'rng')).toThrow(/rng\.index/);
    expect(() => r.setState({ mt: new Array(624).fill(-1), index: 0 }, 'rng')).toThrow(/rng\.mt\[0\]/);
    expect(() => r.setState(null, 'rng')).toThrow(CorruptInputError);
  });
});
