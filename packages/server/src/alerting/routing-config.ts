// A project's notification policy, silences and inhibit rules as core's dispatcher takes them,
// read from the store: the alerting loop and the alert list judge with the same ones.

import { compileInhibitRule, toMatchers } from '@vigil/core';
import type { InhibitRule, RouteConfig, Silence } from '@vigil/core';
import type { NotificationPolicy, RouteInput } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import type { AlertingStore } from '../storage/alerting-store.js';

/** The project's policy, or null when none was set. */
export async function loadPolicy(store: AlertingStore, projectId: number): Promise<NotificationPolicy | null> {
  const stored = await store.projectState(projectId, 'policy');
  return stored === undefined ? null : (JSON.parse(stored) as NotificationPolicy);
}

export function inhibitRulesOf(policy: NotificationPolicy | null): InhibitRule[] {
  return (policy?.inhibitRules ?? []).map((r, i) => compileInhibitRule({ name: `rule-${i}`, ...r }, `inhibitRules[${i}]`));
}

export async function loadSilences(store: AlertingStore, projectId: number): Promise<Silence[]> {
  return (await store.silences(projectId)).map((s) => ({
    id: s.id,
    matchers: toMatchers(JSON.parse(s.matchers) as string[]),
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    createdBy: s.created_by,
    comment: s.comment,
  }));
}

/** A wire route (durations as text) as core's route configuration (milliseconds). */
export function routeConfigOf(route: RouteInput): RouteConfig {
  return {
    ...(route.receiver === undefined ? {} : { receiver: route.receiver }),
    ...(route.matchers === undefined ? {} : { matchers: route.matchers }),
    ...(route.continue === undefined ? {} : { continue: route.continue }),
    ...(route.groupBy === undefined ? {} : { groupBy: route.groupBy }),
    ...(route.groupWait === undefined ? {} : { groupWait: parseDuration(route.groupWait) }),
    ...(route.groupInterval === undefined ? {} : { groupInterval: parseDuration(route.groupInterval) }),
    ...(route.repeatInterval === undefined ? {} : { repeatInterval: parseDuration(route.repeatInterval) }),
    ...(route.routes === undefined ? {} : { routes: route.routes.map(routeConfigOf) }),
  };
}
