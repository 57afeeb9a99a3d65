// Failed authentications counted per client address in fixed windows: an address that sends more
// bad keys than the limit is refused (429, Retry-After) until its window ends, so guessing keys or
// flooding the key table with unknown ids costs the attacker time, not the server memory.

import { LruMap } from './lru-map.js';

export interface AuthFailureLimiterOptions {
  /** Failed attempts an address may make per window; 0 turns the limit off. */
  readonly limit: number;
  /** Length of a window in milliseconds (default one minute). */
  readonly windowMs?: number;
  /** Addresses remembered at once (least recently seen forgotten first; default 10 000). */
  readonly maxClients?: number;
  /** Real time in milliseconds (default Date.now). */
  readonly now?: () => number;
}

export class AuthFailureLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly clients: LruMap<string, { start: number; failures: number }>;

  constructor(options: AuthFailureLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.clients = new LruMap(options.maxClients ?? 10_000);
  }

  /** Milliseconds until `client` may try again, or undefined when it may try now. */
  blockedFor(client: string): number | undefined {
    if (this.limit === 0) return undefined;
    const c = this.clients.get(client);
    if (c === undefined) return undefined;
    const left = c.start + this.windowMs - this.now();
    if (left <= 0) {
      this.clients.delete(client);
      return undefined;
    }
    return c.failures >= this.limit ? left : undefined;
  }

  /** Counts one failed attempt of `client`. */
  fail(client: string): void {
    if (this.limit === 0) return;
    const now = this.now();
    const c = this.clients.get(client);
    if (c === undefined || now - c.start >= this.windowMs) this.clients.set(client, { start: now, failures: 1 });
    else c.failures += 1;
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.clients.size;
  }
}
