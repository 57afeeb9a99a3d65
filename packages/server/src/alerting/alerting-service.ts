// The alerting loop: evaluate due monitors (core's rule state machine), hand firing and resolved
// alerts to the dispatcher (core's Alertmanager semantics: routing, grouping, silences,
// inhibition), store each notification in the outbox before sending it, and deliver the outbox
// with retries. Every step takes `now`, so tests drive it with their own clock.

import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import {
  alertsToSend,
  compileAlertRule,
  compileInhibitRule,
  compileRoute,
  dispatch,
  emptyDispatcherState,
  evaluateAlertRule,
  inhibitedBy,
  initialAlertRuleState,
  isSilenced,
  notificationTitle,
  pagerDutyEvent,
  reloadDispatcher,
  slackPayload,
  toMatchers,
  webhookPayload,
} from '@vigil/core';
import type { AlertRuleState, DispatcherState, InhibitRule, Notification, PostableAlert, Route, RouteConfig, Silence } from '@vigil/core';
import type { AlertInfo, ChannelConfig, MonitorConfig, NotificationPolicy, RouteInput } from '@vigil/wire';
import type { Logger } from 'pino';
import { parseDuration } from '../config.js';
import type { AppContext } from '../http/app-context.js';
import { alertInfo } from '../http/alerting-routes.js';
import type { ChannelRow, MonitorRow, NewOutbox, OutboxRow } from '../storage/alerting-store.js';
import { backoffMs, sendHttp, SIGNATURE_HEADER, signBody } from './delivery.js';
import type { DeliveryResult, EmailPayload, HttpPayload, NotificationPayload } from './delivery.js';
import { evaluateMonitor } from './evaluate-monitor.js';

/** Give up on a notification after this many attempts (about an hour of backoff). */
export const MAX_ATTEMPTS = 12;
const SEND_TIMEOUT_MS = 10_000;
/** The root receiver when a project has no policy: no integrations, so nothing is sent. */
const NO_RECEIVER = '__none__';

export interface AlertingServiceOptions {
  /** The server's public URL, for links in notifications. */
  externalUrl: string;
  logger?: Logger;
}

