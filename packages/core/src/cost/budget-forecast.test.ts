// The budget forecast on series with a trend and a weekly season: its fit equals NumPy's least
// squares (fixtures/gen_budget_forecast.py), an exact trend + season is forecast exactly, the
// season is worth its columns on noisy data, AWS' run-rate example holds, and the period's
// exhaustion time is where the cumulative forecast reaches the amount.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAY_MS, fitDailyModel, forecastBudget, leastSquares } from './budget-forecast.js';

interface Case {
  name: string;
  todayStart: number;
  periodEnd: number;
  history: { dayStart: number; usd: number }[];
  beta: number[];
  predicted: { dayStart: number; usd: number }[];
}

const cases = (JSON.parse(readFileSync(new URL('./fixtures/budget_forecast.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;

describe('forecastBudget against NumPy', () => {
  for (const c of cases) {
    it(`predicts each remaining day as NumPy's least squares: ${c.name}`, () => {
      const model = fitDailyModel(c.history, c.todayStart, null);
      expect(model.method).toBe('trend+weekly');
      for (const p of c.predicted) expect(Math.max(0, model.predict(p.dayStart))).toBeCloseTo(p.usd, 8);
    });
  }

  it('forecasts an exact trend plus weekly season exactly, and the period total from it', () => {
    const c = cases[0]!;
    // Noon of the 20th: half of today to come, then the ten days to December.
    const now = c.todayStart + DAY_MS / 2;
    const spentToday = 30;
    const f = forecastBudget(
      { now, periodStart: Date.UTC(2026, 10, 1), periodEnd: c.periodEnd, spentUsd: 1000, todaySpentUsd: spentToday, history: c.history },
      1e9,
    );
    const today = c.predicted[0]!.usd;
    const later = c.predicted.slice(1).reduce((s, p) => s + p.usd, 0);
    expect(f.method).toBe('trend+weekly');
    expect(f.forecastUsd).toBeCloseTo(1000 + today / 2 + later, 8);
    // The series is 100 + 2·t + season: the forecast days are the same formula, to rounding.
    const season = [12, -4, 3, 0.5, -6, 9, -14.5];
    for (const d of f.days) expect(d.usd).toBeCloseTo(100 + (2 * (d.dayStart - c.todayStart)) / DAY_MS + season[new Date(d.dayStart).getUTCDay()]!, 8);
  });

  it('needs the weekly season on a weekly series: the trend alone misses each day by the season', () => {
    const c = cases[1]!;
    const truth = (d: number) => 80 + (1.5 * (d - c.todayStart)) / DAY_MS + [12, -4, 3, 0.5, -6, 9, -14.5][new Date(d).getUTCDay()]!;
    const weekly = fitDailyModel(c.history, c.todayStart, null);
    const trendOnly = fitDailyModel(c.history.slice(-13), c.todayStart, null);
    expect(trendOnly.method).toBe('trend');
    const error = (m: typeof weekly) => c.predicted.reduce((s, p) => s + Math.abs(m.predict(p.dayStart) - truth(p.dayStart)), 0) / c.predicted.length;
    expect(error(weekly)).toBeLessThan(2);
    expect(error(trendOnly)).toBeGreaterThan(3 * error(weekly));
  });
});

describe('forecastBudget', () => {
  const day = (n: number) => Date.UTC(2026, 3, 1) + (n - 1) * DAY_MS;

  it("reads AWS' example as a run rate: $50 by the 20th of a 30-day month forecasts $75", () => {
    const history = Array.from({ length: 20 }, (_, i) => ({ dayStart: day(i + 1), usd: 2.5 }));
    const f = forecastBudget({ now: day(21), periodStart: day(1), periodEnd: day(31), spentUsd: 50, todaySpentUsd: 0, history }, 100);
    expect(f.forecastUsd).toBeCloseTo(75, 9);
    expect(f.exhaustedAt).toBeNull();
  });

  it('chooses its method by the history it has', () => {
    const h = (n: number) => Array.from({ length: n }, (_, i) => ({ dayStart: day(i + 1), usd: 10 + i }));
    expect(fitDailyModel(h(2), day(3), null).method).toBe('run-rate');
    expect(fitDailyModel(h(3), day(4), null).method).toBe('trend');
    expect(fitDailyModel(h(13), day(14), null).method).toBe('trend');
    expect(fitDailyModel(h(14), day(15), null).method).toBe('trend+weekly');
    // A run rate counts today pro rata: one day of 10 and a half day with 6 spent (12 a day) → 11.
    expect(fitDailyModel(h(1), day(2), 12).predict(day(5))).toBe(11);
    // A linear series is extrapolated on its line.
    expect(fitDailyModel(h(5), day(6), null).predict(day(8))).toBeCloseTo(17, 10);
  });

  it('finds when the forecast reaches the amount, inside the day it does', () => {
    const history = Array.from({ length: 5 }, (_, i) => ({ dayStart: day(i + 1), usd: 10 }));
    const f = forecastBudget({ now: day(6), periodStart: day(1), periodEnd: day(31), spentUsd: 50, todaySpentUsd: 0, history }, 95);
    // 10 a day from the 6th: 45 more is reached 4.5 days on.
    expect(f.exhaustedAt).toBe(day(6) + 4.5 * DAY_MS);
    expect(f.forecastUsd).toBeCloseTo(300, 9);
    // Already over the amount: no exhaustion time to forecast.
    expect(forecastBudget({ now: day(6), periodStart: day(1), periodEnd: day(31), spentUsd: 100, todaySpentUsd: 0, history }, 95).exhaustedAt).toBeNull();
  });

  it('counts predicted days below zero as zero', () => {
    const history = Array.from({ length: 10 }, (_, i) => ({ dayStart: day(i + 1), usd: 20 - 2 * i }));
    const f = forecastBudget({ now: day(11), periodStart: day(1), periodEnd: day(31), spentUsd: 110, todaySpentUsd: 0, history }, 1000);
    expect(f.days.every((d) => d.usd >= 0)).toBe(true);
    expect(f.forecastUsd).toBeCloseTo(110, 9);
  });

  it('solves least squares as the normal equations do, and refuses a singular design', () => {
    expect(
      leastSquares(
        [
          [1, 0],
          [1, 1],
          [1, 2],
        ],
        [1, 3, 5],
      ),
    ).toEqual([1, 2]);
    expect(() =>
      leastSquares(
        [
          [1, 1],
          [1, 1],
        ],
        [1, 2],
      ),
    ).toThrow(RangeError);
  });
});
