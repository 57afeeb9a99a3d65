// The demo's clock: the story at its speed, then real time, and never ahead of real time.

import { describe, expect, it } from 'vitest';
import { createDemoClock, defaultStoryStart } from './demo-clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STORY = 6 * HOUR;
// 2026-11-27 10:57:13.250 UTC: not on an hour, so the rounding shows.
const REAL_START = Date.UTC(2026, 10, 27, 10, 57, 13, 250);

function samples(from: number, to: number, n = 2000): number[] {
  return Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);
}

describe('createDemoClock with the default start', () => {
  for (const speed of [60, 600, 3600, 30, 1, 0.5]) {
    const clock = createDemoClock({ realStart: REAL_START, speed, durationMs: STORY });

    it(`plays the story at ${speed}× and never runs ahead of real time`, () => {
      expect(clock.storyStart % HOUR).toBe(0);
      expect(clock.storyEnd).toBe(clock.storyStart + STORY);
      expect(clock.at(REAL_START)).toBe(clock.storyStart);
      expect(clock.at(clock.realEnd)).toBeCloseTo(clock.storyEnd, 6);
      expect(clock.at(REAL_START + (clock.realEnd - REAL_START) / 2)).toBeCloseTo(clock.storyStart + STORY / 2, 6);
      let previous = -Infinity;
      for (const real of samples(REAL_START, clock.realEnd + 3 * HOUR)) {
        const sim = clock.at(real);
        expect(sim).toBeLessThanOrEqual(real);
        expect(sim).toBeGreaterThanOrEqual(previous);
        previous = sim;
      }
    });
  }

  it('ends the story when it has finished playing, within the hour the start is rounded by', () => {
    for (const speed of [60, 600, 3600]) {
      const clock = createDemoClock({ realStart: REAL_START, speed, durationMs: STORY });
      expect(clock.realEnd - clock.storyEnd, `${speed}×`).toBeGreaterThanOrEqual(0);
      expect(clock.realEnd - clock.storyEnd, `${speed}×`).toBeLessThan(HOUR);
    }
    // At 60×: 6 real minutes from 10:57:13, so the story runs 05:00–11:00 and ends at 11:03:13 real.
    expect(defaultStoryStart(REAL_START, 60, STORY)).toBe(Date.UTC(2026, 10, 27, 5));
  });

  it('catches up with real time at the story’s speed after the end, then runs at 1×', () => {
    const clock = createDemoClock({ realStart: REAL_START, speed: 60, durationMs: STORY });
    const behind = clock.realEnd - clock.storyEnd; // 3 min 13.25 s
    const meets = clock.realEnd + behind / 59; // 60× against 1×
    expect(clock.at(clock.realEnd + 1000)).toBeCloseTo(clock.storyEnd + 60_000, 6);
    expect(clock.at(meets)).toBeCloseTo(meets, 3);
    for (const real of [meets + 1, meets + HOUR, meets + 3 * 24 * HOUR]) expect(clock.at(real)).toBe(real);
  });

  it('at a speed of 1 or less starts the story at the current hour and stays behind real time by what that rounding left', () => {
    const slow = createDemoClock({ realStart: REAL_START, speed: 0.5, durationMs: STORY });
    expect(slow.storyStart).toBe(Date.UTC(2026, 10, 27, 10));
    expect(slow.realEnd).toBe(REAL_START + 12 * HOUR);
    const later = slow.realEnd + 5 * HOUR;
    expect(slow.at(later)).toBe(slow.storyEnd + 5 * HOUR);
  });
});

describe('createDemoClock with a given start', () => {
  it('keeps a start in the past: the story at speed, then catching up with real time', () => {
    const start = REAL_START - 24 * HOUR;
    const clock = createDemoClock({ realStart: REAL_START, speed: 600, durationMs: STORY, storyStart: start });
    expect(clock.at(REAL_START)).toBe(start);
    expect(clock.at(clock.realEnd + 10 * HOUR)).toBe(clock.realEnd + 10 * HOUR);
  });

  it('holds a story that ends ahead of real time at its end, then runs at 1× with that lead', () => {
    const start = REAL_START + HOUR;
    const clock = createDemoClock({ realStart: REAL_START, speed: 60, durationMs: STORY, storyStart: start });
    const lead = clock.storyEnd - clock.realEnd;
    expect(clock.at(clock.realEnd)).toBeCloseTo(clock.storyEnd, 6);
    for (const dt of [1, MINUTE, HOUR, 24 * HOUR]) expect(clock.at(clock.realEnd + dt)).toBeCloseTo(clock.realEnd + dt + lead, 6);
  });
});
