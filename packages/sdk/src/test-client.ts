// createTestClient: an in-memory Vigil client for the tests of applications that log to Vigil. It
// fills the same defaults and applies the same validation as the HTTP client, synchronously, and
// keeps what it accepted in arrays to assert on.

import type { LabelEvent, LabelValue, MetricEvent, PredictionEvent, Timestamp } from '@vigil/wire';
import { formatDiagnosticMessage, warnDiagnostic, zeroDropCounts } from './diagnostics.js';
import type { DropCounts, DropReason, DropSample, EventStream, VigilSdkDiagnostic, VigilSdkStats } from './diagnostics.js';
import { makeLabelEvent, makeMetricEvent, withPredictionDefaults } from './event-defaults.js';
import { explainInvalid } from './event-validation.js';
import type { VigilClient } from './vigil-client.js';

export interface TestClientOptions {
  /** Model version stamped on predictions that do not name one, as with createClient. */
  version?: string;
  /** Called once per dropped event, synchronously (tests want to see drops at once, not per interval). Default: a Node warning. */
  onError?: (diagnostic: VigilSdkDiagnostic) => void;
}

/** An event the test client refused, with the reason the HTTP client would have reported. */
export interface RefusedEvent {
  readonly stream: EventStream;
  readonly reason: DropReason;
  readonly event: unknown;
  readonly message: string;
  readonly path?: string;
}

export interface VigilTestClient extends VigilClient {
  /** Predictions logged so far, with defaults filled, in order. */
  readonly predictions: PredictionEvent[];
  readonly labels: LabelEvent[];
  readonly metrics: MetricEvent[];
  /** Events that failed validation or came after shutdown(). */
  readonly refused: RefusedEvent[];
  /** Empties the arrays and counters and accepts events again (also after shutdown). */
  reset(): void;
}

/** An in-memory client with the interface of createClient's; nothing leaves the process. */
export function createTestClient(options: TestClientOptions = {}): VigilTestClient {
  const version = options.version;
  const sink = options.onError ?? warnDiagnostic;
  const predictions: PredictionEvent[] = [];
  const labels: LabelEvent[] = [];
  const metrics: MetricEvent[] = [];
  const refused: RefusedEvent[] = [];
  let dropped: DropCounts = zeroDropCounts();
  let closed = false;

  const stats = (): VigilSdkStats => ({ queued: 0, inFlight: 0, sent: predictions.length + labels.length + metrics.length, dropped: { ...dropped } });

  function refuse(stream: EventStream, reason: DropReason, event: unknown, message: string, path?: string): void {
    refused.push(path === undefined ? { stream, reason, event, message } : { stream, reason, event, message, path });
    dropped[reason]++;
    const one = zeroDropCounts();
    one[reason] = 1;
    const sample: DropSample = path === undefined ? { reason, stream, count: 1, message } : { reason, stream, count: 1, message, path };
    try {
      sink({ message: formatDiagnosticMessage(one, [sample], undefined), dropped: one, samples: [sample], stats: stats() });
    } catch {
      // As with the HTTP client, the hook cannot make logging throw.
    }
  }

  function accept<T>(stream: EventStream, list: T[], event: unknown): void {
    if (closed) return refuse(stream, 'shutdown', event, 'logged after shutdown()');
    const why = explainInvalid(stream, event);
    if (why !== undefined) return refuse(stream, 'invalid', event, why.message, why.path);
    list.push(event as T);
  }

  return {
    predictions,
    labels,
    metrics,
    refused,
    logPrediction(event: PredictionEvent): void {
      try {
        if (typeof event !== 'object' || event === null) return refuse('predictions', 'invalid', event, 'a prediction event object');
        accept('predictions', predictions, withPredictionDefaults(event, version, Date.now()));
      } catch (e) {
        refuse('predictions', 'invalid', event, `could not be read: ${String(e)}`);
      }
    },
    logLabel(id: string, label: LabelValue, timestamp?: Timestamp): void {
      accept('labels', labels, makeLabelEvent(id, label, timestamp, Date.now()));
    },
    logMetric(name: string, value: number, metricLabels?: Readonly<Record<string, string>>, timestamp?: Timestamp): void {
      try {
        accept('metrics', metrics, makeMetricEvent(name, value, metricLabels, timestamp, Date.now()));
      } catch (e) {
        refuse('metrics', 'invalid', { name, value }, `could not be read: ${String(e)}`);
      }
    },
    flush: () => Promise.resolve(),
    shutdown(): Promise<void> {
      closed = true;
      return Promise.resolve();
    },
    stats,
    reset(): void {
      predictions.length = 0;
      labels.length = 0;
      metrics.length = 0;
      refused.length = 0;
      dropped = zeroDropCounts();
      closed = false;
    },
  };
}
