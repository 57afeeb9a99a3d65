// Alertmanager's webhook body (version 4) from real dispatcher notifications: field names, Go's
// time format, the zero endsAt of firing alerts, fingerprints and truncation.

import { describe, expect, it } from 'vitest';
import { dispatch, emptyDispatcherState } from './dispatcher.js';
import type { Notification, PostableAlert } from './dispatcher.js';
import { fingerprint } from './labels.js';
import { formatRfc3339, GO_ZERO_TIME } from './rfc3339.js';
import { compileRoute } from './routing.js';
import { webhookPayload } from './webhook-payload.js';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const route = compileRoute({ receiver: 'ml-webhook', groupBy: ['alertname', 'model'], groupWait: 0, groupInterval: 60_000 });

function notify(alerts: PostableAlert[], now: number, maxAlerts?: number): Notification {
  const receivers = { 'ml-webhook': [maxAlerts === undefined ? { name: 'webhook' } : { name: 'webhook', maxAlerts }] };
  const r = dispatch(emptyDispatcherState(), { now, alerts }, { route, receivers });
  expect(r.notifications).toHaveLength(1);
  return r.notifications[0]!;
}

describe('formatRfc3339', () => {
  it("writes times as Go's encoding/json does", () => {
    expect(formatRfc3339(T0)).toBe('2024-05-01T12:00:00Z');
    expect(formatRfc3339(T0 + 250)).toBe('2024-05-01T12:00:00.25Z');
    expect(formatRfc3339(T0 + 7)).toBe('2024-05-01T12:00:00.007Z');
    expect(formatRfc3339(null)).toBe('0001-01-01T00:00:00Z');
    expect(GO_ZERO_TIME).toBe('0001-01-01T00:00:00Z');
  });
});

describe('webhookPayload', () => {
  it("matches Alertmanager's version 4 body", () => {
    const age = { alertname: 'Drift', model: 'fraud', feature: 'age', severity: 'warning' };
    const income = { alertname: 'Drift', model: 'fraud', feature: 'income', severity: 'warning' };
    const n = notify(
      [
        {
          labels: age,
          annotations: { summary: 'PSI 0.31 on age', runbook_url: 'https://runbooks/drift' },
          startsAt: T0 - 60_000,
          endsAt: T0 + 240_000,
          generatorURL: 'http://vigil/m/1',
        },
        { labels: income, annotations: { summary: 'PSI 0.12 on income', runbook_url: 'https://runbooks/drift' }, startsAt: T0 - 120_000, endsAt: T0 - 1_000 },
      ],
      T0,
    );
    expect(webhookPayload(n, { externalURL: 'https://vigil.example.com' })).toEqual({
      version: '4',
      groupKey: '{}:{alertname="Drift", model="fraud"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'ml-webhook',
      groupLabels: { alertname: 'Drift', model: 'fraud' },
      commonLabels: { alertname: 'Drift', model: 'fraud', severity: 'warning' },
      commonAnnotations: { runbook_url: 'https://runbooks/drift' },
      externalURL: 'https://vigil.example.com',
      notification_reason: 'first notification',
      alerts: [
        {
          status: 'firing',
          labels: age,
          annotations: { summary: 'PSI 0.31 on age', runbook_url: 'https://runbooks/drift' },
          startsAt: '2024-05-01T11:59:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://vigil/m/1',
          fingerprint: fingerprint(age),
        },
        {
          status: 'resolved',
          labels: income,
          annotations: { summary: 'PSI 0.12 on income', runbook_url: 'https://runbooks/drift' },
          startsAt: '2024-05-01T11:58:00Z',
          endsAt: '2024-05-01T11:59:59Z',
          generatorURL: '',
          fingerprint: fingerprint(income),
        },
      ],
    });
  });

  it('counts alerts left out by maxAlerts in truncatedAlerts', () => {
    const alerts = ['a', 'b', 'c'].map((feature) => ({ labels: { alertname: 'Drift', model: 'fraud', feature }, startsAt: T0 }));
    const body = webhookPayload(notify(alerts, T0, 2));
    expect(body.alerts.map((a) => a.labels.feature)).toEqual(['a', 'b']);
    expect(body.truncatedAlerts).toBe(1);
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });
});
