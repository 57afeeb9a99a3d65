// The batch report's data model: the JSON that `vigil report --json` writes (versioned), and what
// the HTML report, Markdown summary and `vigil check` read. Evaluators fill one section each.

import type { ColumnType } from './table.js';

export const REPORT_SCHEMA_VERSION = 1;

/** Which column plays which role, by name (Evidently's column mapping). */
export interface ColumnMapping {
  target?: string;
  prediction?: string;
  /** Columns holding class probabilities, keyed by class label. */
  predictionProbabilities?: Record<string, string>;
  id?: string;
  timestamp?: string;
  segment?: string;
  /** Type overrides (`--numerical a,b`, `--categorical c`, …). */
  numerical?: string[];
  categorical?: string[];
  text?: string[];
  datetime?: string[];
}

export interface DriftColumnResult {
  name: string;
  type: ColumnType;
  /** Evidently registry name of the test or distance used (`ks`, `jensenshannon`, `psi`, …). */
  method: string;
  /** p-value for tests, distance for distances. */
  score: number;
  threshold: number;
  drifted: boolean;
  /** 'none' | 'moderate' | 'significant' when the method is PSI (the guide's bands). */
  psiBand?: 'none' | 'moderate' | 'significant';
  /** Role of the column when it is not a feature. */
  role?: 'target' | 'prediction';
  /** Set when a multiple-testing correction changed the threshold or p-value. */
  adjustedScore?: number;
}

export interface DriftSection {
  columns: DriftColumnResult[];
  /** Share of drifted columns among those tested. */
  share: number;
  numberOfDriftedColumns: number;
  numberOfColumns: number;
  datasetDrift: boolean;
  driftShareThreshold: number;
  correction?: 'bonferroni' | 'bh';
}

// --- multivariate section (owner: drift-preset) ---

/** One chunk of rows and its mean PCA reconstruction error (NannyML's data reconstruction drift). */
export interface ReconstructionChunk {
  period: 'reference' | 'current';
  /** Rows [start, end) of its data set. */
  start: number;
  end: number;
  /** Mean reconstruction error of the chunk's rows. */
  value: number;
  /** Standard error of that mean (std ddof 1 / √n), NannyML's sampling error. */
  samplingError: number;
  alert: boolean;
}

export interface MultivariateSection {
  method: 'pca-reconstruction';
  columns: string[];
  /** Principal components kept, and the share of reference variance they explain. */
  components: number;
  explainedVariance: number;
  /** Reference chunks' mean ± 3σ; the lower bound is null when it would fall below 0. */
  lowerThreshold: number | null;
  upperThreshold: number;
  /** Mean reconstruction error over all reference / current rows. */
  referenceError: number;
  currentError: number;
  chunks: ReconstructionChunk[];
  /** Any current chunk outside the thresholds. */
  drifted: boolean;
  /** The domain classifier's verdict on the same columns. */
  domainClassifier?: DomainClassifierSection;
}

/** Multivariate drift by a domain classifier (current rows against reference rows). */
export interface DomainClassifierSection {
  /** Which classifier, in words. */
  classifier: string;
  /** ROC AUC on the held-out half: 0.5 when the two sides cannot be told apart. */
  auc: number;
  threshold: number;
  /** auc > threshold. */
  drifted: boolean;
  trainRows: number;
  testRows: number;
  columns: string[];
  /** The columns the classifier leaned on most (sum of absolute weights of their encodings). */
  topColumns: { column: string; weight: number }[];
}

// --- quality, classification and regression sections (owner: quality-performance) ---

/** Summary statistics of one column in one data set (pandas `describe` / Evidently's column summary). */
export interface ColumnStats {
  rows: number;
  /** Non-missing values. */
  count: number;
  missing: number;
  missingShare: number;
  /** Distinct non-missing values (pandas `nunique()`). */
  unique: number;
  /** Most frequent value, a missing value counted as one (pandas `value_counts(dropna=False)`). */
  mostCommon: string | number | boolean | null;
  /** Its count divided by all rows. */
  mostCommonShare: number;
  /** At most one distinct non-missing value (Evidently: `nunique() <= 1`). */
  constant: boolean;
  /** The most frequent non-missing value covers ≥ the almost-constant threshold of all rows. */
  almostConstant: boolean;
  /** Numerical columns only; null where undefined (no values, or infinite values in the mean). */
  mean?: number | null;
  /** Sample standard deviation (ddof 1, as pandas). */
  std?: number | null;
  min?: number | null;
  q25?: number | null;
  median?: number | null;
  q75?: number | null;
  max?: number | null;
}

/** Out-of-range values: current values outside the reference's [min, max] (inclusive). */
export interface OutOfRange {
  min: number;
  max: number;
  count: number;
  /** Share of the current column's non-missing values. */
  share: number;
  failed: boolean;
}

