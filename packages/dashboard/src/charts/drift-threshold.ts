// The threshold of the server's drift series (`metric=drift`): Evidently's defaults for large
// data, normed Wasserstein for numeric features and Jensen–Shannon distance for the others, both
// drifted at 0.1. The series says which features drifted (`drifted` label); the heatmap also
// needs the number, to colour how far below or above it a score is.
export const SERIES_DRIFT_THRESHOLD = 0.1;
