import { EmptySampleError, createRng, hellingerDistance, jensenShannonDistance, ks2Samp, psi, wassersteinDistance } from '@vigil/stats';
import type { Rng } from '@vigil/stats';
import { describe, expect, it } from 'vitest';
import { ColumnProfile } from './column-profile.js';
import { categoricalProfileDrift, numericDriftScore, numericProfileDrift, prepareNumericReference } from './profile-drift.js';

type Gen = (rng: Rng) => number;
const SCENARIOS: Array<[string, Gen, Gen]> = [
  ['same normal', (r) => r.normal(), (r) => r.normal()],
  ['shift 0.05 sd', (r) => r.normal(), (r) => 0.05 + r.normal()],
  ['shift 0.3 sd, wider', (r) => r.normal(), (r) => 0.3 + 1.2 * r.normal()],
  ['lognormal vs lognormal', (r) => Math.exp(r.normal()), (r) => Math.exp(0.1 + r.normal())],
  ['uniform vs beta-ish', (r) => r.next(), (r) => Math.sqrt(r.next())],
  ['integers 0..20 (ties)', (r) => r.int(21), (r) => Math.min(20, r.int(21) + (r.next() < 0.1 ? 1 : 0))],
];

/** A profile built as a server would: many workers' partial profiles merged. */
function mergedProfile(values: Float64Array, parts: number, seed: number): ColumnProfile {
  let acc: ColumnProfile | null = null;
  const size = Math.ceil(values.length / parts);
  for (let p = 0; p < parts; p++) {
    const part = new ColumnProfile({ seed: seed + p }).updateNumbers(values.subarray(p * size, (p + 1) * size));
    acc = acc === null ? part : ColumnProfile.merge(acc, part);
  }
  return acc!;
}

/** Exact shares of raw data in the intervals (−∞, e1], (e1, e2], …, (e_last, ∞), as the sketch pmf counts. */
function exactShares(values: Float64Array, edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let i = 0;
    while (i < edges.length && v > edges[i]!) i++;
    counts[i]!++;
  }
  return counts.map((c) => c / values.length);
}

describe('drift between profiles, against the exact values on the raw data', () => {
  // 6 scenarios × 5 seeds of 40 000 + 40 000 values, each side merged from 8 partial profiles.
  const trials: Array<{ name: string; ks: number; ksBound: number; w: number; wBound: number; psi: number; js: number; hellinger: number }> = [];
  for (const [name, genA, genB] of SCENARIOS) {
    for (let seed = 0; seed < 5; seed++) {
      const rng = createRng(1000 * seed + name.length);
      const a = Float64Array.from({ length: 40_000 }, () => genA(rng));
      const b = Float64Array.from({ length: 40_000 }, () => genB(rng));
      const drift = numericProfileDrift(mergedProfile(a, 8, seed), mergedProfile(b, 8, seed + 100));
      const exactA = exactShares(a, drift.binEdges);
      const exactB = exactShares(b, drift.binEdges);
      trials.push({
        name,
        ks: Math.abs(drift.ks.value - ks2Samp(a, b).statistic),
        ksBound: drift.ks.errorBound,
        w: Math.abs(drift.wasserstein.value - wassersteinDistance(a, b)),
        wBound: drift.wasserstein.errorBound,
        psi: Math.abs(drift.psi - psi(exactA, exactB, { epsilon: 1e-4 })),
        js: Math.abs(drift.jensenShannon - jensenShannonDistance(exactA, exactB, { base: 2 })),
        hellinger: Math.abs(drift.hellinger - hellingerDistance(exactA, exactB)),
      });
    }
  }

  it('KS from merged k = 1024 profiles is within ε_A + ε_B (≈ 0.0054) of the exact D in ≥ 98 % of trials', () => {
    const within = trials.filter((t) => t.ks <= t.ksBound).length;
    expect(trials[0]!.ksBound).toBeCloseTo(0.0054, 3);
    expect(within / trials.length).toBeGreaterThanOrEqual(0.98);
  });

  it('Wasserstein from the sketches is within (ε_A + ε_B)·range of the exact distance', () => {
    for (const t of trials) expect(t.w, t.name).toBeLessThanOrEqual(t.wBound);
  });

  it('PSI, JS and Hellinger over 10 reference-quantile bins stay within 0.005, 0.01 and 0.01 of exact', () => {
    for (const t of trials) {
      expect(t.psi, `${t.name} psi`).toBeLessThanOrEqual(0.005);
      expect(t.js, `${t.name} js`).toBeLessThanOrEqual(0.01);
      expect(t.hellinger, `${t.name} hellinger`).toBeLessThanOrEqual(0.01);
    }
    if (process.env.VIGIL_PRINT_BOUNDS) {
      const max = (k: 'ks' | 'w' | 'psi' | 'js' | 'hellinger'): number => Math.max(...trials.map((t) => t[k]));
      console.log(JSON.stringify({ ks: max('ks'), psi: max('psi'), js: max('js'), hellinger: max('hellinger') }));
    }
  });

  it('flags drift in the drifted scenarios and not in the same-distribution one', () => {
    const rng = createRng(9);
    const ref = mergedProfile(
      Float64Array.from({ length: 40_000 }, () => rng.normal()),
      4,
      1,
    );
    const same = mergedProfile(
      Float64Array.from({ length: 40_000 }, () => rng.normal()),
      4,
      2,
    );
    const moved = mergedProfile(
      Float64Array.from({ length: 40_000 }, () => 0.5 + rng.normal()),
      4,
      3,
    );
    const none = numericProfileDrift(ref, same);
    const drifted = numericProfileDrift(ref, moved);
    expect(none.psi).toBeLessThan(0.1);
    expect(drifted.psi).toBeGreaterThanOrEqual(0.2);
    expect(none.ks.value).toBeLessThan(0.02);
    expect(drifted.ks.value).toBeGreaterThan(0.15);
  });

  it('gives a KS p-value only while both sketches are exact, and says why otherwise', () => {
    const small = numericProfileDrift(new ColumnProfile().updateNumbers([1, 2, 3, 4, 5]), new ColumnProfile().updateNumbers([3, 4, 5, 6, 7, 8]));
    expect(small.ks.value).toBe(0.5);
    expect(small.ks.errorBound).toBe(0);
    expect(small.ks.pvalue).not.toBeNull();
    const rng = createRng(4);
    const big = numericProfileDrift(
      new ColumnProfile().updateNumbers(Float64Array.from({ length: 100_000 }, () => rng.normal())),
      new ColumnProfile().updateNumbers(Float64Array.from({ length: 100_000 }, () => rng.normal())),
    );
    expect(big.ks.pvalue).toBeNull();
    expect(big.ks.pvalueNote).toMatch(/judge drift on D/);
  });

  it('rejects a profile without numbers with a typed error naming the side', () => {
    const p = new ColumnProfile().updateNumbers([1, 2, 3]);
    expect(() => numericProfileDrift(new ColumnProfile(), p)).toThrow(EmptySampleError);
    expect(() => numericProfileDrift(p, new ColumnProfile())).toThrow(/^current/);
  });
});

