// The alerting loop: evaluate due monitors (core's rule state machine), hand firing and resolved
// alerts to the dispatcher (core's Alertmanager semantics: routing, grouping, silences,
// inhibition), store each notification in the outbox before sending it, and deliver the outbox
// with retries. Every step takes `now`, so tests drive it with their own clock.

import {
  alertsToSend,
  compileAlertRule,
  compileRoute,
  dispatch,
  emptyDispatcherState,
  evaluateAlertRule,
  initialAlertRuleState,
  reloadDispatcher,
} from '@vigil/core';
import type { AlertRuleState, DispatcherState, InhibitRule, Notification, PostableAlert, Route, RouteConfig } from '@vigil/core';
import type { MonitorConfig } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import type { Logger } from 'pino';
import type { ChannelRow, MonitorRow, NewOutbox, OutboxRow } from '../storage/alerting-store.js';
import type { Store } from '../storage/store.js';
import { backoffMs } from './delivery.js';
import type { NotificationPayload } from './delivery.js';
import { evaluateMonitor } from './evaluate-monitor.js';
import type { Notifier } from './notifier.js';
import { inhibitRulesOf, loadPolicy, loadSilences, routeConfigOf } from './routing-config.js';

/** Give up on a notification after this many attempts (about an hour of backoff). */
export const MAX_ATTEMPTS = 12;
/** When a failed monitor is next tried if its own interval cannot be read. */
const FAILED_RETRY_MS = 60_000;
/** The root receiver when a project has no policy: no integrations, so nothing is sent. */
const NO_RECEIVER = '__none__';
/** Channels delivered to at once: a receiver that never answers holds one of these until the send timeout. */
export const DELIVERY_CONCURRENCY = 8;
/** Due notifications read per delivery pass. */
const DELIVERY_BATCH = 500;
/** How long a deliverer holds a notification it claimed (PostgreSQL) before another may send it (it died mid-send): past the send timeout. */
const CLAIM_LEASE_MS = 30_000;

