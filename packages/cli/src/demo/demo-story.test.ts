// The demo story's mechanics: determinism, split-independence, the timeline, traffic, label delays
// and the missing-value fault, each against the numbers docs/demo.md promises.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { NEW_PURPOSE } from './demo-model.js';
import {
  DEMO_DURATION_MS,
  DEMO_PHASES,
  DRIFTED_FEATURES,
  LABEL_DELAY_MAX_MS,
  LABEL_DELAY_MIN_MS,
  LABEL_NEVER_SHARE,
  createDemoStory,
  demoRateAt,
} from './demo-story.js';
import type { DemoEvent } from './demo-story.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const phase = (kind: string) => DEMO_PHASES.find((p) => p.kind === kind)!;

describe('createDemoStory: determinism', () => {
  it('gives the same events for the same seed, and different ones for another seed', () => {
    const a = createDemoStory({ seed: 11 }).events(0, 20 * MINUTE);
    const b = createDemoStory({ seed: 11 }).events(0, 20 * MINUTE);
    const c = createDemoStory({ seed: 12 }).events(0, 20 * MINUTE);
    expect(a.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
    expect(c.map((e) => e.prediction.score)).not.toEqual(a.map((e) => e.prediction.score));
  });

  it('gives the same events however the range is split: events(a,b) ∪ events(b,c) = events(a,c)', () => {
    const story = createDemoStory({ seed: 3 });
    const whole = story.events(17_345, 2 * HOUR + 4321);
    // Cuts inside minutes, on minute boundaries, of zero width and one millisecond apart.
    const cuts = [17_345, 17_346, 59_999, 60_000, 60_000, 61_234, 30 * MINUTE + 7, HOUR, 90 * MINUTE + 59_999, 2 * HOUR + 4321];
    const pieces: DemoEvent[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) pieces.push(...story.events(cuts[i]!, cuts[i + 1]!));
    expect(pieces).toEqual(whole);
    // A fresh story, asked backwards in time, agrees too.
    const other = createDemoStory({ seed: 3 });
    const backwards: DemoEvent[] = [];
    for (let i = cuts.length - 2; i >= 0; i--) backwards.unshift(...other.events(cuts[i]!, cuts[i + 1]!));
    expect(backwards).toEqual(whole);
  });

  it('returns events in time order, inside the asked range and the story, with unique ids', () => {
    const story = createDemoStory({ seed: 5 });
    const events = story.events(-HOUR, 45 * MINUTE + 123);
    expect(events[0]!.simTimeMs).toBeGreaterThanOrEqual(0);
    expect(events.at(-1)!.simTimeMs).toBeLessThan(45 * MINUTE + 123);
    for (let i = 1; i < events.length; i++) expect(events[i]!.simTimeMs).toBeGreaterThanOrEqual(events[i - 1]!.simTimeMs);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => e.segment.region === e.features.region)).toBe(true);
    expect(story.events(DEMO_DURATION_MS - MINUTE, DEMO_DURATION_MS + HOUR).every((e) => e.simTimeMs < DEMO_DURATION_MS)).toBe(true);
    expect(story.events(DEMO_DURATION_MS, DEMO_DURATION_MS + HOUR)).toEqual([]);
    expect(story.events(HOUR, HOUR)).toEqual([]);
  });

  it('refuses a bad seed or range with a UsageError', () => {
    expect(() => createDemoStory({ seed: -1 })).toThrow(UsageError);
    expect(() => createDemoStory({ seed: 1.5 })).toThrow(UsageError);
    expect(() => createDemoStory({ seed: 2 ** 32 })).toThrow(UsageError);
    expect(() => createDemoStory().events(10, 5)).toThrow(UsageError);
    expect(() => createDemoStory().events(Number.NaN, 5)).toThrow(UsageError);
    expect(createDemoStory().seed).toBe(1);
  });
});

