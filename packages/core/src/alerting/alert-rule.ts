// The alert rule state machine per (rule, label set), with Prometheus' semantics: a breaching series
// is pending, fires once it has breached for `for`, stays firing `keepFiringFor` after it stops
// breaching, and is then resolved; resolved instances are kept 15 minutes (Prometheus'
// resolvedRetention) so their resolution keeps being sent, then forgotten (inactive).
// No data and evaluation errors follow Grafana (see NoDataState): by default they raise a separate
// `DatasourceNoData` / `DatasourceError` alert rather than an extra state on every instance, so
// routing, silences and inhibition treat them like any other alert.
//
// Everything is plain JSON in and out (the server persists AlertRuleState between evaluations and
// across restarts); `now` is passed in, in epoch milliseconds.

import { AlertingConfigError } from './alerting-error.js';
import { fingerprint, canonicalLabels } from './labels.js';
import type { Labels } from './labels.js';
import type { PostableAlert } from './dispatcher.js';
import { compileTemplate, expandTemplate } from './templates.js';
import type { CompiledTemplate } from './templates.js';

/**
 * What a rule does when its monitor had no data (Grafana's "no data handling"):
 * - `no_data` (Grafana's default): a separate instance labelled `alertname="DatasourceNoData"`,
 *   `rulename=<rule>` (plus the rule's labels) goes pending and fires like any breach (honouring
 *   `for`); the rule's own instances keep their state until data returns. It resolves at the first
 *   evaluation with data (`keepFiringFor` does not hold it).
 * - `alerting`: every active instance counts as breaching (with no instance yet, one with just the
 *   rule's labels does), through `for` as usual.
 * - `normal`: every instance counts as not breaching (it resolves, after `keepFiringFor`).
 * - `keep_last`: nothing changes; instances keep their state and timers.
 */
export type NoDataState = 'no_data' | 'alerting' | 'normal' | 'keep_last';

/** The same choices for a failed evaluation; `error` makes a `DatasourceError` instance. */
export type ErrorState = 'error' | 'alerting' | 'normal' | 'keep_last';

export interface AlertRuleConfig {
  /** The alert's name: the `alertname` label of every instance. */
  name: string;
  /** How long (ms) a series must breach before it fires; 0 fires on the first breach. */
  for?: number;
  /** How long (ms) a firing instance stays firing after the breach ends. */
  keepFiringFor?: number;
  /** Extra labels (templates); they override the series' labels of the same name. */
  labels?: Readonly<Record<string, string>>;
  /** Annotations (templates), e.g. `summary`, `description`, `runbook_url`. */
  annotations?: Readonly<Record<string, string>>;
  noDataState?: NoDataState;
  errorState?: ErrorState;
  /** How long (ms) resolved instances are kept (and re-sent); Prometheus' 15 minutes by default. */
  resolvedRetention?: number;
}

/** A rule checked and its templates compiled (not JSON; build it again from the config after a restart). */
export interface AlertRule {
  readonly name: string;
  readonly for: number;
  readonly keepFiringFor: number;
  readonly noDataState: NoDataState;
  readonly errorState: ErrorState;
  readonly resolvedRetention: number;
  readonly labels: readonly (readonly [string, CompiledTemplate])[];
  readonly annotations: readonly (readonly [string, CompiledTemplate])[];
}

export type InstanceState = 'pending' | 'firing' | 'resolved';
/** Where an instance came from: the monitor's series, or Grafana-style no-data / error instances. */
export type InstanceKind = 'series' | 'no_data' | 'error';

/** One alert instance, as persisted between evaluations. */
export interface AlertInstance {
  fingerprint: string;
  kind: InstanceKind;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: InstanceState;
  /** The last evaluated value; null when there was none (JSON has no NaN). */
  value: number | null;
  /** When the current breach started (became pending). */
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  /** When a firing instance stopped breaching, while `keepFiringFor` holds it. */
  keepFiringSince?: number;
  /** When `alertsToSend` last sent it. */
  lastSentAt?: number;
}

export type RuleHealth = 'ok' | 'no_data' | 'error';

