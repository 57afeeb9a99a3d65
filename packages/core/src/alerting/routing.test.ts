// The routing tree: inheritance and Alertmanager's defaults, depth-first matching with `continue`,
// route keys as Alertmanager writes them, and configuration errors naming the field.

import { describe, expect, it } from 'vitest';
import { AlertingConfigError } from './alerting-error.js';
import { compileRoute, findRoute, groupLabelsFor, matchRoutes, ROUTE_DEFAULTS } from './routing.js';
import type { RouteConfig } from './routing.js';

// Alertmanager's documented example tree (docs/configuration.md), in Vigil's terms.
const tree: RouteConfig = {
  receiver: 'default',
  groupBy: ['alertname', 'model'],
  groupWait: 10_000,
  routes: [
    { matchers: ['severity="critical"'], receiver: 'pager', groupWait: 5_000, continue: true },
    {
      matchers: ['monitor=~"drift|quality"'],
      receiver: 'ml-team',
      groupBy: ['...'],
      routes: [{ matchers: ['model="fraud"'], receiver: 'fraud-team', repeatInterval: 60 * 60_000 }],
    },
    { matchers: ['monitor="volume"'], receiver: 'ops' },
  ],
};

describe('compileRoute', () => {
  const root = compileRoute(tree, { receivers: ['default', 'pager', 'ml-team', 'fraud-team', 'ops'] });

  it("fills Alertmanager's defaults and inherits unset options", () => {
    expect(ROUTE_DEFAULTS).toEqual({ groupWait: 30_000, groupInterval: 300_000, repeatInterval: 14_400_000 });
    expect(root.groupWait).toBe(10_000);
    expect(root.groupInterval).toBe(300_000);
    expect(root.repeatInterval).toBe(14_400_000);
    const [pager, ml, ops] = root.routes;
    expect(pager).toMatchObject({ receiver: 'pager', groupWait: 5_000, groupBy: ['alertname', 'model'], continue: true });
    expect(ml).toMatchObject({ receiver: 'ml-team', groupWait: 10_000, groupByAll: true, groupBy: [] });
    expect(ml!.routes[0]).toMatchObject({ receiver: 'fraud-team', groupByAll: true, repeatInterval: 3_600_000, groupInterval: 300_000 });
    expect(ops).toMatchObject({ receiver: 'ops', groupBy: ['alertname', 'model'] });
  });

  it("writes Alertmanager's route keys and unique ids", () => {
    expect(root.key).toBe('{}');
    expect(root.routes[0]!.key).toBe('{}/{severity="critical"}');
    expect(root.routes[1]!.routes[0]!.key).toBe('{}/{monitor=~"drift|quality"}/{model="fraud"}');
    expect(root.routes[1]!.routes[0]!.id).toBe('{}/{monitor=~"drift|quality"}/1/{model="fraud"}/0');
    expect(findRoute(root, root.routes[2]!.id)).toBe(root.routes[2]);
    expect(findRoute(root, 'nope')).toBeUndefined();
  });

  it('sorts matchers in a route key as Alertmanager does', () => {
    const r = compileRoute({ receiver: 'a', routes: [{ matchers: ['z="1", a=~"x"', 'a="y"'] }] });
    expect(r.routes[0]!.key).toBe('{}/{a=~"x",a="y",z="1"}');
  });

  it('refuses bad trees, naming the field', () => {
    const bad: [RouteConfig, string, RegExp][] = [
      [{}, 'route.receiver', /root route must specify a default receiver/],
      [{ receiver: 'a', matchers: ['x="y"'] }, 'route.matchers', /root route must not have any matchers/],
      [{ receiver: 'a', continue: true }, 'route.continue', /cannot have continue in root route/],
      [{ receiver: 'a', routes: [{ matchers: ['x=='] }] }, 'route.routes[0].matchers[0]', /unexpected =/],
      [{ receiver: 'a', groupBy: ['...', 'model'] }, 'route.groupBy', /wildcard group_by/],
      [{ receiver: 'a', groupBy: ['model', 'model'] }, 'route.groupBy[1]', /duplicated label "model"/],
      [{ receiver: 'a', routes: [{ groupInterval: 0 }] }, 'route.routes[0].groupInterval', /cannot be zero/],
      [{ receiver: 'a', repeatInterval: 0 }, 'route.repeatInterval', /cannot be zero/],
      [{ receiver: 'a', groupWait: -1 }, 'route.groupWait', /at least 0 ms/],
      [{ receiver: 'a', routes: [{ receiver: 'ghost' }] }, 'route.routes[0].receiver', /undefined receiver "ghost"/],
    ];
    for (const [config, path, message] of bad) {
      let error: unknown;
      try {
        compileRoute(config, { receivers: ['a'] });
      } catch (e) {
        error = e;
      }
      expect(error, path).toBeInstanceOf(AlertingConfigError);
      expect((error as AlertingConfigError).path).toBe(path);
      expect((error as AlertingConfigError).message).toMatch(message);
    }
    expect(compileRoute({ receiver: 'a', groupWait: 0 }).groupWait).toBe(0);
  });
});

describe('matchRoutes', () => {
  const root = compileRoute(tree);
  const receivers = (labels: Record<string, string>): string[] => matchRoutes(root, labels).map((r) => r.receiver);

  it('sends a critical drift alert to two receivers through `continue`', () => {
    expect(receivers({ alertname: 'Drift', monitor: 'drift', severity: 'critical', model: 'churn' })).toEqual(['pager', 'ml-team']);
  });
  it('goes depth first to the deepest match, and stops at the first match without `continue`', () => {
    expect(receivers({ alertname: 'Drift', monitor: 'drift', model: 'fraud' })).toEqual(['fraud-team']);
    expect(receivers({ alertname: 'Drift', monitor: 'quality', model: 'fraud', severity: 'critical' })).toEqual(['pager', 'fraud-team']);
  });
  it('falls back to the parent when no child matches', () => {
    expect(receivers({ alertname: 'Latency', monitor: 'latency' })).toEqual(['default']);
    expect(receivers({ alertname: 'Latency', severity: 'critical' })).toEqual(['pager']);
  });

  it('groups by the configured labels, or by all of them for `...`', () => {
    const [pager] = matchRoutes(root, { alertname: 'Drift', severity: 'critical', model: 'm', feature: 'f' });
    expect(groupLabelsFor(pager!, { alertname: 'Drift', severity: 'critical', model: 'm', feature: 'f' })).toEqual({ alertname: 'Drift', model: 'm' });
    expect(groupLabelsFor(pager!, { severity: 'critical' })).toEqual({});
    const [ml] = matchRoutes(root, { monitor: 'drift', model: 'churn', feature: 'f' });
    expect(groupLabelsFor(ml!, { monitor: 'drift', model: 'churn', feature: 'f' })).toEqual({ monitor: 'drift', model: 'churn', feature: 'f' });
  });
});