describe('the timeline', () => {
  it('starts with the reference window and puts the first change within the first real minute at --speed 60', () => {
    expect(DEMO_PHASES[0]!.kind).toBe('reference');
    expect(DEMO_PHASES[0]!.startMs).toBe(0);
    const firstChange = Math.min(...DEMO_PHASES.slice(1).map((p) => p.startMs));
    expect(firstChange).toBe(DEMO_PHASES[0]!.endMs);
    // --speed 60: one simulated minute per real second.
    expect(firstChange / 60).toBeLessThanOrEqual(60_000);
    for (const p of DEMO_PHASES) {
      expect(p.startMs).toBeLessThan(p.endMs);
      expect(p.endMs).toBeLessThanOrEqual(DEMO_DURATION_MS);
    }
    // Every drifted feature has a phase that changes its distribution, and no other feature has one.
    const drifting = DEMO_PHASES.filter((p) => p.kind === 'covariate-drift' || p.kind === 'new-category').flatMap((p) => p.features);
    expect([...drifting].sort()).toEqual([...DRIFTED_FEATURES].sort());
    // The concept changes after the covariate drift is fully in, so the two can be told apart.
    expect(phase('concept-change').startMs).toBeGreaterThan(phase('covariate-drift').endMs);
  });

  it('ramps each change linearly over its phase and then holds it', () => {
    const story = createDemoStory();
    const drift = phase('covariate-drift');
    expect(story.conditionsAt(drift.startMs - 1)).toEqual({ covariateDrift: 0, newPurposeShare: 0, monthsEmployedMissing: 0.02, conceptChange: 0 });
    expect(story.conditionsAt((drift.startMs + drift.endMs) / 2).covariateDrift).toBeCloseTo(0.5, 12);
    expect(story.conditionsAt(DEMO_DURATION_MS - 1)).toEqual({ covariateDrift: 1, newPurposeShare: 0.15, monthsEmployedMissing: 0.3, conceptChange: 1 });
  });

  it('sends traffic at the daily rhythm: the count of each window is Poisson around the rate', () => {
    const story = createDemoStory({ seed: 8 });
    expect(demoRateAt(0)).toBeCloseTo(60, 9); // 08:00
    expect(demoRateAt(6 * HOUR)).toBeCloseTo(95, 9); // 14:00, the daily peak
    expect(demoRateAt(18 * HOUR)).toBeCloseTo(25, 9); // 02:00, the trough
    for (const [from, to] of [
      [0, HOUR],
      [5 * HOUR, 6 * HOUR],
    ] as const) {
      let want = 0;
      for (let m = from; m < to; m += MINUTE) want += demoRateAt(m + MINUTE / 2);
      const got = story.events(from, to).length;
      expect(Math.abs(got - want)).toBeLessThan(4.5 * Math.sqrt(want));
    }
  });
});

