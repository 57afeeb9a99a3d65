// Slack messages and the shared subject line: Alertmanager's `__subject`, escaping, Slack's limits.

import { describe, expect, it } from 'vitest';
import type { Notification, NotifiedAlert } from './dispatcher.js';
import { notificationTitle } from './notification-title.js';
import { escapeSlack, slackPayload } from './slack-payload.js';

const alert = (feature: string, status: 'firing' | 'resolved', annotations: Record<string, string> = {}): NotifiedAlert => ({
  fingerprint: feature,
  status,
  labels: { alertname: 'Drift', model: 'fraud', feature, severity: 'warning' },
  annotations,
  startsAt: 0,
  endsAt: status === 'resolved' ? 1 : null,
  generatorURL: '',
});

const notification = (alerts: NotifiedAlert[], over: Partial<Notification> = {}): Notification => ({
  receiver: 'slack',
  integration: 'slack',
  groupKey: '{}:{alertname="Drift"}',
  routeId: '{}',
  status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
  groupLabels: { alertname: 'Drift' },
  commonLabels: { alertname: 'Drift', model: 'fraud', severity: 'warning' },
  commonAnnotations: {},
  alerts,
  truncatedAlerts: 0,
  reason: 'first notification',
  at: 0,
  ...over,
});

describe('notificationTitle', () => {
  it("follows Alertmanager's __subject template", () => {
    expect(notificationTitle(notification([alert('age', 'firing'), alert('zip', 'resolved')]))).toBe('[FIRING:1] Drift (fraud warning)');
    expect(notificationTitle(notification([alert('age', 'resolved')], { commonLabels: { alertname: 'Drift' } }))).toBe('[RESOLVED] Drift');
  });
});

describe('slackPayload', () => {
  it('gives a fallback text, a header, one section per alert and a context line', () => {
    const body = slackPayload(
      notification([
        alert('age', 'firing', { summary: 'PSI 0.31 > 0.2 on <age>', description: 'Drift & more', runbook_url: 'https://runbooks/drift' }),
        alert('zip', 'resolved'),
      ]),
      { externalURL: 'https://vigil.example.com' },
    );
    expect(body.text).toBe('[FIRING:1] Drift (fraud warning)');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[FIRING:1] Drift (fraud warning)' } });
    expect(body.blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: ':red_circle: *PSI 0.31 &gt; 0.2 on &lt;age&gt;*\nDrift &amp; more\n`alertname=Drift` `feature=age` `model=fraud` `severity=warning`\n<https://runbooks/drift|Runbook>',
      },
    });
    expect(body.blocks[2]).toMatchObject({ type: 'section', text: { text: expect.stringMatching(/^:large_green_circle: \*Drift\*/) } });
    expect(body.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '1 firing, 1 resolved · <https://vigil.example.com|Open Vigil>' }],
    });
  });

  it('links each alert to its own page, and a message about one alert to that alert, not to the site root', () => {
    const options = {
      externalURL: 'https://vigil.example.com',
      alertsURL: 'https://vigil.example.com/alerts',
      alertURL: (a: NotifiedAlert) => `https://vigil.example.com/alerts/${a.fingerprint}`,
    };
    const one = slackPayload(notification([alert('age', 'firing', { summary: 'PSI 0.31 on <age>' })]), options);
    expect(one.blocks[1]).toMatchObject({
      text: { text: expect.stringMatching(/^:red_circle: \*<https:\/\/vigil\.example\.com\/alerts\/age\|PSI 0\.31 on &lt;age&gt;>\*\n/) },
    });
    expect(one.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '1 firing, 0 resolved · <https://vigil.example.com/alerts/age|Open the alert in Vigil>' }],
    });
    const two = slackPayload(notification([alert('age', 'firing'), alert('zip', 'resolved')]), options);
    expect(two.blocks[2]).toMatchObject({ text: { text: expect.stringContaining('*<https://vigil.example.com/alerts/zip|Drift>*') } });
    expect(two.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '1 firing, 1 resolved · <https://vigil.example.com/alerts|Open Vigil>' }],
    });
  });

  it("stays within Slack's limits", () => {
    const many = Array.from({ length: 80 }, (_, i) => alert(`f${i}`, 'firing', { description: 'x'.repeat(5000) }));
    const body = slackPayload(notification(many, { truncatedAlerts: 5 }));
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    for (const b of body.blocks) if (b.type === 'section') expect(Array.from(b.text.text).length).toBeLessThanOrEqual(3000);
    expect(body.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '80 firing, 0 resolved, 65 more not shown' }] });
    const long = slackPayload(notification([alert('a', 'firing')], { groupLabels: { alertname: 'D'.repeat(400) } }));
    expect(long.blocks[0]).toMatchObject({ type: 'header' });
    expect(Array.from((long.blocks[0] as { text: { text: string } }).text.text).length).toBe(150);
  });

  it('escapes the characters that start Slack links and mentions', () => {
    expect(escapeSlack('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});
