// Every metric name the API knows, defined once: series (`GET …/series?metric=`), monitors, the
// dashboard and /metrics all take their names from here.

/** Realized performance from labelled predictions (scikit-learn's metrics; `mean_error` is the bias mean(ŷ − y)). */
export const PERFORMANCE_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'specificity',
  'roc_auc',
  'mae',
  'mse',
  'rmse',
  'mape',
  'r2',
  'mean_error',
] as const;

/** Performance that CBPE estimates without labels (binary models). */
export const ESTIMATED_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'specificity', 'roc_auc'] as const;

/** Errors: a larger value is worse. */
export const LOWER_IS_BETTER_METRICS = ['mae', 'mse', 'rmse', 'mape'] as const;

/** What a performance monitor may watch. */
export const PERFORMANCE_MONITOR_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'mae', 'rmse', 'mape', 'r2'] as const;

/** What an estimated-performance monitor may watch. */
export const ESTIMATED_MONITOR_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] as const;

/** Series read off bucket profiles (besides performance and `estimated_<metric>`). */
export const PROFILE_SERIES_METRICS = [
  'volume',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'prediction_mean',
  'prediction_share',
  'feature_mean',
  'feature_std',
  'feature_min',
  'feature_max',
  'feature_p50',
  'missing_share',
  'out_of_range_share',
  'new_categories',
  'drift',
  'label_coverage',
  'cost_usd',
] as const;

/**
 * Cost series (`GET …/series`): the events' costs plus the model's share of its hosts per step, in
 * USD, per prediction and per 1 000 predictions, and the tokens of LLM calls.
 */
export const COST_SERIES_METRICS = ['cost_usd', 'cost_per_prediction', 'cost_per_1k_predictions', 'tokens_input', 'tokens_output'] as const;

/** Prefix of the series of a custom metric: `custom:<name>`. */
export const CUSTOM_METRIC_PREFIX = 'custom:';

/** Every name `metric=` accepts, for help texts and errors. */
export const SERIES_METRICS: readonly string[] = [
  ...PROFILE_SERIES_METRICS,
  ...COST_SERIES_METRICS.filter((m) => m !== 'cost_usd'),
  ...PERFORMANCE_METRICS,
  ...ESTIMATED_METRICS.map((m) => `estimated_${m}`),
  `${CUSTOM_METRIC_PREFIX}<name>`,
];

/** Series that compare with the reference data. */
export const REFERENCE_SERIES_METRICS = ['drift', 'out_of_range_share', 'new_categories'] as const;

export type PerformanceMetric = (typeof PERFORMANCE_METRICS)[number];
export type EstimatedMetric = (typeof ESTIMATED_METRICS)[number];
export type ProfileSeriesMetric = (typeof PROFILE_SERIES_METRICS)[number];
export type CostSeriesMetric = (typeof COST_SERIES_METRICS)[number];
