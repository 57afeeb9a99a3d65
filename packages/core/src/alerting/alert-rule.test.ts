// The rule state machine on concrete timelines with a controlled clock: Prometheus' `for` and
// `keep_firing_for` at their exact boundaries, resolved retention, Grafana's no-data and error
// handling, and Prometheus' resend rule (alertsToSend).

import { describe, expect, it } from 'vitest';
import { AlertingConfigError } from './alerting-error.js';
import { alertsToSend, compileAlertRule, evaluateAlertRule, initialAlertRuleState } from './alert-rule.js';
import type { AlertRule, AlertRuleConfig, AlertRuleState, AlertTransition, EvaluationResult } from './alert-rule.js';
import { fingerprint } from './labels.js';

const S = 1000;
const MIN = 60 * S;

const baseConfig: AlertRuleConfig = {
  name: 'Drift',
  for: 60 * S,
  keepFiringFor: 120 * S,
  labels: { severity: 'warning', team: '{{ $labels.model }}-owners' },
  annotations: { summary: 'PSI {{ printf "%.2f" $value }} on {{ $labels.feature }}' },
};

const series = (value: number, firing = true, feature = 'age'): EvaluationResult => [{ labels: { model: 'fraud', feature }, value, firing }];

/** Runs evaluations at the given times; returns every state and all transitions. */
function run(rule: AlertRule, steps: [number, EvaluationResult][], start: AlertRuleState = initialAlertRuleState()) {
  let state = start;
  const states: AlertRuleState[] = [];
  const transitions: AlertTransition[] = [];
  for (const [t, result] of steps) {
    const r = evaluateAlertRule(rule, state, result, t);
    state = r.state;
    states.push(state);
    transitions.push(...r.transitions);
  }
  return { state, states, transitions };
}

const stateAt = (s: AlertRuleState): string[] => s.instances.map((i) => `${i.labels.alertname}:${i.state}`);
const moves = (ts: AlertTransition[]): string[] => ts.map((t) => `${t.at / S}s ${t.labels.alertname} ${t.from}→${t.to}${t.reason ? ` (${t.reason})` : ''}`);

describe('labels and annotations', () => {
  it("builds Prometheus' alert labels and expands templates with the series' value", () => {
    const rule = compileAlertRule(baseConfig);
    const { state } = run(rule, [[0, series(0.2345)]]);
    const [a] = state.instances;
    expect(a!.labels).toEqual({ alertname: 'Drift', feature: 'age', model: 'fraud', severity: 'warning', team: 'fraud-owners' });
    expect(a!.fingerprint).toBe(fingerprint(a!.labels));
    expect(a!.annotations).toEqual({ summary: 'PSI 0.23 on age' });
    const next = run(rule, [[30 * S, series(0.31)]], state).state.instances[0]!;
    expect(next.annotations.summary).toBe('PSI 0.31 on age');
    expect(next.value).toBe(0.31);
    expect(next.activeAt).toBe(0);
  });
  it("keeps the evaluation's own texts, which the rule's annotation templates of the same name replace", () => {
    const found = { summary: '1 new category in purpose: "crypto"', description: 'seen 12 times' };
    const given: EvaluationResult = [{ labels: { feature: 'purpose' }, value: 1, firing: true, annotations: found }];
    const plain = evaluateAlertRule(compileAlertRule({ name: 'Quality' }), initialAlertRuleState(), given, 0).state.instances[0]!;
    expect(plain.annotations).toEqual(found);
    expect(plain.labels).toEqual({ alertname: 'Quality', feature: 'purpose' });
    const own = evaluateAlertRule(
      compileAlertRule({ name: 'Quality', annotations: { summary: '{{ $labels.feature }}: {{ $value }}' } }),
      initialAlertRuleState(),
      given,
      0,
    ).state.instances[0]!;
    expect(own.annotations).toEqual({ summary: 'purpose: 1', description: 'seen 12 times' });
  });
  it('refuses a result in which two series become one alert (as Prometheus does)', () => {
    const rule = compileAlertRule({ name: 'Drift', labels: { feature: 'all' } });
    const r = evaluateAlertRule(
      rule,
      initialAlertRuleState(),
      [
        { labels: { feature: 'a' }, value: 1, firing: true },
        { labels: { feature: 'b' }, value: 1, firing: true },
      ],
      0,
    );
    expect(r.state.health).toBe('error');
    expect(r.state.lastError).toMatch(/same labelset/);
  });
});

