// PagerDuty Events v2: trigger while firing, resolve when resolved, one dedup key per group (the
// SHA-256 of the group key as the server computes it with node:crypto, held to Python's hashlib),
// severity from the alerts' labels.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch, emptyDispatcherState } from './dispatcher.js';
import type { Notification, PostableAlert } from './dispatcher.js';
import { pagerDutyEvent } from './pagerduty-payload.js';
import { compileRoute } from './routing.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/alerting.json', import.meta.url), 'utf8')) as { sha256: { text: string; hex: string }[] };
const hashOf = (text: string): string => fixture.sha256.find((s) => s.text === text)!.hex;
/** The dedup key exactly as the server's alerting service computes it. */
const dedupKeyOf = (groupKey: string): string => createHash('sha256').update(groupKey).digest('hex');

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

describe('the dedup key (hex SHA-256 of the group key)', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(dedupKeyOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(dedupKeyOf('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it("matches Python's hashlib on every fixture string, group keys with non-ASCII labels included", () => {
    expect(fixture.sha256.map((s) => s.text)).toContain('{}/{model=~"fraud|churn"}:{feature="âge", model="🙂"}');
    for (const { text, hex } of fixture.sha256) expect(dedupKeyOf(text)).toBe(hex);
  });
});

describe('pagerDutyEvent', () => {
  const labels = { alertname: 'Drift', model: 'fraud', severity: 'critical' };
  const [trigger, resolve] = timeline([
    [T0, [{ labels, annotations: { runbook_url: 'https://runbooks/drift' }, startsAt: T0, endsAt: T0 + 600_000 }]],
    [T0 + 60_000, [{ labels, startsAt: T0, endsAt: T0 + 30_000 }]],
  ]);

  it('triggers with a summary, severity and details, keyed by the group', () => {
    expect(trigger!.groupKey).toBe('{}:{alertname="Drift"}');
    const event = pagerDutyEvent(trigger!, { routingKey: 'R'.repeat(32), dedupKey: dedupKeyOf(trigger!.groupKey), externalURL: 'https://vigil.example.com' });
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
    expect(resolve!.groupKey).toBe(trigger!.groupKey);
    expect(pagerDutyEvent(resolve!, { routingKey: 'k', dedupKey: dedupKeyOf(resolve!.groupKey) })).toEqual({
      routing_key: 'k',
      event_action: 'resolve',
      dedup_key: hashOf('{}:{alertname="Drift"}'),
      client: 'Vigil',
    });
  });

  it('sends the dedup key it is given, unchanged', () => {
    expect(pagerDutyEvent(trigger!, { routingKey: 'k', dedupKey: 'custom-key' }).dedup_key).toBe('custom-key');
  });

  it('falls back to the configured severity', () => {
    const plain = { ...trigger!, commonLabels: { alertname: 'Drift', severity: 'page-me' } };
    expect(pagerDutyEvent(plain, { routingKey: 'k', dedupKey: 'd' }).payload!.severity).toBe('error');
    expect(pagerDutyEvent(plain, { routingKey: 'k', dedupKey: 'd', severity: 'warning' }).payload!.severity).toBe('warning');
  });

  it('caps the summary at 1024 characters', () => {
    const long = { ...trigger!, groupLabels: { alertname: 'x'.repeat(2000) } };
    expect(Array.from(pagerDutyEvent(long, { routingKey: 'k', dedupKey: 'd' }).payload!.summary)).toHaveLength(1024);
  });
});
