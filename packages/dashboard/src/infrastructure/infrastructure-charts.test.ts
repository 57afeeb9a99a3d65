// The hosts and cost pages' chart inputs: one line per GPU in numeric order with memory in GiB,
// and a budget's burn-down (cumulative spend by day, the forecast to the period's end, the amount).

import { describe, expect, it } from 'vitest';
import type { BudgetInfo, HostSeriesResponse, SeriesResponse } from '@vigil/wire';
import { burnDownOptions, cumulativeSpend } from './burn-down.js';
import { HOST_CHARTS, hostChartLines } from './host-charts.js';

const T = Date.UTC(2026, 10, 27);
const DAY = 86_400_000;

describe('host charts', () => {
  it('draws one line per GPU, in numeric order, in GiB', () => {
    const series: HostSeriesResponse = {
      host: 'h',
      metric: 'gpu_memory_used_bytes',
      stat: 'mean',
      from: '',
      to: '',
      step: 300,
      next: null,
      points: [
        { t: new Date(T + 300_000).toISOString(), value: 2 * 2 ** 30, labels: { gpu: '10' } },
        { t: new Date(T).toISOString(), value: 2 ** 30, labels: { gpu: '2' } },
        { t: new Date(T + 300_000).toISOString(), value: null, labels: { gpu: '2' } },
        { t: new Date(T).toISOString(), value: 3 * 2 ** 30, labels: { gpu: '10' } },
      ],
    };
    const chart = HOST_CHARTS.find((c) => c.metric === 'gpu_memory_used_bytes')!;
    expect(hostChartLines(chart, series)).toEqual([
      {
        name: 'GPU 2',
        points: [
          { t: T, value: 1 },
          { t: T + 300_000, value: null },
        ],
      },
      {
        name: 'GPU 10',
        points: [
          { t: T, value: 3 },
          { t: T + 300_000, value: 2 },
        ],
      },
    ]);
  });
});

describe('burn-down', () => {
  const daily: SeriesResponse = {
    metric: 'cost_usd',
    from: '',
    to: '',
    step: 86_400,
    next: null,
    points: [
      { t: new Date(T).toISOString(), value: 10 },
      { t: new Date(T + 2 * DAY).toISOString(), value: 5 },
      { t: new Date(T + 3 * DAY).toISOString(), value: 99 },
    ],
  };

  it('adds daily spend up to now, a day without spend adding nothing', () => {
    expect(cumulativeSpend(daily, T, T + 2.5 * DAY)).toEqual([
      { t: T, value: 0 },
      { t: T + DAY, value: 10 },
      { t: T + 2 * DAY, value: 10 },
      { t: T + 2.5 * DAY, value: 15 },
    ]);
  });

  it('draws the spend, the forecast to the period end and the amount', () => {
    const budget = {
      name: 'b',
      period: 'week',
      periodStart: new Date(T).toISOString(),
      periodEnd: new Date(T + 7 * DAY).toISOString(),
      spentUsd: 15,
      forecastUsd: 42,
      amountUsd: 40,
      forecastMethod: 'trend',
    } as BudgetInfo;
    const o = burnDownOptions(budget, daily, T + 2.5 * DAY);
    expect(o.title).toBe('b: weekly budget');
    expect(o.threshold).toEqual({ value: 40, name: 'Budget' });
    expect(o.lines[1]!.points).toEqual([
      { t: T + 2.5 * DAY, value: 15 },
      { t: T + 7 * DAY, value: 42 },
    ]);
    expect(o.lines[0]!.points.at(-1)).toEqual({ t: T + 2.5 * DAY, value: 15 });
  });
});
