// The composition root of the server's services: each takes its dependencies (store, clock,
// configuration, notifier) explicitly, and is used alike by the routes, the background loops,
// the CLI and tests.

import type { Logger } from 'pino';
import { AlertService } from './alerting/alert-service.js';
import { AuditLog } from './audit/audit-log.js';
import { loadAuditSigner } from './audit/audit-signer.js';
import { RegistryService } from './registry/registry-service.js';
import { CardService } from './governance/card-service.js';
import { DataPolicyService } from './governance/data-policy-service.js';
import { loadKeyedHash } from './governance/hash-key.js';
import { fairnessForCard } from './governance/fairness-monitor.js';
import { AuthFailureRecorder } from './governance/auth-failures.js';
import { AlertingService } from './alerting/alerting-service.js';
import { ChannelService } from './alerting/channel-service.js';
import { MonitorService } from './alerting/monitor-service.js';
import { Notifier } from './alerting/notifier.js';
import { DestinationPolicy } from './alerting/destination-policy.js';
import { SilenceService } from './alerting/silence-service.js';
import type { ServerConfig } from './config.js';
import { ClusterState } from './cluster/cluster-state.js';
import type { IngestQueue } from './queue/ingest-queue.js';
import { ExperimentService } from './experiments/experiment-service.js';
import { DatasetService } from './datasets/dataset-service.js';
import { SkewService } from './datasets/skew-service.js';
import { SliceService } from './datasets/slice-service.js';
import { BudgetService } from './cost/budget-service.js';
import { CostService } from './cost/cost-service.js';
import { PricingService } from './cost/pricing-service.js';
import { HostService } from './infrastructure/host-service.js';
import { IngestBackpressure } from './ingest/ingest-backpressure.js';
import { IngestService } from './ingest/ingest-service.js';
import { OtlpService, loadOtlpRules } from './otlp/otlp-service.js';
import { KeyService } from './keys/key-service.js';
import { MetricsExporter } from './metrics/metrics-exporter.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { ModelService } from './models/model-service.js';
import { ReferenceService } from './models/reference-service.js';
import { PipelineService } from './pipelines/pipeline-service.js';
import { Profiler } from './profiler/profiler.js';
import { QueryGate } from './queries/query-gate.js';
import { QueryService } from './queries/query-service.js';
import { DatasetStore } from './storage/dataset-store.js';
import type { Store } from './storage/store.js';

export interface ServicesDeps {
  readonly config: ServerConfig;
  readonly store: Store;
  /** The server's clock (epoch ms); tests and the demo's simulated time pass their own. */
  readonly clock: () => number;
  /** The server's public URL, for links in notifications (known once it listens). */
  readonly externalUrl: () => string;
  readonly logger?: Logger | undefined;
  /** Default: a new registry with Node's default metrics. */
  readonly metrics?: ServerMetrics;
  /** The ingest queue (`--queue`): ingest publishes to it instead of writing. */
  readonly queue?: IngestQueue | undefined;
}

export interface Services {
  readonly store: Store;
  readonly metrics: ServerMetrics;
  /** What /metrics serves, and the per-model gauges the gauges loop refreshes. */
  readonly exporter: MetricsExporter;
  readonly keys: KeyService;
  readonly models: ModelService;
  readonly references: ReferenceService;
  /** Datasets: definitions, batches, freshness, series. */
  readonly datasets: DatasetService;
  /** Training–serving skew: served events joined to a dataset as of their time. */
  readonly skew: SkewService;
  /** Slices of a model's traffic ranked by how far their metric moved. */
  readonly slices: SliceService;
  /** Pipeline runs and their series. */
  readonly pipelines: PipelineService;
  readonly ingest: IngestService;
  /** OpenTelemetry intake: OTLP spans and log records to predictions. */
  readonly otlp: OtlpService;
  readonly queries: QueryService;
  readonly profiler: Profiler;
  readonly notifier: Notifier;
  readonly channels: ChannelService;
  readonly monitors: MonitorService;
  readonly silences: SilenceService;
  readonly alerts: AlertService;
  /** The alerting loop: evaluate, dispatch, deliver. */
  readonly alerting: AlertingService;
  /** The tamper-evident audit log (every change, signed tree heads, proofs). */
  readonly audit: AuditLog;
  /** Model versions, aliases and lineage. */
  readonly registry: RegistryService;
  /** Model cards and post-market monitoring reports from live data. */
  readonly cards: CardService;
  /** Data policies: PII at ingest, retention, erasure. */
  readonly dataPolicies: DataPolicyService;
  /** Authorization failures: counted in /metrics, a 403 recorded in the audit log. */
  readonly authFailures: AuthFailureRecorder;
  /** Experiments: definitions, assignment, exposures, outcomes and results. */
  readonly experiments: ExperimentService;
  /** Hosts: the agent's samples, the hosts list and host series. */
  readonly hosts: HostService;
  /** The versioned price book. */
  readonly pricing: PricingService;
  /** Costs: events' costs, infrastructure allocation, cost series. */
  readonly costs: CostService;
  /** Budgets, their forecasts and notifications. */
  readonly budgets: BudgetService;
  /** This replica's role and its ingest queue. */
  readonly cluster: ClusterState;
}