/** A rule's persisted state: its instances (sorted by fingerprint) and the last outcome. */
export interface AlertRuleState {
  instances: AlertInstance[];
  health: RuleHealth;
  lastError?: string;
  lastEvaluatedAt?: number;
}

/** One series of an evaluation: its labels, the value, and whether it breaches the condition. */
export interface EvaluatedSeries {
  labels: Labels;
  value: number;
  firing: boolean;
  /**
   * Texts the evaluation writes about what it found (a monitor's default `summary`, with what
   * `$value` cannot carry, such as the new categories' names); the rule's annotation templates of
   * the same name replace them. Not part of the alert's identity.
   */
  annotations?: Readonly<Record<string, string>>;
}

/** An evaluation's outcome: series (possibly none breaching), no data at all, or an error. */
export type EvaluationResult = readonly EvaluatedSeries[] | { noData: true } | { error: string };

export type TransitionState = 'inactive' | InstanceState;

/** A state change, for the alert's timeline. */
export interface AlertTransition {
  fingerprint: string;
  labels: Record<string, string>;
  from: TransitionState;
  to: TransitionState;
  at: number;
  value: number | null;
  /** Why, when it was not a plain evaluation: `no_data`, `error`, or `retention` (forgotten). */
  reason?: 'no_data' | 'error' | 'retention';
}

export interface AlertRuleEvaluation {
  state: AlertRuleState;
  transitions: AlertTransition[];
}

const DEFAULT_RESOLVED_RETENTION = 15 * 60_000;

function checkDuration(value: number | undefined, path: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new AlertingConfigError(path, 'a duration of at least 0 ms');
  return value;
}

/** Checks a rule and compiles its templates; throws AlertingConfigError naming the field. */
export function compileAlertRule(config: AlertRuleConfig, path = 'rule'): AlertRule {
  if (typeof config.name !== 'string' || config.name === '') throw new AlertingConfigError(`${path}.name`, 'a non-empty alert name');
  const noDataState = config.noDataState ?? 'no_data';
  if (!['no_data', 'alerting', 'normal', 'keep_last'].includes(noDataState)) {
    throw new AlertingConfigError(`${path}.noDataState`, "one of 'no_data', 'alerting', 'normal', 'keep_last'");
  }
  const errorState = config.errorState ?? 'error';
  if (!['error', 'alerting', 'normal', 'keep_last'].includes(errorState)) {
    throw new AlertingConfigError(`${path}.errorState`, "one of 'error', 'alerting', 'normal', 'keep_last'");
  }
  const compile = (map: Readonly<Record<string, string>> | undefined, field: string): [string, CompiledTemplate][] =>
    Object.entries(map ?? {}).map(([k, v]) => {
      if (typeof v !== 'string') throw new AlertingConfigError(`${path}.${field}.${k}`, 'a string template');
      return [k, compileTemplate(v, `${path}.${field}.${k}`)];
    });
  return {
    name: config.name,
    for: checkDuration(config.for, `${path}.for`),
    keepFiringFor: checkDuration(config.keepFiringFor, `${path}.keepFiringFor`),
    noDataState,
    errorState,
    resolvedRetention:
      config.resolvedRetention === undefined ? DEFAULT_RESOLVED_RETENTION : checkDuration(config.resolvedRetention, `${path}.resolvedRetention`),
    labels: compile(config.labels, 'labels'),
    annotations: compile(config.annotations, 'annotations'),
  };
}

/** The empty state of a rule that has never been evaluated. */
export function initialAlertRuleState(): AlertRuleState {
  return { instances: [], health: 'ok' };
}

interface Breach {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number | null;
  kind: InstanceKind;
}

/**
 * Prometheus' labels for a series: the series' labels, then the rule's (templated) labels, then
 * `alertname`. Annotations are the series' own texts, then the rule's templates expanded with the
 * series' labels and value.
 */
function breachOf(
  rule: AlertRule,
  series: Labels,
  value: number,
  kind: InstanceKind,
  extra: Labels = {},
  given: Readonly<Record<string, string>> = {},
): Breach {
  const data = { labels: series, value };
  const labels: Record<string, string> = { ...series };
  for (const [k, t] of rule.labels) labels[k] = expandTemplate(t, data);
  Object.assign(labels, extra);
  if (kind === 'series') labels.alertname = rule.name;
  const annotations: Record<string, string> = { ...given };
  for (const [k, t] of rule.annotations) annotations[k] = expandTemplate(t, data);
  return { labels: canonicalLabels(labels), annotations: canonicalLabels(annotations), value: Number.isNaN(value) ? null : value, kind };
}

