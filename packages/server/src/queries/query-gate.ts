// Heavy reads (series, drift) share the event loop with ingest: the gate runs them one at a time (by
// default), lets them take at most a share of the time (after a query of t ms the next waits
// t·(1−share)/share), queues a few, and refuses the rest: 429 when the queue is full, 503 when a
// request waited past its time budget, both with Retry-After.

import { ServiceBusyError } from '../errors.js';

export interface QueryGateOptions {
  /** Heavy queries running at once (default 1). */
  readonly concurrency?: number;
  /** Heavy queries waiting at most (default 32: a dashboard page asks for many series at once); one more is answered 429. */
  readonly maxQueued?: number;
  /** How long a query may wait for its turn (ms, default 10 000); longer is answered 503. */
  readonly budgetMs?: number;
  /** The share of time heavy queries may take, in (0, 1] (default 0.5; the server sets 0.3): what keeps ingest at half its rate or more under query load. */
  readonly share?: number;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

export class QueryGate {
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly budgetMs: number;
  private readonly share: number;
  private running = 0;
  private readonly queue: Waiter[] = [];
  /** When (performance.now()) the next query may start. */
  private notBefore = 0;
  private wake: NodeJS.Timeout | undefined;

  constructor(options: QueryGateOptions = {}) {
    this.concurrency = options.concurrency ?? 1;
    this.maxQueued = options.maxQueued ?? 32;
    this.budgetMs = options.budgetMs ?? 10_000;
    this.share = options.share ?? 0.5;
  }

  /** Runs `query` when its turn comes; refuses it (ServiceBusyError) when the queue is full or its turn does not come within the budget. */
  async run<T>(query: () => Promise<T>): Promise<T> {
    if (!this.canStart()) {
      if (this.queue.length >= this.maxQueued) {
        throw new ServiceBusyError(`too many heavy queries at once (${this.maxQueued} waiting); retry shortly`, 1, 'TOO_MANY_QUERIES', 429);
      }
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => {
            clearTimeout(waiter.timer);
            resolve();
          },
          timer: setTimeout(() => {
            this.queue.splice(this.queue.indexOf(waiter), 1);
            const seconds = Math.ceil(this.budgetMs / 1000);
            reject(
              new ServiceBusyError(
                `the server is busy with other queries: this one waited ${this.budgetMs} ms, its budget; retry later`,
                seconds,
                'QUERY_BUDGET',
                503,
              ),
            );
          }, this.budgetMs),
        };
        this.queue.push(waiter);
        this.schedule();
      });
    } else this.running++;
    const started = performance.now();
    try {
      return await query();
    } finally {
      const took = performance.now() - started;
      this.notBefore = Math.max(this.notBefore, performance.now() + (took * (1 - this.share)) / this.share);
      this.running--;
      this.schedule();
    }
  }

  private canStart(): boolean {
    return this.running < this.concurrency && this.queue.length === 0 && performance.now() >= this.notBefore;
  }

  /** Starts waiting queries whose turn has come, or wakes up when it will. */
  private schedule(): void {
    while (this.queue.length > 0 && this.running < this.concurrency) {
      const wait = this.notBefore - performance.now();
      if (wait > 0) {
        if (this.wake === undefined) {
          this.wake = setTimeout(() => {
            this.wake = undefined;
            this.schedule();
          }, Math.ceil(wait));
        }
        return;
      }
      this.running++;
      this.queue.shift()!.start();
    }
  }
}
