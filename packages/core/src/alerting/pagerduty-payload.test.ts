// PagerDuty Events v2: trigger while firing, resolve when resolved, one dedup key per group (the
// SHA-256 of the group key, held to Python's hashlib), severity from the alerts' labels.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch, emptyDispatcherState } from './dispatcher.js';
import type { Notification, PostableAlert } from './dispatcher.js';
import { pagerDutyDedupKey, pagerDutyEvent } from './pagerduty-payload.js';
import { compileRoute } from './routing.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/alerting.json', import.meta.url), 'utf8')) as { sha256: { text: string; hex: string }[] };
const hashOf = (text: string): string => fixture.sha256.find((s) => s.text === text)!.hex;

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const route = compileRoute({ receiver: 'pd', groupBy: ['alertname'], groupWait: 0, groupInterval: 60_000, repeatInterval: 3_600_000 });

function timeline(steps: [number, PostableAlert[]][]): Notification[] {
  let state = emptyDispatcherState();
  const out: Notification[] = [];
  for (const [now, alerts] of steps) {
    const r = dispatch(state, { now, alerts }, { route });
    state = r.state;
    out.push(...r.notifications);
  }
  return out;
}

describe('pagerDutyEvent', () => {
  const labels = { alertname: 'Drift', model: 'fraud', severity: 'critical' };
  const [trigger, resolve] = timeline([
    [T0, [{ labels, annotations: { runbook_url: 'https://runbooks/drift' }, startsAt: T0, endsAt: T0 + 600_000 }]],
    [T0 + 60_000, [{ labels, startsAt: T0, endsAt: T0 + 30_000 }]],
  ]);

  it('triggers with a summary, severity and details, keyed by the group', () => {
    const event = pagerDutyEvent(trigger!, { routingKey: 'R'.repeat(32), externalURL: 'https://vigil.example.com' });
    expect(event).toEqual({
      routing_key: 'R'.repeat(32),
      event_action: 'trigger',
      dedup_key: hashOf('{}:{alertname="Drift"}'),
      client: 'Vigil',
      client_url: 'https://vigil.example.com',
      payload: {
        summary: '[FIRING:1] Drift (fraud critical)',
        source: 'Vigil',
        severity: 'critical',
        timestamp: '2024-05-01T12:00:00.000Z',
        custom_details: { num_firing: 1, num_resolved: 0, firing: [{ labels, annotations: { runbook_url: 'https://runbooks/drift' } }], resolved: [] },
      },
      links: [{ href: 'https://runbooks/drift', text: 'Runbook' }],
    });
  });

  it('resolves the same incident with the same dedup key and nothing else', () => {
    expect(resolve!.status).toBe('resolved');
    expect(pagerDutyEvent(resolve!, { routingKey: 'k' })).toEqual({ routing_key: 'k', event_action: 'resolve', dedup_key: hashOf('{}:{alertname="Drift"}'), client: 'Vigil' });
  });

  it('matches hashlib for group keys with non-ASCII labels, and falls back to the configured severity', () => {
    const key = '{}/{model=~"fraud|churn"}:{feature="âge", model="🙂"}';
    expect(pagerDutyDedupKey(key)).toBe(hashOf(key));
    const plain = { ...trigger!, commonLabels: { alertname: 'Drift', severity: 'page-me' } };
    expect(pagerDutyEvent(plain, { routingKey: 'k' }).payload!.severity).toBe('error');
    expect(pagerDutyEvent(plain, { routingKey: 'k', severity: 'warning' }).payload!.severity).toBe('warning');
  });

  it('caps the summary at 1024 characters', () => {
    const long = { ...trigger!, groupLabels: { alertname: 'x'.repeat(2000) } };
    expect(Array.from(pagerDutyEvent(long, { routingKey: 'k' }).payload!.summary)).toHaveLength(1024);
  });
});
