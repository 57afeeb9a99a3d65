// Host metric summaries (merged per step as buckets are, with exact quantiles below the sketch's k)
// and the infrastructure monitor's decision per host and label set, with silent hosts.

import { describe, expect, it } from 'vitest';
import { judgeInfrastructure } from './infrastructure-monitor.js';
import { MetricSummary } from './metric-summary.js';

describe('MetricSummary', () => {
  it('keeps count, sum, min, max, the last value by time and exact quantiles of a bucket', () => {
    const s = new MetricSummary();
    [5, 1, 9, 3].forEach((v, i) => s.add(v, 1000 + i));
    s.add(7, 500); // an older reading arriving late: not the last
    expect([s.value('count'), s.value('sum'), s.value('min'), s.value('max'), s.value('last'), s.value('mean')]).toEqual([5, 25, 1, 9, 3, 5]);
    expect(s.value('p50')).toBe(5);
    expect(s.value('p99')).toBe(9);
    expect(new MetricSummary().value('mean')).toBeNull();
  });

  it('merges as if the values had been added to one summary, and survives its stored form', () => {
    const a = new MetricSummary();
    const b = new MetricSummary();
    const all = new MetricSummary();
    for (let i = 0; i < 40; i++) {
      (i % 3 === 0 ? a : b).add(i * 1.5, i);
      all.add(i * 1.5, i);
    }
    const merged = MetricSummary.fromFields(a.toFields()).merge(MetricSummary.fromFields(b.toFields()));
    for (const stat of ['count', 'sum', 'min', 'max', 'last', 'mean', 'p50', 'p90'] as const) expect(merged.value(stat)).toBeCloseTo(all.value(stat)!, 12);
    expect(merged.lastAt).toBe(39);
  });
});

describe('judgeInfrastructure', () => {
  const summary = (...values: number[]) => {
    const s = new MetricSummary();
    values.forEach((v, i) => s.add(v, i));
    return s;
  };
  const rule = {
    metric: 'gpu_utilization',
    aggregation: 'mean' as const,
    condition: { op: 'gt' as const, value: 90 },
    noDataState: 'no_data' as const,
    window: '5m',
  };

  it('judges each host and GPU on its aggregate over the window', () => {
    const r = judgeInfrastructure(rule, [
      {
        name: 'gpu-1',
        reported: true,
        series: [
          { labels: { gpu: '0' }, summary: summary(95, 93) },
          { labels: { gpu: '1' }, summary: summary(10, 99) },
        ],
      },
    ]);
    expect(Array.isArray(r)).toBe(true);
    const series = r as readonly { labels: Record<string, string>; value: number; firing: boolean; annotations?: Readonly<Record<string, string>> }[];
    expect(series.map((s) => [s.labels, s.value, s.firing])).toEqual([
      [{ host: 'gpu-1', gpu: '0' }, 94, true],
      [{ host: 'gpu-1', gpu: '1' }, 54.5, false],
    ]);
    expect(series[0]!.annotations?.['summary']).toBe('mean gpu_utilization of host gpu-1 (gpu 0) over 5m is 94 (> 90)');
    const max = judgeInfrastructure({ ...rule, aggregation: 'max' }, [{ name: 'h', reported: true, series: [{ labels: {}, summary: summary(10, 99) }] }]);
    expect((max as readonly { firing: boolean }[])[0]!.firing).toBe(true);
  });

  it('is no data when every watched host is silent, and reports a silent host among others by its no-data state', () => {
    expect(judgeInfrastructure(rule, [{ name: 'a', reported: false, series: [] }])).toEqual({ noData: true });
    expect(judgeInfrastructure(rule, [])).toEqual({ noData: true });
    const hosts = [
      { name: 'a', reported: false, series: [] },
      { name: 'b', reported: true, series: [{ labels: {}, summary: summary(1) }] },
    ];
    const quiet = judgeInfrastructure(rule, hosts) as readonly { labels: Record<string, string>; firing: boolean }[];
    expect(quiet[0]).toMatchObject({ labels: { host: 'a', silent: 'true' }, firing: false });
    const loud = judgeInfrastructure({ ...rule, noDataState: 'alerting' }, hosts) as readonly { labels: Record<string, string>; firing: boolean }[];
    expect(loud[0]).toMatchObject({ labels: { host: 'a', silent: 'true' }, firing: true });
  });
});
