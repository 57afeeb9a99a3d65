import { describe, expect, it } from 'vitest';
import { createMonitorSchema } from '@vigil/wire';
import type { MonitorInfo } from '@vigil/wire';
import { emptyMonitorFields, monitorBody, monitorFields } from './monitor-form.js';

describe('the monitor form', () => {
  it('sends what was filled in, as the wire schema takes it, and leaves empty fields to the defaults', () => {
    const drift = monitorBody({
      ...emptyMonitorFields('credit'),
      name: 'income-drift',
      features: 'income, purpose ,',
      threshold: '0.2',
      channels: 'ops, pager',
    });
    expect(drift).toEqual({
      name: 'income-drift',
      model: 'credit',
      type: 'drift',
      window: '1h',
      interval: '1m',
      for: '0s',
      severity: 'warning',
      channels: ['ops', 'pager'],
      features: ['income', 'purpose'],
      threshold: 0.2,
    });
    expect(createMonitorSchema.safeParse(drift).success).toBe(true);

    const perf = monitorBody({
      ...emptyMonitorFields('credit'),
      name: 'acc',
      type: 'performance',
      metric: 'accuracy',
      conditionOp: 'lt',
      conditionValue: '0.8',
      relativeDrop: '0.05',
      minLabels: '200',
    });
    expect(perf).toMatchObject({ type: 'performance', metric: 'accuracy', condition: { op: 'lt', value: 0.8 }, relative: { drop: 0.05 }, minLabels: 200 });
    expect(createMonitorSchema.safeParse(perf).success).toBe(true);

    const latency = monitorBody({ ...emptyMonitorFields('credit'), name: 'slow', type: 'latency', percentile: '99', maxMs: '500', features: 'ignored' });
    expect(latency).toMatchObject({ type: 'latency', percentile: 99, maxMs: 500 });
    expect(latency).not.toHaveProperty('features');
    expect(createMonitorSchema.safeParse(latency).success).toBe(true);
  });

  it('sends what does not read as a number as typed, so the server names the field', () => {
    const body = monitorBody({ ...emptyMonitorFields('credit'), name: 'x', threshold: 'high' });
    expect(body).toMatchObject({ threshold: 'high' });
    const r = createMonitorSchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['threshold']);
  });

  it('fills the form from a stored monitor, and sends the same configuration back', () => {
    const config = createMonitorSchema.parse({
      name: 'acc',
      model: 'credit',
      type: 'performance',
      metric: 'roc_auc',
      condition: { op: 'lt', value: 0.7 },
      window: '2h',
      channels: ['ops'],
    });
    const stored: MonitorInfo = {
      name: 'acc',
      model: 'credit',
      type: 'performance',
      config: config as unknown as Record<string, unknown>,
      createdAt: '',
      updatedAt: '',
      lastEvaluatedAt: null,
      health: 'ok',
      lastError: null,
      lastDetails: null,
    };
    const fields = monitorFields(stored);
    expect(fields).toMatchObject({
      name: 'acc',
      type: 'performance',
      metric: 'roc_auc',
      conditionOp: 'lt',
      conditionValue: '0.7',
      window: '2h',
      channels: 'ops',
      minLabels: '100',
    });
    expect(createMonitorSchema.parse(monitorBody(fields))).toEqual(config);
  });
});