describe('labels and data quality', () => {
  const story = createDemoStory({ seed: 21 });
  const events = story.events(0, DEMO_DURATION_MS);

  it('makes each label known 30–180 simulated minutes after its prediction, leaning short, and 5 % never', () => {
    const delays = events.filter((e) => e.labelAtSimMs !== null).map((e) => (e.labelAtSimMs as number) - e.simTimeMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(LABEL_DELAY_MIN_MS);
    expect(Math.max(...delays)).toBeLessThanOrEqual(LABEL_DELAY_MAX_MS);
    const never = 1 - delays.length / events.length;
    expect(Math.abs(never - LABEL_NEVER_SHARE)).toBeLessThan(4.5 * Math.sqrt((0.05 * 0.95) / events.length));
    // 30 + 150·u² minutes: mean 80, median 67.5.
    const meanMinutes = delays.reduce((a, b) => a + b, 0) / delays.length / MINUTE;
    expect(Math.abs(meanMinutes - 80)).toBeLessThan(1);
    const below = delays.filter((d) => d < 67.5 * MINUTE).length / delays.length;
    expect(Math.abs(below - 0.5)).toBeLessThan(0.02);
  });

  it("raises months_employed's missing share from 2 % to 30 % and leaves the other features complete", () => {
    const missing = (es: readonly DemoEvent[], f: string) => es.filter((e) => e.features[f] === null).length / es.length;
    const before = story.events(0, phase('missing-values').startMs);
    const after = story.events(phase('missing-values').endMs, DEMO_DURATION_MS);
    expect(missing(before, 'months_employed')).toBeGreaterThan(0.01);
    expect(missing(before, 'months_employed')).toBeLessThan(0.03);
    expect(Math.abs(missing(after, 'months_employed') - 0.3)).toBeLessThan(4.5 * Math.sqrt((0.3 * 0.7) / after.length));
    expect(missing(after, 'income')).toBeLessThan(0.02);
    for (const f of ['age', 'loan_amount', 'credit_score', 'utilization', 'region', 'purpose', 'has_mortgage']) expect(missing(events, f)).toBe(0);
  });

  it("brings the new purpose 'crypto' only after its phase starts, up to 15 %", () => {
    const p = phase('new-category');
    const isNew = (e: DemoEvent) => e.features.purpose === NEW_PURPOSE;
    expect(story.events(0, p.startMs).some(isNew)).toBe(false);
    const after = story.events(p.endMs, DEMO_DURATION_MS);
    expect(Math.abs(after.filter(isNew).length / after.length - 0.15)).toBeLessThan(4.5 * Math.sqrt((0.15 * 0.85) / after.length));
  });
});

describe('traffic after the story', () => {
  const story = createDemoStory({ seed: 4 });
  const end = DEMO_DURATION_MS;

  it('goes on from the end, split-independent, and never overlaps the story', () => {
    expect(story.eventsAfter(0, end)).toEqual([]);
    const whole = story.eventsAfter(end - HOUR, end + 2 * HOUR);
    expect(whole[0]!.simTimeMs).toBeGreaterThanOrEqual(end);
    expect(whole.at(-1)!.simTimeMs).toBeLessThan(end + 2 * HOUR);
    const pieces = [
      ...story.eventsAfter(end - HOUR, end + 1234),
      ...story.eventsAfter(end + 1234, end + HOUR),
      ...story.eventsAfter(end + HOUR, end + 2 * HOUR),
    ];
    expect(pieces).toEqual(whole);
    const ids = new Set([...story.events(0, end), ...whole].map((e) => e.id));
    expect(ids.size).toBe(story.events(0, end).length + whole.length);
    // A week on, the ids stay unique (the minute index outgrows its four digits).
    const later = story.eventsAfter(7 * 24 * HOUR, 7 * 24 * HOUR + 10 * MINUTE);
    expect(later.length).toBeGreaterThan(100);
    expect(later.every((e) => e.simTimeMs >= 7 * 24 * HOUR && !ids.has(e.id))).toBe(true);
    expect(() => story.eventsAfter(5, 1)).toThrow(UsageError);
  });

  it('keeps the world as the story left it: every change in, labels still arriving late, on the daily rhythm', () => {
    const after = story.eventsAfter(end, end + 3 * HOUR);
    let want = 0;
    for (let m = end; m < end + 3 * HOUR; m += MINUTE) want += demoRateAt(m + MINUTE / 2);
    expect(Math.abs(after.length - want)).toBeLessThan(4.5 * Math.sqrt(want));
    expect(story.conditionsAt(end + 5 * HOUR)).toEqual(story.conditionsAt(end - 1));
    const share = (pred: (e: DemoEvent) => boolean) => after.filter(pred).length / after.length;
    expect(Math.abs(share((e) => e.features.purpose === NEW_PURPOSE) - 0.15)).toBeLessThan(0.03);
    expect(Math.abs(share((e) => e.features.months_employed === null) - 0.3)).toBeLessThan(0.03);
    for (const e of after) if (e.labelAtSimMs !== null) expect(e.labelAtSimMs - e.simTimeMs).toBeGreaterThanOrEqual(LABEL_DELAY_MIN_MS);
  });
});
