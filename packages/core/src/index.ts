// @vigil/core: Vigil's monitoring logic as pure functions and plain data over @vigil/stats.
// Every export is named here; what is not exported is private.

// --- profiles ---
export { ColumnProfile } from './profiles/column-profile.js';
export type { ColumnProfileJSON, ColumnProfileOptions, ColumnSketches, ColumnSummary, TypeCounts } from './profiles/column-profile.js';
export { DatasetProfile } from './profiles/dataset-profile.js';
export type { DatasetProfileJSON, DatasetProfileOptions, TimeRange } from './profiles/dataset-profile.js';
export {
  OTHER_CATEGORY,
  categoricalProfileDrift,
  numericDriftScore,
  numericProfileDrift,
  prepareNumericReference,
  referenceQuantileEdges,
} from './profiles/profile-drift.js';
export type {
  CategoricalProfileDrift,
  NumericDriftReference,
  NumericDriftScore,
  NumericProfileDrift,
  ProfileDriftOptions,
  SketchedKs,
  SketchedValue,
} from './profiles/profile-drift.js';

// --- report contract: the loaded table and the report model (owner: cli, shared with the evaluators) ---
export type { Cell, ColumnType, EncodedCells, Table, TableColumn } from './report/table.js';
export { codeCounts } from './report/table.js';
export { REPORT_SCHEMA_VERSION } from './report/report-model.js';
export type { ColumnMapping, DriftColumnResult, DriftSection, Report } from './report/report-model.js';

// --- chart specifications: ECharts options for the HTML report and the dashboard (owner: cli) ---
export { CHART_COLORS, SERIES_PALETTE } from './charts/chart-option.js';
export type { AxisOption, AxisType, ChartOption, ChartSpec, SeriesDatum, SeriesOption, VisualMapOption } from './charts/chart-option.js';
export { driftSummaryChart } from './charts/drift-summary-chart.js';
export { columnDistribution } from './charts/column-distribution.js';
export { profileDistribution } from './profiles/profile-distribution.js';
export type { ProfileDistributionOptions } from './profiles/profile-distribution.js';
export type { CategoricalDistribution, ColumnDistribution, ColumnDistributionOptions, NumericDistribution } from './charts/column-distribution.js';
export { distributionChart } from './charts/distribution-chart.js';
export { categoryLabelLayout, labelWidth } from './charts/label-width.js';
export type { CategoryLabelLayout } from './charts/label-width.js';
export { confusionMatrixChart } from './charts/confusion-matrix-chart.js';
export { rocCurveChart } from './charts/roc-curve-chart.js';
export type { RocPoints } from './charts/roc-curve-chart.js';
export { TIME_SERIES_IDS, timeSeriesChart } from './charts/time-series-chart.js';
export type { TimePoint, TimeSeriesChartOptions, TimeSeriesLine } from './charts/time-series-chart.js';
export { DRIFT_LEVELS, MAX_DRIFT_RATIO, driftHeatmapChart, driftLevel, driftRatio } from './charts/drift-heatmap-chart.js';
export type { DriftHeatmapCell, DriftHeatmapInput, DriftLevel } from './charts/drift-heatmap-chart.js';
export { LIFT_DIRECTIONS, experimentCumulativeChart, experimentLiftChart, liftRowLabel, liftRows, liftScale } from './charts/experiment-charts.js';
export type { LiftDirection, LiftRow } from './charts/experiment-charts.js';

// --- quality, classification and regression presets, and checks (owner: quality-performance) ---
export { qualityPreset } from './report/quality-preset.js';
export type { QualityPresetOptions } from './report/quality-preset.js';
export { classificationPreset } from './report/classification-preset.js';
export type { ClassificationPresetOptions } from './report/classification-preset.js';
export { regressionPreset } from './report/regression-preset.js';
export type { RegressionPresetOptions } from './report/regression-preset.js';
export { MAX_CURVE_POINTS } from './report/curve-points.js';
export { MissingColumnError, InvalidValueError } from './report/preset-errors.js';
export { parseCheck, InvalidCheckError } from './report/check-spec.js';
export type { CheckCondition, CheckOp, CheckScalar, CheckSpec } from './report/check-spec.js';
export { evaluateChecks } from './report/checks.js';
export type { CheckResult, EvaluateChecksOptions } from './report/checks.js';
export type {
  ClassificationMetrics,
  ClassificationSection,
  ColumnStats,
  CurvePoints,
  DatasetStats,
  LabelScores,
  OutOfRange,
  PresetCheck,
  PresetFailure,
  QualityColumnResult,
  QualitySection,
  RegressionMetrics,
  RegressionSection,
  SchemaReport,
} from './report/report-model.js';

