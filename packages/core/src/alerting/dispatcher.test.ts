// The dispatcher on concrete timelines with a controlled clock, mirroring Alertmanager's documented
// behaviour: group_wait, group_interval, repeat_interval, deduplication, resolved notifications,
// silences and inhibition arriving mid-flight, `continue`, restarts; plus property tests.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAlertRule, alertsToSend, evaluateAlertRule, initialAlertRuleState } from './alert-rule.js';
import { alertStatuses, dispatch, emptyDispatcherState, nextWakeup, reloadDispatcher } from './dispatcher.js';
import type { DispatcherConfig, DispatcherState, Notification, PostableAlert } from './dispatcher.js';
import { compileInhibitRule } from './inhibition.js';
import type { InhibitRule } from './inhibition.js';
import { fingerprint } from './labels.js';
import { parseMatchers } from './matchers.js';
import { compileRoute } from './routing.js';
import type { RouteConfig } from './routing.js';
import type { Silence } from './silences.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

interface Event {
  at: number;
  alerts?: PostableAlert[];
  silences?: Silence[];
  inhibitRules?: InhibitRule[];
}

/**
 * Drives the dispatcher as the server's scheduler would: it wakes at every event and at every
 * `nextWakeup`, until `until`. Optionally round-trips the state through JSON at each step.
 */