describe('for and keepFiringFor at their boundaries', () => {
  const rule = compileAlertRule(baseConfig);

  it('goes pending, then fires exactly when the breach is `for` old', () => {
    const { states, transitions } = run(rule, [
      [0, series(0.3)],
      [30 * S, series(0.3)],
      [60 * S - 1, series(0.3)],
      [60 * S, series(0.3)],
    ]);
    expect(states.map(stateAt)).toEqual([['Drift:pending'], ['Drift:pending'], ['Drift:pending'], ['Drift:firing']]);
    expect(moves(transitions)).toEqual(['0s Drift inactive→pending', '60s Drift pending→firing']);
    expect(states[3]!.instances[0]!.firedAt).toBe(60 * S);
  });

  it('fires on the first breach when `for` is 0', () => {
    const instant = compileAlertRule({ name: 'Volume' });
    expect(moves(run(instant, [[5 * S, [{ labels: {}, value: 0, firing: true }]]]).transitions)).toEqual([
      '5s Volume inactive→pending',
      '5s Volume pending→firing',
    ]);
  });

  it('drops a pending alert that stops breaching, without ever firing', () => {
    const { state, transitions } = run(rule, [
      [0, series(0.3)],
      [30 * S, series(0.1, false)],
    ]);
    expect(state.instances).toEqual([]);
    expect(moves(transitions)).toEqual(['0s Drift inactive→pending', '30s Drift pending→inactive']);
  });

  it('keeps firing for keepFiringFor after the breach ends, resolving exactly at the boundary', () => {
    const { states, transitions } = run(rule, [
      [0, series(0.3)],
      [60 * S, series(0.3)],
      [90 * S, series(0.1, false)], // keepFiringSince = 90 s
      [210 * S - 1, []], // 119.999 s later: still firing
      [210 * S, []], // 120 s later: resolved
    ]);
    expect(states.map(stateAt)).toEqual([['Drift:pending'], ['Drift:firing'], ['Drift:firing'], ['Drift:firing'], ['Drift:resolved']]);
    expect(states[2]!.instances[0]!.keepFiringSince).toBe(90 * S);
    expect(states[2]!.instances[0]!.value).toBe(0.1);
    expect(moves(transitions).slice(-1)).toEqual(['210s Drift firing→resolved']);
    expect(states[4]!.instances[0]!.resolvedAt).toBe(210 * S);
  });

  it('restarts the keep-firing timer when the breach comes back', () => {
    const { states } = run(rule, [
      [0, series(0.3)],
      [60 * S, series(0.3)],
      [90 * S, []],
      [120 * S, series(0.3)],
      [150 * S, []],
      [269 * S, []],
      [270 * S, []],
    ]);
    expect(states[3]!.instances[0]!.keepFiringSince).toBeUndefined();
    expect(states[4]!.instances[0]!.keepFiringSince).toBe(150 * S);
    expect(states.slice(4).map(stateAt)).toEqual([['Drift:firing'], ['Drift:firing'], ['Drift:resolved']]);
  });

  it('resolves at once without keepFiringFor', () => {
    const plain = compileAlertRule({ ...baseConfig, keepFiringFor: 0 });
    const { transitions } = run(plain, [
      [0, series(0.3)],
      [60 * S, series(0.3)],
      [90 * S, []],
    ]);
    expect(moves(transitions)).toEqual(['0s Drift inactive→pending', '60s Drift pending→firing', '90s Drift firing→resolved']);
  });

  it('keeps a resolved instance for 15 minutes, then forgets it', () => {
    const plain = compileAlertRule({ ...baseConfig, keepFiringFor: 0 });
    const { state: resolved } = run(plain, [
      [0, series(0.3)],
      [60 * S, series(0.3)],
      [90 * S, []],
    ]);
    const kept = run(plain, [[90 * S + 15 * MIN, []]], resolved);
    expect(stateAt(kept.state)).toEqual(['Drift:resolved']);
    const gone = run(plain, [[90 * S + 15 * MIN + 1, []]], resolved);
    expect(gone.state.instances).toEqual([]);
    expect(moves(gone.transitions)).toEqual([`${90 + 15 * 60 + 0.001}s Drift resolved→inactive (retention)`]);
  });

  it('starts a new breach (pending again) when a resolved series breaches again', () => {
    const plain = compileAlertRule({ ...baseConfig, keepFiringFor: 0 });
    const { states, transitions } = run(plain, [
      [0, series(0.3)],
      [60 * S, series(0.3)],
      [90 * S, []],
      [120 * S, series(0.4)],
    ]);
    expect(states[3]!.instances[0]!.activeAt).toBe(120 * S);
    expect(moves(transitions).slice(-1)).toEqual(['120s Drift resolved→pending']);
  });

  it('drops a firing alert back to pending when `for` is raised past its age', () => {
    const { state } = run(rule, [
      [0, series(0.3)],
      [60 * S, series(0.3)],
    ]);
    const longer = compileAlertRule({ ...baseConfig, for: 10 * MIN });
    const r = evaluateAlertRule(longer, state, series(0.3), 90 * S);
    expect(stateAt(r.state)).toEqual(['Drift:pending']);
    expect(moves(r.transitions)).toEqual(['90s Drift firing→pending']);
  });
});

