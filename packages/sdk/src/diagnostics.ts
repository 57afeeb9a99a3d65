// What the SDK tells its user about events it had to drop: counters, a few samples with the reason,
// reported at most once per interval so that a flood of bad events costs one warning, not millions.

/** The three kinds of records the SDK sends, named after their endpoints. */
export type EventStream = 'predictions' | 'labels' | 'metrics';

/** What the SDK sends about experiments, named after their endpoints (`/v1/experiments/{e}/…`). */
export type ExperimentStream = 'exposures' | 'outcomes';

/** Why an event was dropped. */
export type DropReason =
  /** The client already held `maxQueueSize` events (the server is slow or down). */
  | 'queueFull'
  /** The event failed the wire schema before it was sent. */
  | 'invalid'
  /** The server refused it with a 4xx other than 429 (bad event, bad key, unknown model…). */
  | 'rejected'
  /** Network errors, 5xx or 429 lasted longer than `maxRetries` attempts. */
  | 'retriesExhausted'
  /** Logged after `shutdown()`, or still unsent when shutdown's deadline passed. */
  | 'shutdown';

export type DropCounts = Record<DropReason, number>;

/** A snapshot of the client's counters. */
export interface VigilSdkStats {
  /** Events waiting in the client's queues, not yet taken into a request. */
  readonly queued: number;
  /** Events in requests that have not settled yet (being sent, or waiting to be retried). */
  readonly inFlight: number;
  /** Events the server acknowledged (accepted, or recognised as duplicates of earlier ones). */
  readonly sent: number;
  /** Events dropped since the client started, by reason. */
  readonly dropped: Readonly<DropCounts>;
}

/** One dropped event (or batch), described well enough to fix the caller's code. */
export interface DropSample {
  readonly reason: DropReason;
  readonly stream: EventStream | ExperimentStream;
  /** How many events this sample stands for (a whole batch for a 401, for instance). */
  readonly count: number;
  readonly message: string;
  /** The field that was wrong, as the wire schema names it: `features.age`, `prediction.probabilities.a`. */
  readonly path?: string;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** The event's id, when it had one. */
  readonly id?: string;
}

/** What `onError` receives: drops since the previous diagnostic, never more often than once per interval. */
export interface VigilSdkDiagnostic {
  /** One readable sentence, e.g. `Vigil SDK dropped 12 events in the last 10 s: 10 invalid, 2 rejected (…)`. */
  readonly message: string;
  /** Drops since the previous diagnostic, by reason. */
  readonly dropped: Readonly<DropCounts>;
  /** The first few problems since the previous diagnostic. */
  readonly samples: readonly DropSample[];
  /** The client's counters at the time of the report. */
  readonly stats: VigilSdkStats;
}

/** At most this many samples per diagnostic: enough to see a pattern, small enough to log. */
export const MAX_DIAGNOSTIC_SAMPLES = 10;

export const DROP_REASONS: readonly DropReason[] = ['queueFull', 'invalid', 'rejected', 'retriesExhausted', 'shutdown'];

export function zeroDropCounts(): DropCounts {
  return { queueFull: 0, invalid: 0, rejected: 0, retriesExhausted: 0, shutdown: 0 };
}

const REASON_WORDS: Record<DropReason, string> = {
  queueFull: 'queue full',
  invalid: 'invalid',
  rejected: 'rejected by the server',
  retriesExhausted: 'retries exhausted',
  shutdown: 'after shutdown',
};

function describeSample(s: DropSample): string {
  const status = s.status !== undefined ? `HTTP ${s.status}: ` : '';
  const where = [s.stream, ...(s.path !== undefined ? [`at ${s.path}`] : []), ...(s.id !== undefined ? [`id ${JSON.stringify(s.id)}`] : [])];
  return `${status}${s.message} (${where.join(', ')})`;
}

/** The sentence of a diagnostic; exported for the default warning and for tests. */
export function formatDiagnosticMessage(dropped: Readonly<DropCounts>, samples: readonly DropSample[], sinceMs: number | undefined): string {
  let total = 0;
  const parts: string[] = [];
  for (const r of DROP_REASONS) {
    if (dropped[r] > 0) {
      total += dropped[r];
      parts.push(`${dropped[r]} ${REASON_WORDS[r]}`);
    }
  }
  const since = sinceMs === undefined ? '' : ` in the last ${sinceMs >= 1000 ? `${Math.round(sinceMs / 100) / 10} s` : `${Math.round(sinceMs)} ms`}`;
  const first = samples[0];
  const example = first === undefined ? '' : `; first: ${describeSample(first)}`;
  return `Vigil SDK dropped ${total} event${total === 1 ? '' : 's'}${since}: ${parts.join(', ')}${example}`;
}

/**
 * Counts drops and hands them to a sink at most once per interval. The first drop after a quiet
 * interval is reported on the next turn of the event loop, later ones wait for the interval to end;
 * the sink never runs on the caller's stack, and an exception in it is swallowed.
 */
export class DropReporter {
  readonly totals: DropCounts = zeroDropCounts();
  private pending: DropCounts = zeroDropCounts();
  private pendingTotal = 0;
  private samples: DropSample[] = [];
  private lastEmitAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly sink: (d: VigilSdkDiagnostic) => void,
    private readonly stats: () => VigilSdkStats,
  ) {}

  /** Whether a sample would still be kept; lets hot paths skip building one. */
  wantsSample(): boolean {
    return this.samples.length < MAX_DIAGNOSTIC_SAMPLES;
  }

  drop(reason: DropReason, count: number, sample?: DropSample): void {
    if (count <= 0) return;
    this.totals[reason] += count;
    this.pending[reason] += count;
    this.pendingTotal += count;
    if (sample !== undefined && this.samples.length < MAX_DIAGNOSTIC_SAMPLES) this.samples.push(sample);
    this.schedule();
  }

  /** Reports what is pending now (used by shutdown, so the last drops are not lost with the timer). */
  emitNow(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.emit();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const now = Date.now();
    const delay = this.lastEmitAt === undefined ? 0 : Math.max(0, this.lastEmitAt + this.intervalMs - now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.emit();
    }, delay);
    this.timer.unref();
  }

  private emit(): void {
    if (this.pendingTotal === 0) return;
    const now = Date.now();
    const dropped = this.pending;
    const samples = this.samples;
    const since = this.lastEmitAt === undefined ? undefined : now - this.lastEmitAt;
    this.pending = zeroDropCounts();
    this.pendingTotal = 0;
    this.samples = [];
    this.lastEmitAt = now;
    const diagnostic: VigilSdkDiagnostic = { message: formatDiagnosticMessage(dropped, samples, since), dropped, samples, stats: this.stats() };
    try {
      this.sink(diagnostic);
    } catch {
      // The user's hook failing must not take the SDK (or the app) down with it.
    }
  }
}

/** The default sink: one Node warning per diagnostic (printed to stderr unless warnings are silenced). */
export function warnDiagnostic(d: VigilSdkDiagnostic): void {
  process.emitWarning(d.message, { type: 'VigilSdkWarning', code: 'VIGIL_SDK_DROPPED' });
}
