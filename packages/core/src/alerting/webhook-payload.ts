// Alertmanager's webhook body (version "4"), built from a dispatcher notification, so receivers
// written for Alertmanager work with Vigil unchanged. Signing and delivery are the server's job.

import type { Notification } from './dispatcher.js';
import { formatRfc3339 } from './rfc3339.js';

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  /** `0001-01-01T00:00:00Z` while firing, as Alertmanager sends it. */
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
  /** Alertmanager's newest field: why this notification was sent. */
  notification_reason: string;
}

export interface WebhookPayloadOptions {
  /** Where Vigil's UI is reachable; Alertmanager puts its own URL here. */
  externalURL?: string;
}

/** The JSON body Alertmanager's webhook integration posts, for one notification. */
export function webhookPayload(n: Notification, options: WebhookPayloadOptions = {}): WebhookPayload {
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.truncatedAlerts,
    status: n.status,
    receiver: n.receiver,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: options.externalURL ?? '',
    alerts: n.alerts.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: formatRfc3339(a.startsAt),
      endsAt: formatRfc3339(a.endsAt),
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
    })),
    notification_reason: n.reason,
  };
}
