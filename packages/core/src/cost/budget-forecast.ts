// Forecast of a budget period's spend from daily spend. AWS Budgets does not publish its method, so
// Vigil's is written here and tested on series with a trend and a weekly season:
//
//   - From 14 complete days of history on (`trend+weekly`): ordinary least squares of daily spend
//     on a linear trend and a day-of-week effect (effect-coded, the seven effects summing to zero),
//     y_d = a + b·d + s_weekday(d), over the last 56 days at most. It forecasts a series that is
//     trend plus weekly season exactly, and the least-squares estimate for one with noise.
//   - From 3 days (`trend`): the same without the weekly effects, y_d = a + b·d.
//   - Below that (`run-rate`): the mean daily spend so far (today counted pro rata), as AWS' own
//     example reads (spent 50 on the 20th of a 30-day month: forecast 75).
//
// Predicted days below zero count as zero. The period's forecast is what was spent so far, plus
// today's prediction for the part of today still to come, plus the prediction of each later day of
// the period. Days are UTC days, as AWS Budgets' are.

export const DAY_MS = 86_400_000;
/** History used by the fit. */
export const FORECAST_HISTORY_DAYS = 56;
export const WEEKLY_MIN_DAYS = 14;
export const TREND_MIN_DAYS = 3;

export type ForecastMethod = 'trend+weekly' | 'trend' | 'run-rate';

export interface DailySpend {
  /** Start of a UTC day, epoch ms. */
  readonly dayStart: number;
  readonly usd: number;
}

export interface ForecastInput {
  readonly now: number;
  /** The budget period [start, end), epoch ms. */
  readonly periodStart: number;
  readonly periodEnd: number;
  /** Spent in [periodStart, now). */
  readonly spentUsd: number;
  /** Spent in [start of today, now). */
  readonly todaySpentUsd: number;
  /** Complete UTC days before today, each once (a day missing from the list is not fitted). */
  readonly history: readonly DailySpend[];
}

export interface BudgetForecast {
  readonly method: ForecastMethod;
  /** Forecast spend of the whole period. */
  readonly forecastUsd: number;
  /** When the forecast cumulative spend reaches `amountUsd`, if within the period and after now; null otherwise. */
  readonly exhaustedAt: number | null;
  /** The predicted spend of today and each later day of the period. */
  readonly days: readonly DailySpend[];
}

/** Solves the least-squares problem min ‖Xβ − y‖ by the normal equations (X has a handful of columns). */
export function leastSquares(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const p = x[0]?.length ?? 0;
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  for (let i = 0; i < x.length; i++) {
    const row = x[i]!;
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) a[j]![k]! += row[j]! * row[k]!;
      a[j]![p]! += row[j]! * y[i]!;
    }
  }
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const d = a[c]![c]!;
    if (Math.abs(d) < 1e-12) throw new RangeError('singular design: not enough distinct days to fit');
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / d;
      if (f === 0) continue;
      for (let k = c; k <= p; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[p]! / row[i]!);
}

/** Effect coding of a weekday (0 = Sunday … 6 = Saturday): six columns, Saturday is −1 in each. */
function weekdayColumns(weekday: number): number[] {
  return weekday === 6 ? [-1, -1, -1, -1, -1, -1] : Array.from({ length: 6 }, (_, j) => (j === weekday ? 1 : 0));
}

/** A daily-spend model: the predicted spend of the UTC day starting at `dayStart`. */
export type DailyModel = (dayStart: number) => number;

/** Fits the model the history allows (see the file's head); `todayStart` and `todayRate` serve the run rate. */
export function fitDailyModel(history: readonly DailySpend[], todayStart: number, todayRate: number | null): { method: ForecastMethod; predict: DailyModel } {
  const days = [...history].sort((a, b) => a.dayStart - b.dayStart).slice(-FORECAST_HISTORY_DAYS);
  const origin = todayStart;
  const t = (dayStart: number) => (dayStart - origin) / DAY_MS;
  if (days.length >= WEEKLY_MIN_DAYS) {
    const x = days.map((d) => [1, t(d.dayStart), ...weekdayColumns(new Date(d.dayStart).getUTCDay())]);
    try {
      const beta = leastSquares(
        x,
        days.map((d) => d.usd),
      );
      return {
        method: 'trend+weekly',
        predict: (dayStart) => {
          const row = [1, t(dayStart), ...weekdayColumns(new Date(dayStart).getUTCDay())];
          return row.reduce((s, v, i) => s + v * beta[i]!, 0);
        },
      };
    } catch {
      // Too few distinct weekdays (gaps): fall back to the trend.
    }
  }
  if (days.length >= TREND_MIN_DAYS) {
    try {
      const [a, b] = leastSquares(
        days.map((d) => [1, t(d.dayStart)]),
        days.map((d) => d.usd),
      );
      return { method: 'trend', predict: (dayStart) => a! + b! * t(dayStart) };
    } catch {
      // All on one day: the run rate below.
    }
  }
  const rates = days.map((d) => d.usd);
  if (todayRate !== null) rates.push(todayRate);
  const mean = rates.length === 0 ? 0 : rates.reduce((s, v) => s + v, 0) / rates.length;
  return { method: 'run-rate', predict: () => mean };
}

/** The start of the UTC day holding `t`. */
export function utcDayStart(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** Forecast of a budget period and when the forecast spend reaches `amountUsd` (see the file's head). */
export function forecastBudget(input: ForecastInput, amountUsd: number): BudgetForecast {
  const todayStart = utcDayStart(input.now);
  const elapsed = Math.min(1, Math.max(0, (input.now - todayStart) / DAY_MS));
  // Today's run rate, per day: only meaningful once part of the day has passed.
  const todayRate = elapsed > 0 ? input.todaySpentUsd / elapsed : null;
  const { method, predict } = fitDailyModel(input.history, todayStart, todayRate);
  const perDay = (dayStart: number) => Math.max(0, predict(dayStart));
  const days: DailySpend[] = [];
  let total = input.spentUsd;
  let exhaustedAt: number | null = null;
  const reach = (from: number, usdPerDay: number, available: number) => {
    if (exhaustedAt !== null || input.spentUsd >= amountUsd || usdPerDay <= 0) return;
    if (total + available >= amountUsd) exhaustedAt = Math.round(from + ((amountUsd - total) / usdPerDay) * DAY_MS);
  };
  if (input.now < input.periodEnd) {
    // The rest of today, then each later day of the period (the last one possibly cut by the period's end).
    const today = perDay(todayStart);
    const restEnd = Math.min(todayStart + DAY_MS, input.periodEnd);
    const rest = (today * (restEnd - input.now)) / DAY_MS;
    days.push({ dayStart: todayStart, usd: today });
    reach(input.now, today, rest);
    total += rest;
    for (let d = todayStart + DAY_MS; d < input.periodEnd; d += DAY_MS) {
      const usd = perDay(d);
      const part = (usd * (Math.min(d + DAY_MS, input.periodEnd) - d)) / DAY_MS;
      days.push({ dayStart: d, usd });
      reach(d, usd, part);
      total += part;
    }
  }
  return { method, forecastUsd: total, exhaustedAt, days };
}