describe('no data and errors (Grafana handling)', () => {
  const firingState = (config: AlertRuleConfig): { rule: AlertRule; state: AlertRuleState } => {
    const rule = compileAlertRule(config);
    return {
      rule,
      state: run(rule, [
        [0, series(0.3)],
        [60 * S, series(0.3)],
      ]).state,
    };
  };
  const noData: EvaluationResult = { noData: true };

  it('no_data (default): a DatasourceNoData alert goes through `for`; the rule keeps its alerts', () => {
    const { rule, state } = firingState(baseConfig);
    const { states, transitions } = run(
      rule,
      [
        [90 * S, noData],
        [150 * S, noData],
        [180 * S, series(0.3)],
      ],
      state,
    );
    expect(states.map((s) => stateAt(s).sort())).toEqual([
      ['DatasourceNoData:pending', 'Drift:firing'],
      ['DatasourceNoData:firing', 'Drift:firing'],
      ['DatasourceNoData:resolved', 'Drift:firing'],
    ]);
    const special = states[1]!.instances.find((i) => i.kind === 'no_data')!;
    expect(special.labels).toEqual({ alertname: 'DatasourceNoData', rulename: 'Drift', severity: 'warning', team: '-owners' });
    expect(special.value).toBeNull();
    expect(states[0]!.health).toBe('no_data');
    expect(moves(transitions)).toEqual([
      '90s DatasourceNoData inactive→pending (no_data)',
      '150s DatasourceNoData pending→firing (no_data)',
      '180s DatasourceNoData firing→resolved',
    ]);
  });

  it('no_data shorter than `for` never fires: pending, then dropped when data returns (Grafana: Normal → Pending → Normal)', () => {
    const rule = compileAlertRule({ ...baseConfig, for: 5 * MIN });
    const { states, transitions } = run(rule, [
      [0, series(0.1, false)],
      [1 * MIN, noData],
      [4 * MIN, noData],
      [5 * MIN, series(0.1, false)],
    ]);
    expect(states.map(stateAt)).toEqual([[], ['DatasourceNoData:pending'], ['DatasourceNoData:pending'], []]);
    expect(moves(transitions)).toEqual(['60s DatasourceNoData inactive→pending (no_data)', '300s DatasourceNoData pending→inactive']);
    expect(alertsToSend(states[2]!, 4 * MIN, { evaluationInterval: MIN }).alerts).toEqual([]);
  });

  it('alerting: breaching alerts keep breaching (pending fires), or one alert with the rule labels appears', () => {
    const rule = compileAlertRule({ ...baseConfig, noDataState: 'alerting' });
    const pendingThenNoData = run(rule, [
      [0, series(0.3)],
      [60 * S, { noData: true }],
    ]);
    expect(stateAt(pendingThenNoData.state)).toEqual(['Drift:firing']);
    expect(pendingThenNoData.state.instances[0]!.value).toBe(0.3);
    const fresh = run(rule, [[0, { noData: true }]]);
    expect(fresh.state.instances[0]!.labels).toEqual({ alertname: 'Drift', severity: 'warning', team: '-owners' });
    expect(stateAt(fresh.state)).toEqual(['Drift:pending']);
  });

  it('normal: no data counts as not breaching (resolving after keepFiringFor)', () => {
    const { rule, state } = firingState({ ...baseConfig, noDataState: 'normal' });
    const { states } = run(
      rule,
      [
        [90 * S, noData],
        [210 * S, noData],
      ],
      state,
    );
    expect(states.map(stateAt)).toEqual([['Drift:firing'], ['Drift:resolved']]);
  });

  it('keep_last: nothing changes, a pending alert does not fire', () => {
    const rule = compileAlertRule({ ...baseConfig, noDataState: 'keep_last' });
    const { states, transitions } = run(rule, [
      [0, series(0.3)],
      [60 * S, noData],
      [10 * MIN, noData],
    ]);
    expect(states.map(stateAt)).toEqual([['Drift:pending'], ['Drift:pending'], ['Drift:pending']]);
    expect(transitions).toHaveLength(1);
    const fired = firingState({ ...baseConfig, noDataState: 'keep_last' });
    expect(stateAt(run(fired.rule, [[60 * MIN, noData]], fired.state).state)).toEqual(['Drift:firing']);
  });

  it('error (default): a DatasourceError alert, the error kept on the rule', () => {
    const rule = compileAlertRule({ ...baseConfig, for: 0 });
    const r = evaluateAlertRule(rule, initialAlertRuleState(), { error: 'query timed out' }, 0);
    expect(r.state.health).toBe('error');
    expect(r.state.lastError).toBe('query timed out');
    expect(r.state.instances.map((i) => [i.labels.alertname, i.labels.rulename, i.state])).toEqual([['DatasourceError', 'Drift', 'firing']]);
    const errorThenNormal = compileAlertRule({ ...baseConfig, errorState: 'normal' });
    const { state } = run(errorThenNormal, [
      [0, series(0.3)],
      [30 * S, { error: 'boom' }],
    ]);
    expect(state.instances).toEqual([]);
  });
});