function simulate(config: DispatcherConfig, events: Event[], until: number, options: { json?: boolean; freeze?: boolean; start?: DispatcherState } = {}) {
  let state = options.start ?? emptyDispatcherState();
  let silences: Silence[] = [];
  let inhibitRules: InhibitRule[] = [];
  const notifications: Notification[] = [];
  const pending = [...events].sort((a, b) => a.at - b.at);
  for (;;) {
    const wake = nextWakeup(state) ?? Infinity;
    const t = Math.min(wake, pending[0]?.at ?? Infinity);
    if (t > until) break;
    const alerts: PostableAlert[] = [];
    while (pending.length > 0 && pending[0]!.at === t) {
      const e = pending.shift()!;
      alerts.push(...(e.alerts ?? []));
      if (e.silences) silences = e.silences;
      if (e.inhibitRules) inhibitRules = e.inhibitRules;
    }
    // A frozen input proves the step never writes to the state it was given.
    const r = dispatch(options.freeze ? deepFreeze(state) : state, { now: t, alerts, silences, inhibitRules }, config);
    expect(r.rejected).toEqual([]);
    state = options.json ? (JSON.parse(JSON.stringify(r.state)) as DispatcherState) : r.state;
    notifications.push(...r.notifications);
  }
  return { notifications, state };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const drift = (feature: string, extra: Record<string, string> = {}): Record<string, string> => ({ alertname: 'Drift', model: 'fraud', feature, ...extra });
/** A firing alert as the rule engine sends it (valid for 4 minutes unless re-sent). */
const fire = (labels: Record<string, string>, at: number, endsAt?: number): PostableAlert => ({ labels, startsAt: at, endsAt: endsAt ?? at + 4 * MIN });
const resolve = (labels: Record<string, string>, startsAt: number, at: number): PostableAlert => ({ labels, startsAt, endsAt: at });
/** Re-sends `labels` every minute from `from` to `to` (as alertsToSend would), keeping it firing. */
const keepFiring = (labels: Record<string, string>, from: number, to: number): Event[] => {
  const out: Event[] = [];
  for (let t = from; t <= to; t += MIN) out.push({ at: t, alerts: [fire(labels, from, t + 4 * MIN)] });
  return out;
};

const summary = (n: Notification): string =>
  `${n.at / S}s ${n.receiver} ${n.reason}: ${n.alerts.map((a) => `${a.labels.feature ?? a.labels.alertname}${a.status === 'resolved' ? '(resolved)' : ''}`).join(',')}`;

const byAlertname: RouteConfig = { receiver: 'team', groupBy: ['alertname'] };
const config = (route: RouteConfig = byAlertname, extra: Partial<DispatcherConfig> = {}): DispatcherConfig => ({ route: compileRoute(route), ...extra });

describe('grouping timeline (group_wait 30 s, group_interval 5 m, repeat_interval 4 h)', () => {
  it('sends one notification at group_wait with the first two alerts, the third at group_interval', () => {
    const events = [...keepFiring(drift('age'), 0, 20 * MIN), ...keepFiring(drift('income'), 10 * S, 20 * MIN), ...keepFiring(drift('zip'), 40 * S, 20 * MIN)];
    const { notifications } = simulate(config(), events, 20 * MIN);
    expect(notifications.map(summary)).toEqual(['30s team first notification: age,income', '330s team new alerts added: age,income,zip']);
    const [first] = notifications;
    expect(first!.groupKey).toBe('{}:{alertname="Drift"}');
    expect(first!.groupLabels).toEqual({ alertname: 'Drift' });
    expect(first!.commonLabels).toEqual({ alertname: 'Drift', model: 'fraud' });
    expect(first!.status).toBe('firing');
    expect(first!.alerts.every((a) => a.endsAt === null)).toBe(true);
  });

  it('repeats an unchanged group only at the first flush strictly after repeat_interval', () => {
    const events = keepFiring(drift('age'), 0, 9 * H);
    const { notifications } = simulate(config(), events, 9 * H);
    // Notified at 30 s; flushes follow every 5 min. 30 s + 4 h is itself a flush, but Alertmanager
    // needs the last notification to be *before* now − repeat_interval, so the repeat comes one
    // group_interval later, as Alertmanager users see it (4h05m with the defaults).
    expect(notifications.map((n) => [n.at, n.reason])).toEqual([
      [30 * S, 'first notification'],
      [30 * S + 4 * H + 5 * MIN, 'repeat interval elapsed'],
      [30 * S + 8 * H + 10 * MIN, 'repeat interval elapsed'],
    ]);
  });

  it('sends a resolved notification at the next group_interval and then removes the group', () => {
    const events: Event[] = [
      ...keepFiring(drift('age'), 0, 6 * MIN),
      ...keepFiring(drift('income'), 0, 12 * MIN),
      { at: 7 * MIN, alerts: [resolve(drift('age'), 0, 7 * MIN)] },
      { at: 13 * MIN, alerts: [resolve(drift('income'), 0, 13 * MIN)] },
    ];
    const { notifications, state } = simulate(config(), events, 30 * MIN);
    expect(notifications.map(summary)).toEqual([
      '30s team first notification: age,income',
      '630s team some alerts resolved: age(resolved),income',
      '930s team all alerts resolved: income(resolved)',
    ]);
    const last = notifications[2]!;
    expect(last.status).toBe('resolved');
    expect(last.alerts[0]!.endsAt).toBe(13 * MIN);
    expect(state.groups).toEqual({});
    expect(state.alerts).toEqual({});
    expect(nextWakeup(state)).toBeNull();
  });

  it('sends nothing for an alert resolved before group_wait elapsed', () => {
    const { notifications, state } = simulate(
      config(),
      [
        { at: 0, alerts: [fire(drift('age'), 0)] },
        { at: 20 * S, alerts: [resolve(drift('age'), 0, 20 * S)] },
      ],
      10 * MIN,
    );
    expect(notifications).toEqual([]);
    expect(state.groups).toEqual({});
  });

  it('resolves an alert that stops being sent once its endsAt passes (resolve_timeout without endsAt)', () => {
    const { notifications } = simulate(config(), [{ at: 0, alerts: [{ labels: drift('age') }] }], 20 * MIN);
    expect(notifications.map(summary)).toEqual(['30s team first notification: age', '330s team all alerts resolved: age(resolved)']);
    expect(notifications[1]!.alerts[0]!.endsAt).toBe(5 * MIN);
  });

  it('flushes at once a new group whose alert is older than group_wait', () => {
    const { notifications } = simulate(config(), [{ at: 10 * MIN, alerts: [fire(drift('age'), 2 * MIN, 20 * MIN)] }], 11 * MIN);
    expect(notifications.map((n) => n.at)).toEqual([10 * MIN]);
  });

  it('without send_resolved: no resolved notification, and a re-fire counts as a first notification', () => {
    const cfg = config(byAlertname, { receivers: { team: [{ name: 'slack', sendResolved: false }] } });
    const events: Event[] = [
      ...keepFiring(drift('age'), 0, 6 * MIN),
      ...keepFiring(drift('income'), 0, 12 * MIN),
      { at: 7 * MIN, alerts: [resolve(drift('age'), 0, 7 * MIN)] },
      { at: 13 * MIN, alerts: [resolve(drift('income'), 0, 13 * MIN)] },
      ...keepFiring(drift('age'), 20 * MIN, 30 * MIN),
    ];
    const { notifications } = simulate(cfg, events, 30 * MIN);
    expect(notifications.map(summary)).toEqual(['30s team first notification: age,income', '1230s team first notification: age']);
    expect(notifications.every((n) => n.integration === 'slack')).toBe(true);
  });

  it('notifies each integration of a receiver on its own, truncating to maxAlerts', () => {
    const cfg = config(byAlertname, { receivers: { team: [{ name: 'webhook', maxAlerts: 1 }, { name: 'pagerduty' }] } });
    const { notifications } = simulate(cfg, [{ at: 0, alerts: [fire(drift('age'), 0), fire(drift('income'), 0)] }], 31 * S);
    expect(notifications.map((n) => [n.integration, n.alerts.length, n.truncatedAlerts])).toEqual([
      ['webhook', 1, 1],
      ['pagerduty', 2, 0],
    ]);
    expect(notifications[0]!.commonLabels).toEqual(drift('age'));
  });
});

describe('silences and inhibition mid-flight', () => {
  const silence = (matchers: string, startsAt: number, endsAt: number): Silence => ({
    id: `s-${startsAt}`,
    matchers: parseMatchers(matchers),
    startsAt,
    endsAt,
    createdBy: 'ana',
    comment: '',
  });

  it('a silence created mid-flight mutes the alert; when it expires the alert is notified again', () => {
    const events: Event[] = [
      ...keepFiring(drift('age'), 0, 60 * MIN),
      ...keepFiring(drift('income'), 0, 60 * MIN),
      { at: 2 * MIN, silences: [silence('feature="income"', 2 * MIN, 20 * MIN)] },
      ...keepFiring(drift('zip'), 3 * MIN, 60 * MIN),
    ];
    const { notifications } = simulate(config(), events, 60 * MIN);
    expect(notifications.map(summary)).toEqual([
      '30s team first notification: age,income',
      // income is silenced: zip is new, income is not in the notification.
      '330s team new alerts added: age,zip',
      // The silence ended at 20 min; income is back, which is news to the receiver.
      '1230s team new alerts added: age,income,zip',
    ]);
  });

  it('a silence over every alert of a group sends nothing and does not count as notified', () => {
    const events: Event[] = [...keepFiring(drift('age'), 0, 30 * MIN), { at: 0, silences: [silence('alertname="Drift"', 0, 10 * MIN)] }];
    const { notifications } = simulate(config(), events, 30 * MIN);
    expect(notifications.map(summary)).toEqual(['630s team first notification: age']);
  });

  it("mutes a model's drift alerts while its volume alert fires, and unmutes them when it resolves", () => {
    const rule = compileInhibitRule({ sourceMatchers: ['alertname="Volume"'], targetMatchers: ['alertname="Drift"'], equal: ['model'] });
    const volume = { alertname: 'Volume', model: 'fraud' };
    const events: Event[] = [
      { at: 0, inhibitRules: [rule] },
      ...keepFiring(volume, 0, 9 * MIN),
      { at: 10 * MIN, alerts: [resolve(volume, 0, 10 * MIN)] },
      ...keepFiring(drift('age'), 0, 30 * MIN),
      ...keepFiring({ alertname: 'Drift', model: 'churn', feature: 'age' }, 0, 30 * MIN),
    ];
    const route: RouteConfig = { receiver: 'team', groupBy: ['alertname', 'model'] };
    const { notifications } = simulate(config(route), events, 30 * MIN);
    expect(notifications.map((n) => `${n.at / S}s ${n.groupKey} ${n.reason}`)).toEqual([
      '30s {}:{alertname="Drift", model="churn"} first notification',
      '30s {}:{alertname="Volume", model="fraud"} first notification',
      // Volume resolved at 10 min; its group and the fraud drift group flush at 10m30s.
      '630s {}:{alertname="Drift", model="fraud"} first notification',
      '630s {}:{alertname="Volume", model="fraud"} all alerts resolved',
    ]);
  });

  it('reports which alerts are silenced or inhibited, and by what', () => {
    const rule = compileInhibitRule({ sourceMatchers: ['alertname="Volume"'], targetMatchers: ['alertname="Drift"'], equal: ['model'] });
    const cfg = config();
    const { state } = dispatch(
      emptyDispatcherState(),
      { now: 0, alerts: [fire({ alertname: 'Volume', model: 'fraud' }, 0), fire(drift('age'), 0), fire(drift('zip', { model: 'ads' }), 0)] },
      cfg,
    );
    const s = silence('model="ads"', 0, MIN);
    const statuses = alertStatuses(state, { silences: [s], inhibitRules: [rule] }, 1);
    // Sorted by label set: fewer labels first, then by value (feature age before zip).
    expect(statuses.map((x) => [x.alert.labels.alertname, x.alert.labels.model, x.state, x.silencedBy, x.inhibitedBy, x.receivers])).toEqual([
      ['Volume', 'fraud', 'active', [], [], ['team']],
      ['Drift', 'fraud', 'suppressed', [], [fingerprint({ alertname: 'Volume', model: 'fraud' })], ['team']],
      ['Drift', 'ads', 'suppressed', ['s-0'], [], ['team']],
    ]);
  });
});

describe('routing into groups', () => {
  it('sends a critical alert to two receivers through `continue`, each with its own group and timers', () => {
    const route: RouteConfig = {
      receiver: 'default',
      groupBy: ['alertname'],
      routes: [
        { matchers: ['severity="critical"'], receiver: 'pager', groupWait: 0, continue: true },
        { matchers: ['alertname="Drift"'], receiver: 'ml-team' },
      ],
    };
    const { notifications } = simulate(config(route), [{ at: 0, alerts: [fire(drift('age', { severity: 'critical' }), 0)] }], MIN);
    expect(notifications.map((n) => [n.at, n.receiver, n.groupKey])).toEqual([
      [0, 'pager', '{}/{severity="critical"}:{alertname="Drift"}'],
      [30 * S, 'ml-team', '{}/{alertname="Drift"}:{alertname="Drift"}'],
    ]);
  });

  it('makes one group per alert with group_by ["..."]', () => {
    const { notifications } = simulate(config({ receiver: 'r', groupBy: ['...'] }), [{ at: 0, alerts: [fire(drift('age'), 0), fire(drift('zip'), 0)] }], MIN);
    expect(notifications.map((n) => n.groupKey)).toEqual([
      '{}:{alertname="Drift", feature="age", model="fraud"}',
      '{}:{alertname="Drift", feature="zip", model="fraud"}',
    ]);
  });

  it('rejects malformed alerts and keeps the others', () => {
    const r = dispatch(
      emptyDispatcherState(),
      { now: 0, alerts: [{ labels: {} }, fire(drift('age'), 0), { labels: { a: 'b' }, startsAt: 10, endsAt: 5 }] },
      config(),
    );
    expect(r.rejected.map((x) => [x.index, x.error.path])).toEqual([
      [0, 'alerts[0].labels'],
      [2, 'alerts[2].endsAt'],
    ]);
    expect(Object.keys(r.state.alerts)).toEqual([fingerprint(drift('age'))]);
  });
});

describe('restarts and reloads', () => {
  const events = (): Event[] => [
    ...keepFiring(drift('age'), 0, 40 * MIN),
    ...keepFiring(drift('income'), 2 * MIN, 12 * MIN),
    { at: 13 * MIN, alerts: [resolve(drift('income'), 2 * MIN, 13 * MIN)] },
    ...keepFiring(drift('zip'), 20 * MIN, 40 * MIN),
  ];

  it('behaves the same when the state goes through JSON at every step (a restart)', () => {
    const plain = simulate(config(), events(), 40 * MIN);
    const viaJson = simulate(config(), events(), 40 * MIN, { json: true });
    expect(viaJson.notifications).toEqual(plain.notifications);
    const frozen = simulate(config(), events(), 40 * MIN, { freeze: true });
    expect(frozen.notifications).toEqual(plain.notifications);
    expect(plain.notifications.length).toBeGreaterThan(2);
  });

  it('after a reload, groups are rebuilt and receivers are not told again what they know', () => {
    const before = simulate(config(), events(), 15 * MIN);
    const reloaded = reloadDispatcher(before.state, config({ receiver: 'team', groupBy: ['alertname'], groupInterval: 10 * MIN }), 15 * MIN);
    const after = simulate(
      config({ receiver: 'team', groupBy: ['alertname'], groupInterval: 10 * MIN }),
      events().filter((e) => e.at > 15 * MIN),
      40 * MIN,
      {
        start: reloaded,
      },
    );
    // The rebuilt group flushes at once (its alerts are old): the resolution of income, still
    // unsent at 15 min, goes out; age is not announced again; zip (20 min) waits for the next flush.
    expect(before.notifications.map(summary)).toEqual(['30s team first notification: age', '330s team new alerts added: age,income']);
    expect(after.notifications.map(summary)).toEqual(['900s team some alerts resolved: age,income(resolved)', '1500s team new alerts added: age,zip']);
  });
});

describe('the rule engine feeding the dispatcher', () => {
  it('takes a breach from evaluation to a firing and then a resolved notification', () => {
    const rule = compileAlertRule({ name: 'Drift', for: MIN, annotations: { summary: 'PSI {{ printf "%.2f" $value }}' } });
    const cfg = config({ receiver: 'team', groupBy: ['alertname'], groupWait: 0, groupInterval: MIN });
    let ruleState = initialAlertRuleState();
    let dispatcher = emptyDispatcherState();
    const seen: Notification[] = [];
    for (let t = 0; t <= 10 * MIN; t += 30 * S) {
      const breaching = t < 5 * MIN;
      ruleState = evaluateAlertRule(rule, ruleState, [{ labels: { model: 'fraud' }, value: breaching ? 0.31 : 0.05, firing: breaching }], t).state;
      const sent = alertsToSend(ruleState, t, { evaluationInterval: 30 * S });
      ruleState = sent.state;
      const r = dispatch(dispatcher, { now: t, alerts: sent.alerts }, cfg);
      dispatcher = r.state;
      seen.push(...r.notifications);
    }
    expect(seen.map((n) => [n.at / S, n.status, n.alerts[0]!.annotations.summary])).toEqual([
      [60, 'firing', 'PSI 0.31'],
      // A resolved alert keeps the annotations of its last breach, as in Prometheus.
      [300, 'resolved', 'PSI 0.31'],
    ]);
  });
});

describe('properties', () => {
  const arbitraryEvents = fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 120 }).map((m) => m * 30 * S),
      feature: fc.constantFrom('a', 'b', 'c', 'd'),
      model: fc.constantFrom('m1', 'm2'),
      kind: fc.constantFrom('fire', 'fire', 'resolve'),
    }),
    { maxLength: 40 },
  );
  const toEvents = (list: { at: number; feature: string; model: string; kind: string }[]): Event[] =>
    list.map((e) => ({
      at: e.at,
      alerts: [e.kind === 'fire' ? fire(drift(e.feature, { model: e.model }), e.at, e.at + 20 * MIN) : resolve(drift(e.feature, { model: e.model }), 0, e.at)],
    }));
  const route: RouteConfig = { receiver: 'r', groupBy: ['model'], groupWait: 30 * S, groupInterval: 5 * MIN, repeatInterval: 30 * MIN };

  it('never notifies the same unchanged group twice within repeat_interval', () => {
    fc.assert(
      fc.property(arbitraryEvents, (list) => {
        const { notifications } = simulate(config(route), toEvents(list), 3 * H);
        const last = new Map<string, Notification>();
        for (const n of notifications) {
          const prev = last.get(n.groupKey);
          last.set(n.groupKey, n);
          if (!prev) continue;
          const firing = (x: Notification): string =>
            x.alerts
              .filter((a) => a.status === 'firing')
              .map((a) => a.fingerprint)
              .sort()
              .join();
          const resolved = (x: Notification): string[] => x.alerts.filter((a) => a.status === 'resolved').map((a) => a.fingerprint);
          const unchanged = firing(n) === firing(prev) && firing(n) !== '' && resolved(n).every((f) => resolved(prev).includes(f));
          if (unchanged) expect(n.at - prev.at).toBeGreaterThan(30 * MIN);
        }
      }),
    );
  });

  it("puts every firing alert into the receiver's view of its group within group_wait + group_interval", () => {
    fc.assert(
      fc.property(arbitraryEvents, (list) => {
        const events = toEvents(list.filter((e) => e.kind === 'fire'));
        const { notifications } = simulate(config(route), events, 3 * H);
        for (const e of events) {
          const labels = e.alerts![0]!.labels;
          const deadline = e.at + 30 * S + 5 * MIN;
          // The latest notification of the alert's group by the deadline shows the alert firing
          // (it stays firing until at least e.at + 20 min, past the deadline).
          const latest = notifications.filter((n) => n.groupLabels.model === labels.model && n.at <= deadline).at(-1);
          expect(latest?.alerts.some((a) => a.fingerprint === fingerprint(labels) && a.status === 'firing')).toBe(true);
        }
      }),
    );
  });
});