// --- column typing, drift and multivariate presets (owner: drift-preset) ---
export { inferColumnTypes, inferFeatureType, INTEGER_CARDINALITY_LIMIT, NUMBER_UNIQUE_AS_CATEGORICAL } from './report/column-types.js';
export { DRIFT_METHODS, MMD_MAX_POOLED, defaultDriftMethod, isDrifted, resolveDriftMethod } from './report/drift-methods.js';
export type { DriftMethod, DriftRule } from './report/drift-methods.js';
export { DriftPair } from './report/drift-pair.js';
export type { Codes, DriftKey, DriftKind, UnionCounts } from './report/drift-pair.js';
export { aggregateDrift, driftColumn, driftPreset, planDrift, DRIFT_METHOD_NAMES } from './report/drift-preset.js';
export type { DriftColumnOutcome, DriftJob, DriftPlan, DriftPresetOptions } from './report/drift-preset.js';
export { DriftMethodError, EmptyDriftColumnError } from './report/drift-errors.js';
export { multivariateDrift } from './report/multivariate.js';
export { DOMAIN_CLASSIFIER_DESCRIPTION, domainClassifierDrift } from './report/domain-classifier.js';
export type { MultivariateDriftOptions } from './report/multivariate.js';
export { NumpyRandomState } from './report/numpy-random.js';
export type { DomainClassifierSection, MultivariateSection, ReconstructionChunk } from './report/report-model.js';

// --- performance ---
export { PerformanceAccumulator } from './performance/performance-accumulator.js';
export type {
  BinaryConfusion,
  BinaryPerformance,
  ClassScores,
  MulticlassPerformance,
  PerformanceAccumulatorJSON,
  PerformanceAccumulatorOptions,
  PerformancePrediction,
  PerformanceTask,
  RealizedPerformance,
  RegressionPerformance,
} from './performance/performance-accumulator.js';
export { labelKey, sortLabels } from './performance/label-key.js';
export type { AucEstimate, ScoreHistogramJSON } from './performance/score-histogram.js';
export { CbpeAccumulator } from './performance/cbpe-accumulator.js';
export type { CbpeAccumulatorJSON, CbpeAccumulatorOptions, EstimatedPerformance } from './performance/cbpe-accumulator.js';

// --- models: schema, prediction normalisation, checks of logged events ---
export {
  BINARY_THRESHOLD,
  classKey,
  featureMap,
  featureTypeOfValue,
  modelSchema,
  negativeOf,
  normalizePrediction,
  performanceOptions,
  predictionError,
} from './model/model-schema.js';
export type { ModelSchema, NormalizedPrediction } from './model/model-schema.js';
export { checkEventTimes, checkLabelBatch, checkPredictionBatch, featureValueFits, predictionProblem, segmentKey } from './model/event-checks.js';
export type { EventTimeWindow, PredictionBatchCheck } from './model/event-checks.js';

// --- monitoring: metric names to values, monitor decisions, drift from profiles ---
export { estimatedMetricValue, isEstimatedMetric, isPerformanceMetric, metricField, performanceMetricValue } from './monitoring/metric-values.js';
export { aggregate, compare, createDetector, detectorOptionName, droppedBelowReference, lowerIsBetter } from './monitoring/monitor-rules.js';
export type { Aggregation, Comparison, DetectorKind } from './monitoring/monitor-rules.js';
export { PROFILE_DRIFT_DEFAULTS, profileFeatureDrift } from './profiles/feature-drift-defaults.js';
export { newCategories } from './profiles/new-categories.js';
export type { ProfileFeatureDrift } from './profiles/feature-drift-defaults.js';
export { calibratorFromJSON, fitCalibrator } from './performance/calibrator.js';
export type { CalibrationReason, Calibrator, CalibratorJSON, CalibratorOptions } from './performance/calibrator.js';
export { CBPE_METRICS, cbpeBands, cbpeReferenceFromJSON, cbpeSamplingError, samplingError } from './performance/cbpe-sampling-error.js';
export type {
  CbpeBand,
  CbpeMetric,
  CbpeReference,
  CbpeReferenceInput,
  CbpeReferenceOptions,
  MetricThreshold,
  SamplingErrorComponent,
} from './performance/cbpe-sampling-error.js';
export { fitIsotonic, isotonicRegression, predictIsotonic } from './performance/isotonic-regression.js';
export type { IsotonicFit, IsotonicFitOptions, IsotonicRegressionOptions } from './performance/isotonic-regression.js';

