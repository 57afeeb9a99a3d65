// The periods budgets reset on, in UTC as AWS Budgets' are: a day, an ISO week (from Monday), a
// calendar month.

import type { BudgetPeriod } from '@vigil/wire';

const DAY_MS = 86_400_000;

/** The period of kind `period` that holds `t`: [start, end) in epoch ms. */
export function budgetPeriodAt(period: BudgetPeriod, t: number): { start: number; end: number } {
  const day = Math.floor(t / DAY_MS) * DAY_MS;
  switch (period) {
    case 'day':
      return { start: day, end: day + DAY_MS };
    case 'week': {
      // getUTCDay: 0 = Sunday; ISO weeks start on Monday.
      const start = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
      return { start, end: start + 7 * DAY_MS };
    }
    case 'month': {
      const d = new Date(t);
      return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
    }
  }
}
