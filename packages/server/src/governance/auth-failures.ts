// Authorization failures: every 401 (no key, a bad, revoked or expired key) and 403 (a key
// without the scope or role a route needs) is counted in /metrics by reason, and every 403 — a
// known key trying what it may not — is recorded in the audit log with the key and the route.

import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../audit/audit-log.js';

export interface AuthFailureRecorderDeps {
  readonly registry: Registry;
  readonly audit: AuditLog;
}

export interface AuthFailure {
  readonly status: number;
  readonly method: string;
  /** The route's pattern (`/v1/monitors/:name`), or the path when no route matched. */
  readonly route: string;
  readonly keyId?: string | undefined;
  readonly projectId?: number | undefined;
  readonly requestId?: string | undefined;
}

export class AuthFailureRecorder {
  readonly failures: Counter<'reason'>;
  private readonly audit: AuditLog;

  constructor(deps: AuthFailureRecorderDeps) {
    this.audit = deps.audit;
    this.failures = new Counter({
      name: 'vigil_authorization_failures_total',
      help: 'Requests refused for their key: unauthenticated (401: none, unknown, revoked or expired) or forbidden (403: scope or role).',
      labelNames: ['reason'],
      registers: [deps.registry],
    });
  }

  async observe(f: AuthFailure): Promise<void> {
    if (f.status !== 401 && f.status !== 403) return;
    this.failures.inc({ reason: f.status === 401 ? 'unauthenticated' : 'forbidden' });
    if (f.status !== 403 || f.keyId === undefined) return;
    await this.audit.record({
      action: 'authorization.deny',
      entity: { type: 'route', id: `${f.method} ${f.route}` },
      projectId: f.projectId ?? null,
      actor: await this.audit.actorForKey(f.keyId),
      requestId: f.requestId ?? null,
      diff: [{ path: '', after: { method: f.method, route: f.route, status: f.status } }],
    });
  }
}
