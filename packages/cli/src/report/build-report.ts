// Runs the requested presets over the loaded inputs and assembles the versioned report.

import { createRequire } from 'node:module';
import { REPORT_SCHEMA_VERSION, inferColumnTypes } from '@vigil/core';
import type { Report } from '@vigil/core';
import { PRESETS } from '../config/drift-methods.js';
import type { RunOptions } from '../config/run-options.js';
import { UsageError } from '../errors.js';
import type { RunInputs } from './load-inputs.js';
import { PRESET_RUNNERS } from './preset-runners.js';
import type { ReportWorkers } from './report-workers.js';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Fails before any file is read when a requested preset is not in this build. */
export function checkPresetsAvailable(options: RunOptions, runners = PRESET_RUNNERS): void {
  for (const preset of options.presets) {
    if (runners[preset] === undefined) {
      const available = PRESETS.filter((name) => runners[name] !== undefined);
      throw new UsageError('--preset', `one of the presets this build can run (${available.join(', ') || 'none yet'})`, JSON.stringify(preset));
    }
  }
}

export async function buildReport(inputs: RunInputs, options: RunOptions, runners = PRESET_RUNNERS, workers?: ReportWorkers): Promise<Report> {
  checkPresetsAvailable(options, runners);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedBy: `vigil ${VERSION}`,
    reference: { rows: inputs.reference.rowCount, source: inputs.reference.source },
    current: { rows: inputs.current.rowCount, source: inputs.current.source },
    // Evidently's inference, with the --numerical/--categorical/… overrides, decided once for every preset.
    columnTypes: inferColumnTypes(inputs.reference, inputs.mapping, inputs.current),
  };
  for (const preset of options.presets) await runners[preset]?.(inputs, options, report, workers);
  return report;
}
