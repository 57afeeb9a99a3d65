// Stored alerting rows as the API shows them: channels (secrets write-only), monitors, silences
// (with their state at a time) and alerts.

import type { AlertInfo, ChannelInfo, MonitorInfo, SilenceInfo } from '@vigil/wire';
import type { AlertRow, ChannelRow, MonitorRow, SilenceRow } from '../storage/alerting-store.js';

const SECRET_KEYS = ['secret', 'routingKey', 'password'] as const;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function channelInfo(row: ChannelRow): ChannelInfo {
  const config = JSON.parse(row.config) as Record<string, unknown>;
  let hasSecret = false;
  for (const k of SECRET_KEYS) {
    if (config[k] !== undefined) {
      hasSecret = true;
      delete config[k];
    }
  }
  delete config['name'];
  delete config['type'];
  return { name: row.name, type: row.type as ChannelInfo['type'], config, hasSecret, createdAt: new Date(row.created_at).toISOString() };
}

export function monitorInfo(row: MonitorRow, modelName: string): MonitorInfo {
  return {
    name: row.name,
    model: modelName,
    type: row.type,
    config: JSON.parse(row.config) as Record<string, unknown>,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    lastEvaluatedAt: iso(row.last_evaluated_at),
    health: (row.health as MonitorInfo['health']) ?? 'unknown',
    lastError: row.last_error,
    lastDetails: row.last_details === null ? null : (JSON.parse(row.last_details) as Record<string, unknown>),
  };
}

export function alertInfo(row: AlertRow, monitorName: string, modelName: string, flags: { silenced: boolean; inhibited: boolean }): AlertInfo {
  return {
    fingerprint: row.fingerprint,
    monitor: monitorName,
    model: modelName,
    state: row.state as AlertInfo['state'],
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    value: row.value,
    activeAt: new Date(row.active_at).toISOString(),
    firedAt: iso(row.fired_at),
    resolvedAt: iso(row.resolved_at),
    acknowledged: row.acked_by === null || row.acked_at === null ? null : { by: row.acked_by, at: new Date(row.acked_at).toISOString() },
    ...flags,
  };
}

/** A stored time as ISO 8601, clamped to what a Date can show (a row stored before times were bounded must still list). */
function clampedIso(t: number): string {
  const ms = Number(t);
  return new Date(Number.isNaN(ms) ? 0 : Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, ms))).toISOString();
}
const MAX_DATE_MS = 8.64e15;

export function silenceInfo(row: SilenceRow, now: number): SilenceInfo {
  return {
    id: row.id,
    matchers: JSON.parse(row.matchers) as string[],
    startsAt: clampedIso(row.starts_at),
    endsAt: clampedIso(row.ends_at),
    createdBy: row.created_by,
    comment: row.comment,
    state: now < row.starts_at ? 'pending' : now < row.ends_at ? 'active' : 'expired',
  };
}
