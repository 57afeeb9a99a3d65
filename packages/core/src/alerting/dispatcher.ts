// Alertmanager's dispatcher and notification pipeline as one pure step function. Alerts are stored
// (merged by fingerprint), routed, and collected into aggregation groups per (route, group labels).
// A group flushes first after group_wait and then every group_interval; each flush drops inhibited
// and silenced alerts and asks the notification log whether the receiver must hear about the rest
// (Alertmanager's DedupStage): first notification, new alerts, resolved alerts (send_resolved),
// or an unchanged group after repeat_interval. Resolved alerts leave the group once notified, and
// an empty group is removed.
//
// The state is plain JSON; the server persists it with the notifications it stores in its outbox
// (a notification counts as sent once `dispatch` returns it: delivery and retries are the outbox's).

import { createInhibitor } from './inhibition.js';
import type { InhibitRule } from './inhibition.js';
import { compareLabels, fingerprint, groupKey, canonicalLabels } from './labels.js';
import type { Labels } from './labels.js';
import { findRoute, groupLabelsFor, matchRoutes } from './routing.js';
import type { Route } from './routing.js';
import { isSilenced, silencedBy } from './silences.js';
import type { Silence } from './silences.js';
import { AlertingConfigError } from './alerting-error.js';

/** An alert as Alertmanager's API takes it (times in epoch ms). */
export interface PostableAlert {
  labels: Labels;
  annotations?: Labels;
  /** Defaults to endsAt if only that is given, else to now. */
  startsAt?: number;
  /** Omitted: the alert resolves by itself after `resolveTimeout` unless it is sent again. */
  endsAt?: number;
  generatorURL?: string;
}

/** An alert in the dispatcher's store. Resolved at `t` when `endsAt <= t`. */
export interface StoredAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number;
  generatorURL: string;
  updatedAt: number;
  /** endsAt was filled in from resolveTimeout (Alertmanager's `Timeout`). */
  timeout: boolean;
}

export interface AggregationGroup {
  routeId: string;
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  /** By fingerprint. */
  alerts: Record<string, StoredAlert>;
  createdAt: number;
  nextFlushAt: number;
}

/** What a receiver integration was last told about a group (Alertmanager's notification log). */
export interface NotificationLogEntry {
  receiver: string;
  integration: string;
  groupKey: string;
  /** Fingerprints, sorted. */
  firing: string[];
  resolved: string[];
  timestamp: number;
  expiresAt: number;
}

export interface DispatcherState {
  /** The alert store, by fingerprint. */
  alerts: Record<string, StoredAlert>;
  /** Aggregation groups, by `groupId` (route id and group key). */
  groups: Record<string, AggregationGroup>;
  /** The notification log, by receiver, integration and group key. */
  log: Record<string, NotificationLogEntry>;
}

/** One channel of a receiver (Alertmanager's integration); each deduplicates on its own. */
export interface ReceiverIntegration {
  name: string;
  /** Notify when alerts resolve; default true (Alertmanager's webhook and PagerDuty default). */
  sendResolved?: boolean;
  /** At most this many alerts per notification, the rest counted in `truncatedAlerts`; 0 = all. */
  maxAlerts?: number;
}

export interface DispatcherConfig {
  route: Route;
  /** Integrations per receiver; a receiver not listed has one integration named after it. */
  receivers?: Readonly<Record<string, readonly ReceiverIntegration[]>>;
  /** Alertmanager's `resolve_timeout` (default 5 min) for alerts sent without endsAt. */
  resolveTimeout?: number;
}

export interface DispatchInput {
  now: number;
  /** New and updated alerts, applied in order before any flush due at `now`. */
  alerts?: readonly PostableAlert[];
  silences?: readonly Silence[];
  inhibitRules?: readonly InhibitRule[];
}

export type NotifyReason = 'first notification' | 'new alerts added' | 'some alerts resolved' | 'all alerts resolved' | 'repeat interval elapsed';

