// Channels, monitors, silences, the notification policy, alerts (with acknowledge, resolve by
// hand, comments and the timeline) and the notification outbox.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { compileAlertRule, toMatchers } from '@vigil/core';
import {
  alertActionSchema,
  alertCommentSchema,
  createChannelSchema,
  createMonitorSchema,
  createSilenceSchema,
  notificationPolicySchema,
  timestampToMs,
} from '@vigil/wire';
import type { AlertInfo, ChannelConfig, ChannelInfo, MonitorConfig, MonitorInfo, NotificationPolicy, RouteInput, SilenceInfo } from '@vigil/wire';
import { parseDuration } from '../config.js';
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { AlertRow, ChannelRow, MonitorRow, SilenceRow } from '../storage/alerting-store.js';
import { requireScope } from './auth.js';
import { parseRequest } from './parse-request.js';
import type { AppContext } from './app-context.js';

/** Rethrows a core configuration error (bad matcher, bad template) as a 400 naming the field. */
function asFieldError<T>(path: string, fn: () => T, stripPrefix = ''): T {
  try {
    return fn();
  } catch (e) {
    const err = e as Error & { argument?: string };
    const field = (err.argument ?? path).startsWith(stripPrefix) ? (err.argument ?? path).slice(stripPrefix.length) : (err.argument ?? path);
    const message = err.message.startsWith(`${err.argument ?? ''}: `) ? err.message.slice((err.argument ?? '').length + 2) : err.message;
    throw new ValidationError(`${field}: ${message}`, [{ path: field, message }]);
  }
}

const SECRET_KEYS = ['secret', 'routingKey', 'password'] as const;

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

function monitorInfo(row: MonitorRow, modelName: string): MonitorInfo {
  return {
    name: row.name,
    model: modelName,
    type: row.type,
    config: JSON.parse(row.config) as Record<string, unknown>,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    lastEvaluatedAt: row.last_evaluated_at === null ? null : new Date(row.last_evaluated_at).toISOString(),
    health: (row.health as MonitorInfo['health']) ?? 'unknown',
    lastError: row.last_error,
    lastDetails: row.last_details === null ? null : (JSON.parse(row.last_details) as Record<string, unknown>),
  };
}

