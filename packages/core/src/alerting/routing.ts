// Alertmanager's routing tree: each route matches labels, inherits unset options from its parent
// (defaults group_wait 30s, group_interval 5m, repeat_interval 4h), and an alert is dispatched to
// the deepest matching routes, depth first, stopping at the first match unless `continue` is set.

import { AlertingConfigError } from './alerting-error.js';
import type { Labels } from './labels.js';
import { formatMatchers, matchesLabels, sortMatchers, toMatchers } from './matchers.js';
import type { Matcher } from './matchers.js';

/** A route as configured (API or config file); durations in milliseconds. */
export interface RouteConfig {
  /** Required on the root; children inherit it. */
  receiver?: string;
  /** Each string may hold one or more matchers (`severity=~"warning|critical"`). */
  matchers?: readonly (string | Matcher)[];
  /** Keep matching sibling routes after this one matched. */
  continue?: boolean;
  /** Labels to group by; `['...']` groups by all labels (one group per alert). */
  groupBy?: readonly string[];
  groupWait?: number;
  groupInterval?: number;
  repeatInterval?: number;
  routes?: readonly RouteConfig[];
}

/** A checked route with every option resolved. */
export interface Route {
  /** Unique in the tree (Alertmanager's route ID: keys plus the child index). */
  readonly id: string;
  /** Alertmanager's route key (`{}/{severity="critical"}`), the first part of group keys. */
  readonly key: string;
  readonly receiver: string;
  /** Sorted in Alertmanager's order (name, value, operator). */
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  readonly groupBy: readonly string[];
  readonly groupByAll: boolean;
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
  readonly routes: readonly Route[];
}

/** Alertmanager's defaults for the root route. */
export const ROUTE_DEFAULTS = { groupWait: 30_000, groupInterval: 5 * 60_000, repeatInterval: 4 * 60 * 60_000 } as const;

export interface CompileRouteOptions {
  /** Receivers that exist; a route naming another one is refused. Unchecked when omitted. */
  receivers?: readonly string[];
  /** Field path for errors; `route` by default. */
  path?: string;
}

function duration(value: number | undefined, inherited: number, path: string, allowZero: boolean): number {
  if (value === undefined) return inherited;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new AlertingConfigError(path, 'a duration of at least 0 ms');
  if (!allowZero && value === 0) throw new AlertingConfigError(path, 'a duration above 0', `${path.split('.').pop() ?? path} cannot be zero`);
  return value;
}

function build(config: RouteConfig, parent: Route | undefined, index: number, path: string, receivers: ReadonlySet<string> | undefined): Route {
  const isRoot = parent === undefined;
  const matchers = sortMatchers(toMatchers(config.matchers ?? [], `${path}.matchers`));
  if (isRoot) {
    if (!config.receiver) throw new AlertingConfigError(`${path}.receiver`, 'a default receiver', 'root route must specify a default receiver');
    if (matchers.length > 0) throw new AlertingConfigError(`${path}.matchers`, 'no matchers', 'root route must not have any matchers');
    if (config.continue) throw new AlertingConfigError(`${path}.continue`, 'no continue', 'cannot have continue in root route');
  }
  const receiver = config.receiver ?? parent!.receiver;
  if (typeof receiver !== 'string' || receiver === '') throw new AlertingConfigError(`${path}.receiver`, 'a receiver name');
  if (receivers && !receivers.has(receiver))
    throw new AlertingConfigError(`${path}.receiver`, 'a defined receiver', `undefined receiver "${receiver}" used in route`);

  let groupBy = parent?.groupBy ?? [];
  let groupByAll = parent?.groupByAll ?? false;
  if (config.groupBy !== undefined) {
    const seen = new Set<string>();
    config.groupBy.forEach((name, i) => {
      if (typeof name !== 'string' || name === '') throw new AlertingConfigError(`${path}.groupBy[${i}]`, 'a label name');
      if (seen.has(name)) throw new AlertingConfigError(`${path}.groupBy[${i}]`, 'distinct label names', `duplicated label "${name}" in group_by`);
      seen.add(name);
    });
    groupByAll = seen.has('...');
    if (groupByAll && seen.size > 1) {
      throw new AlertingConfigError(
        `${path}.groupBy`,
        "either '...' or label names",
        'cannot have wildcard group_by (`...`) and other labels at the same time',
      );
    }
    groupBy = groupByAll ? [] : [...seen];
  }

  const key = isRoot ? formatMatchers(matchers) : `${parent.key}/${formatMatchers(matchers)}`;
  const id = isRoot ? formatMatchers(matchers) : `${parent.id}/${formatMatchers(matchers)}/${index}`;
  const route: Route = {
    id,
    key,
    receiver,
    matchers,
    continue: config.continue === true,
    groupBy,
    groupByAll,
    groupWait: duration(config.groupWait, parent?.groupWait ?? ROUTE_DEFAULTS.groupWait, `${path}.groupWait`, true),
    groupInterval: duration(config.groupInterval, parent?.groupInterval ?? ROUTE_DEFAULTS.groupInterval, `${path}.groupInterval`, false),
    repeatInterval: duration(config.repeatInterval, parent?.repeatInterval ?? ROUTE_DEFAULTS.repeatInterval, `${path}.repeatInterval`, false),
    routes: [],
  };
  const children = (config.routes ?? []).map((c, i) => build(c, route, i, `${path}.routes[${i}]`, receivers));
  return { ...route, routes: children };
}

/**
 * Checks a routing tree and resolves inheritance, as Alertmanager loads its `route:` block. Throws
 * AlertingConfigError naming the field (`route.routes[1].groupInterval`).
 */
export function compileRoute(config: RouteConfig, options: CompileRouteOptions = {}): Route {
  const receivers = options.receivers ? new Set(options.receivers) : undefined;
  return build(config, undefined, 0, options.path ?? 'route', receivers);
}

/**
 * The routes an alert with these labels is dispatched to, in Alertmanager's order: depth first,
 * a matching child stops its later siblings unless it has `continue`, and a route none of whose
 * children match handles the alert itself. The root always matches.
 */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesLabels(route.matchers, labels)) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const matches = matchRoutes(child, labels);
    all.push(...matches);
    if (matches.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}

/** The route with this id, or undefined. */
export function findRoute(route: Route, id: string): Route | undefined {
  if (route.id === id) return route;
  for (const child of route.routes) {
    const hit = findRoute(child, id);
    if (hit) return hit;
  }
  return undefined;
}

/** The labels an alert is grouped by on a route (only those it has; all of them for `...`). */
export function groupLabelsFor(route: Route, labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (route.groupByAll || route.groupBy.includes(name)) out[name] = value;
  }
  return out;
}