describe('persistence', () => {
  it('gives the same result when the state goes through JSON between evaluations', () => {
    const rule = compileAlertRule({ ...baseConfig, noDataState: 'no_data' });
    const steps: [number, EvaluationResult][] = [
      [0, series(0.3)],
      [60 * S, series(0.3)],
      [90 * S, { noData: true }],
      [150 * S, { noData: true }],
      [180 * S, []],
      [300 * S, [{ labels: { model: 'fraud', feature: 'income' }, value: Number.NaN, firing: true }]],
      [400 * S, { error: 'x' }],
    ];
    let direct = initialAlertRuleState();
    let viaJson = initialAlertRuleState();
    for (const [t, result] of steps) {
      const a = evaluateAlertRule(rule, direct, result, t);
      const b = evaluateAlertRule(rule, JSON.parse(JSON.stringify(viaJson)) as AlertRuleState, result, t);
      expect(b).toEqual(a);
      direct = a.state;
      viaJson = b.state;
    }
  });
});

describe('alertsToSend (Prometheus sendAlerts)', () => {
  const rule = compileAlertRule({ ...baseConfig, keepFiringFor: 0 });
  const options = { evaluationInterval: 30 * S, resendDelay: 60 * S, generatorURL: 'http://vigil/monitors/1' };

  it('never sends pending alerts; sends firing ones valid for 4 × max(interval, resendDelay)', () => {
    const pending = run(rule, [[0, series(0.3)]]).state;
    expect(alertsToSend(pending, 0, options).alerts).toEqual([]);
    const firing = run(rule, [[60 * S, series(0.3)]], pending).state;
    const sent = alertsToSend(firing, 60 * S, options);
    expect(sent.alerts).toEqual([
      {
        labels: firing.instances[0]!.labels,
        annotations: { summary: 'PSI 0.30 on age' },
        startsAt: 60 * S,
        endsAt: 60 * S + 4 * 60 * S,
        generatorURL: 'http://vigil/monitors/1',
      },
    ]);
    expect(sent.state.instances[0]!.lastSentAt).toBe(60 * S);
  });

  it('re-sends only after resendDelay has passed, and a resolution at once', () => {
    let state = run(rule, [
      [0, series(0.3)],
      [60 * S, series(0.3)],
    ]).state;
    state = alertsToSend(state, 60 * S, options).state;
    expect(alertsToSend(state, 90 * S, options).alerts).toHaveLength(0);
    expect(alertsToSend(state, 120 * S, options).alerts).toHaveLength(0); // 60 s + 60 s is not before 120 s
    expect(alertsToSend(state, 120 * S + 1, options).alerts).toHaveLength(1);
    state = run(rule, [[90 * S, []]], state).state;
    const resolved = alertsToSend(state, 90 * S, options);
    expect(resolved.alerts).toEqual([expect.objectContaining({ startsAt: 60 * S, endsAt: 90 * S })]);
    expect(alertsToSend(resolved.state, 100 * S, options).alerts).toHaveLength(0);
  });
});

describe('compileAlertRule', () => {
  it('refuses bad rules, naming the field', () => {
    const bad: [AlertRuleConfig, string][] = [
      [{ name: '' }, 'rule.name'],
      [{ name: 'x', for: -1 }, 'rule.for'],
      [{ name: 'x', keepFiringFor: Number.NaN }, 'rule.keepFiringFor'],
      [{ name: 'x', annotations: { summary: '{{ nope }}' } }, 'rule.annotations.summary'],
      [{ name: 'x', labels: { team: '{{ $value.x }}' } }, 'rule.labels.team'],
      [{ name: 'x', noDataState: 'ok' as never }, 'rule.noDataState'],
      [{ name: 'x', errorState: 'no_data' as never }, 'rule.errorState'],
    ];
    for (const [config, path] of bad) {
      let error: unknown;
      try {
        compileAlertRule(config);
      } catch (e) {
        error = e;
      }
      expect(error, path).toBeInstanceOf(AlertingConfigError);
      expect((error as AlertingConfigError).path).toBe(path);
    }
  });
});
