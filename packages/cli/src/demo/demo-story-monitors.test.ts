// What Vigil's monitors should see in the demo story: the drift preset flags exactly the drifted
// features, and realized accuracy falls after the concept change while the CBPE estimate does not.

import { driftPreset } from '@vigil/core';
import type { DriftSection } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { DEMO_FEATURES } from './demo-model.js';
import { DEMO_DURATION_MS, DEMO_PHASES, DRIFTED_FEATURES, createDemoStory } from './demo-story.js';
import type { DemoEvent } from './demo-story.js';
import { demoColumnTypes, demoTable } from './demo-table.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const phase = (kind: string) => DEMO_PHASES.find((p) => p.kind === kind)!;
const REFERENCE = phase('reference');
const DRIFT_IN = Math.max(phase('covariate-drift').endMs, phase('new-category').endMs);
const CONCEPT = phase('concept-change');
const SEEDS = [1, 2, 3];

describe("the drift preset (Evidently's default methods) on the reference window against a drifted hour", () => {
  // One simulated hour once the drift is fully in, and the story's last hour at the daily peak.
  const windows = [
    [DRIFT_IN, DRIFT_IN + HOUR],
    [DEMO_DURATION_MS - HOUR, DEMO_DURATION_MS],
  ] as const;

  const check = (report: DriftSection): void => {
    const flagged = report.columns.filter((c) => c.drifted).map((c) => c.name);
    expect(flagged.sort()).toEqual([...DRIFTED_FEATURES].sort());
    for (const c of report.columns) {
      // Both windows hold over 1000 rows, so Evidently picks its distance methods (threshold 0.1).
      expect(['wasserstein', 'jensenshannon']).toContain(c.method);
      expect(c.threshold).toBe(0.1);
      // A comfortable margin: drifted features at twice the threshold or more, the rest under 0.8 of it.
      if (c.drifted) expect(c.score, c.name).toBeGreaterThan(2 * c.threshold);
      else expect(c.score, c.name).toBeLessThan(0.8 * c.threshold);
    }
  };

  for (const seed of SEEDS) {
    const story = createDemoStory({ seed });
    const reference = demoTable(story.events(REFERENCE.startMs, REFERENCE.endMs), 'reference');
    for (const [from, to] of windows) {
      const current = demoTable(story.events(from, to), 'current');
      it(`flags exactly ${DRIFTED_FEATURES.join(', ')} (seed ${seed}, hour from ${from / MINUTE} min), with declared column types`, () => {
        check(driftPreset(reference, current, { columns: Object.keys(DEMO_FEATURES), columnTypes: demoColumnTypes() }));
      });
      it(`flags exactly the same with inferred column types (seed ${seed}, hour from ${from / MINUTE} min)`, () => {
        check(driftPreset(reference, current, { columns: Object.keys(DEMO_FEATURES) }));
      });
    }
  }

  it('does not flag anything between two stable windows of the reference conditions', () => {
    const a = createDemoStory({ seed: 1 }).events(REFERENCE.startMs, REFERENCE.endMs);
    const b = createDemoStory({ seed: 2 }).events(REFERENCE.startMs, REFERENCE.endMs);
    const report = driftPreset(demoTable(a), demoTable(b), { columns: Object.keys(DEMO_FEATURES), columnTypes: demoColumnTypes() });
    expect(report.columns.filter((c) => c.drifted)).toEqual([]);
  });
});

describe('accuracy: the covariate drift barely moves it, the concept change drops it silently', () => {
  // What a monitor can compute: only predictions whose label eventually arrives.
  const labelled = (es: readonly DemoEvent[]) => es.filter((e) => e.labelAtSimMs !== null);
  const accuracy = (es: readonly DemoEvent[]) => labelled(es).filter((e) => e.label === e.prediction.label).length / labelled(es).length;
  // CBPE's estimate for a calibrated binary score with threshold 0.5: the mean of max(p, 1 − p).
  const expectedAccuracy = (es: readonly DemoEvent[]) => es.reduce((a, e) => a + Math.max(e.prediction.score, 1 - e.prediction.score), 0) / es.length;

  const seeds = [1, 2, 3, 4, 5];
  const windows = seeds.map((seed) => {
    const story = createDemoStory({ seed });
    return {
      reference: story.events(REFERENCE.startMs, REFERENCE.endMs),
      // Covariate drift, the new category and the missing values are all in; the concept is not.
      covariateOnly: story.events(phase('missing-values').endMs, CONCEPT.startMs),
      afterConcept: story.events(CONCEPT.endMs, DEMO_DURATION_MS),
    };
  });
  const pooled = (key: keyof (typeof windows)[number]) => windows.flatMap((w) => w[key]);

  it('falls by at least 5 points after the concept change, for every seed (about 9 expected)', () => {
    for (const w of windows) expect(accuracy(w.reference) - accuracy(w.afterConcept)).toBeGreaterThan(0.05);
    expect(accuracy(pooled('reference')) - accuracy(pooled('afterConcept'))).toBeGreaterThan(0.07);
  });

  it('stays within 2 points of the reference under covariate drift alone (pooled over seeds)', () => {
    // Pooled, the reference holds about 12 000 rows and the drifted window 20 000: a standard error of 0.4 points.
    expect(Math.abs(accuracy(pooled('covariateOnly')) - accuracy(pooled('reference')))).toBeLessThan(0.02);
  });

  it("keeps CBPE's expected accuracy near the reference, so the concept change is silent until labels arrive", () => {
    const ref = expectedAccuracy(pooled('reference'));
    expect(Math.abs(expectedAccuracy(pooled('covariateOnly')) - ref)).toBeLessThan(0.015);
    expect(Math.abs(expectedAccuracy(pooled('afterConcept')) - ref)).toBeLessThan(0.015);
    // Before the change the estimate tracks the realized accuracy; after it, it overstates it.
    expect(Math.abs(expectedAccuracy(pooled('reference')) - accuracy(pooled('reference')))).toBeLessThan(0.015);
    expect(expectedAccuracy(pooled('afterConcept')) - accuracy(pooled('afterConcept'))).toBeGreaterThan(0.05);
  });
});
