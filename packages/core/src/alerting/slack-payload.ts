// A Slack incoming-webhook message (fallback text plus Block Kit blocks) for a notification, within
// Slack's limits: header text 150 characters, section text 3000, at most 50 blocks.

import type { NotifiedAlert, Notification } from './dispatcher.js';
import { notificationTitle } from './notification-title.js';
import { compareCodePoints } from './code-points.js';

interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

export type SlackBlock =
  { type: 'header'; text: TextObject } | { type: 'section'; text: TextObject } | { type: 'context'; elements: TextObject[] } | { type: 'divider' };

export interface SlackPayload {
  /** Shown in notifications and where blocks cannot be. */
  text: string;
  blocks: SlackBlock[];
}

export interface SlackPayloadOptions {
  /** Vigil's URL, linked from the message when it has no better page to link to. */
  externalURL?: string;
  /** The page of one alert (Vigil's dashboard: `/alerts/<fingerprint>`): each alert's headline links there. */
  alertURL?: (alert: NotifiedAlert) => string;
  /** The page listing alerts, linked from a message about several alerts (default `externalURL`). */
  alertsURL?: string;
  /** Alerts shown one section each; the rest are counted. Default 20. */
  maxAlerts?: number;
}

const HEADER_LIMIT = 150;
const SECTION_LIMIT = 3000;

/** Slack's mrkdwn escaping: `&`, `<` and `>` would otherwise start entities, links or mentions. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function truncate(text: string, limit: number): string {
  const chars = Array.from(text);
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/** A mrkdwn link; Slack needs `&`, `<` and `>` escaped in both parts, and `|` ends the address. */
function link(url: string, text: string): string {
  return `<${escapeSlack(url).replaceAll('|', '%7C')}|${escapeSlack(text)}>`;
}

function alertSection(a: NotifiedAlert, url: string | undefined): SlackBlock {
  const icon = a.status === 'firing' ? ':red_circle:' : ':large_green_circle:';
  const headline = a.annotations.summary ?? a.labels.alertname ?? 'alert';
  const lines = [`${icon} *${url === undefined ? escapeSlack(headline) : link(url, headline)}*`];
  if (a.annotations.description) lines.push(escapeSlack(a.annotations.description));
  const labels = Object.keys(a.labels)
    .sort(compareCodePoints)
    .map((k) => `\`${escapeSlack(k)}=${escapeSlack(a.labels[k]!)}\``)
    .join(' ');
  if (labels) lines.push(labels);
  const runbook = a.annotations.runbook_url;
  if (runbook && /^https?:\/\//.test(runbook)) lines.push(`<${runbook}|Runbook>`);
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_LIMIT) } };
}

/** The message body for Slack's incoming webhook (POST it as JSON to the hook URL). */
export function slackPayload(n: Notification, options: SlackPayloadOptions = {}): SlackPayload {
  const title = notificationTitle(n);
  const maxAlerts = Math.min(options.maxAlerts ?? 20, 46);
  const shown = n.alerts.slice(0, maxAlerts);
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_LIMIT) } }];
  for (const a of shown) blocks.push(alertSection(a, options.alertURL?.(a)));
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  const resolved = n.alerts.length - firing;
  const hidden = n.alerts.length - shown.length + n.truncatedAlerts;
  let context = `${firing} firing, ${resolved} resolved`;
  if (hidden > 0) context += `, ${hidden} more not shown`;
  // Alertmanager links a message to its own alert list (`title_link`); Vigil links to the alert itself when there is one.
  const only = n.alerts.length === 1 && n.truncatedAlerts === 0 ? options.alertURL?.(n.alerts[0]!) : undefined;
  const target = only ?? options.alertsURL ?? options.externalURL;
  if (target) context += ` · ${link(target, only === undefined ? 'Open Vigil' : 'Open the alert in Vigil')}`;
  blocks.push({ type: 'divider' }, { type: 'context', elements: [{ type: 'mrkdwn', text: context }] });
  return { text: escapeSlack(title), blocks };
}
