// Every migration of Vigil's store, by name, for Kysely's Migrator. Kysely applies them in name
// order, so a new one takes the next number; a name, once released, never changes.

import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../dialect.js';
import { initial } from './0001-initial.js';
import { alerting } from './0002-alerting.js';
import { metricIds } from './0003-metric-ids.js';
import { experiments } from './0004-experiments.js';
import { datasets } from './0005-datasets.js';
import { infrastructure } from './0006-infrastructure.js';
import { governance } from './0007-governance.js';
import { governanceKeys } from './0007-governance-keys.js';
import { changeSequence } from './0008-change-sequence.js';

export const MIGRATION_NAMES = [
  '0001_initial',
  '0002_alerting',
  '0003_metric_ids',
  '0004_experiments',
  '0005_datasets',
  '0006_infrastructure',
  '0007_governance',
  '0007_governance_keys',
  '0008_change_sequence',
] as const;

export type MigrationName = (typeof MIGRATION_NAMES)[number];

/** The migrations for one dialect (the dialect-specific column types are closed over). */
export function dialectMigrations(dialect: Dialect): Record<MigrationName, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_alerting': alerting(dialect),
    '0003_metric_ids': metricIds(),
    '0004_experiments': experiments(dialect),
    '0005_datasets': datasets(dialect),
    '0006_infrastructure': infrastructure(dialect),
    '0007_governance': governance(dialect),
    '0007_governance_keys': governanceKeys(),
    '0008_change_sequence': changeSequence(),
  };
}

export function createMigrationProvider(dialect: Dialect): MigrationProvider {
  const migrations = dialectMigrations(dialect);
  return { getMigrations: () => Promise.resolve(migrations) };
}
