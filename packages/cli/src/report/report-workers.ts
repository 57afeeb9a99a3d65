// A small pool of worker threads for one large report: started before the files are read, it loads
// them in parallel and then tests drift columns, so no thread waits for another to start.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DriftColumnOutcome } from '@vigil/core';
import type { PackedTable } from '@vigil/tables';
import type { DriftTask, LoadTask, WorkerReply, WorkerTask } from './report-worker.js';

/** More workers than this gain little: a report has two files and tens of columns. */
export const MAX_REPORT_WORKERS = 4;

// Built (`dist/`) code starts the built worker directly, with no loader flags of this process (a
// benchmark run under tsx would otherwise load tsx into every worker); source code (tsx, vitest) goes
// through the bin entry, which registers the TypeScript hooks in the new thread first.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_ENTRY = FROM_SOURCE ? new URL('../../bin/report-worker.js', import.meta.url) : new URL('./report-worker.js', import.meta.url);
const WORKER_OPTIONS = FROM_SOURCE ? {} : { execArgv: [] };

/** How many workers a report may use: `requested` (VIGIL_WORKERS) or one per core, at most `MAX_REPORT_WORKERS`. */
export function reportWorkerCount(requested: number | undefined): number {
  return Math.max(1, Math.min(requested ?? availableParallelism(), MAX_REPORT_WORKERS));
}

/** A task's outcome: its result, or that it failed (with the worker's message, for debugging only). */
export type TaskOutcome<T> = { ok: true; result: T } | { ok: false; message: string };

interface Pending {
  worker: Slot;
  resolve: (outcome: TaskOutcome<unknown>) => void;
  reject: (error: Error) => void;
  onProgress: ((bytesRead: number, totalBytes: number) => void) | undefined;
}

interface Slot {
  worker: Worker;
  busy: number;
  dead: boolean;
}

export class ReportWorkers {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const slot: Slot = { worker: new Worker(WORKER_ENTRY, WORKER_OPTIONS), busy: 0, dead: false };
      // An idle worker must not keep the process alive; one with work does (see `submit`).
      slot.worker.unref();
      slot.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
      // A worker that dies is a fault of this program, not of the data: fail its tasks loudly.
      slot.worker.on('error', (error) => this.onDeath(slot, error));
      slot.worker.on('exit', (code) => this.onDeath(slot, new Error(`report worker exited early with code ${code}`)));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Tasks sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Loads a file on the least busy worker, numbers in shared memory (CSV split at `delimiter`, else at the one detected). */
  load(file: string, onProgress?: (bytesRead: number, totalBytes: number) => void, delimiter?: string): Promise<TaskOutcome<PackedTable>> {
    const task: LoadTask = { kind: 'load', file, progress: onProgress !== undefined, ...(delimiter !== undefined && { delimiter }) };
    return this.submit(task, onProgress) as Promise<TaskOutcome<PackedTable>>;
  }

  /** Tests one drift column on the least busy worker. */
  drift(task: Omit<DriftTask, 'kind'>): Promise<TaskOutcome<DriftColumnOutcome>> {
    return this.submit({ kind: 'drift', ...task }, undefined) as Promise<TaskOutcome<DriftColumnOutcome>>;
  }

  /** Stops every worker; tasks still running are dropped. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private submit(task: WorkerTask, onProgress: Pending['onProgress']): Promise<TaskOutcome<unknown>> {
    const alive = this.slots.filter((s) => !s.dead);
    if (this.closed || alive.length === 0) return Promise.reject(new Error('the report workers are closed'));
    const slot = alive.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    if (slot.busy++ === 0) slot.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker: slot, resolve, reject, onProgress });
      // Shared numbers are passed by reference; anything else is copied (the caller keeps its data).
      slot.worker.postMessage({ id, task });
    });
  }

  private onReply(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    if ('progress' in reply) {
      pending.onProgress?.(reply.progress.bytesRead, reply.progress.totalBytes);
      return;
    }
    this.settle(reply.id, pending);
    pending.resolve('failed' in reply ? { ok: false, message: reply.failed } : { ok: true, result: reply.result });
  }

  private onDeath(slot: Slot, error: Error): void {
    if (this.closed || slot.dead) return;
    slot.dead = true;
    for (const [id, pending] of [...this.pending]) {
      if (pending.worker !== slot) continue;
      this.settle(id, pending);
      pending.reject(error);
    }
  }

  private settle(id: number, pending: Pending): void {
    this.pending.delete(id);
    if (--pending.worker.busy === 0) pending.worker.worker.unref();
  }
}
