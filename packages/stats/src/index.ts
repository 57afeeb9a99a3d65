// @vigil/stats: Vigil's dependency-free numerical core. Every export is named here; what is not
// exported is private. Each function's doc comment names the reference whose semantics it matches.

// --- errors and input handling ---
export { StatsError, InvalidArgumentError, EmptySampleError, LengthMismatchError } from './errors.js';
export type { StatsErrorCode } from './errors.js';
export type { NumericArray } from './sample.js';

// --- random numbers and sorting ---
export { createRng } from './random.js';
export { symmetricEigen } from './linalg/symmetric-eigen.js';
export type { SymmetricEigen } from './linalg/symmetric-eigen.js';
export type { Rng } from './random.js';
export { sortedCopy } from './sort.js';

// --- special functions and distributions (owner: distributions) ---
export { gammaln, gammainc, gammaincc, gammaincinv, gammainccinv, betaln, betainc, betaincinv } from './special/index.js';
export { erf, erfc, erfcinv, ndtr, ndtri, log1pmx } from './special/index.js';
export { normalPdf, normalCdf, normalSf, normalPpf, normalIsf } from './distributions/index.js';
export { chi2Pdf, chi2Cdf, chi2Sf, chi2Ppf, chi2Isf } from './distributions/index.js';
export { studentTPdf, studentTCdf, studentTSf, studentTPpf, studentTIsf } from './distributions/index.js';
export { betaPdf, betaCdf, betaSf, betaPpf, gammaPdf, gammaCdf, gammaSf, gammaPpf } from './distributions/index.js';
export { binomialPmf, binomialCdf, binomialSf, binomialPpf } from './distributions/index.js';
export { hypergeomPmf, hypergeomLogPmf, hypergeomCdf, hypergeomSf } from './distributions/index.js';
export { kstwoCdf, kstwoSf, kstwoPpf, kstwoIsf, smirnovSf } from './distributions/index.js';
export { kstwobignCdf, kstwobignSf, kstwobignPpf, kstwobignIsf } from './distributions/index.js';

// --- two-sample and goodness-of-fit tests, part A (owner: tests-a) ---
export { ks2Samp } from './tests/ks.js';
export type { Ks2SampOptions, Ks2SampResult, KsAlternative, KsMethod } from './tests/ks.js';
export { powerDivergence } from './tests/power-divergence.js';
export type { PowerDivergenceOptions, PowerDivergenceLambdaName, GoodnessOfFitResult } from './tests/power-divergence.js';
export { chiSquare } from './tests/chi-square.js';
export type { ChiSquareOptions } from './tests/chi-square.js';
export { gTest } from './tests/g-test.js';
export type { GTestOptions } from './tests/g-test.js';
export { chi2Contingency } from './tests/contingency.js';
export type { Chi2ContingencyOptions, Chi2ContingencyResult } from './tests/contingency.js';
export { zTestProportions } from './tests/z-test-proportions.js';
export type { ZTestProportionsOptions, ZTestProportionsResult, ProportionsAlternative } from './tests/z-test-proportions.js';
export { fisherExact } from './tests/fisher-exact.js';
export type { FisherExactOptions, FisherExactResult, FisherAlternative } from './tests/fisher-exact.js';
export { tTestInd } from './tests/t-test.js';
export type { TTestIndOptions, TTestIndResult, TTestAlternative } from './tests/t-test.js';

// --- two-sample tests, part B (owner: tests-b) ---
export { andersonKSamp } from './tests/anderson-ksamp.js';
export type { AndersonKSampOptions, AndersonKSampResult } from './tests/anderson-ksamp.js';
export { cramerVonMises2Samp } from './tests/cramer-von-mises.js';
export type { CramerVonMises2SampOptions, CramerVonMises2SampResult } from './tests/cramer-von-mises.js';
export { mannWhitneyU } from './tests/mann-whitney.js';
export type { MannWhitneyUOptions, MannWhitneyUResult } from './tests/mann-whitney.js';
export { eppsSingleton2Samp } from './tests/epps-singleton.js';
export type { EppsSingleton2SampOptions, EppsSingleton2SampResult } from './tests/epps-singleton.js';
export { midranks } from './tests/ranks.js';
export type { Midranks } from './tests/ranks.js';

