// Who is acting, carried through a request's async calls: the routes set it once (key and request
// id), and any service that records a change reads it, so services need no HTTP parameters. Outside
// a request (loops, start-up, the CLI) the actor is the server itself.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface AuditCaller {
  /** The calling key's id, or undefined for the server itself. */
  readonly keyId?: string | undefined;
  readonly projectId?: number | undefined;
  readonly requestId?: string | undefined;
}

const storage = new AsyncLocalStorage<AuditCaller>();

/** Runs `fn` with `caller` as the actor of every change it records. */
export function runAs<T>(caller: AuditCaller, fn: () => T): T {
  return storage.run(caller, fn);
}

/** The actor of the current request, or undefined outside one. */
export function currentCaller(): AuditCaller | undefined {
  return storage.getStore();
}
