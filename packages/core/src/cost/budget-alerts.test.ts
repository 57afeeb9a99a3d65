// Budget notifications step by step with a controlled clock (AWS Budgets' semantics): a forecast
// notification fires before the actual one on a rising spend, an actual one fires once per period,
// a forecast one fires again after falling back and crossing once more, a new period re-arms, and
// a forecast that is only a run rate alerts on nothing.

import { describe, expect, it } from 'vitest';
import { budgetStatus, evaluateBudgetAlerts, initialBudgetAlertState } from './budget-alerts.js';
import type { BudgetAlertState, BudgetReading } from './budget-alerts.js';
import { budgetPeriodAt } from './budget-period.js';

const base = { periodStart: 0, amountUsd: 100, thresholds: [0.5, 0.8, 1], forecastAlerts: true, forecastReliable: true };

function run(readings: readonly (Partial<BudgetReading> & { now: number; spentUsd: number; forecastUsd: number })[]) {
  let state: BudgetAlertState = initialBudgetAlertState();
  const fired: { now: number; type: string; threshold: number }[] = [];
  for (const r of readings) {
    const step = evaluateBudgetAlerts(state, { ...base, ...r });
    state = step.state;
    for (const f of step.fired) fired.push({ now: r.now, type: f.type, threshold: f.threshold });
  }
  return { state, fired };
}

describe('budget notifications', () => {
  it('fires the forecast 100 % notification before the actual one on a rising spend', () => {
    const { fired } = run([
      { now: 1, spentUsd: 20, forecastUsd: 60 },
      { now: 2, spentUsd: 40, forecastUsd: 110 },
      { now: 3, spentUsd: 85, forecastUsd: 130 },
      { now: 4, spentUsd: 101, forecastUsd: 140 },
    ]);
    const at = (type: string, threshold: number) => fired.find((f) => f.type === type && f.threshold === threshold)?.now;
    expect(at('forecast', 1)).toBe(2);
    expect(at('actual', 1)).toBe(4);
    expect(at('forecast', 0.5)).toBe(1);
    expect(at('actual', 0.5)).toBe(3);
    expect(at('actual', 0.8)).toBe(3);
    // Each once.
    expect(fired.length).toBe(6);
  });

  it('sends an actual notification once per period, and again in the next period', () => {
    const { fired } = run([
      { now: 1, spentUsd: 60, forecastUsd: 60, forecastAlerts: false },
      { now: 2, spentUsd: 60, forecastUsd: 60, forecastAlerts: false },
      { now: 3, spentUsd: 70, forecastUsd: 70, forecastAlerts: false },
      { now: 10, periodStart: 10, spentUsd: 55, forecastUsd: 55, forecastAlerts: false },
    ]);
    expect(fired).toEqual([
      { now: 1, type: 'actual', threshold: 0.5 },
      { now: 10, type: 'actual', threshold: 0.5 },
    ]);
  });

  it('fires a forecast notification again when the forecast falls below and crosses once more', () => {
    const { fired } = run([
      { now: 1, spentUsd: 10, forecastUsd: 105 },
      { now: 2, spentUsd: 12, forecastUsd: 90 },
      { now: 3, spentUsd: 14, forecastUsd: 102 },
    ]);
    expect(fired.filter((f) => f.type === 'forecast' && f.threshold === 1).map((f) => f.now)).toEqual([1, 3]);
    // 0.5 and 0.8 stayed crossed throughout: once each.
    expect(fired.filter((f) => f.threshold === 0.8).length).toBe(1);
  });

  it('does not alert on a forecast that is only a run rate', () => {
    const { fired, state } = run([{ now: 1, spentUsd: 10, forecastUsd: 500, forecastReliable: false }]);
    expect(fired).toEqual([]);
    expect(state.notifications.filter((n) => n.state === 'alarm')).toEqual([]);
  });

  it('judges the status from the actual spend first, then the forecast', () => {
    const s = (spentUsd: number, forecastUsd: number, forecastReliable = true) =>
      budgetStatus({ amountUsd: 100, thresholds: [0.5, 0.8, 1], spentUsd, forecastUsd, forecastReliable });
    expect(s(10, 40)).toBe('ok');
    expect(s(10, 60)).toBe('warning');
    expect(s(10, 120)).toBe('forecast_exceeded');
    expect(s(10, 120, false)).toBe('ok');
    expect(s(100, 120)).toBe('exceeded');
  });
});

describe('budget periods', () => {
  it('are UTC days, ISO weeks from Monday and calendar months', () => {
    const t = Date.UTC(2026, 10, 27, 15, 30); // a Friday
    expect(budgetPeriodAt('day', t)).toEqual({ start: Date.UTC(2026, 10, 27), end: Date.UTC(2026, 10, 28) });
    expect(budgetPeriodAt('week', t)).toEqual({ start: Date.UTC(2026, 10, 23), end: Date.UTC(2026, 10, 30) });
    expect(budgetPeriodAt('week', Date.UTC(2026, 10, 29, 23))).toEqual({ start: Date.UTC(2026, 10, 23), end: Date.UTC(2026, 10, 30) });
    expect(budgetPeriodAt('month', t)).toEqual({ start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) });
    expect(budgetPeriodAt('month', Date.UTC(2026, 11, 31, 23))).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
  });
});