export interface AlertingServiceDeps {
  readonly store: Store;
  readonly notifier: Notifier;
  /** Width of a profile bucket (the step of the windows monitors read). */
  readonly bucketMs: number;
  readonly logger?: Logger | undefined;
  /** Channels delivered to at once (default `DELIVERY_CONCURRENCY`). */
  readonly deliveryConcurrency?: number;
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export class AlertingService {
  /** Channels with a delivery in flight, each to its queue's promise. */
  private readonly delivering = new Map<number, Promise<void>>();

  constructor(private readonly deps: AlertingServiceDeps) {}

  private get store() {
    return this.deps.store.alerting;
  }

  /** One whole step, as tests drive it: evaluate, dispatch, and deliver (waiting for the deliveries). */
  async tick(now: number): Promise<void> {
    await this.evaluateAndDispatch(now);
    await this.deliverDue(now);
  }

  /**
   * Evaluates due monitors and dispatches their alerts to the outbox; the server delivers in a loop of
   * its own (`startDeliveries`). A failure is confined to its monitor or its project (logged, and
   * recorded on the monitor): the others are evaluated and dispatched all the same.
   */
  async evaluateAndDispatch(now: number): Promise<void> {
    await this.evaluateDue(now);
    for (const projectId of await this.store.projectsWithMonitors()) {
      try {
        await this.dispatchProject(projectId, now);
      } catch (e) {
        this.deps.logger?.error({ projectId, err: e }, 'dispatching a project failed');
      }
    }
  }

  // --- evaluation ---

  async evaluateDue(now: number): Promise<number> {
    const due = await this.store.dueMonitors(now);
    for (const m of due) {
      try {
        await this.evaluateOne(m, now);
      } catch (e) {
        await this.recordFailure(m, now, e);
      }
    }
    return due.length;
  }

  /** A monitor whose evaluation could not even be stored: logged, its error kept, retried after its interval. */
  private async recordFailure(m: MonitorRow, now: number, e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    this.deps.logger?.error({ monitor: m.name, projectId: m.project_id, err: e }, 'evaluating a monitor failed');
    let interval = NaN;
    try {
      interval = parseDuration((JSON.parse(m.config) as MonitorConfig).interval);
    } catch {
      // An unreadable config: the fallback below.
    }
    const retryMs = interval > 0 && Number.isSafeInteger(now + interval) ? interval : FAILED_RETRY_MS;
    try {
      await this.store.recordEvaluationError(m.id, {
        next_eval_at: now + retryMs,
        last_evaluated_at: now,
        health: 'error',
        last_error: message.slice(0, 2000),
      });
    } catch (e2) {
      this.deps.logger?.error({ monitor: m.name, projectId: m.project_id, err: e2 }, 'recording a monitor failure failed');
    }
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
    // A row stored before durations were bounded: its next evaluation time would not fit the store.
    const nextEvalAt = now + parseDuration(config.interval);
    if (!Number.isSafeInteger(nextEvalAt)) throw new Error(`interval: "${config.interval}" is out of bounds (at most 366d)`);
    const model = await this.deps.store.modelById(m.model_id);
    const rule = this.ruleOf(m, config, model?.name ?? '');
    const previous: AlertRuleState = m.rule_state === null ? initialAlertRuleState() : (JSON.parse(m.rule_state) as AlertRuleState);
    let evaluation;
    try {
      evaluation = await evaluateMonitor({ store: this.deps.store, bucketMs: this.deps.bucketMs }, m, config, now);
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
    const events = transitions.map((t) => ({
      fingerprint: t.fingerprint,
      at: t.at,
      kind: 'state',
      detail: JSON.stringify({ from: t.from, to: t.to, value: t.value, ...(t.reason === undefined ? {} : { reason: t.reason }) }),
    }));
    const update = {
      next_eval_at: nextEvalAt,
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

  /** The routing tree: each monitor's own channels first (continue), then the policy's tree. */
  private async routeOf(
    projectId: number,
    monitors: readonly MonitorRow[],
    channels: readonly ChannelRow[],
  ): Promise<{ route: Route; inhibitRules: InhibitRule[]; signature: string }> {
    const policy = await loadPolicy(this.store, projectId);
    const direct: RouteConfig[] = [];
    for (const m of monitors) {
      const config = JSON.parse(m.config) as MonitorConfig;
      for (const ch of config.channels)
        direct.push({ receiver: ch, matchers: [`monitor="${escapeLabelValue(m.name)}"`], continue: true, groupBy: ['alertname', 'model', 'monitor'] });
    }
    const root = policy === null ? { receiver: NO_RECEIVER } : routeConfigOf(policy.route);
    const tree: RouteConfig = { ...root, receiver: root.receiver ?? NO_RECEIVER, routes: [...direct, ...(root.routes ?? [])] };
    const receiverNames = [NO_RECEIVER, ...channels.map((c) => c.name)];
    const route = compileRoute(tree, { receivers: receiverNames });
    const inhibitRules: InhibitRule[] = inhibitRulesOf(policy);
    return { route, inhibitRules, signature: JSON.stringify([tree, receiverNames]) };
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
        generatorURL: `${this.deps.notifier.externalUrl}/monitors/${encodeURIComponent(m.name)}`,
      });
      posted.push(...sent.alerts);
      monitorStates.push({ m, state: sent.state });
    }
    const result = dispatch(state, { now, alerts: posted, silences: await loadSilences(this.store, projectId), inhibitRules }, config);
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
        payload: JSON.stringify(this.deps.notifier.payloadFor(channel, n)),
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

  // --- delivery ---

  /** Delivers the due outbox (`startDeliveries`) and waits for the deliveries it started; answers how many notifications they were. */
  async deliverDue(now: number): Promise<number> {
    const { started, done } = await this.startDeliveries(now);
    await done;
    return started;
  }

  /**
   * Starts delivering the due outbox without waiting for it: one queue per channel (its notifications
   * in order), at most `deliveryConcurrency` channels at once, and a channel still sending from an
   * earlier pass is left to it. So a receiver that never answers holds one slot until the send
   * timeout, and the other channels' notifications go out on the next pass.
   */
  async startDeliveries(now: number): Promise<{ started: number; done: Promise<void> }> {
    const limit = this.deps.deliveryConcurrency ?? DELIVERY_CONCURRENCY;
    if (this.delivering.size >= limit) return { started: 0, done: Promise.resolve() };
    const due = await this.store.dueOutbox(now, DELIVERY_BATCH);
    const byChannel = new Map<number, OutboxRow[]>();
    for (const row of due) {
      if (this.delivering.has(row.channel_id)) continue;
      const rows = byChannel.get(row.channel_id);
      if (rows === undefined) byChannel.set(row.channel_id, [row]);
      else rows.push(row);
    }
    const claim = this.deps.store.dialect === 'postgres';
    const runs: Promise<void>[] = [];
    let started = 0;
    for (const [channelId, rows] of byChannel) {
      if (this.delivering.size >= limit) break;
      const run = (async () => {
        for (const row of rows) {
          // On PostgreSQL another replica may be delivering too: each notification is claimed just before it is sent.
          if (claim && !(await this.store.claimOutbox([row.id], now, CLAIM_LEASE_MS)).has(row.id)) continue;
          await this.deliverOne(row, now);
        }
      })()
        .catch((err: unknown) => this.deps.logger?.error({ err, channel: channelId }, 'delivery failed'))
        .finally(() => this.delivering.delete(channelId));
      this.delivering.set(channelId, run);
      runs.push(run);
      started += rows.length;
    }
    return { started, done: Promise.all(runs).then(() => undefined) };
  }

  async deliverOne(row: OutboxRow, now: number): Promise<void> {
    const channel = await this.store.channelById(row.channel_id);
    if (channel === undefined) {
      await this.store.recordAttempt(row, { at: now, ok: false, statusCode: null, error: 'the channel was deleted' }, { status: 'failed', nextAttemptAt: now });
      return;
    }
    const result = await this.deps.notifier.send(channel, JSON.parse(row.payload) as NotificationPayload);
    const attempt = row.attempts + 1;
    const giveUp = !result.ok && (!result.retryable || attempt >= MAX_ATTEMPTS);
    const status = result.ok ? 'sent' : giveUp ? 'failed' : 'pending';
    const wait = Math.max(backoffMs(attempt), result.retryAfterMs ?? 0);
    await this.store.recordAttempt(row, { at: now, ok: result.ok, statusCode: result.statusCode, error: result.error }, { status, nextAttemptAt: now + wait });
    if (!result.ok) this.deps.logger?.warn({ channel: channel.name, attempt, error: result.error, giveUp }, 'notification not delivered');
  }
}