export function createServices(deps: ServicesDeps): Services {
  const { config, store, clock, logger } = deps;
  const metrics = deps.metrics ?? new ServerMetrics();
  const models = new ModelService({ store, clock, autoCreate: config.autoCreateModels });
  const audit = new AuditLog({ store, clock, signer: loadAuditSigner({ auditKey: config.auditKey, data: config.data }) });
  const registry = new RegistryService({ store, clock, models, audit });
  const dataPolicies = new DataPolicyService({
    store,
    clock,
    models,
    audit,
    hash: loadKeyedHash({ hashKey: config.hashKey, data: config.data }),
    auditRetentionMs: config.auditRetention,
  });
  const datasetStore = new DatasetStore(store.db, store.dialect, store.sqlite);
  const datasets = new DatasetService({ store: datasetStore, clock, maxRows: config.referenceMaxRows, maxBytes: config.referenceMaxBytes });
  const notifier = new Notifier({ externalUrl: deps.externalUrl, destinations: new DestinationPolicy({ allowlist: config.webhookAllowlist }) });
  const profiler = new Profiler(store, { bucketMs: config.bucket });
  const pricing = new PricingService({ store, clock });
  const costs = new CostService({ store, clock, pricing, bucketMs: config.bucket });
  const backpressure = new IngestBackpressure(config.ingestMaxProfilerLag);
  const cluster = new ClusterState(store.dialect === 'postgres', deps.queue);
  cluster.registerMetrics(metrics.registry);
  profiler.onPass = (behind) => backpressure.measured(behind);
  profiler.onSkip = (event, err) => logger?.warn({ err, model: event.model_id, id: event.event_id }, 'profiler skipped an event it could not read');
  const services = {
    store,
    metrics,
    exporter: new MetricsExporter({ store, metrics, bucketMs: config.bucket, requireKey: config.metricsRequireKey }),
    keys: new KeyService({ store, clock, authFailureLimit: config.authFailureLimit }),
    models,
    references: new ReferenceService({
      store,
      clock,
      models,
      maxRows: config.referenceMaxRows,
      maxBytes: config.referenceMaxBytes,
      personalData: (projectId, model, rows, keep) => dataPolicies.applyToRows(projectId, model, rows, keep),
    }),
    datasets,
    skew: new SkewService({ store, datasetStore, models, datasets, clock }),
    slices: new SliceService({ store, models, clock }),
    pipelines: new PipelineService({ store: datasetStore, clock }),
    ingest: new IngestService({
      store,
      clock,
      models,
      metrics,
      backpressure,
      dataPolicy: (projectId, modelName, events) => dataPolicies.applyToEvents(projectId, modelName, events),
      eventTimes: { maxPastMs: config.eventMaxAge, maxFutureMs: config.eventMaxAhead },
      pricing,
      queue: deps.queue,
    }),
    queries: new QueryService({
      store,
      clock,
      models,
      bucketMs: config.bucket,
      costSeries: (projectId, model, q, range) => costs.series(projectId, model, q, range),
      gate: new QueryGate({ concurrency: config.queryConcurrency, budgetMs: config.queryBudget, share: config.queryShare }),
      sliceMaxEvents: config.querySliceMaxEvents,
    }),
    profiler,
    notifier,
    channels: new ChannelService({ store: store.alerting, clock, notifier }),
    monitors: new MonitorService({ store, clock }),
    silences: new SilenceService({ store, clock }),
    alerts: new AlertService({ store: store.alerting, clock }),
    alerting: new AlertingService({ store, notifier, bucketMs: config.bucket, logger }),
    hosts: new HostService({ store, clock, bucketMs: config.bucket, eventTimes: { maxPastMs: config.eventMaxAge, maxFutureMs: config.eventMaxAhead } }),
    pricing,
    costs,
    budgets: new BudgetService({ store, clock, costs, notifier, logger }),
    audit,
    registry,
    dataPolicies,
    authFailures: new AuthFailureRecorder({ registry: metrics.registry, audit }),
    cluster,
    experiments: new ExperimentService({
      store,
      clock,
      eventTimes: { maxPastMs: config.eventMaxAge, maxFutureMs: config.eventMaxAhead },
      profileBucketMs: config.bucket,
    }),
  };
  // Cards read through the same query and alert services the routes use.
  return {
    ...services,
    cards: new CardService({
      store,
      clock,
      bucketMs: config.bucket,
      models,
      queries: services.queries,
      registry,
      alerts: services.alerts,
      fairness: (projectId, model, from, to) => fairnessForCard(store, projectId, model, from, to),
    }),
    otlp: new OtlpService({
      ingest: services.ingest,
      models,
      autoCreate: config.autoCreateModels,
      defaultModel: config.otlpModel,
      rules: loadOtlpRules(config.otlpRules),
    }),
  };
}
