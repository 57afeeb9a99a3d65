// @vigil/core: Vigil's monitoring logic as pure functions and plain data over @vigil/stats.
// Every export is named here; what is not exported is private.

// --- profiles ---
export { ColumnProfile } from './profiles/column-profile.js';
export type { ColumnProfileJSON, ColumnProfileOptions, ColumnSketches, ColumnSummary, TypeCounts } from './profiles/column-profile.js';
export { DatasetProfile } from './profiles/dataset-profile.js';
export type { DatasetProfileJSON, DatasetProfileOptions, TimeRange } from './profiles/dataset-profile.js';
export { OTHER_CATEGORY, categoricalProfileDrift, numericProfileDrift, referenceQuantileEdges } from './profiles/profile-drift.js';
export type {
  CategoricalProfileDrift,
  NumericProfileDrift,
  ProfileDriftOptions,
  SketchedKs,
  SketchedValue,
} from './profiles/profile-drift.js';