describe('numericDriftScore against a prepared reference', () => {
  it("equals numericProfileDrift's Wasserstein distance and PSI, sketches exact or not", () => {
    for (const [name, genA, genB] of SCENARIOS) {
      const rng = createRng(name.length);
      const reference = mergedProfile(
        Float64Array.from({ length: 30_000 }, () => genA(rng)),
        4,
        1,
      );
      const prepared = prepareNumericReference(reference);
      for (const n of [7, 300, 20_000]) {
        const current = mergedProfile(
          Float64Array.from({ length: n }, () => genB(rng)),
          3,
          n,
        );
        const full = numericProfileDrift(reference, current);
        const fast = numericDriftScore(prepared, current);
        expect(fast.wasserstein, name).toBe(full.wasserstein.value);
        expect(fast.psi, name).toBe(full.psi);
        expect([fast.referenceCount, fast.currentCount]).toEqual([full.referenceCount, full.currentCount]);
      }
    }
  });

  it('rejects empty sides with a typed error naming the side', () => {
    expect(() => prepareNumericReference(new ColumnProfile())).toThrow(/^reference/);
    expect(() => numericDriftScore(prepareNumericReference(new ColumnProfile().updateNumbers([1, 2])), new ColumnProfile())).toThrow(/^current/);
  });
});

describe('categorical drift between profiles', () => {
  it('matches the exact shares while the categories fit the sketch, and names new categories', () => {
    const ref = new ColumnProfile();
    const cur = new ColumnProfile();
    const rng = createRng(5);
    const cats = ['a', 'b', 'c', 'd'];
    const refCounts = new Map<string, number>();
    const curCounts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const r = cats[rng.int(4)]!;
      ref.update(r);
      refCounts.set(r, (refCounts.get(r) ?? 0) + 1);
      const c = rng.next() < 0.1 ? 'new' : cats[Math.min(3, rng.int(5))]!;
      cur.update(c);
      curCounts.set(c, (curCounts.get(c) ?? 0) + 1);
    }
    const d = categoricalProfileDrift(ref, cur);
    expect(d.categories).toEqual(['a', 'b', 'c', 'd', 'new', '__other__']);
    expect(d.newCategories).toEqual(['new']);
    const exactRef = [...d.categories.slice(0, -1).map((c) => (refCounts.get(c) ?? 0) / 10_000), 0];
    const exactCur = [...d.categories.slice(0, -1).map((c) => (curCounts.get(c) ?? 0) / 10_000), 0];
    d.referenceShares.forEach((s, i) => expect(s).toBeCloseTo(exactRef[i]!, 12));
    d.currentShares.forEach((s, i) => expect(s).toBeCloseTo(exactCur[i]!, 12));
    expect(d.shareErrorBound).toBe(0);
    expect(d.jensenShannon).toBeCloseTo(jensenShannonDistance(exactRef, exactCur, { base: 2 }), 12);
    expect(d.psi).toBeGreaterThan(0.2);
  });

  it('keeps an __other__ bucket for the mass of categories beyond the sketch capacity', () => {
    const ref = new ColumnProfile({ lgMaxMapSize: 4 });
    const cur = new ColumnProfile({ lgMaxMapSize: 4 });
    for (let i = 0; i < 5000; i++) {
      ref.update(`c${i % 200}`);
      cur.update(`c${i % 200}`);
    }
    const d = categoricalProfileDrift(ref, cur);
    const sum = d.referenceShares.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(d.categories.at(-1)).toBe('__other__');
    expect(d.shareErrorBound).toBeGreaterThan(0);
  });
});