// --- distances, binning, descriptive statistics (owner: distances) ---
export { wassersteinDistance, wassersteinDistanceSorted, energyDistance } from './distances/cdf-distance.js';
export type { SortedCdf } from './distances/cdf-distance.js';
export { klDivergence, jensenShannonDistance } from './distances/divergence.js';
export type { LogBaseOptions } from './distances/divergence.js';
export { psi, psiBand } from './distances/psi.js';
export type { PsiOptions, PsiBand } from './distances/psi.js';
export { hellingerDistance } from './distances/hellinger.js';
export { totalVariationDistance } from './distances/total-variation.js';
export { mmd, medianHeuristicSigma } from './distances/mmd.js';
export type { MmdOptions, MmdResult } from './distances/mmd.js';
export { histogramBinEdges, BIN_RULES } from './binning/histogram-bin-edges.js';
export type { BinRule, HistogramBinEdgesOptions } from './binning/histogram-bin-edges.js';
export { histogram } from './binning/histogram.js';
export { quantileBinEdges } from './binning/quantile-bin-edges.js';
export { binCounts } from './binning/bin-counts.js';
export type { BinCounts, BinCountsOptions } from './binning/bin-counts.js';
export { quantile, median, QUANTILE_METHODS } from './descriptive/quantile.js';
export type { QuantileMethod, QuantileOptions } from './descriptive/quantile.js';
export { mean, variance, std, skewness, kurtosis } from './descriptive/moments.js';
export type { VarianceOptions, SkewnessOptions, KurtosisOptions } from './descriptive/moments.js';
export { iqr } from './descriptive/iqr.js';
export type { IqrOptions } from './descriptive/iqr.js';

// --- power analysis and multiple testing (owner: distances) ---
export { sampleSizeTwoMeans, sampleSizeTwoProportions, minimumDetectableEffect } from './power/sample-size.js';
export type { Alternative, SampleSize, TwoMeansOptions, TwoProportionsOptions, ProportionMethod, MdeOptions } from './power/sample-size.js';
export { bonferroni, holm, benjaminiHochberg } from './power/multiple-testing.js';
export type { MultipleTestingOptions, MultipleTestingResult } from './power/multiple-testing.js';

// --- metrics (owner: metrics) ---
export { argsort } from './sort.js';
export type { Label } from './metrics/labels.js';
export { accuracyScore, confusionMatrix, precisionRecallFscoreSupport, precisionScore, recallScore, f1Score, fbetaScore } from './metrics/classification.js';
export type {
  AccuracyOptions,
  ConfusionMatrixOptions,
  Average,
  ZeroDivision,
  PrecisionRecallOptions,
  FbetaOptions,
  PrecisionRecallFscoreSupport,
} from './metrics/classification.js';
export { rocCurve, rocAucScore, precisionRecallCurve, averagePrecisionScore } from './metrics/roc.js';
export type {
  RocCurve,
  RocCurveOptions,
  RocAucOptions,
  BinaryAverage,
  PrecisionRecallCurve,
  PrecisionRecallCurveOptions,
  AveragePrecisionOptions,
} from './metrics/roc.js';
export { logLoss, brierScoreLoss, calibrationCurve, expectedCalibrationError } from './metrics/probabilistic.js';
export type { LogLossOptions, BrierOptions, CalibrationCurveOptions, CalibrationCurve } from './metrics/probabilistic.js';
export {
  meanAbsoluteError,
  meanSquaredError,
  rootMeanSquaredError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  maxError,
  meanError,
  r2Score,
  explainedVarianceScore,
} from './metrics/regression.js';
export type { RegressionOptions, MeanSquaredErrorOptions, R2Options } from './metrics/regression.js';
export { dcgScore, ndcgScore, meanAveragePrecisionAtK, meanReciprocalRank, hitRateAtK, precisionAtK, recallAtK } from './metrics/ranking.js';
export type { DcgOptions, NdcgOptions, AtKOptions } from './metrics/ranking.js';

