// Budget notifications with AWS Budgets' semantics, as a step function of the budget's state and
// the time: each threshold has an ACTUAL and (when the budget forecasts) a FORECASTED notification,
// in state OK or ALARM. An actual notification fires once per period, when spend first reaches the
// threshold; a forecasted one fires when the forecast reaches it, and may fire again in the same
// period if the forecast falls below and crosses once more. A new period starts every one at OK.

import type { BudgetStatus } from '@vigil/wire';

export type BudgetNotificationType = 'actual' | 'forecast';

export interface BudgetNotificationState {
  readonly type: BudgetNotificationType;
  /** A fraction of the budget's amount (1 = all of it). */
  readonly threshold: number;
  readonly state: 'ok' | 'alarm';
  /** The start of the period this state belongs to. */
  readonly period: number;
  readonly lastFiredAt: number | null;
}

export interface BudgetAlertState {
  readonly notifications: readonly BudgetNotificationState[];
}

export interface BudgetReading {
  readonly now: number;
  readonly periodStart: number;
  readonly amountUsd: number;
  readonly thresholds: readonly number[];
  /** Whether the budget alerts on its forecast. */
  readonly forecastAlerts: boolean;
  readonly spentUsd: number;
  readonly forecastUsd: number;
  /** Whether the forecast rests on enough history to alert on (a run rate of a day or two does not). */
  readonly forecastReliable: boolean;
}

export interface BudgetAlert {
  readonly type: BudgetNotificationType;
  readonly threshold: number;
  /** The spend (actual or forecast) that crossed it. */
  readonly valueUsd: number;
  readonly limitUsd: number;
  readonly at: number;
}

export function initialBudgetAlertState(): BudgetAlertState {
  return { notifications: [] };
}

/** One evaluation: the new state and the notifications to send now. */
export function evaluateBudgetAlerts(previous: BudgetAlertState, r: BudgetReading): { state: BudgetAlertState; fired: BudgetAlert[] } {
  const fired: BudgetAlert[] = [];
  const notifications: BudgetNotificationState[] = [];
  const types: BudgetNotificationType[] = r.forecastAlerts ? ['actual', 'forecast'] : ['actual'];
  for (const threshold of [...r.thresholds].sort((a, b) => a - b)) {
    const limitUsd = threshold * r.amountUsd;
    for (const type of types) {
      const before = previous.notifications.find((n) => n.type === type && n.threshold === threshold && n.period === r.periodStart);
      const state = before?.state ?? 'ok';
      const lastFiredAt = before?.lastFiredAt ?? null;
      const value = type === 'actual' ? r.spentUsd : r.forecastUsd;
      const crossed = value >= limitUsd && (type === 'actual' || r.forecastReliable);
      if (crossed && state === 'ok') {
        fired.push({ type, threshold, valueUsd: value, limitUsd, at: r.now });
        notifications.push({ type, threshold, state: 'alarm', period: r.periodStart, lastFiredAt: r.now });
      } else if (!crossed && state === 'alarm' && type === 'forecast') {
        // A forecast that fell back below re-arms its notification; an actual one stays for the period.
        notifications.push({ type, threshold, state: 'ok', period: r.periodStart, lastFiredAt });
      } else notifications.push({ type, threshold, state, period: r.periodStart, lastFiredAt });
    }
  }
  return { state: { notifications }, fired };
}

/** The budget's status: exceeded (spend reached the amount), forecast_exceeded, warning (some lower threshold reached by either), or ok. */
export function budgetStatus(r: Pick<BudgetReading, 'amountUsd' | 'thresholds' | 'spentUsd' | 'forecastUsd' | 'forecastReliable'>): BudgetStatus {
  if (r.spentUsd >= r.amountUsd) return 'exceeded';
  const forecast = r.forecastReliable ? r.forecastUsd : r.spentUsd;
  if (forecast >= r.amountUsd) return 'forecast_exceeded';
  if (r.thresholds.some((t) => Math.max(r.spentUsd, forecast) >= t * r.amountUsd)) return 'warning';
  return 'ok';
}
