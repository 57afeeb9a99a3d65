// The one-line subject Alertmanager's default templates give a notification, shared by the Slack
// and PagerDuty payloads: `[FIRING:2] Drift fraud (age warning)`.

import type { Notification } from './dispatcher.js';
import { compareCodePoints } from './code-points.js';

const sortedValues = (labels: Record<string, string>, skip: ReadonlySet<string> = new Set()): string[] =>
  Object.keys(labels)
    .filter((k) => !skip.has(k))
    .sort(compareCodePoints)
    .map((k) => labels[k]!);

/**
 * Alertmanager's `__subject`: status (with the firing count), the group labels' values, and in
 * parentheses the values of the other labels all alerts share; trailing space trimmed.
 */
export function notificationTitle(n: Notification): string {
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  let title = `[${n.status.toUpperCase()}${n.status === 'firing' ? `:${firing}` : ''}] ${sortedValues(n.groupLabels).join(' ')}`;
  if (Object.keys(n.commonLabels).length > Object.keys(n.groupLabels).length) {
    title += ` (${sortedValues(n.commonLabels, new Set(Object.keys(n.groupLabels))).join(' ')})`;
  }
  return title.trimEnd();
}