export interface QualityColumnResult {
  name: string;
  type: ColumnType;
  /** Current missing share (also in `current.missingShare`), the value the 5 % rule judges. */
  missingShare: number;
  missingFailed: boolean;
  reference: ColumnStats;
  current: ColumnStats;
  /** Numerical columns present in both data sets. */
  outOfRange?: OutOfRange;
  /** Categorical and boolean columns: categories seen only in current / only in reference (≤ 100 listed). */
  newCategories?: (string | number | boolean)[];
  newCategoryCount?: number;
  vanishedCategories?: (string | number | boolean)[];
  vanishedCategoryCount?: number;
  /** |unique(current) − unique(reference)| / unique(reference); null when the reference has none. */
  cardinalityChange: number | null;
  /** Judged for categorical and boolean columns only (a continuous column's unique count follows its size). */
  cardinalityFailed: boolean;
  failed: boolean;
}

export interface DatasetStats {
  rows: number;
  columns: number;
  /** Rows equal to an earlier row (pandas `duplicated().sum()`). */
  duplicatedRows: number;
  duplicatedRowsShare: number;
  constantColumns: number;
  almostConstantColumns: number;
  /** Columns whose every value is missing. */
  emptyColumns: number;
  missingValues: number;
  missingShare: number;
}

export interface SchemaReport {
  /** In the reference, not in current. */
  missingColumns: string[];
  /** In current, not in the reference. */
  extraColumns: string[];
  /** Columns whose stored kind (number, string, boolean) differs between the two files. */
  typeChanges: { column: string; reference: string; current: string }[];
  passed: boolean;
}

/** One rule of a preset that did not hold, for summaries and exit codes. */
export interface PresetFailure {
  rule: string;
  column?: string;
  message: string;
}

export interface QualitySection {
  thresholds: {
    missingShare: number;
    outOfRangeShare: number;
    cardinalityChange: number;
    almostConstant: number;
  };
  reference: DatasetStats;
  current: DatasetStats;
  schema: SchemaReport;
  /** Keyed by column name, so checks address `quality.columns.<name>.missingShare`. */
  columns: Record<string, QualityColumnResult>;
  failures: PresetFailure[];
  passed: boolean;
}

/** A curve for charts, downsampled to at most 200 points. */
export interface CurvePoints {
  x: number[];
  y: number[];
  /** The score threshold at each point; a precision-recall curve's last point has none (NaN, null in JSON). */
  thresholds: number[];
}

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** One-vs-rest ROC AUC of this label, when probabilities are mapped. */
  rocAuc?: number;
}

export interface ClassificationMetrics {
  rows: number;
  /** Rows left out because the target or the prediction was missing. */
  rowsDropped: number;
  accuracy: number;
  /** Binary: of the positive label; multiclass: macro average (Evidently's choice). */
  precision: number;
  recall: number;
  f1: number;
  precisionWeighted: number;
  recallWeighted: number;
  f1Weighted: number;
  /** Binary only: rates of the positive label. */
  tpr?: number;
  tnr?: number;
  fpr?: number;
  fnr?: number;
  /** With probabilities: binary ROC AUC, or macro one-vs-rest for multiclass. */
  rocAuc?: number;
  logLoss?: number;
  /** Binary with probabilities only. */
  brier?: number;
  ece?: number;
  byLabel: Record<string, LabelScores>;
  confusionMatrix: { labels: (string | number)[]; matrix: number[][] };
  /** Binary with probabilities: x = FPR, y = TPR. */
  rocCurve?: CurvePoints;
  /** Binary with probabilities: x = recall, y = precision. */
  prCurve?: CurvePoints;
  /** Binary with probabilities: sklearn `calibration_curve`, 10 uniform bins. */
  calibration?: { probTrue: number[]; probPred: number[]; counts: number[] };
}

export interface PresetCheck {
  name: string;
  actual: number | null;
  /** The bound the actual value is held to, in words (`≥ 0.85`, `≥ 0.7`). */
  expected: string;
  passed: boolean;
}

export interface ClassificationSection {
  type: 'binary' | 'multiclass';
  labels: (string | number)[];
  /** Binary: the label scored as positive. */
  positiveLabel?: string | number;
  /** Probability at or above which a row is predicted positive (binary, when only probabilities are mapped). */
  threshold: number;
  reference?: ClassificationMetrics;
  current: ClassificationMetrics;
  checks: PresetCheck[];
  passed: boolean;
}

export interface RegressionMetrics {
  rows: number;
  rowsDropped: number;
  mae: number;
  rmse: number;
  /** A fraction, as scikit-learn (Evidently reports percent). */
  mape: number;
  r2: number;
  /** Mean of prediction − target: positive when the model over-predicts. */
  meanError: number;
  /** Standard deviation of the error (ddof 1, as pandas). */
  errorStd: number;
  absMaxError: number;
  /** Error histogram on edges shared by reference and current. */
  errorHistogram: { edges: number[]; counts: number[] };
}

export interface RegressionSection {
  reference?: RegressionMetrics;
  current: RegressionMetrics;
  checks: PresetCheck[];
  passed: boolean;
}

/** The whole report. Sections are present when their preset ran. */
export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedBy: string;
  reference: { rows: number; source?: string };
  current: { rows: number; source?: string };
  columnTypes: Record<string, ColumnType>;
  drift?: DriftSection;
  quality?: QualitySection;
  classification?: ClassificationSection;
  regression?: RegressionSection;
  multivariate?: MultivariateSection;
}