function specialBreach(rule: AlertRule, kind: 'no_data' | 'error'): Breach {
  return breachOf(rule, {}, Number.NaN, kind, { alertname: kind === 'no_data' ? 'DatasourceNoData' : 'DatasourceError', rulename: rule.name });
}

/**
 * One evaluation of a rule: the previous state, this evaluation's result and `now` give the new
 * state and the transitions. Deterministic; `now` must not go backwards.
 */
export function evaluateAlertRule(rule: AlertRule, previous: AlertRuleState, result: EvaluationResult, now: number): AlertRuleEvaluation {
  const transitions: AlertTransition[] = [];
  const active = new Map(previous.instances.map((i) => [i.fingerprint, { ...i, labels: { ...i.labels }, annotations: { ...i.annotations } }]));
  let health: RuleHealth = 'ok';
  let lastError: string | undefined;
  let reason: 'no_data' | 'error' | undefined;

  // Which instances this evaluation speaks about, and which of them breach.
  let breaches: Breach[];
  let inScope: (i: AlertInstance) => boolean = () => true;

  // Each series once: its alert labels (series + rule labels + alertname) and fingerprint.
  const evaluated = Array.isArray(result)
    ? (result as readonly EvaluatedSeries[]).map((s) => {
        const breach = breachOf(rule, s.labels, s.value, 'series', {}, s.annotations);
        return { firing: s.firing, breach, fp: fingerprint(breach.labels) };
      })
    : [];
  if (!Array.isArray(result)) {
    if ('error' in result) {
      health = 'error';
      lastError = result.error;
    } else {
      health = 'no_data';
    }
  } else if (new Set(evaluated.map((e) => e.fp)).size < evaluated.length) {
    // Prometheus refuses a result in which two series become the same alert.
    health = 'error';
    lastError = 'vector contains metrics with the same labelset after applying alert labels';
  }

  if (health === 'ok') {
    breaches = evaluated.filter((e) => e.firing).map((e) => e.breach);
  } else {
    reason = health === 'error' ? 'error' : 'no_data';
    const mode = health === 'error' ? rule.errorState : rule.noDataState;
    if (mode === 'alerting') {
      const current = [...active.values()].filter((i) => i.kind === 'series' && i.state !== 'resolved');
      breaches =
        current.length > 0
          ? current.map((i) => ({ labels: i.labels, annotations: i.annotations, value: i.value, kind: 'series' as const }))
          : [breachOf(rule, {}, Number.NaN, 'series')];
    } else if (mode === 'normal') {
      breaches = [];
    } else if (mode === 'keep_last') {
      breaches = [];
      inScope = (i) => i.kind !== 'series';
    } else {
      breaches = [specialBreach(rule, health === 'error' ? 'error' : 'no_data')];
      inScope = (i) => i.kind !== 'series';
    }
  }

  // Series present but not breaching still refresh the value shown for a kept-firing instance.
  const values = new Map<string, number | null>(health === 'ok' ? evaluated.map((e) => [e.fp, e.breach.value]) : []);

  const breaching = new Set<string>();
  for (const b of breaches) {
    const fp = fingerprint(b.labels);
    breaching.add(fp);
    const existing = active.get(fp);
    if (existing && existing.state !== 'resolved') {
      existing.value = b.value;
      existing.annotations = b.annotations;
      continue;
    }
    const from: TransitionState = existing ? 'resolved' : 'inactive';
    const instance: AlertInstance = {
      fingerprint: fp,
      kind: b.kind,
      labels: b.labels,
      annotations: b.annotations,
      state: 'pending',
      value: b.value,
      activeAt: now,
    };
    active.set(fp, instance);
    transitions.push(transition(instance, from, 'pending', now, reason));
  }

  for (const [fp, a] of [...active.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (!inScope(a)) continue;
    if (!breaching.has(fp)) {
      if (values.has(fp)) a.value = values.get(fp)!;
      let keepFiring = false;
      // keepFiringFor guards against flapping series; a no-data or error alert ends when data returns.
      if (a.state === 'firing' && rule.keepFiringFor > 0 && a.kind === 'series') {
        a.keepFiringSince ??= now;
        keepFiring = now - a.keepFiringSince < rule.keepFiringFor;
      }
      if (a.state === 'pending') {
        active.delete(fp);
        transitions.push(transition(a, 'pending', 'inactive', now, reason));
        continue;
      }
      if (a.state === 'resolved') {
        if (now - a.resolvedAt! > rule.resolvedRetention) {
          active.delete(fp);
          transitions.push(transition(a, 'resolved', 'inactive', now, 'retention'));
        }
        continue;
      }
      if (!keepFiring) {
        a.state = 'resolved';
        a.resolvedAt = now;
        delete a.keepFiringSince;
        transitions.push(transition(a, 'firing', 'resolved', now, reason));
        continue;
      }
    } else {
      delete a.keepFiringSince;
    }
    if (a.state === 'pending' && now - a.activeAt >= rule.for) {
      a.state = 'firing';
      a.firedAt = now;
      transitions.push(transition(a, 'pending', 'firing', now, reason));
    } else if (a.state === 'firing' && now - a.activeAt < rule.for) {
      // The rule's `for` was raised past this breach's age: back to pending, as Prometheus does.
      a.state = 'pending';
      delete a.firedAt;
      delete a.lastSentAt;
      delete a.keepFiringSince;
      transitions.push(transition(a, 'firing', 'pending', now, reason));
    }
  }

  const state: AlertRuleState = {
    instances: [...active.values()].sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : x.fingerprint > y.fingerprint ? 1 : 0)),
    health,
    lastEvaluatedAt: now,
  };
  if (lastError !== undefined) state.lastError = lastError;
  return { state, transitions };
}

