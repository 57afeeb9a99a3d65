import { describe, expect, it } from 'vitest';
import { parseSchedule, ScheduleError } from './schedule.js';

const at = (h: number, m = 0, s = 0) => Date.UTC(2026, 0, 1, h, m, s);

describe('parseSchedule', () => {
  it('reads five-field cron in UTC: the previous tick includes the instant itself', () => {
    const hourly = parseSchedule('0 * * * *');
    expect(hourly.previous(at(10, 30))).toBe(at(10));
    expect(hourly.previous(at(10))).toBe(at(10));
    expect(hourly.previous(at(10) - 1)).toBe(at(9));
    expect(hourly.next(at(10))).toBe(at(11));
    expect(hourly.periodAt(at(10, 30))).toBe(3_600_000);
  });
  it('gives the period of uneven schedules from the two latest ticks', () => {
    const twice = parseSchedule('0 6,18 * * *');
    expect(twice.periodAt(at(19))).toBe(12 * 3_600_000);
    const weekdays = parseSchedule('30 2 * * 1-5');
    // 2026-01-05 is a Monday: the tick before it was Friday the 2nd.
    expect(weekdays.periodAt(Date.UTC(2026, 0, 5, 3))).toBe(3 * 86_400_000);
    expect(parseSchedule('@daily').periodAt(at(12))).toBe(86_400_000);
    expect(parseSchedule('*/5 * * * * *').periodAt(at(12))).toBe(5000);
  });
  it('refuses malformed schedules and ones that never run, saying why', () => {
    for (const bad of ['61 * * * *', 'every hour', '* * * *', '1 2 3 4 5 6 7', '0 0 31 2 *']) {
      expect(() => parseSchedule(bad), bad).toThrow(ScheduleError);
    }
    expect(() => parseSchedule('61 * * * *')).toThrow(/minute/);
    expect(() => parseSchedule('0 0 31 2 *')).toThrow(/never runs/);
  });
});
