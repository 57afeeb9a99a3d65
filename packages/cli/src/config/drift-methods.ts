// Drift methods under Evidently's registry names, so existing Evidently configurations carry over.

export const DRIFT_METHODS = [
  'ks',
  'chisquare',
  'z',
  'jensenshannon',
  'wasserstein',
  'psi',
  'kl_div',
  'hellinger',
  'ed',
  'mannw',
  'anderson',
  'cramer_von_mises',
  'fisher_exact',
  'g_test',
  'es',
  't_test',
  'TVD',
  'empirical_mmd',
  // Text columns (the domain classifier's ROC AUC).
  'abs_text_content_drift',
  'perc_text_content_drift',
] as const;

export type DriftMethodName = (typeof DRIFT_METHODS)[number];

export const PRESETS = ['drift', 'quality', 'classification', 'regression', 'multivariate'] as const;
export type PresetName = (typeof PRESETS)[number];
