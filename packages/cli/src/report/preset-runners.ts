// Which presets this build can run, each wired to its evaluator in @vigil/core. A preset whose
// evaluator has not landed yet is absent here, and asking for it is a usage error, not a blank section.

import { classificationPreset, multivariateDrift, qualityPreset, regressionPreset } from '@vigil/core';
import type { DriftPresetOptions, QualityPresetOptions, Report } from '@vigil/core';
import type { PresetName } from '../config/drift-methods.js';
import type { RunOptions } from '../config/run-options.js';
import type { RunInputs } from './load-inputs.js';
import { parallelDriftPreset } from './parallel-drift.js';
import type { ParallelDriftOptions } from './parallel-drift.js';
import type { ReportWorkers } from './report-workers.js';

/** Fills one section of the report from the loaded inputs (drift may wait on worker threads, the run's own when it has them). */
export type PresetRunner = (inputs: RunInputs, options: RunOptions, report: Report, workers?: ReportWorkers) => void | Promise<void>;

export const PRESET_RUNNERS: Partial<Record<PresetName, PresetRunner>> = {
  drift: async ({ reference, current, mapping }, options, report, workers) => {
    const d = options.drift;
    const driftOptions: DriftPresetOptions = {
      mapping,
      columnTypes: report.columnTypes,
      perColumnMethod: d.perColumnMethod,
      perColumnThreshold: d.perColumnThreshold,
      driftShare: d.driftShare,
    };
    if (d.method !== undefined) driftOptions.method = d.method;
    if (d.threshold !== undefined) driftOptions.threshold = d.threshold;
    if (d.correction !== undefined) driftOptions.correction = d.correction;
    const parallel: ParallelDriftOptions = workers === undefined ? {} : { pool: workers };
    if (options.workers !== undefined) parallel.workers = options.workers;
    report.drift = await parallelDriftPreset(reference, current, driftOptions, parallel);
  },
  multivariate: ({ reference, current, mapping }, _options, report) => {
    report.multivariate = multivariateDrift(reference, current, { mapping, columnTypes: report.columnTypes });
  },
  quality: ({ reference, current }, _options, report) => {
    const options: QualityPresetOptions = Object.keys(report.columnTypes).length > 0 ? { columnTypes: report.columnTypes } : {};
    report.quality = qualityPreset(reference, current, options);
  },
  classification: ({ reference, current, mapping }, _options, report) => {
    report.classification = classificationPreset(reference, current, { mapping });
  },
  regression: ({ reference, current, mapping }, _options, report) => {
    report.regression = regressionPreset(reference, current, { mapping });
  },
};