// --- alerting ---
export { AlertingConfigError } from './alerting/alerting-error.js';
export type { TextPosition } from './alerting/alerting-error.js';
export { canonicalLabels, compareLabels, fingerprint, formatLabels, groupKey, labelsEqual } from './alerting/labels.js';
export type { Labels } from './alerting/labels.js';
export {
  checkMatcher,
  formatMatcher,
  formatMatchers,
  fromApiMatcher,
  matchesLabels,
  matchesValue,
  parseMatcher,
  parseMatchers,
  sortMatchers,
  toApiMatcher,
  toMatchers,
} from './alerting/matchers.js';
export type { ApiMatcher, MatchType, Matcher } from './alerting/matchers.js';
export { compileAnchoredRe2, Re2SyntaxError } from './alerting/re2-regexp.js';
export type { AnchoredRe2 } from './alerting/re2-regexp.js';
export {
  compileTemplate,
  expandTemplate,
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  renderTemplate,
  TEMPLATE_FUNCTIONS,
} from './alerting/templates.js';
export type { CompiledTemplate, TemplateData } from './alerting/templates.js';
export { readableNumber } from './alerting/readable-number.js';
export { formatGoFloat, goSprintf } from './alerting/go-format.js';
export type { TemplateValue } from './alerting/go-format.js';
export { alertsToSend, compileAlertRule, evaluateAlertRule, initialAlertRuleState } from './alerting/alert-rule.js';
export type {
  AlertInstance,
  AlertRule,
  AlertRuleConfig,
  AlertRuleEvaluation,
  AlertRuleState,
  AlertsToSendOptions,
  AlertTransition,
  ErrorState,
  EvaluatedSeries,
  EvaluationResult,
  InstanceKind,
  InstanceState,
  NoDataState,
  RuleHealth,
  TransitionState,
} from './alerting/alert-rule.js';
export { compileRoute, findRoute, groupLabelsFor, matchRoutes, ROUTE_DEFAULTS } from './alerting/routing.js';
export type { CompileRouteOptions, Route, RouteConfig } from './alerting/routing.js';
export { canUpdateSilence, expireSilence, isSilenced, silencedBy, silenceState, validateSilence } from './alerting/silences.js';
export type { Silence, SilenceState } from './alerting/silences.js';
export { compileInhibitRule, createInhibitor, inhibitedBy } from './alerting/inhibition.js';
export type { InhibitionSource, InhibitRule, InhibitRuleConfig } from './alerting/inhibition.js';
export { alertStatuses, dispatch, emptyDispatcherState, groupId, nextWakeup, reloadDispatcher, validatePostableAlert } from './alerting/dispatcher.js';
export type {
  AggregationGroup,
  AlertStatus,
  DispatchInput,
  DispatchResult,
  DispatcherConfig,
  DispatcherState,
  Notification,
  NotificationLogEntry,
  NotifiedAlert,
  NotifyReason,
  PostableAlert,
  ReceiverIntegration,
  RejectedAlert,
  StoredAlert,
} from './alerting/dispatcher.js';
export { formatRfc3339, GO_ZERO_TIME } from './alerting/rfc3339.js';
export { webhookPayload } from './alerting/webhook-payload.js';
export type { WebhookAlert, WebhookPayload, WebhookPayloadOptions } from './alerting/webhook-payload.js';
export { notificationTitle } from './alerting/notification-title.js';
export { escapeSlack, slackPayload } from './alerting/slack-payload.js';
export type { SlackBlock, SlackPayload, SlackPayloadOptions } from './alerting/slack-payload.js';
export { pagerDutyEvent } from './alerting/pagerduty-payload.js';
export type { PagerDutyEvent, PagerDutyOptions, PagerDutySeverity } from './alerting/pagerduty-payload.js';

