// The demo's simulated clock, a pure function of the real one: the story plays at `speed`, placed in
// the past so that it ends about when it has finished playing; then the clock catches up with real
// time and runs at 1×. It never runs ahead of real time, so events a user stamps with the real time
// land at the server's "now", and "the last 24 hours" keep holding the story and what followed.

const HOUR = 3_600_000;

export interface DemoClockOptions {
  /** Real time (epoch ms) when the demo starts. */
  readonly realStart: number;
  /** Simulated seconds per real second while the story plays (> 0). */
  readonly speed: number;
  /** Simulated length of the story (ms). */
  readonly durationMs: number;
  /**
   * Where the story starts on the simulated clock (epoch ms). Default `defaultStoryStart`. A start
   * that would put the story's end ahead of real time keeps that lead: after the story the clock
   * then runs at 1× from the story's end.
   */
  readonly storyStart?: number;
}

export interface DemoClock {
  readonly storyStart: number;
  readonly storyEnd: number;
  /** Real time (epoch ms) at which the story has finished playing. */
  readonly realEnd: number;
  /** The simulated time (epoch ms) at a real time. */
  at(real: number): number;
}

/**
 * The story's default start: the story ends when it has finished playing (or, at a speed of 1 or
 * less, starts now), rounded down to the hour so that hourly steps line up with the story.
 */
export function defaultStoryStart(realStart: number, speed: number, durationMs: number): number {
  const ideal = realStart + Math.min(0, durationMs / speed - durationMs);
  return Math.floor(ideal / HOUR) * HOUR;
}

/**
 * Three stretches: the story at `speed`; then, from the story's end, steady time at
 * max(speed, 1) until it meets real time (plus any lead a given `storyStart` had); then real time.
 * Continuous and non-decreasing in `real`.
 */
export function createDemoClock(options: DemoClockOptions): DemoClock {
  const { realStart, speed, durationMs } = options;
  const storyStart = options.storyStart ?? defaultStoryStart(realStart, speed, durationMs);
  const storyEnd = storyStart + durationMs;
  const realEnd = realStart + durationMs / speed;
  const lead = Math.max(0, storyEnd - realEnd);
  const catchUp = Math.max(speed, 1);
  return {
    storyStart,
    storyEnd,
    realEnd,
    at(real: number): number {
      if (real <= realEnd) return storyStart + (real - realStart) * speed;
      return Math.min(storyEnd + (real - realEnd) * catchUp, real + lead);
    },
  };
}
