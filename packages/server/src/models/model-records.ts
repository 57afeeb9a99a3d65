// A stored model row as the evaluators read it (core's ModelSchema) and as the API shows it.

import { modelSchema } from '@vigil/core';
import type { ModelSchema } from '@vigil/core';
import type { FeatureType, ModelInfo, ModelType } from '@vigil/wire';
import type { ModelRow } from '../storage/store.js';

export function modelSchemaOf(model: ModelRow): ModelSchema {
  const positive = model.positive_class === null ? null : (JSON.parse(model.positive_class) as string | number | boolean);
  return modelSchema(model.type as ModelType, JSON.parse(model.features) as Record<string, FeatureType>, positive);
}

export function modelInfo(model: ModelRow, versions: string[], reference: { rows: number; source: string; updated_at: number } | undefined): ModelInfo {
  return {
    name: model.name,
    type: model.type as ModelType,
    features: JSON.parse(model.features) as Record<string, FeatureType>,
    positiveClass: model.positive_class === null ? null : (JSON.parse(model.positive_class) as string | number | boolean),
    description: model.description,
    versions,
    createdAt: new Date(model.created_at).toISOString(),
    reference: reference === undefined ? null : { rows: reference.rows, source: reference.source, updatedAt: new Date(reference.updated_at).toISOString() },
  };
}
