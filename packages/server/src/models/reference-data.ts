// A model's reference data: its raw columns (for exact drift), its profile (for drift per bucket)
// and, for binary models with scores and labels, NannyML's calibrator for CBPE.

import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BINARY_THRESHOLD,
  DatasetProfile,
  calibratorFromJSON,
  cbpeReferenceFromJSON,
  cbpeSamplingError,
  classKey,
  fitCalibrator,
  normalizePrediction,
} from '@vigil/core';
import type { CbpeReference, Cell, ModelSchema, Table } from '@vigil/core';
import type { FeatureType, PredictionValue } from '@vigil/wire';
import { BUCKET_PROFILE_OPTIONS, PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import type { Store } from '../storage/store.js';

export interface Calibration {
  apply(score: number): number;
}

/** The reference as stored: columns of cells, plus normalized scores and labels when known. */
export interface ReferenceColumns {
  features: Record<string, Cell[]>;
  scores: (number | null)[] | null;
  predictedLabels: (string | null)[] | null;
  labels: (string | number | boolean | null)[] | null;
}

export interface BuiltReference {
  rows: number;
  data: Uint8Array;
  profile: Uint8Array;
  performance: string | null;
  columns: ReferenceColumns;
}

export interface ReferenceRowsInput {
  rows: readonly Record<string, unknown>[];
  /** Column holding the true label / value. */
  target?: string | undefined;
  /** Column holding the model's prediction (score, value or label). */
  prediction?: string | undefined;
}

/** A cell the model's prediction can be read from: a score, a label, or `{ label, score, probabilities }`. */
function isPredictionValue(v: unknown): v is PredictionValue {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'object' && v !== null && !Array.isArray(v));
}

function asCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Builds the stored reference from rows; features are the schema's (or every other column). */
export function buildReference(input: ReferenceRowsInput, schema: ModelSchema): BuiltReference {
  const { rows, target, prediction } = input;
  const names = new Set<string>(Object.keys(schema.features));
  if (names.size === 0) for (const r of rows.slice(0, 1000)) for (const k of Object.keys(r)) if (k !== target && k !== prediction) names.add(k);
  const features: Record<string, Cell[]> = {};
  for (const n of names) features[n] = new Array<Cell>(rows.length);
  const scores: (number | null)[] | null = prediction === undefined ? null : [];
  const predictedLabels: (string | null)[] | null = prediction === undefined ? null : [];
  const labels: (string | number | boolean | null)[] | null = target === undefined ? null : [];
  const profile = new DatasetProfile(BUCKET_PROFILE_OPTIONS);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const prow: Record<string, unknown> = {};
    for (const n of names) {
      const c = asCell(r[n]);
      features[n]![i] = c;
      prow[PROFILE_COLUMNS.feature(n)] = c;
    }
    if (prediction !== undefined) {
      const raw = r[prediction];
      const norm = isPredictionValue(raw) ? normalizePrediction(raw, schema) : { score: null, label: null };
      scores!.push(norm.score);
      predictedLabels!.push(norm.label);
      prow[PROFILE_COLUMNS.score] = norm.score;
      prow[PROFILE_COLUMNS.label] = norm.label;
    }
    if (target !== undefined) {
      const t = r[target];
      labels!.push(typeof t === 'number' || typeof t === 'string' || typeof t === 'boolean' ? t : null);
    }
    profile.addRow(prow);
  }
  const columns: ReferenceColumns = { features, scores, predictedLabels, labels };
  let performance: string | null = null;
  if (schema.type === 'binary' && scores !== null && labels !== null) {
    const s: number[] = [];
    const y: (0 | 1)[] = [];
    for (let i = 0; i < scores.length; i++) {
      const sc = scores[i];
      const l = labels[i];
      if (sc === null || sc === undefined || l === null || l === undefined) continue;
      s.push(sc);
      y.push(classKey(l) === schema.positiveClass ? 1 : 0);
    }
    if (s.length >= 20 && y.includes(0) && y.includes(1)) {
      const calibrator = fitCalibrator(s, y);
      const predicted = s.map((p) => (p >= BINARY_THRESHOLD ? 1 : 0) as 0 | 1);
      const calibratedScores = calibrator.needed ? s.map((p) => calibrator.apply(p)) : s;
      let cbpe: CbpeReference | null = null;
      try {
        cbpe = cbpeSamplingError({ labels: y, predicted, scores: s, calibratedScores });
      } catch {
        cbpe = null; // a reference too small or one-sided for bands: estimates come without them
      }
      performance = JSON.stringify({ calibrator: calibrator.toJSON(), cbpe });
    }
  }
  return {
    rows: rows.length,
    data: gzipSync(JSON.stringify(columns)),
    profile: profile.toBytes(),
    performance,
    columns,
  };
}

export function decodeReferenceColumns(data: Uint8Array): ReferenceColumns {
  return JSON.parse(gunzipSync(data).toString('utf8')) as ReferenceColumns;
}

/** The reference features as a core Table, numeric features as Float64Arrays. */
export function referenceTable(columns: ReferenceColumns, types: Record<string, FeatureType>): Table {
  const out: { name: string; values: Float64Array | Cell[] }[] = [];
  let rowCount = 0;
  for (const [name, values] of Object.entries(columns.features)) {
    rowCount = values.length;
    out.push({ name, values: types[name] === 'numeric' ? toFloat(values) : values });
  }
  return { rowCount, columns: out, source: 'reference' };
}

export function toFloat(values: readonly Cell[]): Float64Array {
  const f = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    f[i] = typeof v === 'number' ? v : NaN;
  }
  return f;
}

export async function referenceCalibrator(store: Store, modelId: number): Promise<Calibration | null> {
  const ref = await store.getReference(modelId);
  if (ref === undefined || ref.performance === null) return null;
  const perf = JSON.parse(ref.performance) as { calibrator?: unknown };
  if (perf.calibrator === undefined) return null;
  const c = calibratorFromJSON(perf.calibrator);
  return c.needed ? c : null;
}

/** The reference side of CBPE's confidence bands, when the reference had labels and scores. */
export function referenceCbpe(performance: string | null): CbpeReference | null {
  if (performance === null) return null;
  const perf = JSON.parse(performance) as { cbpe?: unknown };
  return perf.cbpe === undefined || perf.cbpe === null ? null : cbpeReferenceFromJSON(perf.cbpe);
}
