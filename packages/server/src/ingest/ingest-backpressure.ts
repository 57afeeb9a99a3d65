// Ingest's backpressure on the profiler: how many events the profiler has yet to profile (measured
// by each profiler pass, plus what ingest accepted since), and a refusal with Retry-After once that
// is more than the configured limit, so the backlog cannot grow without bound (the SDK retries 503).

import { ServiceBusyError } from '../errors.js';

export class IngestBackpressure {
  private behind = 0;

  /** `maxBehind`: events the profiler may be behind before ingest answers 503 (0: never). */
  constructor(
    private readonly maxBehind: number,
    private readonly retryAfterSeconds = 2,
  ) {}

  /** Events the profiler is behind, as last measured plus accepted since. */
  get eventsBehind(): number {
    return this.behind;
  }

  /** A profiler pass left this many events behind. */
  measured(behind: number): void {
    this.behind = behind;
  }

  /** Ingest accepted this many events. */
  accepted(count: number): void {
    this.behind += count;
  }

  /** Throws a 503 PROFILER_BEHIND (with Retry-After) while the profiler is too far behind. */
  check(): void {
    if (this.maxBehind > 0 && this.behind > this.maxBehind) {
      throw new ServiceBusyError(
        `the profiler is ${this.behind} events behind (the limit is ${this.maxBehind}: config ingestMaxProfilerLag, environment VIGIL_INGEST_MAX_PROFILER_LAG); retry after ${this.retryAfterSeconds} s`,
        this.retryAfterSeconds,
        'PROFILER_BEHIND',
        503,
      );
    }
  }
}
