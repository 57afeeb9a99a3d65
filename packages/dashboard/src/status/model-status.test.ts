import { describe, expect, it } from 'vitest';
import { modelStatus } from './model-status.js';

const calm = { rows: 5000, driftedFeatures: 0, testedFeatures: 13, realized: 0.865, estimated: 0.866, alerts: null };

describe('modelStatus', () => {
  it('is ok when nothing drifted and performance is as estimated', () => {
    expect(modelStatus(calm)).toEqual({ status: 'ok', reasons: ['no drifted features, performance as estimated'] });
  });

  it('is alerting whenever an alert fires', () => {
    const v = modelStatus({ ...calm, alerts: { firing: 2, pending: 1 } });
    expect(v.status).toBe('alerting');
    expect(v.reasons).toEqual(['2 firing alerts', '1 pending alert']);
  });

  it('judges the demo after its concept change: drift, and realized accuracy 9 points under the estimate', () => {
    const demo = { ...calm, driftedFeatures: 3, realized: 0.772, estimated: 0.862 };
    // Without alerting on the server, the numbers alone raise the status to alerting …
    expect(modelStatus(demo)).toEqual({
      status: 'alerting',
      reasons: ['3 of 13 features drifted', 'realized accuracy 77.2 % is 9.0 points below the estimate 86.2 %'],
    });
    // … with alerting, only a firing alert does; the numbers make it a warning.
    expect(modelStatus({ ...demo, alerts: { firing: 0, pending: 0 } }).status).toBe('warning');
  });

  it('takes half the features drifted as data-set drift, and any drift or a pending alert as a warning', () => {
    expect(modelStatus({ ...calm, driftedFeatures: 7, testedFeatures: 14 }).status).toBe('alerting');
    expect(modelStatus({ ...calm, driftedFeatures: 6, testedFeatures: 14 }).status).toBe('warning');
    expect(modelStatus({ ...calm, driftedFeatures: 1 }).status).toBe('warning');
    expect(modelStatus({ ...calm, realized: 0.84, estimated: 0.865 }).status).toBe('warning'); // 2.5 points
    expect(modelStatus({ ...calm, realized: 0.85, estimated: 0.865 }).status).toBe('ok'); // 1.5 points
    expect(modelStatus({ ...calm, alerts: { firing: 0, pending: 1 } }).status).toBe('warning');
  });

  it('says when there is nothing to judge', () => {
    expect(modelStatus({ ...calm, rows: 0, realized: null, estimated: null })).toEqual({ status: 'no-data', reasons: ['no predictions in this range'] });
  });
});
