// Routes of alerting: channels, monitors, silences, the notification policy, alerts (acknowledge,
// resolve by hand, comments, timeline) and the notification outbox. Parse, call a service, answer.

import { z } from 'zod';
import {
  alertActionSchema,
  alertCommentSchema,
  alertListQuerySchema,
  alertListSchema,
  alertSchema,
  channelListSchema,
  channelSchema,
  channelTestSchema,
  createChannelSchema,
  createMonitorSchema,
  createSilenceSchema,
  monitorListSchema,
  monitorSchema,
  notificationListSchema,
  notificationPolicySchema,
  silenceListSchema,
  silenceSchema,
  timelineSchema,
} from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { labelsMatch } from '../queries/segment-filter.js';
import type { AlertService } from './alert-service.js';
import type { ChannelService } from './channel-service.js';
import type { MonitorService } from './monitor-service.js';
import type { SilenceService } from './silence-service.js';

export interface AlertingRouteServices {
  readonly channels: ChannelService;
  readonly monitors: MonitorService;
  readonly silences: SilenceService;
  readonly alerts: AlertService;
}

const nameParams = z.strictObject({ name: z.string() });
const fingerprintParams = z.strictObject({ fp: z.string().meta({ description: 'The alert fingerprint' }) });
const notFound = (what: string) => ({ 404: { description: `No such ${what}` } });

