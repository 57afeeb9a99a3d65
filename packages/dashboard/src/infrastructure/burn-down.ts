// A budget's burn-down: the period's cumulative spend day by day, the budget's amount, and the
// forecast from now to the period's end, as @vigil/core time-series options.

import type { TimeSeriesChartOptions } from '@vigil/core';
import type { BudgetInfo, SeriesResponse } from '@vigil/wire';

const DAY = 86_400_000;
const PERIOD_WORD = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

/** Cumulative spend at the end of each day of the period so far, from a daily `cost_usd` series. */
export function cumulativeSpend(series: SeriesResponse, periodStart: number, now: number): { t: number; value: number }[] {
  const byDay = new Map<number, number>();
  for (const p of series.points) {
    const t = Date.parse(p.t);
    if (t < periodStart || t >= now || p.value === null) continue;
    byDay.set(t, (byDay.get(t) ?? 0) + p.value);
  }
  const out: { t: number; value: number }[] = [{ t: periodStart, value: 0 }];
  let sum = 0;
  for (let d = periodStart; d < now; d += DAY) {
    sum += byDay.get(d) ?? 0;
    out.push({ t: Math.min(d + DAY, now), value: sum });
  }
  return out;
}

export function burnDownOptions(budget: BudgetInfo, daily: SeriesResponse | null, now: number): TimeSeriesChartOptions {
  const start = Date.parse(budget.periodStart);
  const end = Date.parse(budget.periodEnd);
  const spent =
    daily === null
      ? [
          { t: start, value: 0 },
          { t: Math.min(now, end), value: budget.spentUsd },
        ]
      : cumulativeSpend(daily, start, Math.min(now, end));
  return {
    title: `${budget.name}: ${PERIOD_WORD[budget.period]} budget`,
    subtitle: `forecast by ${budget.forecastMethod}`,
    lines: [
      { name: 'Spent', points: spent },
      {
        name: 'Forecast',
        dash: 'dashed',
        points: [
          { t: Math.min(now, end), value: budget.spentUsd },
          { t: end, value: budget.forecastUsd },
        ],
      },
    ],
    yName: 'USD',
    yMin: 0,
    threshold: { value: budget.amountUsd, name: 'Budget' },
    from: start,
    to: end,
  };
}
