// Cron schedules of datasets (when their batches are written), read by croner in UTC: 5 fields
// (minute hour day month weekday) or 6 with seconds first, and the @hourly / @daily nicknames.
// Day of month and day of week combine with OR, as Vixie cron has it.

import { Cron } from 'croner';

/** A schedule croner refuses, or one that never runs (`0 0 31 2 *`). */
export class ScheduleError extends Error {
  constructor(
    readonly schedule: string,
    readonly reason: string,
  ) {
    super(`invalid schedule ${JSON.stringify(schedule)}: ${reason}`);
    this.name = 'ScheduleError';
  }
}

export interface Schedule {
  readonly text: string;
  /** The latest tick at or before `t` (epoch ms), or null when none is before it. */
  previous(t: number): number | null;
  /** The first tick strictly after `t`, or null. */
  next(t: number): number | null;
  /** The gap between the two latest ticks at or before `t`: what a dataset written on this schedule may age before it is late. */
  periodAt(t: number): number | null;
}

/** Parses a cron schedule; throws a `ScheduleError` naming what is wrong. */
export function parseSchedule(text: string): Schedule {
  let cron: Cron;
  try {
    cron = new Cron(text.trim(), { paused: true, utcOffset: 0, mode: '5-or-6-parts' });
  } catch (e) {
    throw new ScheduleError(text, (e instanceof Error ? e.message : String(e)).replace(/^CronPattern: /, ''));
  }
  // A pattern whose ticks never come (Feb 31): nothing can be judged against it.
  if (cron.nextRun(new Date(0)) === null) throw new ScheduleError(text, 'it never runs');
  const before = (t: number, n: number) => cron.previousRuns(n, new Date(t + 1)).map((d) => d.getTime());
  return {
    text,
    previous: (t) => before(t, 1)[0] ?? null,
    next: (t) => cron.nextRun(new Date(t))?.getTime() ?? null,
    periodAt: (t) => {
      const [last, prior] = before(t, 2);
      if (last !== undefined && prior !== undefined) return last - prior;
      // Before the second tick: the gap to the next one.
      const first = last ?? cron.nextRun(new Date(t))?.getTime();
      const after = first === undefined ? null : cron.nextRun(new Date(first));
      return first === undefined || after === null ? null : after.getTime() - first;
    },
  };
}
