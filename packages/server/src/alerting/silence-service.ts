// Silences (Alertmanager's: matchers and a time span that mute matching alerts) and the project's
// notification policy (the routing tree and inhibit rules).

import { randomUUID } from 'node:crypto';
import { toMatchers } from '@vigil/core';
import type { CreateSilence, NotificationPolicy, RouteInput, SilenceInfo } from '@vigil/wire';
import { MAX_SILENCE_SPAN_MS, parseDuration, timestampToMs } from '@vigil/wire';
import { BadRequestError, NotFoundError, ValidationError } from '../errors.js';
import type { SilenceRow } from '../storage/alerting-store.js';
import type { Store } from '../storage/store.js';
import { silenceInfo } from './alerting-records.js';
import { asFieldError } from './field-error.js';

export interface SilenceServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
}

/** Deepest routing tree a policy may have (the root is depth 0). */
export const MAX_ROUTE_DEPTH = 32;

/** Every matcher of a routing tree, checked with its path, and the tree's depth. */
function checkRoute(route: RouteInput, path: string, depth = 0): void {
  if (depth > MAX_ROUTE_DEPTH)
    throw new ValidationError(`${path}: the routing tree is deeper than ${MAX_ROUTE_DEPTH} levels`, [
      { path, message: `at most ${MAX_ROUTE_DEPTH} levels of nested routes` },
    ]);
  if (route.matchers !== undefined) asFieldError(`${path}.matchers`, () => toMatchers(route.matchers!, `${path}.matchers`));
  route.routes?.forEach((r, i) => checkRoute(r, `${path}.routes[${i}]`, depth + 1));
}

export class SilenceService {
  constructor(private readonly deps: SilenceServiceDeps) {}

  async create(projectId: number, body: CreateSilence): Promise<SilenceInfo> {
    const list = typeof body.matchers === 'string' ? [body.matchers] : body.matchers;
    const matchers = asFieldError('matchers', () => toMatchers(list, 'matchers'));
    if (matchers.length === 0) throw new ValidationError('matchers: at least one matcher', [{ path: 'matchers', message: 'at least one matcher' }]);
    const now = this.deps.clock();
    const startsAt = body.startsAt === undefined ? now : timestampToMs(body.startsAt);
    const endsAt = body.endsAt !== undefined ? timestampToMs(body.endsAt) : body.duration !== undefined ? startsAt + parseDuration(body.duration) : NaN;
    if (!Number.isFinite(endsAt))
      throw new ValidationError('endsAt: give endsAt or duration', [{ path: 'endsAt', message: 'an end time, or a duration such as 2h' }]);
    for (const [field, t] of [
      ['startsAt', startsAt],
      ['endsAt', endsAt],
    ] as const)
      if (Math.abs(t - now) > MAX_SILENCE_SPAN_MS)
        throw new ValidationError(`${field}: must be within 10 years of now`, [
          {
            path: field,
            message: `a time between ${new Date(now - MAX_SILENCE_SPAN_MS).toISOString()} and ${new Date(now + MAX_SILENCE_SPAN_MS).toISOString()}`,
          },
        ]);
    if (!(endsAt > startsAt))
      throw new ValidationError('endsAt: must be after startsAt', [{ path: 'endsAt', message: `a time after ${new Date(startsAt).toISOString()}` }]);
    const row: SilenceRow = {
      id: randomUUID(),
      project_id: projectId,
      matchers: JSON.stringify(list),
      starts_at: startsAt,
      ends_at: endsAt,
      created_by: body.createdBy,
      comment: body.comment,
      created_at: now,
    };
    await this.deps.store.alerting.createSilence(row);
    return silenceInfo(row, now);
  }

  async list(projectId: number): Promise<SilenceInfo[]> {
    const now = this.deps.clock();
    return (await this.deps.store.alerting.silences(projectId)).map((r) => silenceInfo(r, now));
  }

  async expire(projectId: number, id: string): Promise<void> {
    if (!(await this.deps.store.alerting.expireSilence(projectId, id, this.deps.clock()))) throw new NotFoundError(`no active or pending silence "${id}"`);
  }

  async policy(projectId: number): Promise<NotificationPolicy> {
    const stored = await this.deps.store.alerting.projectState(projectId, 'policy');
    return stored === undefined ? { route: {}, inhibitRules: [] } : (JSON.parse(stored) as NotificationPolicy);
  }

  /** Replaces the policy after checking its matchers and that every receiver is a channel. */
  async putPolicy(projectId: number, policy: NotificationPolicy): Promise<NotificationPolicy> {
    const alerting = this.deps.store.alerting;
    checkRoute(policy.route, 'route');
    const receivers: string[] = [];
    const collect = (r: RouteInput) => {
      if (r.receiver !== undefined) receivers.push(r.receiver);
      r.routes?.forEach(collect);
    };
    collect(policy.route);
    for (const name of receivers)
      if ((await alerting.channelByName(projectId, name)) === undefined)
        throw new BadRequestError(`route: no channel "${name}"`, [{ path: 'route', message: `receivers must be channels (no channel "${name}")` }]);
    policy.inhibitRules.forEach((r, i) => {
      asFieldError(`inhibitRules[${i}].sourceMatchers`, () => toMatchers(r.sourceMatchers, `inhibitRules[${i}].sourceMatchers`));
      asFieldError(`inhibitRules[${i}].targetMatchers`, () => toMatchers(r.targetMatchers, `inhibitRules[${i}].targetMatchers`));
    });
    await alerting.putProjectState(this.deps.store.db, projectId, 'policy', JSON.stringify(policy), this.deps.clock());
    return policy;
  }
}