export function alertingRoutes({ channels, monitors, silences, alerts }: AlertingRouteServices): RouteSpec[] {
  return [
    // --- channels ---
    defineRoute({
      method: 'POST',
      url: '/v1/channels',
      operationId: 'createChannel',
      summary: 'Create a channel (webhook, Slack, PagerDuty, Alertmanager, e-mail)',
      tag: 'Channels',
      scope: 'admin',
      body: { schema: createChannelSchema },
      status: 201,
      responses: { 201: { description: 'The channel; secrets are write-only', schema: channelSchema }, 409: { description: 'A channel of that name exists' } },
      handler: ({ auth, body }) => channels.create(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/channels',
      operationId: 'listChannels',
      summary: 'List channels',
      tag: 'Channels',
      scope: 'read',
      responses: { 200: { description: 'Channels, without secrets', schema: channelListSchema } },
      handler: async ({ auth }) => ({ channels: await channels.list(auth.projectId) }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/channels/:name',
      operationId: 'deleteChannel',
      summary: 'Delete a channel',
      tag: 'Channels',
      scope: 'admin',
      params: nameParams,
      status: 204,
      responses: { 204: { description: 'Deleted' }, ...notFound('channel'), 409: { description: 'A monitor or the notification policy still sends to it' } },
      handler: ({ auth, params }) => channels.delete(auth.projectId, params.name),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/channels/:name/test',
      operationId: 'testChannel',
      summary: 'Send a test notification to a channel now',
      tag: 'Channels',
      scope: 'admin',
      params: nameParams,
      responses: { 200: { description: 'Whether the receiver took it', schema: channelTestSchema }, ...notFound('channel') },
      handler: ({ auth, params }) => channels.test(auth.projectId, params.name),
    }),

    // --- monitors ---
    defineRoute({
      method: 'POST',
      url: '/v1/monitors',
      operationId: 'createMonitor',
      summary: 'Create a monitor',
      description:
        'Drift, data quality, performance, estimated performance (CBPE), latency, volume, concept drift (online detectors) or a custom metric, with Prometheus alerting-rule semantics (`for`, `keepFiringFor`, no-data and error states).',
      tag: 'Monitors',
      scope: 'admin',
      body: { schema: createMonitorSchema },
      status: 201,
      responses: { 201: { description: 'The monitor', schema: monitorSchema }, 409: { description: 'A monitor of that name exists' } },
      handler: ({ auth, body }) => monitors.create(auth.projectId, body),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/monitors/:name',
      operationId: 'replaceMonitor',
      summary: "Replace a monitor's definition",
      tag: 'Monitors',
      scope: 'admin',
      params: nameParams,
      body: { schema: createMonitorSchema },
      responses: { 200: { description: 'The monitor', schema: monitorSchema }, ...notFound('monitor') },
      handler: ({ auth, params, body }) => monitors.replace(auth.projectId, params.name, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/monitors',
      operationId: 'listMonitors',
      summary: 'List monitors with their health and last evaluation',
      tag: 'Monitors',
      scope: 'read',
      responses: { 200: { description: 'Monitors', schema: monitorListSchema } },
      handler: async ({ auth }) => ({ monitors: await monitors.list(auth.projectId) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/monitors/:name',
      operationId: 'getMonitor',
      summary: 'One monitor',
      tag: 'Monitors',
      scope: 'read',
      params: nameParams,
      responses: { 200: { description: 'The monitor', schema: monitorSchema }, ...notFound('monitor') },
      handler: ({ auth, params }) => monitors.get(auth.projectId, params.name),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/monitors/:name',
      operationId: 'deleteMonitor',
      summary: 'Delete a monitor',
      tag: 'Monitors',
      scope: 'admin',
      params: nameParams,
      status: 204,
      responses: { 204: { description: 'Deleted' }, ...notFound('monitor') },
      handler: ({ auth, params }) => monitors.delete(auth.projectId, params.name),
    }),

    // --- silences and the notification policy ---
    defineRoute({
      method: 'POST',
      url: '/v1/silences',
      operationId: 'createSilence',
      summary: 'Silence alerts that match, for a time',
      tag: 'Silences and routing',
      scope: 'respond',
      body: { schema: createSilenceSchema },
      status: 201,
      responses: { 201: { description: 'The silence', schema: silenceSchema } },
      handler: ({ auth, body }) => silences.create(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/silences',
      operationId: 'listSilences',
      summary: 'List silences (pending, active and expired)',
      tag: 'Silences and routing',
      scope: 'read',
      responses: { 200: { description: 'Silences', schema: silenceListSchema } },
      handler: async ({ auth }) => ({ silences: await silences.list(auth.projectId) }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/silences/:id',
      operationId: 'expireSilence',
      summary: 'Expire a silence now',
      tag: 'Silences and routing',
      scope: 'respond',
      params: z.strictObject({ id: z.string() }),
      status: 204,
      responses: { 204: { description: 'Expired' }, ...notFound('active or pending silence') },
      handler: ({ auth, params }) => silences.expire(auth.projectId, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/notification-policy',
      operationId: 'getNotificationPolicy',
      summary: 'The routing tree and inhibit rules',
      tag: 'Silences and routing',
      scope: 'read',
      responses: { 200: { description: 'The policy (an empty route when none was set)', schema: notificationPolicySchema } },
      handler: ({ auth }) => silences.policy(auth.projectId),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/notification-policy',
      operationId: 'putNotificationPolicy',
      summary: 'Replace the routing tree and inhibit rules (Alertmanager semantics)',
      tag: 'Silences and routing',
      scope: 'admin',
      body: { schema: notificationPolicySchema },
      responses: { 200: { description: 'The stored policy', schema: notificationPolicySchema } },
      handler: ({ auth, body }) => silences.putPolicy(auth.projectId, body),
    }),

    // --- alerts ---
    defineRoute({
      method: 'GET',
      url: '/v1/alerts',
      operationId: 'listAlerts',
      summary: 'List alerts',
      tag: 'Alerts',
      scope: 'read',
      description:
        '`segment=key:value` (repeatable; every pair must hold) keeps the alerts whose labels carry those pairs: labels come from the monitor’s `labels` and its series (`feature`, `check`, …), so label a monitor with the segment it is about.',
      query: alertListQuerySchema,
      responses: { 200: { description: 'Alerts, with whether each is silenced or inhibited now', schema: alertListSchema } },
      handler: async ({ auth, query }) => {
        const all = await alerts.list(auth.projectId, query.state);
        return { alerts: query.segment === undefined ? all : all.filter((a) => labelsMatch(a.labels, query.segment!)) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/alerts/:fp',
      operationId: 'getAlert',
      summary: 'One alert',
      tag: 'Alerts',
      scope: 'read',
      params: fingerprintParams,
      responses: { 200: { description: 'The alert', schema: alertSchema }, ...notFound('alert') },
      handler: ({ auth, params }) => alerts.get(auth.projectId, params.fp),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/alerts/:fp/timeline',
      operationId: 'getAlertTimeline',
      summary: "An alert's timeline: state changes, notifications, acknowledgements, comments",
      tag: 'Alerts',
      scope: 'read',
      params: fingerprintParams,
      responses: { 200: { description: 'The timeline, oldest first', schema: timelineSchema }, ...notFound('alert') },
      handler: async ({ auth, params }) => ({ timeline: await alerts.timeline(auth.projectId, params.fp) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/alerts/:fp/ack',
      operationId: 'acknowledgeAlert',
      summary: 'Acknowledge an alert (its repeats stop)',
      tag: 'Alerts',
      scope: 'respond',
      params: fingerprintParams,
      body: { schema: alertActionSchema },
      responses: { 200: { description: 'The alert', schema: alertSchema }, ...notFound('alert') },
      handler: ({ auth, params, body }) => alerts.acknowledge(auth.projectId, params.fp, body.by, body.comment ?? null),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/alerts/:fp/resolve',
      operationId: 'resolveAlert',
      summary: 'Resolve an alert by hand',
      tag: 'Alerts',
      scope: 'respond',
      params: fingerprintParams,
      body: { schema: alertActionSchema },
      responses: { 200: { description: 'The alert', schema: alertSchema }, ...notFound('alert') },
      handler: ({ auth, params, body }) => alerts.resolveByHand(auth.projectId, params.fp, body.by, body.comment ?? null),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/alerts/:fp/comments',
      operationId: 'commentAlert',
      summary: 'Comment on an alert',
      tag: 'Alerts',
      scope: 'respond',
      params: fingerprintParams,
      body: { schema: alertCommentSchema },
      status: 201,
      responses: { 201: { description: 'Added to the timeline', schema: z.object({ ok: z.literal(true) }) }, ...notFound('alert') },
      handler: async ({ auth, params, body }) => {
        await alerts.comment(auth.projectId, params.fp, body.by, body.text);
        return { ok: true };
      },
    }),

    // --- the outbox ---
    defineRoute({
      method: 'GET',
      url: '/v1/notifications',
      operationId: 'listNotifications',
      summary: 'The newest notifications and their delivery attempts',
      tag: 'Channels',
      scope: 'read',
      responses: { 200: { description: 'Notifications, newest first', schema: notificationListSchema } },
      handler: async ({ auth }) => ({ notifications: await channels.notifications(auth.projectId) }),
    }),
  ];
}