function transition(a: AlertInstance, from: TransitionState, to: TransitionState, at: number, reason: AlertTransition['reason']): AlertTransition {
  const t: AlertTransition = { fingerprint: a.fingerprint, labels: a.labels, from, to, at, value: a.value };
  if (reason !== undefined) t.reason = reason;
  return t;
}

export interface AlertsToSendOptions {
  /** The rule's evaluation interval (ms). */
  evaluationInterval: number;
  /** Prometheus' `--rules.alert.resend-delay`: re-send unchanged alerts this often (default 1 min). */
  resendDelay?: number;
  /** Link back to the rule or monitor, copied into every alert. */
  generatorURL?: string;
}

/**
 * Prometheus' `sendAlerts`: the firing and resolved instances due to be (re)sent to the dispatcher,
 * and the state with `lastSentAt` updated. A firing alert is sent with `endsAt = now + 4 ×
 * max(evaluationInterval, resendDelay)`, so the dispatcher resolves it by itself if evaluations
 * stop; a resolved one with its resolution time. Pending instances are never sent.
 */
export function alertsToSend(state: AlertRuleState, now: number, options: AlertsToSendOptions): { state: AlertRuleState; alerts: PostableAlert[] } {
  const resendDelay = options.resendDelay ?? 60_000;
  const validFor = 4 * Math.max(options.evaluationInterval, resendDelay);
  const alerts: PostableAlert[] = [];
  const instances = state.instances.map((i) => {
    if (i.state === 'pending') return i;
    const resolvedSinceSent = i.resolvedAt !== undefined && i.resolvedAt > (i.lastSentAt ?? Number.NEGATIVE_INFINITY);
    const due = resolvedSinceSent || i.lastSentAt === undefined || i.lastSentAt + resendDelay < now;
    if (!due) return i;
    const alert: PostableAlert = {
      labels: i.labels,
      annotations: i.annotations,
      startsAt: i.firedAt ?? i.activeAt,
      endsAt: i.state === 'resolved' ? i.resolvedAt! : now + validFor,
    };
    if (options.generatorURL !== undefined) alert.generatorURL = options.generatorURL;
    alerts.push(alert);
    return { ...i, lastSentAt: now };
  });
  return { state: { ...state, instances }, alerts };
}
