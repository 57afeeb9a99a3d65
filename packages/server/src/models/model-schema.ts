// A stored model's schema as the evaluators read it, and its API form.

import type { FeatureType, ModelInfo, ModelType } from '@vigil/wire';
import { labelKey } from '../ingest/normalize.js';
import type { ModelSchema } from '../ingest/normalize.js';
import type { ModelRow } from '../storage/store.js';

export function modelSchemaOf(model: ModelRow): ModelSchema {
  const positive = model.positive_class === null ? '1' : labelKey(JSON.parse(model.positive_class) as string | number | boolean);
  return { type: model.type as ModelType, features: JSON.parse(model.features) as Record<string, FeatureType>, positiveClass: positive };
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
