// Records every change made through the API: each route that changes something (not a GET, not an
// event stream) is wrapped so that the entity's state is read before and after the change (through
// the API's own GET route of the same resource, so secrets are already hidden) and the difference is
// recorded with the caller and the request id. Every route also runs with its caller as the audit
// actor, so services that record on their own (registry, erasure) name the right key.

import { jsonDiff, redactSecrets } from '@vigil/core';
import type { RouteInput, RouteSpec } from '../api/route-spec.js';
import type { AuditLog } from './audit-log.js';
import { runAs } from './audit-context.js';

/** Routes that take in data (events, rows, runs) rather than change configuration: never recorded. */
// Erasure records itself, without the erased values (governance/data-policy-service.ts).
const NOT_CHANGES = new Set([
  'appendDatasetRows',
  'postPipelineRun',
  'assignExperimentUnit',
  'postHostSamples',
  'exportTraces',
  'exportLogs',
  'testChannel',
  'getAuditProof',
  'eraseModelEvents',
]);

/** Verbs of operationIds as the log names them. */
const VERBS: Record<string, string> = { put: 'update', replace: 'update', set: 'update', post: 'create', comment: 'comment', acknowledge: 'acknowledge' };

/** `createMonitor` → { entity: 'monitor', verb: 'create' }; `putNotificationPolicy` → notificationPolicy.update. */
export function actionOf(operationId: string): { entity: string; verb: string } | undefined {
  const m = /^([a-z]+)([A-Z][A-Za-z0-9]*)$/.exec(operationId);
  if (m === null) return undefined;
  const verb = VERBS[m[1]!] ?? m[1]!;
  const entity = m[2]!.charAt(0).toLowerCase() + m[2]!.slice(1);
  return { entity, verb };
}

/** Whether a route's successful call changes something the audit log records. */
export function isAudited(spec: RouteSpec): boolean {
  if (spec.method === 'GET') return false;
  if (NOT_CHANGES.has(spec.operationId) || /^log[A-Z]/.test(spec.operationId)) return false;
  return actionOf(spec.operationId) !== undefined;
}

type Input = RouteInput<Record<string, unknown>, Record<string, unknown>, unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The id of the entity a call changed: its last path parameter, else the answer's or the body's name or id. */
function entityId(input: Input, out: unknown): string {
  const params = Object.values(input.params ?? {});
  const last = params.at(-1);
  if (typeof last === 'string') return last;
  for (const src of [out, input.body]) {
    if (!isRecord(src)) continue;
    for (const k of ['name', 'id', 'fingerprint']) if (typeof src[k] === 'string' || typeof src[k] === 'number') return String(src[k]);
  }
  return '';
}

function modelOf(input: Input, out: unknown): string | undefined {
  for (const src of [input.params, out, input.body]) if (isRecord(src) && typeof src['model'] === 'string') return src['model'];
  return undefined;
}

/** Reads a resource through the API's GET route for `url`, or finds it by id in the list of its collection. */
function reader(routes: readonly RouteSpec[], spec: RouteSpec): ((input: Input) => Promise<unknown>) | undefined {
  const get = (url: string) => routes.find((r) => r.method === 'GET' && r.url === url);
  const call = async (r: RouteSpec, input: Input): Promise<unknown> => {
    const parsed = r.query?.safeParse({});
    const query = parsed === undefined ? {} : parsed.success ? parsed.data : undefined;
    if (query === undefined) return undefined;
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input.params ?? {})) if (r.url.includes(`:${k}`)) params[k] = v;
    return r.handler({ auth: input.auth, params, query, body: undefined });
  };
  // PUT and DELETE read the resource at their own URL; a sub-action (POST /v1/alerts/:fp/ack) changes its parent.
  const parent = spec.url.replace(/\/[a-z-]+$/, '');
  // A POST to a listed collection (GET at the same URL: /v1/models/:model/versions) creates; its answer is the new entity.
  if (spec.method === 'POST' && get(spec.url) !== undefined) return undefined;
  const url = spec.method === 'POST' ? (/\/:[A-Za-z]+$/.test(parent) ? parent : undefined) : spec.url;
  const own = url === undefined ? undefined : get(url);
  if (own !== undefined) return (input) => call(own, input);
  if (spec.method === 'POST') return undefined;
  // DELETE /v1/channels/:name → find it in GET /v1/channels.
  const m = /^(.*)\/:([A-Za-z]+)$/.exec(spec.url);
  const list = m === null ? undefined : get(m[1]!);
  if (m === null || list === undefined) return undefined;
  const param = m[2]!;
  return async (input) => {
    const all = await call(list, input);
    const id = input.params?.[param];
    const items = isRecord(all) ? Object.values(all).find(Array.isArray) : undefined;
    return (items as unknown[] | undefined)?.find((x) => isRecord(x) && (x['name'] === id || x['id'] === id || x['fingerprint'] === id));
  };
}

async function quietly(read: (() => Promise<unknown>) | undefined): Promise<unknown> {
  if (read === undefined) return null;
  try {
    return (await read()) ?? null;
  } catch {
    return null; // not there (yet): a creation
  }
}

/** Wraps every route: the caller becomes the audit actor, and changes are recorded after they succeed. */
export function withAudit(routes: readonly RouteSpec[], audit: AuditLog): RouteSpec[] {
  return routes.map((spec) => {
    const audited = isAudited(spec);
    const action = actionOf(spec.operationId);
    const read = audited ? reader(routes, spec) : undefined;
    // Uploads (manual bodies: CSV, Parquet, NDJSON) are data and never copied into the log.
    const jsonBody = spec.body !== undefined && spec.body.manual !== true;
    const handler = async (raw: RouteInput<unknown, unknown, unknown>): Promise<unknown> => {
      const input = raw as Input;
      const caller = { keyId: input.auth?.keyId, projectId: input.auth?.projectId, requestId: input.requestId };
      return runAs(caller, async () => {
        if (!audited || action === undefined) return spec.handler(raw);
        // With a reader, both sides are the resource as the API shows it; without, a creation's answer.
        const before = await quietly(read && (() => read(input)));
        const out = await spec.handler(raw);
        const after = read === undefined ? (spec.method === 'DELETE' ? null : out) : await quietly(() => read(input));
        const model = modelOf(input, out);
        // An action that leaves the resource as it was (a comment, a repeated acknowledgement) records what was asked.
        const diff = jsonDiff(redactSecrets(before), redactSecrets(after));
        await audit.record({
          action: `${action.entity}.${action.verb}`,
          entity: { type: action.entity, id: entityId(input, out), ...(model === undefined ? {} : { model }) },
          diff: diff.length === 0 && jsonBody && isRecord(input.body) ? [{ path: 'request', after: redactSecrets(input.body) }] : diff,
          projectId: input.auth?.projectId ?? null,
        });
        return out;
      });
    };
    return { ...spec, handler } as RouteSpec;
  });
}