// --- online drift detectors (owner: detectors) ---
export { CorruptInputError } from './errors.js';
export { Adwin } from './detectors/adwin.js';
export type { AdwinOptions } from './detectors/adwin.js';
export { Ddm } from './detectors/ddm.js';
export type { DdmOptions } from './detectors/ddm.js';
export { Eddm } from './detectors/eddm.js';
export type { EddmOptions } from './detectors/eddm.js';
export { HddmA } from './detectors/hddm-a.js';
export type { HddmAOptions } from './detectors/hddm-a.js';
export { HddmW } from './detectors/hddm-w.js';
export type { HddmWOptions } from './detectors/hddm-w.js';
export { Kswin } from './detectors/kswin.js';
export type { KswinOptions } from './detectors/kswin.js';
export { PageHinkley } from './detectors/page-hinkley.js';
export type { PageHinkleyMode, PageHinkleyOptions } from './detectors/page-hinkley.js';
export { detectorFromJSON } from './detectors/detector-from-json.js';
export type { DetectorState, DetectorType, DriftDetector, DriftUpdate } from './detectors/drift-detector.js';

// --- streaming sketches (owner: sketches) ---
export { ByteReader, ByteWriter, crc32 } from './sketches/byte-codec.js';
export type { FromBytesOptions } from './sketches/byte-codec.js';
export { decodeUtf8, encodeUtf8 } from './sketches/utf8.js';
export { fmix32 } from './sketches/hash.js';
// CorruptInputError, thrown by every sketch's fromBytes/fromJSON, is exported in the detectors section.
export { KllSketch } from './sketches/kll-sketch.js';
export type { KllRankOptions, KllSketchJSON, KllSketchOptions } from './sketches/kll-sketch.js';
export { DDSketch } from './sketches/dd-sketch.js';
export type { DDSketchJSON, DDSketchOptions } from './sketches/dd-sketch.js';
export { HyperLogLog } from './sketches/hyper-log-log.js';
export type { HyperLogLogJSON, HyperLogLogOptions } from './sketches/hyper-log-log.js';
export { FrequentItems } from './sketches/frequent-items.js';
export type { FrequentItemRow, FrequentItemsErrorType, FrequentItemsJSON, FrequentItemsOptions, FrequentItemsQuery } from './sketches/frequent-items.js';
export { Moments } from './sketches/moments.js';
export type { MomentsJSON } from './sketches/moments.js';

// --- experiments: assignment hashing and A/B statistics as GrowthBook computes them (owner: experiments) ---
export { gbHash, fnv1a32 } from './experiments/gb-hash.js';
export { bucketRanges, chooseVariation, equalWeights, inNamespace } from './experiments/bucket-ranges.js';
export { experimentTest, sequentialRho, DEFAULT_SEQUENTIAL_TUNING } from './experiments/frequentist.js';
export type { ExperimentTestOptions, ExperimentTestResult, SequentialOptions } from './experiments/frequentist.js';
export { frequentistVariance, varianceOfRatios } from './experiments/effect-moments.js';
export type { DifferenceType, ExperimentTestError } from './experiments/effect-moments.js';
export type { MeanArm, ProportionArm, QuantileArm, ArmStats, ArmKind } from './experiments/arm-stats.js';
export { bayesianTest } from './experiments/bayesian.js';
export type { BayesianTestOptions, BayesianTestResult, LiftPrior } from './experiments/bayesian.js';
export { srmTest, DEFAULT_SRM_THRESHOLD } from './experiments/srm.js';
export type { SrmResult } from './experiments/srm.js';
export { cupedTest, cupedTheta } from './experiments/cuped.js';
export type { CupedArm, CupedTestResult } from './experiments/cuped.js';
export { experimentPower, experimentMde } from './experiments/power.js';
export type { PowerMetric, ExperimentDesignOptions, ExperimentPowerOptions, ExperimentMdeOptions, ExperimentMdeResult } from './experiments/power.js';
export { adjustedConfidenceInterval } from './experiments/adjusted-interval.js';

// --- group fairness as Fairlearn defines it, between groups (owner: governance) ---
export {
  demographicParityDifference,
  demographicParityRatio,
  equalizedOddsDifference,
  equalizedOddsRatio,
  equalOpportunityDifference,
  equalOpportunityRatio,
} from './fairness/fairness-metrics.js';
export type { FairnessOptions, FairnessResult, OddsRates, SensitiveValue } from './fairness/fairness-metrics.js';