export interface NotifiedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  /** Null while firing (Alertmanager sends the zero time). */
  endsAt: number | null;
  generatorURL: string;
}

/** A notification to deliver to one integration of a receiver. */
export interface Notification {
  receiver: string;
  integration: string;
  groupKey: string;
  routeId: string;
  status: 'firing' | 'resolved';
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  alerts: NotifiedAlert[];
  truncatedAlerts: number;
  reason: NotifyReason;
  /** The flush time. */
  at: number;
}

export interface RejectedAlert {
  index: number;
  error: AlertingConfigError;
}

export interface DispatchResult {
  state: DispatcherState;
  notifications: Notification[];
  /** Alerts of the input that were malformed and ignored. */
  rejected: RejectedAlert[];
}

const DEFAULT_RESOLVE_TIMEOUT = 5 * 60_000;

export function emptyDispatcherState(): DispatcherState {
  return { alerts: {}, groups: {}, log: {} };
}

/** The key of a group in `DispatcherState.groups`. */
export function groupId(routeId: string, key: string): string {
  return JSON.stringify([routeId, key]);
}

function logKey(receiver: string, integration: string, key: string): string {
  return JSON.stringify([receiver, integration, key]);
}

/**
 * Alertmanager's API checks: at least one label, non-empty label names, string values, and
 * startsAt not after endsAt. Throws AlertingConfigError naming the field.
 */