// --- audit log: canonical JSON, RFC 6962 Merkle trees, entries and their verification (owner: governance) ---
export { canonicalJson, CanonicalJsonError } from './audit/canonical-json.js';
export {
  consistencyProof,
  fromHex,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  merkleRoot,
  MerkleTreeError,
  nodeHash,
  rootFromInclusionProof,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from './audit/merkle-tree.js';
export type { Sha256 } from './audit/merkle-tree.js';
export { AUDIT_ACTION_PATTERN, jsonDiff, redactSecrets, SECRET_MEMBER } from './audit/audit-entry.js';
export type { AuditActor, AuditChange, AuditEntity, AuditEntry } from './audit/audit-entry.js';
export { AUDIT_LOG_ORIGIN, entryLeafHash, ERASE_ACTION, treeHeadMessage, verifyAuditLog } from './audit/audit-verify.js';
export type { AuditProblem, AuditProblemKind, AuditVerification, StoredAuditRow, StoredTreeHead, VerifyAuditOptions } from './audit/audit-verify.js';

// --- experiments: results from per-bucket sufficient statistics (the server's /results and `vigil experiment analyze`) ---
export { MAX_CUMULATIVE_POINTS, SRM_MIN_UNITS, SRM_THRESHOLD, TARGET_POWER, compareArms, experimentResults } from './experiments/results.js';
export type { ArmAggregate, ExposureRecord, MetricArm, ModelMetricArms, OutcomeRecord, ResultsInput, StatsAggregate } from './experiments/results.js';

// --- datasets: freshness, schedules, batch quality, the point-in-time join and skew ---
export { freshnessOf } from './datasets/freshness.js';
export type { Freshness, FreshnessStatus } from './datasets/freshness.js';
export { parseSchedule, ScheduleError } from './datasets/schedule.js';
export type { Schedule } from './datasets/schedule.js';
export { cellAt } from './datasets/dataset-column.js';
export type { DatasetColumn } from './datasets/dataset-column.js';
export { batchQuality, batchTypeViolations } from './datasets/batch-quality.js';
export type { BatchQuality, BatchQualityInput, BatchTypeViolation } from './datasets/batch-quality.js';
export { AsOfIndex, entityKeyOf } from './datasets/as-of-index.js';
export { numbersAgree, SkewAccumulator, SKEW_RELATIVE_TOLERANCE } from './datasets/skew.js';
export type { SkewFeatureInput, SkewFeatureResult, SkewResult } from './datasets/skew.js';
export { schemaViolations } from './datasets/schema-violations.js';
export type { SchemaViolationCounts } from './datasets/schema-violations.js';
export { cardinalityChange } from './datasets/cardinality.js';
export type { CardinalityChange } from './datasets/cardinality.js';

// --- infrastructure and cost: host metric summaries, infrastructure monitors, prices, allocation, budgets (owner: infrastructure-cost) ---
export { HOST_SKETCH_K, MetricSummary } from './infrastructure/metric-summary.js';
export type { MetricSummaryFields } from './infrastructure/metric-summary.js';
export { judgeInfrastructure } from './infrastructure/infrastructure-monitor.js';
export type { InfrastructureRule, WatchedHost } from './infrastructure/infrastructure-monitor.js';
export { NANOS_PER_USD, mulDivFloor, mulDivRound, nanosToUsd, usdToNanos } from './cost/money.js';
export { PriceBookError, compilePricing, eventCost, hostRates, tokenCostNanos, versionAt } from './cost/price-book.js';
export type { CompiledPricing, CostSource, EventCost, HostRates, PriceBookVersion, PricedHost } from './cost/price-book.js';
export { allocateHostInterval, allocateResource, intervalCostNanos, usageShares } from './cost/allocation.js';
export type { HostAllocation, HostInterval, ResourceAllocation, WorkloadShare } from './cost/allocation.js';
export {
  DAY_MS,
  FORECAST_HISTORY_DAYS,
  TREND_MIN_DAYS,
  WEEKLY_MIN_DAYS,
  fitDailyModel,
  forecastBudget,
  leastSquares,
  utcDayStart,
} from './cost/budget-forecast.js';
export type { BudgetForecast, DailyModel, DailySpend, ForecastInput, ForecastMethod } from './cost/budget-forecast.js';
export { budgetStatus, evaluateBudgetAlerts, initialBudgetAlertState } from './cost/budget-alerts.js';
export type { BudgetAlert, BudgetAlertState, BudgetNotificationState, BudgetNotificationType, BudgetReading } from './cost/budget-alerts.js';
export { budgetPeriodAt } from './cost/budget-period.js';
export { rankSlices, wilsonInterval } from './datasets/slices.js';
export type { RankedSlice, SliceMeasure } from './datasets/slices.js';

// --- governance: model cards, post-market monitoring reports (owner: governance) ---
export { buildModelCard, currentVersion, escapeHtml, htmlPage, huggingFaceMetadata, modelCardHtml, modelCardMarkdown } from './governance/model-card.js';
export type {
  CardChange,
  CardDrift,
  CardFairness,
  CardIncident,
  CardMetric,
  CardVersion,
  MctPerformanceMetric,
  ModelCard,
  ModelCardInput,
} from './governance/model-card.js';
export { buildPostMarketReport, postMarketReportHtml, postMarketReportMarkdown } from './governance/post-market-report.js';
export type { DeclaredComparison, PostMarketReport } from './governance/post-market-report.js';
export { wilsonScoreInterval } from './governance/wilson-interval.js';
export { applyPiiPolicy, detectPii, luhnValid, maskValue, piiPolicyIsEmpty } from './governance/pii.js';
export type { KeyedHash, PiiAction, PiiKind, PiiMatch, PiiPolicy, PiiResult } from './governance/pii.js';
export { defaultFairnessThreshold, FAIRNESS_METRICS, judgeFairness } from './governance/fairness-judgement.js';
export type { FairnessConfig, FairnessJudgement, FairnessMetricName, FairnessRow } from './governance/fairness-judgement.js';
