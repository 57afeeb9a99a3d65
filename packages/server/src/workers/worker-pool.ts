// A small pool of worker threads for work that must not hold the event loop (reading an uploaded
// file, a heavy query): a fixed number of threads started on first use, a bounded queue, a heap
// limit per thread (a runaway task kills its thread, never the server), and a replacement for a dead one.

import { Worker } from 'node:worker_threads';
import { ServiceBusyError } from '../errors.js';

export interface WorkerPoolOptions {
  /** The worker module, as a URL beside the calling module (`new URL('./x-worker.js', import.meta.url)`); `.ts` when running from source. */
  readonly entry: URL;
  /** Threads at most (started as work comes). */
  readonly size: number;
  /** Tasks waiting for a thread at most; one more is refused with a `ServiceBusyError`. */
  readonly maxQueued: number;
  /** Heap limit of each thread (MB). */
  readonly maxHeapMb?: number;
  /** What a refusal calls the work ("reference uploads"). */
  readonly what: string;
}

/** What a worker module posts back for task `id`: the result, or a failure's message. */
export type WorkerReply<R> = { id: number; result: R } | { id: number; failed: string };

interface Job {
  id: number;
  task: unknown;
  transfer: readonly ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  job: Job | undefined;
}

// Built (`dist/`) code starts the built worker with none of this process's loader flags; source code
// (vitest, tsx) goes through bin/source-worker.js, which registers the TypeScript hooks in the new thread.
const SOURCE_ENTRY = new URL('../../bin/source-worker.js', import.meta.url);

export class WorkerPool<T, R> {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Tasks running or waiting. */
  get pending(): number {
    return this.queue.length + this.threads.filter((t) => t.job !== undefined).length;
  }

  /** Runs a task on a free thread (or queues it); rejects with a `ServiceBusyError` when the queue is full. */
  run(task: T, transfer: readonly ArrayBuffer[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`the ${this.options.what} workers are closed`));
    const idle = this.threads.find((t) => t.job === undefined);
    if (idle === undefined && this.threads.length >= this.options.size && this.queue.length >= this.options.maxQueued) {
      return Promise.reject(new ServiceBusyError(`too many ${this.options.what} at once; retry shortly`, 1));
    }
    return new Promise<R>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, transfer, resolve: resolve as (value: unknown) => void, reject };
      const thread = idle ?? (this.threads.length < this.options.size ? this.start() : undefined);
      if (thread === undefined) this.queue.push(job);
      else this.give(thread, job);
    });
  }

  /** Stops every thread; tasks still running or waiting are rejected. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error(`the ${this.options.what} workers are closed`);
    for (const job of this.queue.splice(0)) job.reject(error);
    await Promise.all(
      this.threads.splice(0).map((t) => {
        t.job?.reject(error);
        return t.worker.terminate();
      }),
    );
  }

  private start(): Thread {
    const fromSource = this.options.entry.pathname.endsWith('.ts');
    const limits = this.options.maxHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } };
    const worker = fromSource
      ? new Worker(SOURCE_ENTRY, { workerData: { entry: this.options.entry.href }, ...limits })
      : new Worker(this.options.entry, { execArgv: [], ...limits });
    const thread: Thread = { worker, job: undefined };
    worker.unref();
    worker.on('message', (reply: WorkerReply<R>) => {
      const job = thread.job;
      if (job === undefined || job.id !== reply.id) return;
      this.finish(thread);
      if ('failed' in reply) job.reject(new Error(reply.failed));
      else job.resolve(reply.result);
    });
    // A thread that dies (out of heap, a fault of this program) fails its task and is replaced when work comes.
    const die = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return;
      this.threads.splice(index, 1);
      const job = thread.job;
      thread.job = undefined;
      job?.reject(error);
      if (!this.closed && this.queue.length > 0) this.give(this.start(), this.queue.shift()!);
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`a ${this.options.what} worker exited with code ${code}`)));
    this.threads.push(thread);
    return thread;
  }

  private give(thread: Thread, job: Job): void {
    thread.job = job;
    thread.worker.ref();
    thread.worker.postMessage({ id: job.id, task: job.task }, job.transfer as ArrayBuffer[]);
  }

  private finish(thread: Thread): void {
    thread.job = undefined;
    thread.worker.unref();
    const next = this.queue.shift();
    if (next !== undefined) this.give(thread, next);
  }
}
