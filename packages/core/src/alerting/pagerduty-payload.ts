// A PagerDuty Events API v2 event for a notification, as Alertmanager builds it: trigger while the
// group fires, resolve when it has resolved, one incident per group through `dedup_key` (Alertmanager's
// hex SHA-256 of the group key, which the caller computes), summary capped at 1024 characters.

import type { Notification } from './dispatcher.js';
import { notificationTitle } from './notification-title.js';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  /** Only on trigger; a resolve needs just the key and the action. */
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: { href: string; text: string }[];
}

export interface PagerDutyOptions {
  /** The integration's 32-character routing key. */
  routingKey: string;
  /**
   * The incident's `dedup_key`, the same for every event of a group. Alertmanager's is the
   * lowercase hex SHA-256 of the UTF-8 group key; in Node:
   * `createHash('sha256').update(n.groupKey).digest('hex')` from `node:crypto`.
   */
  dedupKey: string;
  /** Used when the alerts' common `severity` label is not a PagerDuty severity; default `error`. */
  severity?: PagerDutySeverity;
  /** Default `Vigil`. */
  source?: string;
  component?: string;
  group?: string;
  class?: string;
  /** Vigil's URL, sent as `client_url`. */
  externalURL?: string;
}

const SEVERITIES: readonly string[] = ['critical', 'error', 'warning', 'info'];
const SUMMARY_LIMIT = 1024;

/** The event to POST to `https://events.pagerduty.com/v2/enqueue`. */
export function pagerDutyEvent(n: Notification, options: PagerDutyOptions): PagerDutyEvent {
  const action = n.status === 'firing' ? 'trigger' : 'resolve';
  const event: PagerDutyEvent = { routing_key: options.routingKey, event_action: action, dedup_key: options.dedupKey, client: 'Vigil' };
  if (options.externalURL) event.client_url = options.externalURL;
  if (action === 'resolve') return event;

  const common = n.commonLabels.severity;
  const severity = common !== undefined && SEVERITIES.includes(common) ? (common as PagerDutySeverity) : (options.severity ?? 'error');
  const chars = Array.from(notificationTitle(n));
  const firing = n.alerts.filter((a) => a.status === 'firing');
  const resolved = n.alerts.filter((a) => a.status === 'resolved');
  const describe = (list: typeof n.alerts): { labels: Record<string, string>; annotations: Record<string, string> }[] =>
    list.map((a) => ({ labels: a.labels, annotations: a.annotations }));
  event.payload = {
    summary: chars.length > SUMMARY_LIMIT ? `${chars.slice(0, SUMMARY_LIMIT - 1).join('')}…` : chars.join(''),
    source: options.source ?? 'Vigil',
    severity,
    timestamp: new Date(n.at).toISOString(),
    custom_details: { num_firing: firing.length, num_resolved: resolved.length, firing: describe(firing), resolved: describe(resolved) },
  };
  if (options.component !== undefined) event.payload.component = options.component;
  if (options.group !== undefined) event.payload.group = options.group;
  if (options.class !== undefined) event.payload.class = options.class;
  const runbooks = [...new Set(firing.map((a) => a.annotations.runbook_url).filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u)))];
  if (runbooks.length > 0) event.links = runbooks.map((href) => ({ href, text: 'Runbook' }));
  return event;
}
