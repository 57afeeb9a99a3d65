// Turns a notification into exactly the request (or e-mail) each kind of channel receives, and
// sends it: HTTP POSTs for webhooks (HMAC-signed), Slack, PagerDuty Events v2 and Alertmanager,
// SMTP for e-mail. The alerting loop stores payloads in the outbox first and sends them later.

import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { notificationTitle, pagerDutyEvent, slackPayload, webhookPayload } from '@vigil/core';
import type { Notification } from '@vigil/core';
import type { ChannelConfig } from '@vigil/wire';
import type { ChannelRow } from '../storage/alerting-store.js';
import { SIGNATURE_HEADER, sendHttp, signBody } from './delivery.js';
import type { DeliveryResult, EmailPayload, HttpPayload, NotificationPayload } from './delivery.js';
import { DestinationPolicy } from './destination-policy.js';

const SEND_TIMEOUT_MS = 10_000;

/** The dashboard's page of one alert (its route `/alerts/<fingerprint>`, packages/dashboard/src/routing/routes.ts). */
export function alertPageUrl(externalUrl: string, fingerprint: string): string {
  return `${externalUrl}/alerts/${encodeURIComponent(fingerprint)}`;
}

export interface NotifierOptions {
  /** The server's public URL, for links in notifications (known once the server listens). */
  readonly externalUrl: () => string;
  /** Where HTTP notifications may go (default: public addresses only). */
  readonly destinations?: DestinationPolicy;
}

export class Notifier {
  private readonly destinations: DestinationPolicy;

  constructor(private readonly options: NotifierOptions) {
    this.destinations = options.destinations ?? new DestinationPolicy();
  }

  get externalUrl(): string {
    return this.options.externalUrl();
  }

  /** Exactly the request (or e-mail) a notification becomes on a channel. */
  payloadFor(channel: ChannelRow, n: Notification): NotificationPayload {
    const config = JSON.parse(channel.config) as ChannelConfig;
    const externalURL = this.externalUrl;
    const json = (url: string, body: unknown, extra: Record<string, string> = {}): HttpPayload => ({
      kind: 'http',
      url,
      headers: { 'content-type': 'application/json', 'user-agent': 'Vigil', ...extra },
      body: JSON.stringify(body),
    });
    switch (config.type) {
      case 'webhook': {
        const p = json(config.url, webhookPayload(n, { externalURL }));
        if (config.secret !== undefined) p.headers[SIGNATURE_HEADER] = signBody(config.secret, p.body);
        return p;
      }
      case 'slack':
        return json(
          config.url,
          slackPayload(n, { externalURL, alertsURL: `${externalURL}/alerts`, alertURL: (a) => alertPageUrl(externalURL, a.fingerprint) }),
        );
      case 'pagerduty':
        // Alertmanager's dedup key: the hex SHA-256 of the group key.
        return json(
          config.url ?? 'https://events.pagerduty.com/v2/enqueue',
          pagerDutyEvent(n, { routingKey: config.routingKey, dedupKey: createHash('sha256').update(n.groupKey).digest('hex'), externalURL }),
        );
      case 'alertmanager':
        return json(
          `${config.url.replace(/\/$/, '')}/api/v2/alerts`,
          n.alerts.map((a) => ({
            labels: a.labels,
            annotations: a.annotations,
            startsAt: new Date(a.startsAt).toISOString(),
            ...(a.endsAt === null ? {} : { endsAt: new Date(a.endsAt).toISOString() }),
            generatorURL: a.generatorURL,
          })),
        );
      case 'email': {
        const lines = n.alerts.map(
          (a) =>
            `- [${a.status}] ${Object.entries(a.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}${a.annotations['summary'] === undefined ? '' : `: ${a.annotations['summary']}`}`,
        );
        return {
          kind: 'email',
          subject: notificationTitle(n),
          text: `${notificationTitle(n)}\n\n${lines.join('\n')}\n\n${externalURL}/alerts\n`,
        } satisfies EmailPayload;
      }
    }
  }

  /** Sends a payload to its channel; never throws. */
  async send(channel: ChannelRow, payload: NotificationPayload): Promise<DeliveryResult> {
    if (payload.kind === 'http') return sendHttp(payload, SEND_TIMEOUT_MS, this.destinations);
    const config = JSON.parse(channel.config) as Extract<ChannelConfig, { type: 'email' }>;
    try {
      const transport = createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        ...(config.user === undefined ? {} : { auth: { user: config.user, pass: config.password ?? '' } }),
        connectionTimeout: SEND_TIMEOUT_MS,
      });
      await transport.sendMail({ from: config.from, to: config.to, subject: payload.subject, text: payload.text });
      return { ok: true, statusCode: null, error: null, retryable: false };
    } catch (e) {
      const err = e as Error & { responseCode?: number };
      const code = err.responseCode ?? null;
      // SMTP 5xx replies are permanent; connection problems and 4xx replies are worth retrying.
      return { ok: false, statusCode: code, error: err.message, retryable: code === null || code < 500 };
    }
  }

  /** Sends a made-up firing notification to one channel now (not through the outbox); the answer may quote the receiver (admins only). */
  async sendTest(channel: ChannelRow, now: number): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
    const labels = { alertname: 'VigilTestNotification', severity: 'info', model: 'test', monitor: 'test' };
    const summary = 'A test notification from Vigil: this channel works.';
    const n: Notification = {
      receiver: channel.name,
      integration: channel.name,
      groupKey: '{}:{alertname="VigilTestNotification"}',
      routeId: 'test',
      status: 'firing',
      groupLabels: { alertname: 'VigilTestNotification' },
      commonLabels: labels,
      commonAnnotations: { summary },
      alerts: [
        { fingerprint: '0000000000000000', status: 'firing', labels, annotations: { summary }, startsAt: now, endsAt: null, generatorURL: this.externalUrl },
      ],
      truncatedAlerts: 0,
      reason: 'first notification',
      at: now,
    };
    const r = await this.send(channel, this.payloadFor(channel, n));
    return { ok: r.ok, statusCode: r.statusCode, error: r.error === null || r.answer === undefined ? r.error : `${r.error}: ${r.answer}` };
  }
}