function durationsOf(route: RouteInput): RouteConfig {
  const out: RouteConfig = {
    ...(route.receiver === undefined ? {} : { receiver: route.receiver }),
    ...(route.matchers === undefined ? {} : { matchers: route.matchers }),
    ...(route.continue === undefined ? {} : { continue: route.continue }),
    ...(route.groupBy === undefined ? {} : { groupBy: route.groupBy }),
    ...(route.groupWait === undefined ? {} : { groupWait: parseDuration(route.groupWait) }),
    ...(route.groupInterval === undefined ? {} : { groupInterval: parseDuration(route.groupInterval) }),
    ...(route.repeatInterval === undefined ? {} : { repeatInterval: parseDuration(route.repeatInterval) }),
    ...(route.routes === undefined ? {} : { routes: route.routes.map(durationsOf) }),
  };
  return out;
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export class AlertingService {
  constructor(
    private readonly ctx: AppContext,
    private readonly options: AlertingServiceOptions,
  ) {}

  private get store() {
    return this.ctx.store.alerting;
  }

  /** One scheduler tick: evaluate, dispatch, deliver. */
  async tick(now: number): Promise<void> {
    await this.evaluateDue(now);
    for (const projectId of await this.store.projectsWithMonitors()) await this.dispatchProject(projectId, now);
    await this.deliverDue(now);
  }

  // --- evaluation ---

  async evaluateDue(now: number): Promise<number> {
    const due = await this.store.dueMonitors(now);
    for (const m of due) await this.evaluateOne(m, now);
    return due.length;
  }

  private ruleOf(m: MonitorRow, config: MonitorConfig, modelName: string) {
    return compileAlertRule({
      name: m.name,
      for: parseDuration(config.for),
      keepFiringFor: parseDuration(config.keepFiringFor),
      labels: { model: modelName, monitor: m.name, severity: config.severity, ...config.labels },
      annotations: config.annotations,
      noDataState: config.noDataState,
      errorState: config.errorState,
    });
  }

  async evaluateOne(m: MonitorRow, now: number): Promise<void> {
    const config = JSON.parse(m.config) as MonitorConfig;
    const model = await this.ctx.store.modelById(m.model_id);
    const rule = this.ruleOf(m, config, model?.name ?? '');
    const previous: AlertRuleState = m.rule_state === null ? initialAlertRuleState() : (JSON.parse(m.rule_state) as AlertRuleState);
    let evaluation;
    try {
      evaluation = await evaluateMonitor(this.ctx, m, config, now);
    } catch (e) {
      evaluation = { result: { error: (e as Error).message }, details: {} };
    }
    const { state, transitions } = evaluateAlertRule(rule, previous, evaluation.result, now);
    const alerts = state.instances.map((i) => ({
      project_id: m.project_id,
      fingerprint: i.fingerprint,
      monitor_id: m.id,
      labels: JSON.stringify(i.labels),
      annotations: JSON.stringify(i.annotations),
      state: i.state,
      value: i.value,
      active_at: i.activeAt,
      fired_at: i.firedAt ?? null,
      resolved_at: i.resolvedAt ?? null,
      updated_at: now,
    }));
    const events = transitions.map((t) => ({ fingerprint: t.fingerprint, at: t.at, kind: 'state', detail: JSON.stringify({ from: t.from, to: t.to, value: t.value, ...(t.reason === undefined ? {} : { reason: t.reason }) }) }));
    const update = {
      next_eval_at: now + parseDuration(config.interval),
      last_evaluated_at: now,
      health: state.health,
      last_error: state.lastError ?? null,
      last_details: JSON.stringify(evaluation.details),
      rule_state: JSON.stringify(state),
      ...(evaluation.detector === undefined ? {} : { detector_state: evaluation.detector.state, detector_watermark: evaluation.detector.watermark }),
    };
    await this.store.saveEvaluation(m, update, alerts, events);
  }

  // --- dispatch ---

  private async policyOf(projectId: number): Promise<NotificationPolicy | null> {
    const stored = await this.store.projectState(projectId, 'policy');
    return stored === undefined ? null : (JSON.parse(stored) as NotificationPolicy);
  }

  /** The routing tree: each monitor's own channels first (continue), then the policy's tree. */
  private async routeOf(projectId: number, monitors: readonly MonitorRow[], channels: readonly ChannelRow[]): Promise<{ route: Route; inhibitRules: InhibitRule[]; signature: string }> {
    const policy = await this.policyOf(projectId);
    const direct: RouteConfig[] = [];
    for (const m of monitors) {
      const config = JSON.parse(m.config) as MonitorConfig;
      for (const ch of config.channels) direct.push({ receiver: ch, matchers: [`monitor="${escapeLabelValue(m.name)}"`], continue: true, groupBy: ['alertname', 'model', 'monitor'] });
    }
    const root = policy === null ? { receiver: NO_RECEIVER } : durationsOf(policy.route);
    const tree: RouteConfig = { ...root, receiver: root.receiver ?? NO_RECEIVER, routes: [...direct, ...(root.routes ?? [])] };
    const receiverNames = [NO_RECEIVER, ...channels.map((c) => c.name)];
    const route = compileRoute(tree, { receivers: receiverNames });
    const inhibitRules: InhibitRule[] = (policy?.inhibitRules ?? []).map((r, i) => compileInhibitRule({ name: `rule-${i}`, ...r }, `inhibitRules[${i}]`));
    return { route, inhibitRules, signature: JSON.stringify([tree, receiverNames]) };
  }

  private async silencesOf(projectId: number): Promise<Silence[]> {
    return (await this.store.silences(projectId)).map((s) => ({
      id: s.id,
      matchers: toMatchers(JSON.parse(s.matchers) as string[]),
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      createdBy: s.created_by,
      comment: s.comment,
    }));
  }

  async dispatchProject(projectId: number, now: number): Promise<Notification[]> {
    const monitors = await this.store.monitors(projectId);
    const channels = await this.store.channels(projectId);
    const { route, inhibitRules, signature } = await this.routeOf(projectId, monitors, channels);
    const receivers: Record<string, { name: string }[]> = { [NO_RECEIVER]: [] };
    for (const c of channels) receivers[c.name] = [{ name: c.name }];
    const config = { route, receivers };
    // The dispatcher's state is stored with the routing configuration it was built for; only a
    // changed tree or receiver set rebuilds the groups (Alertmanager's reload).
    const stored = await this.store.projectState(projectId, 'dispatcher');
    let state: DispatcherState;
    if (stored === undefined) state = emptyDispatcherState();
    else {
      const saved = JSON.parse(stored) as { signature: string; state: DispatcherState };
      state = saved.signature === signature ? saved.state : reloadDispatcher(saved.state, config, now);
    }

    const posted: PostableAlert[] = [];
    const monitorStates: { m: MonitorRow; state: AlertRuleState }[] = [];
    for (const m of monitors) {
      if (m.rule_state === null) continue;
      const config = JSON.parse(m.config) as MonitorConfig;
      const sent = alertsToSend(JSON.parse(m.rule_state) as AlertRuleState, now, {
        evaluationInterval: parseDuration(config.interval),
        generatorURL: `${this.options.externalUrl}/monitors/${encodeURIComponent(m.name)}`,
      });
      posted.push(...sent.alerts);
      monitorStates.push({ m, state: sent.state });
    }
    const result = dispatch(state, { now, alerts: posted, silences: await this.silencesOf(projectId), inhibitRules }, config);
    state = result.state;
    const byName = new Map(channels.map((c) => [c.name, c]));
    // Acknowledging an alert stops its repeats: a repeat whose firing alerts are all acknowledged is not sent.
    const acked = new Set((await this.store.alerts(projectId, 'firing')).filter((a) => a.acked_by !== null).map((a) => a.fingerprint));
    const rows: NewOutbox[] = [];
    const events: { fingerprint: string; at: number; detail: unknown }[] = [];
    for (const n of result.notifications) {
      const channel = byName.get(n.receiver);
      if (channel === undefined) continue;
      if (n.reason === 'repeat interval elapsed' && n.alerts.every((a) => a.status !== 'firing' || acked.has(a.fingerprint))) continue;
      rows.push({
        project_id: projectId,
        channel_id: channel.id,
        group_key: n.groupKey,
        status: 'pending',
        payload: JSON.stringify(this.payloadFor(channel, n)),
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        created_at: now,
        sent_at: null,
      });
      for (const a of n.alerts) events.push({ fingerprint: a.fingerprint, at: now, detail: { channel: channel.name, status: a.status, reason: n.reason } });
    }
    await this.store.enqueue(projectId, JSON.stringify({ signature, state }), rows, events, now);
    // Remember what each rule handed over (Prometheus' resend bookkeeping).
    for (const { m, state: s } of monitorStates) await this.store.setRuleState(m.id, JSON.stringify(s));
    return result.notifications;
  }

  /** Exactly the request (or e-mail) a notification becomes on a channel. */
  payloadFor(channel: ChannelRow, n: Notification): NotificationPayload {
    const config = JSON.parse(channel.config) as ChannelConfig;
    const json = (url: string, body: unknown, extra: Record<string, string> = {}): HttpPayload => ({
      kind: 'http',
      url,
      headers: { 'content-type': 'application/json', 'user-agent': 'Vigil', ...extra },
      body: JSON.stringify(body),
    });
    switch (config.type) {
      case 'webhook': {
        const p = json(config.url, webhookPayload(n, { externalURL: this.options.externalUrl }));
        if (config.secret !== undefined) p.headers[SIGNATURE_HEADER] = signBody(config.secret, p.body);
        return p;
      }
      case 'slack':
        return json(config.url, slackPayload(n, { externalURL: this.options.externalUrl }));
      case 'pagerduty':
        return json(config.url ?? 'https://events.pagerduty.com/v2/enqueue', pagerDutyEvent(n, { routingKey: config.routingKey, dedupKey: createHash('sha256').update(n.groupKey).digest('hex'), externalURL: this.options.externalUrl }));
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
        const lines = n.alerts.map((a) => `- [${a.status}] ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(', ')}${a.annotations['summary'] === undefined ? '' : `: ${a.annotations['summary']}`}`);
        return { kind: 'email', subject: notificationTitle(n), text: `${notificationTitle(n)}\n\n${lines.join('\n')}\n\n${this.options.externalUrl}/alerts\n` } satisfies EmailPayload;
      }
    }
  }

  // --- delivery ---

  async deliverDue(now: number): Promise<number> {
    const due = await this.store.dueOutbox(now, 100);
    for (const row of due) await this.deliverOne(row, now);
    return due.length;
  }

  private async send(channel: ChannelRow, payload: NotificationPayload): Promise<DeliveryResult> {
    if (payload.kind === 'http') return sendHttp(payload, SEND_TIMEOUT_MS);
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

  async deliverOne(row: OutboxRow, now: number): Promise<void> {
    const channel = await this.store.channelById(row.channel_id);
    if (channel === undefined) {
      await this.store.recordAttempt(row, { at: now, ok: false, statusCode: null, error: 'the channel was deleted' }, { status: 'failed', nextAttemptAt: now });
      return;
    }
    const result = await this.send(channel, JSON.parse(row.payload) as NotificationPayload);
    const attempt = row.attempts + 1;
    const giveUp = !result.ok && (!result.retryable || attempt >= MAX_ATTEMPTS);
    const status = result.ok ? 'sent' : giveUp ? 'failed' : 'pending';
    const wait = Math.max(backoffMs(attempt), result.retryAfterMs ?? 0);
    await this.store.recordAttempt(row, { at: now, ok: result.ok, statusCode: result.statusCode, error: result.error }, { status, nextAttemptAt: now + wait });
    if (!result.ok) this.options.logger?.warn({ channel: channel.name, attempt, error: result.error, giveUp }, 'notification not delivered');
  }

  /** Sends a made-up firing notification to one channel now (not through the outbox). */
  async sendTest(channel: ChannelRow): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
    const now = this.ctx.clock();
    const labels = { alertname: 'VigilTestNotification', severity: 'info', model: 'test', monitor: 'test' };
    const n: Notification = {
      receiver: channel.name,
      integration: channel.name,
      groupKey: '{}:{alertname="VigilTestNotification"}',
      routeId: 'test',
      status: 'firing',
      groupLabels: { alertname: 'VigilTestNotification' },
      commonLabels: labels,
      commonAnnotations: { summary: 'A test notification from Vigil: this channel works.' },
      alerts: [{ fingerprint: '0000000000000000', status: 'firing', labels, annotations: { summary: 'A test notification from Vigil: this channel works.' }, startsAt: now, endsAt: null, generatorURL: this.options.externalUrl }],
      truncatedAlerts: 0,
      reason: 'first notification',
      at: now,
    };
    const r = await this.send(channel, this.payloadFor(channel, n));
    return { ok: r.ok, statusCode: r.statusCode, error: r.error };
  }

  // --- reading and acting on alerts ---

  async listAlerts(projectId: number, state?: string): Promise<AlertInfo[]> {
    const rows = await this.store.alerts(projectId, state);
    const now = this.ctx.clock();
    const monitors = new Map((await this.store.monitors(projectId)).map((m) => [m.id, m]));
    const silences = await this.silencesOf(projectId);
    const policy = await this.policyOf(projectId);
    const rules = (policy?.inhibitRules ?? []).map((r, i) => compileInhibitRule({ name: `rule-${i}`, ...r }, `inhibitRules[${i}]`));
    const firing = rows.filter((r) => r.state === 'firing').map((r) => ({ fingerprint: r.fingerprint, labels: JSON.parse(r.labels) as Record<string, string> }));
    const out: AlertInfo[] = [];
    for (const r of rows) {
      const m = monitors.get(r.monitor_id);
      const labels = JSON.parse(r.labels) as Record<string, string>;
      const model = labels['model'] ?? '';
      out.push(alertInfo(r, m?.name ?? '', model, { silenced: isSilenced(labels, silences, now), inhibited: r.state === 'firing' && inhibitedBy(labels, rules, firing.filter((f) => f.fingerprint !== r.fingerprint)) !== undefined }));
    }
    return out;
  }

  /** Marks an alert resolved by a person; it fires again only if its condition returns after that. */
  async resolveByHand(projectId: number, fingerprint: string, by: string, comment: string | null): Promise<void> {
    const now = this.ctx.clock();
    const row = await this.store.alert(projectId, fingerprint);
    if (row === undefined) return;
    const m = await this.store.monitorById(row.monitor_id);
    if (m !== undefined && m.rule_state !== null) {
      const state = JSON.parse(m.rule_state) as AlertRuleState;
      state.instances = state.instances.map((i) => (i.fingerprint === fingerprint && i.state !== 'resolved' ? { ...i, state: 'resolved', resolvedAt: now } : i));
      await this.store.setRuleState(m.id, JSON.stringify(state));
    }
    await this.store.markResolved(projectId, fingerprint, now);
    await this.store.addEvent(projectId, fingerprint, now, 'resolved_by_hand', { by, comment });
  }
}
