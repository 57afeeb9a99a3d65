// Every call of the alerting API (alerts, silences, monitors, channels) in one place. A server
// without alerting answers these routes with a route-404; each call then reports `available:
// false` instead of failing, so the pages can say "alerting is not configured on this server".

import { alertListSchema, alertSchema, channelSchema, monitorSchema, silenceSchema, timelineEntrySchema } from '@vigil/wire';
import type { AlertInfo, ChannelInfo, CreateChannel, CreateMonitor, CreateSilence, MonitorInfo, SilenceInfo, TimelineEntry } from '@vigil/wire';
import { z } from 'zod';
import { ApiError } from './client.js';
import type { ApiClient } from './client.js';

export type Alerting<T> = { available: true; value: T } | { available: false };

/** Runs an alerting call; a missing route means the server has no alerting. */
async function optional<T>(call: () => Promise<T>): Promise<Alerting<T>> {
  try {
    return { available: true, value: await call() };
  } catch (e) {
    if (e instanceof ApiError && e.isMissingRoute) return { available: false };
    throw e;
  }
}

const monitorListSchema = z.object({ monitors: z.array(monitorSchema) });
const channelListSchema = z.object({ channels: z.array(channelSchema) });
const silenceListSchema = z.object({ silences: z.array(silenceSchema) });
const timelineSchema = z.object({ timeline: z.array(timelineEntrySchema) });
const testResultSchema = z.object({ ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable() });

export type ChannelTestResult = z.infer<typeof testResultSchema>;

const fp = (fingerprint: string) => `/v1/alerts/${encodeURIComponent(fingerprint)}`;

export function listAlerts(api: ApiClient, signal?: AbortSignal): Promise<Alerting<AlertInfo[]>> {
  return optional(async () => (await api.get('/v1/alerts', alertListSchema, undefined, signal)).alerts);
}

export interface OpenAlerts {
  firing: number;
  pending: number;
}

/**
 * The overview's hook for open alerts: firing and pending alerts per model (by the `model`
 * label). Null when the server has no alerting, so the status falls back to drift and performance.
 */
export async function openAlertsByModel(api: ApiClient, signal?: AbortSignal): Promise<Map<string, OpenAlerts> | null> {
  const alerts = await listAlerts(api, signal);
  if (!alerts.available) return null;
  const byModel = new Map<string, OpenAlerts>();
  for (const a of alerts.value) {
    if (a.state !== 'firing' && a.state !== 'pending') continue;
    const model = a.labels['model'] ?? a.model;
    const entry = byModel.get(model) ?? { firing: 0, pending: 0 };
    entry[a.state] += 1;
    byModel.set(model, entry);
  }
  return byModel;
}

/** One alert by fingerprint; a 404 naming no route means the server has no alerting. */
export function getAlert(api: ApiClient, fingerprint: string, signal?: AbortSignal): Promise<Alerting<AlertInfo>> {
  return optional(() => api.get(fp(fingerprint), alertSchema, undefined, signal));
}

export function acknowledgeAlert(api: ApiClient, fingerprint: string, by: string, comment?: string): Promise<AlertInfo> {
  return api.request(`${fp(fingerprint)}/ack`, alertSchema, { method: 'POST', json: { by, ...(comment !== undefined && comment !== '' && { comment }) } });
}

export function resolveAlert(api: ApiClient, fingerprint: string, by: string): Promise<AlertInfo> {
  return api.request(`${fp(fingerprint)}/resolve`, alertSchema, { method: 'POST', json: { by } });
}

export async function alertTimeline(api: ApiClient, fingerprint: string, signal?: AbortSignal): Promise<TimelineEntry[]> {
  return (await api.get(`${fp(fingerprint)}/timeline`, timelineSchema, undefined, signal)).timeline;
}

export function listSilences(api: ApiClient, signal?: AbortSignal): Promise<Alerting<SilenceInfo[]>> {
  return optional(async () => (await api.get('/v1/silences', silenceListSchema, undefined, signal)).silences);
}

export function createSilence(api: ApiClient, silence: CreateSilence): Promise<SilenceInfo> {
  return api.request('/v1/silences', silenceSchema, { method: 'POST', json: silence });
}

export function expireSilence(api: ApiClient, id: string): Promise<void> {
  return api.call(`/v1/silences/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Alertmanager matchers that select exactly this alert's series: every one of its labels, as Alertmanager's own UI does. */
export function silenceMatchers(alert: AlertInfo): string[] {
  return Object.entries(alert.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`);
}

export function listMonitors(api: ApiClient, signal?: AbortSignal): Promise<Alerting<MonitorInfo[]>> {
  return optional(async () => (await api.get('/v1/monitors', monitorListSchema, undefined, signal)).monitors);
}

/** Creates a monitor, or replaces the one named `existing`. */
export function saveMonitor(api: ApiClient, monitor: CreateMonitor, existing?: string): Promise<MonitorInfo> {
  return existing === undefined
    ? api.request('/v1/monitors', monitorSchema, { method: 'POST', json: monitor })
    : api.request(`/v1/monitors/${encodeURIComponent(existing)}`, monitorSchema, { method: 'PUT', json: monitor });
}

export function deleteMonitor(api: ApiClient, name: string): Promise<void> {
  return api.call(`/v1/monitors/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

export function listChannels(api: ApiClient, signal?: AbortSignal): Promise<Alerting<ChannelInfo[]>> {
  return optional(async () => (await api.get('/v1/channels', channelListSchema, undefined, signal)).channels);
}

export function createChannel(api: ApiClient, channel: CreateChannel): Promise<ChannelInfo> {
  return api.request('/v1/channels', channelSchema, { method: 'POST', json: channel });
}

export function deleteChannel(api: ApiClient, name: string): Promise<void> {
  return api.call(`/v1/channels/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

export function testChannel(api: ApiClient, name: string): Promise<ChannelTestResult> {
  return api.request(`/v1/channels/${encodeURIComponent(name)}/test`, testResultSchema, { method: 'POST' });
}