export function alertInfo(row: AlertRow, monitorName: string, modelName: string, flags: { silenced: boolean; inhibited: boolean }): AlertInfo {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
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

export function silenceInfo(row: SilenceRow, now: number): SilenceInfo {
  return {
    id: row.id,
    matchers: JSON.parse(row.matchers) as string[],
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    createdBy: row.created_by,
    comment: row.comment,
    state: now < row.starts_at ? 'pending' : now < row.ends_at ? 'active' : 'expired',
  };
}

/** Every matcher and duration of a routing tree, checked with its path. */
function checkRoute(route: RouteInput, path: string): void {
  if (route.matchers !== undefined) asFieldError(`${path}.matchers`, () => toMatchers(route.matchers!, `${path}.matchers`));
  route.routes?.forEach((r, i) => checkRoute(r, `${path}.routes[${i}]`));
}

/** Checks what zod cannot: the model exists, the channels exist, templates and methods compile. */
async function checkMonitor(ctx: AppContext, projectId: number, config: MonitorConfig): Promise<number> {
  const model = await ctx.store.findModel(projectId, config.model);
  if (model === undefined) throw new ValidationError(`model: no model "${config.model}" in this project`, [{ path: 'model', message: `an existing model (no model "${config.model}")` }]);
  for (const [i, name] of config.channels.entries()) {
    if ((await ctx.store.alerting.channelByName(projectId, name)) === undefined) {
      throw new ValidationError(`channels[${i}]: no channel "${name}"`, [{ path: `channels[${i}]`, message: `an existing channel (no channel "${name}"; create it with POST /v1/channels)` }]);
    }
  }
  asFieldError(
    'annotations',
    () => compileAlertRule({ name: config.name, for: parseDuration(config.for), keepFiringFor: parseDuration(config.keepFiringFor), labels: config.labels, annotations: config.annotations }, 'monitor'),
    'monitor.',
  );
  if (config.type === 'performance' && config.condition === undefined && config.relative === undefined) {
    throw new ValidationError('condition: a performance monitor needs a condition or a relative drop', [{ path: 'condition', message: '{ op, value } (e.g. { "op": "lt", "value": 0.7 }), or give relative: { drop }' }]);
  }
  if (config.type === 'volume' && config.min === undefined && config.max === undefined) {
    throw new ValidationError('min: a volume monitor needs min and/or max', [{ path: 'min', message: 'a number of events per window' }]);
  }
  return model.id;
}

export function registerAlertingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const a = ctx.store.alerting;

  // --- channels ---
  app.post('/v1/channels', async (request, reply): Promise<ChannelInfo> => {
    const auth = requireScope(request, 'admin');
    const config: ChannelConfig = parseRequest(createChannelSchema, request.body);
    const row = await a.createChannel({ project_id: auth.projectId, name: config.name, type: config.type, config: JSON.stringify(config), created_at: ctx.clock() });
    if (row === undefined) throw new ConflictError(`a channel named "${config.name}" already exists`);
    reply.status(201);
    return channelInfo(row);
  });
  app.get('/v1/channels', async (request) => {
    const auth = requireScope(request, 'read');
    return { channels: (await a.channels(auth.projectId)).map(channelInfo) };
  });
  app.delete<{ Params: { name: string } }>('/v1/channels/:name', async (request, reply) => {
    const auth = requireScope(request, 'admin');
    if (!(await a.deleteChannel(auth.projectId, request.params.name))) throw new NotFoundError(`no channel "${request.params.name}"`);
    reply.status(204);
  });
  app.post<{ Params: { name: string } }>('/v1/channels/:name/test', async (request) => {
    const auth = requireScope(request, 'admin');
    const channel = await a.channelByName(auth.projectId, request.params.name);
    if (channel === undefined) throw new NotFoundError(`no channel "${request.params.name}"`);
    return ctx.alerting.sendTest(channel);
  });

  // --- monitors ---
  app.post('/v1/monitors', async (request, reply): Promise<MonitorInfo> => {
    const auth = requireScope(request, 'admin');
    const config = parseRequest(createMonitorSchema, request.body);
    const modelId = await checkMonitor(ctx, auth.projectId, config);
    const now = ctx.clock();
    const row = await a.createMonitor({
      project_id: auth.projectId,
      model_id: modelId,
      name: config.name,
      type: config.type,
      config: JSON.stringify(config),
      enabled: config.enabled ? 1 : 0,
      created_at: now,
      updated_at: now,
      next_eval_at: now,
      last_evaluated_at: null,
      health: 'unknown',
      last_error: null,
      last_details: null,
      rule_state: null,
      detector_state: null,
      detector_watermark: 0,
    });
    if (row === undefined) throw new ConflictError(`a monitor named "${config.name}" already exists`);
    reply.status(201);
    return monitorInfo(row, config.model);
  });
  app.put<{ Params: { name: string } }>('/v1/monitors/:name', async (request): Promise<MonitorInfo> => {
    const auth = requireScope(request, 'admin');
    const existing = await a.monitorByName(auth.projectId, request.params.name);
    if (existing === undefined) throw new NotFoundError(`no monitor "${request.params.name}"`);
    const config = parseRequest(createMonitorSchema, request.body);
    if (config.name !== existing.name) throw new ValidationError('name: a monitor keeps its name', [{ path: 'name', message: `"${existing.name}"` }]);
    const modelId = await checkMonitor(ctx, auth.projectId, config);
    const now = ctx.clock();
    await a.replaceMonitor(existing.id, { config: JSON.stringify(config), type: config.type, model_id: modelId, enabled: config.enabled ? 1 : 0, updated_at: now, next_eval_at: now });
    return monitorInfo((await a.monitorById(existing.id))!, config.model);
  });
  app.get('/v1/monitors', async (request) => {
    const auth = requireScope(request, 'read');
    const rows = await a.monitors(auth.projectId);
    const out: MonitorInfo[] = [];
    for (const r of rows) out.push(monitorInfo(r, (await ctx.store.modelById(r.model_id))?.name ?? ''));
    return { monitors: out };
  });
  app.get<{ Params: { name: string } }>('/v1/monitors/:name', async (request) => {
    const auth = requireScope(request, 'read');
    const row = await a.monitorByName(auth.projectId, request.params.name);
    if (row === undefined) throw new NotFoundError(`no monitor "${request.params.name}"`);
    return monitorInfo(row, (await ctx.store.modelById(row.model_id))?.name ?? '');
  });
  app.delete<{ Params: { name: string } }>('/v1/monitors/:name', async (request, reply) => {
    const auth = requireScope(request, 'admin');
    const row = await a.monitorByName(auth.projectId, request.params.name);
    if (row === undefined) throw new NotFoundError(`no monitor "${request.params.name}"`);
    await a.deleteMonitor(row.id);
    reply.status(204);
  });

  // --- silences ---
  app.post('/v1/silences', async (request, reply): Promise<SilenceInfo> => {
    const auth = requireScope(request, 'admin');
    const body = parseRequest(createSilenceSchema, request.body);
    const list = typeof body.matchers === 'string' ? [body.matchers] : body.matchers;
    const matchers = asFieldError('matchers', () => toMatchers(list, 'matchers'));
    if (matchers.length === 0) throw new ValidationError('matchers: at least one matcher', [{ path: 'matchers', message: 'at least one matcher' }]);
    const now = ctx.clock();
    const startsAt = body.startsAt === undefined ? now : timestampToMs(body.startsAt);
    const endsAt = body.endsAt !== undefined ? timestampToMs(body.endsAt) : body.duration !== undefined ? startsAt + parseDuration(body.duration) : NaN;
    if (!Number.isFinite(endsAt)) throw new ValidationError('endsAt: give endsAt or duration', [{ path: 'endsAt', message: 'an end time, or a duration such as 2h' }]);
    if (!(endsAt > startsAt)) throw new ValidationError('endsAt: must be after startsAt', [{ path: 'endsAt', message: `a time after ${new Date(startsAt).toISOString()}` }]);
    const row: SilenceRow = { id: randomUUID(), project_id: auth.projectId, matchers: JSON.stringify(list), starts_at: startsAt, ends_at: endsAt, created_by: body.createdBy, comment: body.comment, created_at: now };
    await a.createSilence(row);
    reply.status(201);
    return silenceInfo(row, now);
  });
  app.get('/v1/silences', async (request) => {
    const auth = requireScope(request, 'read');
    const now = ctx.clock();
    return { silences: (await a.silences(auth.projectId)).map((r) => silenceInfo(r, now)) };
  });
  app.delete<{ Params: { id: string } }>('/v1/silences/:id', async (request, reply) => {
    const auth = requireScope(request, 'admin');
    if (!(await a.expireSilence(auth.projectId, request.params.id, ctx.clock()))) throw new NotFoundError(`no active or pending silence "${request.params.id}"`);
    reply.status(204);
  });

  // --- notification policy ---
  app.get('/v1/notification-policy', async (request): Promise<NotificationPolicy> => {
    const auth = requireScope(request, 'read');
    const stored = await a.projectState(auth.projectId, 'policy');
    return stored === undefined ? { route: {}, inhibitRules: [] } : (JSON.parse(stored) as NotificationPolicy);
  });
  app.put('/v1/notification-policy', async (request): Promise<NotificationPolicy> => {
    const auth = requireScope(request, 'admin');
    const policy = parseRequest(notificationPolicySchema, request.body);
    checkRoute(policy.route, 'route');
    const receivers: string[] = [];
    const collect = (r: RouteInput) => {
      if (r.receiver !== undefined) receivers.push(r.receiver);
      r.routes?.forEach(collect);
    };
    collect(policy.route);
    for (const name of receivers) if ((await a.channelByName(auth.projectId, name)) === undefined) throw new BadRequestError(`route: no channel "${name}"`, [{ path: 'route', message: `receivers must be channels (no channel "${name}")` }]);
    policy.inhibitRules.forEach((r, i) => {
      asFieldError(`inhibitRules[${i}].sourceMatchers`, () => toMatchers(r.sourceMatchers, `inhibitRules[${i}].sourceMatchers`));
      asFieldError(`inhibitRules[${i}].targetMatchers`, () => toMatchers(r.targetMatchers, `inhibitRules[${i}].targetMatchers`));
    });
    await a.putProjectState(ctx.store.db, auth.projectId, 'policy', JSON.stringify(policy), ctx.clock());
    return policy;
  });

  // --- alerts ---
  app.get<{ Querystring: { state?: string } }>('/v1/alerts', async (request) => {
    const auth = requireScope(request, 'read');
    return { alerts: await ctx.alerting.listAlerts(auth.projectId, request.query.state) };
  });
  const alertOr404 = async (projectId: number, fp: string) => {
    const row = await a.alert(projectId, fp);
    if (row === undefined) throw new NotFoundError(`no alert "${fp}"`);
    return row;
  };
  app.get<{ Params: { fp: string } }>('/v1/alerts/:fp', async (request) => {
    const auth = requireScope(request, 'read');
    await alertOr404(auth.projectId, request.params.fp);
    return (await ctx.alerting.listAlerts(auth.projectId)).find((x) => x.fingerprint === request.params.fp);
  });
  app.get<{ Params: { fp: string } }>('/v1/alerts/:fp/timeline', async (request) => {
    const auth = requireScope(request, 'read');
    await alertOr404(auth.projectId, request.params.fp);
    const rows = await a.timeline(auth.projectId, request.params.fp);
    return { timeline: rows.map((r) => ({ at: new Date(r.at).toISOString(), kind: r.kind, detail: JSON.parse(r.detail) as Record<string, unknown> })) };
  });
  app.post<{ Params: { fp: string } }>('/v1/alerts/:fp/ack', async (request) => {
    const auth = requireScope(request, 'ingest');
    const body = parseRequest(alertActionSchema, request.body);
    await alertOr404(auth.projectId, request.params.fp);
    const now = ctx.clock();
    await a.acknowledge(auth.projectId, request.params.fp, body.by, now);
    await a.addEvent(auth.projectId, request.params.fp, now, 'acknowledged', { by: body.by, comment: body.comment ?? null });
    return (await ctx.alerting.listAlerts(auth.projectId)).find((x) => x.fingerprint === request.params.fp);
  });
  app.post<{ Params: { fp: string } }>('/v1/alerts/:fp/resolve', async (request) => {
    const auth = requireScope(request, 'ingest');
    const body = parseRequest(alertActionSchema, request.body);
    await alertOr404(auth.projectId, request.params.fp);
    await ctx.alerting.resolveByHand(auth.projectId, request.params.fp, body.by, body.comment ?? null);
    return (await ctx.alerting.listAlerts(auth.projectId)).find((x) => x.fingerprint === request.params.fp);
  });
  app.post<{ Params: { fp: string } }>('/v1/alerts/:fp/comments', async (request, reply) => {
    const auth = requireScope(request, 'ingest');
    const body = parseRequest(alertCommentSchema, request.body);
    await alertOr404(auth.projectId, request.params.fp);
    await a.addEvent(auth.projectId, request.params.fp, ctx.clock(), 'comment', { by: body.by, text: body.text });
    reply.status(201);
    return { ok: true };
  });

  // --- notifications (the outbox) ---
  app.get('/v1/notifications', async (request) => {
    const auth = requireScope(request, 'read');
    const rows = await a.outbox(auth.projectId, 200);
    const channels = new Map((await a.channels(auth.projectId)).map((c) => [c.id, c.name]));
    return {
      notifications: rows.map(({ row, attempts }) => ({
        id: row.id,
        channel: channels.get(row.channel_id) ?? null,
        groupKey: row.group_key,
        status: row.status,
        createdAt: new Date(row.created_at).toISOString(),
        sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
        attempts: attempts.map((t) => ({ at: new Date(t.at).toISOString(), ok: t.ok === 1, statusCode: t.status_code, error: t.error })),
      })),
    };
  });
}