export function validatePostableAlert(a: PostableAlert, path = 'alert'): void {
  if (typeof a !== 'object' || a === null || typeof a.labels !== 'object' || a.labels === null) throw new AlertingConfigError(`${path}.labels`, 'a label set');
  const names = Object.keys(a.labels);
  if (names.length === 0) throw new AlertingConfigError(`${path}.labels`, 'at least one label pair');
  for (const n of names) {
    if (n === '') throw new AlertingConfigError(`${path}.labels`, 'non-empty label names');
    if (typeof a.labels[n] !== 'string') throw new AlertingConfigError(`${path}.labels.${n}`, 'a string value');
  }
  for (const [n, v] of Object.entries(a.annotations ?? {})) {
    if (typeof v !== 'string') throw new AlertingConfigError(`${path}.annotations.${n}`, 'a string value');
  }
  for (const field of ['startsAt', 'endsAt'] as const) {
    const v = a[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new AlertingConfigError(`${path}.${field}`, 'a timestamp (epoch ms)');
  }
  if (a.startsAt !== undefined && a.endsAt !== undefined && a.endsAt < a.startsAt) {
    throw new AlertingConfigError(`${path}.endsAt`, 'a time not before startsAt', 'start time must be before end time');
  }
}

const resolvedAt = (a: StoredAlert, now: number): boolean => a.endsAt <= now;

/** Alertmanager's `Alert.Merge`: the younger update wins, the earliest start is kept. */
function mergeAlerts(old: StoredAlert, young: StoredAlert, now: number): StoredAlert {
  const res = { ...young };
  if (old.startsAt < young.startsAt) res.startsAt = old.startsAt;
  if (resolvedAt(young, now)) {
    if (resolvedAt(old, now) && old.endsAt > young.endsAt) res.endsAt = old.endsAt;
  } else if (old.endsAt > young.endsAt && !old.timeout) {
    res.endsAt = old.endsAt;
  }
  return res;
}

/** Alertmanager's alert order in notifications: by `job`, then `instance`, then label set. */
function compareAlerts(a: StoredAlert, b: StoredAlert): number {
  for (const key of ['job', 'instance']) {
    const x = a.labels[key];
    const y = b.labels[key];
    if (x === undefined && y === undefined) continue;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return compareLabels(a.labels, b.labels);
}

function integrationsOf(config: DispatcherConfig, receiver: string): readonly ReceiverIntegration[] {
  return config.receivers?.[receiver] ?? [{ name: receiver }];
}

function isSubset(set: ReadonlySet<string>, of: readonly string[]): boolean {
  const have = new Set(of);
  for (const x of set) if (!have.has(x)) return false;
  return true;
}

/** Alertmanager's `DedupStage.needsUpdate`. */
function needsUpdate(
  entry: NotificationLogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatInterval: number,
  now: number,
): NotifyReason | undefined {
  if (entry === undefined) return firing.size > 0 ? 'first notification' : undefined;
  if (!isSubset(firing, entry.firing)) return entry.firing.length === 0 ? 'first notification' : 'new alerts added';
  // Sent even without send_resolved, so that the log forgets the firing alerts.
  if (firing.size === 0) return entry.firing.length > 0 ? 'all alerts resolved' : undefined;
  if (sendResolved && !isSubset(resolved, entry.resolved)) return 'some alerts resolved';
  return entry.timestamp < now - repeatInterval ? 'repeat interval elapsed' : undefined;
}

function common(maps: readonly Record<string, string>[]): Record<string, string> {
  if (maps.length === 0) return {};
  const out: Record<string, string> = { ...maps[0] };
  for (const m of maps.slice(1)) for (const k of Object.keys(out)) if (m[k] !== out[k]) delete out[k];
  return canonicalLabels(out);
}

function notified(a: StoredAlert, now: number): NotifiedAlert {
  const resolved = resolvedAt(a, now);
  return {
    fingerprint: a.fingerprint,
    status: resolved ? 'resolved' : 'firing',
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: resolved ? a.endsAt : null,
    generatorURL: a.generatorURL,
  };
}

function cloneState(s: DispatcherState): DispatcherState {
  const groups: Record<string, AggregationGroup> = {};
  for (const [k, g] of Object.entries(s.groups)) groups[k] = { ...g, alerts: { ...g.alerts } };
  return { alerts: { ...s.alerts }, groups, log: { ...s.log } };
}

/** Puts one alert into the store (merged as Alertmanager's memory provider does) and its groups. */
function ingest(state: DispatcherState, config: DispatcherConfig, input: PostableAlert, now: number): void {
  const labels = canonicalLabels(input.labels);
  const fp = fingerprint(labels);
  const timeout = input.endsAt === undefined;
  const startsAt = input.startsAt ?? input.endsAt ?? now;
  let alert: StoredAlert = {
    fingerprint: fp,
    labels,
    annotations: canonicalLabels(input.annotations ?? {}),
    startsAt,
    endsAt: input.endsAt ?? now + (config.resolveTimeout ?? DEFAULT_RESOLVE_TIMEOUT),
    generatorURL: input.generatorURL ?? '',
    updatedAt: now,
    timeout,
  };
  const old = state.alerts[fp];
  // Merge only when the activity ranges overlap; otherwise this is a new occurrence.
  if (old && ((alert.endsAt > old.startsAt && alert.endsAt < old.endsAt) || (alert.startsAt > old.startsAt && alert.startsAt < old.endsAt))) {
    alert = mergeAlerts(old, alert, now);
  }
  state.alerts[fp] = alert;

  for (const route of matchRoutes(config.route, labels)) {
    const groupLabels = canonicalLabels(groupLabelsFor(route, labels));
    const key = groupKey(route.key, groupLabels);
    const id = groupId(route.id, key);
    const group = state.groups[id];
    if (group) {
      group.alerts[fp] = alert;
      continue;
    }
    state.groups[id] = {
      routeId: route.id,
      receiver: route.receiver,
      groupKey: key,
      groupLabels,
      alerts: { [fp]: alert },
      createdAt: now,
      // An alert older than group_wait is flushed at once (Alertmanager resets the timer to zero).
      nextFlushAt: alert.startsAt + route.groupWait < now ? now : now + route.groupWait,
    };
  }
}

interface FlushContext {
  config: DispatcherConfig;
  silences: readonly Silence[];
  inhibitor: (labels: Labels) => string | undefined;
  notifications: Notification[];
}

function flush(state: DispatcherState, id: string, group: AggregationGroup, route: Route, ctx: FlushContext, now: number): void {
  group.nextFlushAt = now + route.groupInterval;
  const alerts = Object.values(group.alerts).sort(compareAlerts);
  if (alerts.length === 0) {
    delete state.groups[id];
    return;
  }
  const resolvedNow = alerts.filter((a) => resolvedAt(a, now));
  // Inhibition, then silences (Alertmanager's mute stages); muted alerts are not notified.
  const unmuted = alerts.filter((a) => ctx.inhibitor(a.labels) === undefined && !isSilenced(a.labels, ctx.silences, now));

  if (unmuted.length > 0) {
    const firing = new Set(unmuted.filter((a) => !resolvedAt(a, now)).map((a) => a.fingerprint));
    const resolved = new Set(unmuted.filter((a) => resolvedAt(a, now)).map((a) => a.fingerprint));
    for (const integration of integrationsOf(ctx.config, group.receiver)) {
      const sendResolved = integration.sendResolved ?? true;
      const key = logKey(group.receiver, integration.name, group.groupKey);
      const entry = state.log[key];
      const reason = needsUpdate(entry, firing, resolved, sendResolved, route.repeatInterval, now);
      if (reason === undefined) continue;
      // Without send_resolved, resolved alerts are left out; with nothing firing, nothing is sent,
      // but the log still records the resolution.
      const sent = sendResolved ? unmuted : unmuted.filter((a) => !resolvedAt(a, now));
      if (sent.length > 0) {
        const max = integration.maxAlerts ?? 0;
        const kept = max > 0 && sent.length > max ? sent.slice(0, max) : sent;
        const list = kept.map((a) => notified(a, now));
        ctx.notifications.push({
          receiver: group.receiver,
          integration: integration.name,
          groupKey: group.groupKey,
          routeId: group.routeId,
          status: list.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
          groupLabels: group.groupLabels,
          commonLabels: common(list.map((a) => a.labels)),
          commonAnnotations: common(list.map((a) => a.annotations)),
          alerts: list,
          truncatedAlerts: sent.length - kept.length,
          reason,
          at: now,
        });
      }
      state.log[key] = {
        receiver: group.receiver,
        integration: integration.name,
        groupKey: group.groupKey,
        firing: [...firing].sort(),
        resolved: [...resolved].sort(),
        timestamp: now,
        expiresAt: now + 2 * route.repeatInterval,
      };
    }
  }

  // The flush succeeded: resolved alerts have been notified (or muted) and leave the group.
  for (const a of resolvedNow) delete group.alerts[a.fingerprint];
  if (Object.keys(group.alerts).length === 0) delete state.groups[id];
}

/**
 * One step of the dispatcher at `now`: store and route the incoming alerts, then flush every group
 * whose timer is due. Returns the new state (the input is not modified), the notifications to
 * deliver, and the alerts refused as malformed. Call it again at `nextWakeup(state)`.
 */
export function dispatch(previous: DispatcherState, input: DispatchInput, config: DispatcherConfig): DispatchResult {
  const { now } = input;
  const state = cloneState(previous);
  const rejected: RejectedAlert[] = [];
  (input.alerts ?? []).forEach((a, index) => {
    try {
      validatePostableAlert(a, `alerts[${index}]`);
    } catch (err) {
      if (err instanceof AlertingConfigError) {
        rejected.push({ index, error: err });
        return;
      }
      throw err;
    }
    ingest(state, config, a, now);
  });

  // The notification log forgets entries after twice the repeat interval.
  for (const [k, e] of Object.entries(state.log)) if (e.expiresAt <= now) delete state.log[k];

  const firing = Object.values(state.alerts)
    .filter((a) => !resolvedAt(a, now))
    .map((a) => ({ fingerprint: a.fingerprint, labels: a.labels }));
  const ctx: FlushContext = {
    config,
    silences: input.silences ?? [],
    inhibitor: createInhibitor(input.inhibitRules ?? [], firing),
    notifications: [],
  };
  const due = Object.entries(state.groups)
    .filter(([, g]) => g.nextFlushAt <= now)
    .sort(([ia, a], [ib, b]) => a.nextFlushAt - b.nextFlushAt || (ia < ib ? -1 : ia > ib ? 1 : 0));
  for (const [id, group] of due) {
    const route = findRoute(config.route, group.routeId);
    if (route === undefined) {
      // The routing tree changed under the group; `reloadDispatcher` rebuilds groups properly.
      delete state.groups[id];
      continue;
    }
    flush(state, id, group, route, ctx, now);
  }

  // Forget resolved alerts that no group holds any more (Alertmanager's periodic GC).
  const held = new Set<string>();
  for (const g of Object.values(state.groups)) for (const fp of Object.keys(g.alerts)) held.add(fp);
  for (const [fp, a] of Object.entries(state.alerts)) if (resolvedAt(a, now) && !held.has(fp)) delete state.alerts[fp];

  return { state, notifications: ctx.notifications, rejected };
}

/** When `dispatch` must run next (the earliest group timer), or null when no group exists. */
export function nextWakeup(state: DispatcherState): number | null {
  let next: number | null = null;
  for (const g of Object.values(state.groups)) if (next === null || g.nextFlushAt < next) next = g.nextFlushAt;
  return next;
}

/**
 * A new routing tree or receiver set, as Alertmanager reloads: groups are rebuilt from the alert
 * store (new groups wait group_wait, or flush at once for alerts older than that), and the
 * notification log keeps receivers from hearing again about what they already know.
 */
export function reloadDispatcher(previous: DispatcherState, config: DispatcherConfig, now: number): DispatcherState {
  const state: DispatcherState = { alerts: {}, groups: {}, log: { ...previous.log } };
  // Resolved alerts still in the store have not been notified yet; they are routed again too.
  for (const a of Object.values(previous.alerts)) {
    const input: PostableAlert = { labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, generatorURL: a.generatorURL };
    if (!a.timeout) input.endsAt = a.endsAt;
    ingest(state, config, input, now);
    state.alerts[a.fingerprint] = a;
    for (const g of Object.values(state.groups)) if (g.alerts[a.fingerprint]) g.alerts[a.fingerprint] = a;
  }
  return state;
}

/** Alertmanager's per-alert status for the API: suppressed by silences or inhibition, or active. */
export interface AlertStatus {
  fingerprint: string;
  state: 'active' | 'suppressed';
  silencedBy: string[];
  inhibitedBy: string[];
  receivers: string[];
  alert: StoredAlert;
  resolved: boolean;
}

/** The status of every stored alert at `now`, sorted by label set. */
export function alertStatuses(
  state: DispatcherState,
  context: { silences?: readonly Silence[]; inhibitRules?: readonly InhibitRule[] },
  now: number,
): AlertStatus[] {
  const firing = Object.values(state.alerts)
    .filter((a) => !resolvedAt(a, now))
    .map((a) => ({ fingerprint: a.fingerprint, labels: a.labels }));
  const inhibitor = createInhibitor(context.inhibitRules ?? [], firing);
  const receivers = new Map<string, Set<string>>();
  for (const g of Object.values(state.groups)) {
    for (const fp of Object.keys(g.alerts)) {
      const set = receivers.get(fp) ?? new Set<string>();
      set.add(g.receiver);
      receivers.set(fp, set);
    }
  }
  return Object.values(state.alerts)
    .sort((a, b) => compareLabels(a.labels, b.labels))
    .map((alert) => {
      const silenced = silencedBy(alert.labels, context.silences ?? [], now);
      const source = inhibitor(alert.labels);
      const inhibited = source === undefined ? [] : [source];
      return {
        fingerprint: alert.fingerprint,
        state: silenced.length > 0 || inhibited.length > 0 ? 'suppressed' : 'active',
        silencedBy: silenced,
        inhibitedBy: inhibited,
        receivers: [...(receivers.get(alert.fingerprint) ?? [])].sort(),
        alert,
        resolved: resolvedAt(alert, now),
      };
    });
}
