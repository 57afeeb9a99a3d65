// createTestClient: an in-memory Vigil client for the tests of applications that log to Vigil. It
// fills the same defaults and applies the same validation as the HTTP client, synchronously, and
// keeps what it accepted in arrays to assert on.

import { quickExposureCheck, quickOutcomeCheck } from '@vigil/wire';
import type { LabelEvent, LabelValue, MetricEvent, PredictionEvent, Timestamp } from '@vigil/wire';
import { formatDiagnosticMessage, warnDiagnostic, zeroDropCounts } from './diagnostics.js';
import type { DropCounts, DropReason, DropSample, EventStream, ExperimentStream, VigilSdkDiagnostic, VigilSdkStats } from './diagnostics.js';
import { assignVariant } from './experiment-assignment.js';
import type { ExperimentAssignment, ExperimentDefinition } from './experiment-assignment.js';
import { makeLabelEvent, makeMetricEvent, withPredictionDefaults } from './event-defaults.js';
import { explainInvalid } from './event-validation.js';
import type { VigilClient } from './vigil-client.js';

export interface TestClientOptions {
  /** Model version stamped on predictions that do not name one, as with createClient. */
  version?: string;
  /** Called once per dropped event, synchronously (tests want to see drops at once, not per interval). Default: a Node warning. */
  onError?: (diagnostic: VigilSdkDiagnostic) => void;
  /** The experiments assign() knows, as the server would answer them (an unknown one assigns no variant). */
  experiments?: readonly ExperimentDefinition[];
}

/** An exposure the test client took. */
export interface ExposureRecord {
  readonly experiment: string;
  readonly unit: string;
  readonly variant: string;
  readonly timestamp: Timestamp;
}

/** An outcome the test client took. */
export interface OutcomeRecord {
  readonly experiment: string;
  readonly unit: string;
  readonly metric: string;
  readonly value: number;
  readonly timestamp: Timestamp;
}

/** An event the test client refused, with the reason the HTTP client would have reported. */
export interface RefusedEvent {
  readonly stream: EventStream | ExperimentStream;
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
  /** Exposures (logged or made by assign()) and outcomes, in order. */
  readonly exposures: ExposureRecord[];
  readonly outcomes: OutcomeRecord[];
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
  const exposures: ExposureRecord[] = [];
  const outcomes: OutcomeRecord[] = [];
  const definitions = new Map((options.experiments ?? []).map((d) => [d.name, d]));
  let dropped: DropCounts = zeroDropCounts();
  let closed = false;

  const stats = (): VigilSdkStats => ({
    queued: 0,
    inFlight: 0,
    sent: predictions.length + labels.length + metrics.length + exposures.length + outcomes.length,
    dropped: { ...dropped },
  });

  function refuse(stream: EventStream | ExperimentStream, reason: DropReason, event: unknown, message: string, path?: string): void {
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

  function acceptExperiment<T extends ExposureRecord | OutcomeRecord>(stream: ExperimentStream, list: T[], record: T, event: Record<string, unknown>): void {
    if (closed) return refuse(stream, 'shutdown', record, 'logged after shutdown()');
    if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/.test(record.experiment)) return refuse(stream, 'invalid', record, 'an experiment name', 'experiment');
    if (!(stream === 'exposures' ? quickExposureCheck : quickOutcomeCheck)(event))
      return refuse(stream, 'invalid', record, `not a valid ${stream.slice(0, -1)}`);
    list.push(record);
  }

  function logExposure(experiment: string, unit: string, variant: string, timestamp?: Timestamp): void {
    const ts = timestamp ?? Date.now();
    acceptExperiment('exposures', exposures, { experiment, unit, variant, timestamp: ts }, { unit, variant, timestamp: ts });
  }

  return {
    predictions,
    labels,
    metrics,
    exposures,
    outcomes,
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
    assign(experiment: string, unit: string): Promise<ExperimentAssignment> {
      const def = definitions.get(experiment);
      const a = def === undefined || typeof unit !== 'string' || unit === '' ? { variant: null, index: -1, hash: null } : assignVariant(def, unit);
      if (a.variant !== null) logExposure(experiment, unit, a.variant);
      return Promise.resolve(a);
    },
    logExposure,
    logOutcome(experiment: string, unit: string, metric: string, value: number, timestamp?: Timestamp): void {
      const ts = timestamp ?? Date.now();
      acceptExperiment('outcomes', outcomes, { experiment, unit, metric, value, timestamp: ts }, { unit, metric, value, timestamp: ts });
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
      exposures.length = 0;
      outcomes.length = 0;
      refused.length = 0;
      dropped = zeroDropCounts();
      closed = false;
    },
  };
}
