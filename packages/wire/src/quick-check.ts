// A quick, conservative pre-check of events against the wire rules. It answers true only for events
// the zod schemas certainly accept; anything unusual answers false and goes to zod, which stays the
// judge and names the failing path. It exists because zod costs ~10 µs for a 20-feature event: most
// of the SDK's per-event budget and most of the server's ingest time. A property test holds it to zod.

import { MAX_FEATURES, MAX_ID_LENGTH, timestampSchema } from './ingest.js';
import { hasNoNul } from './text.js';

const MAX_FEATURE_STRING = 4096;
const MAX_VERSION = 128;
const MAX_LATENCY_MS = 86_400_000;
const MAX_EPOCH_MS = 8.64e15;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/;
const METRIC_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isStringIn(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max && hasNoNul(v);
}

/** A record zod's `z.record` accepts as an object: plain, no symbol keys (zod checks those too). */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.getOwnPropertySymbols(v).length === 0;
}

function isTimestamp(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 && v <= MAX_EPOCH_MS;
  // ISO strings are rarer and their grammar is zod's business: ask the sub-schema itself.
  return typeof v === 'string' && timestampSchema.safeParse(v).success;
}

function isName(k: string): boolean {
  return k.length >= 1 && k.length <= MAX_ID_LENGTH && hasNoNul(k);
}

function isFeatures(v: unknown): boolean {
  if (!isPlainRecord(v)) return false;
  let n = 0;
  for (const k in v) {
    if (++n > MAX_FEATURES || !isName(k)) return false;
    const x = v[k];
    if (x === null || typeof x === 'boolean') continue;
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) return false;
    } else if (typeof x !== 'string' || x.length > MAX_FEATURE_STRING || !hasNoNul(x)) return false;
  }
  return true;
}

function isLabelValue(v: unknown): boolean {
  return typeof v === 'boolean' || isFiniteNumber(v) || isStringIn(v, 1, MAX_ID_LENGTH);
}

function isPredictionValue(v: unknown): boolean {
  if (typeof v !== 'object') return isLabelValue(v);
  if (!isPlainRecord(v)) return false;
  let any = false;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) {
      if (k !== 'label' && k !== 'score' && k !== 'probabilities') return false;
      continue;
    }
    switch (k) {
      case 'label':
        if (!isLabelValue(x)) return false;
        break;
      case 'score':
        if (!isFiniteNumber(x)) return false;
        break;
      case 'probabilities': {
        if (!isPlainRecord(x)) return false;
        for (const c in x) {
          const p = x[c];
          if (!isName(c) || !isFiniteNumber(p) || p < 0 || p > 1) return false;
        }
        break;
      }
      default:
        return false;
    }
    any = true;
  }
  return any;
}

function isSegment(v: unknown): boolean {
  if (!isPlainRecord(v)) return false;
  for (const k in v) {
    const x = v[k];
    if (!isName(k) || !(typeof x === 'boolean' || isFiniteNumber(x) || isStringIn(x, 0, MAX_ID_LENGTH))) return false;
  }
  return true;
}

const MAX_TOKENS = 1e12;

function isTokenCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_TOKENS;
}

/** An LLM call's token usage: `model` and both counts given, cached input within the input. */
function isUsage(v: unknown): boolean {
  if (!isPlainRecord(v)) return false;
  for (const k in v) if (k !== 'model' && k !== 'inputTokens' && k !== 'outputTokens' && k !== 'cachedInputTokens') return false;
  const { model, inputTokens, outputTokens, cachedInputTokens } = v;
  if (!isStringIn(model, 1, MAX_ID_LENGTH) || !isTokenCount(inputTokens) || !isTokenCount(outputTokens)) return false;
  return cachedInputTokens === undefined || (isTokenCount(cachedInputTokens) && cachedInputTokens <= inputTokens);
}

/** True only if `predictionEventSchema` accepts `e`. */
export function quickPredictionCheck(e: unknown): boolean {
  if (!isPlainRecord(e)) return false;
  let hasFeatures = false;
  let hasPrediction = false;
  for (const k in e) {
    const x = e[k];
    switch (k) {
      case 'id':
        if (!isStringIn(x, 1, MAX_ID_LENGTH)) return false;
        break;
      case 'timestamp':
        if (!isTimestamp(x)) return false;
        break;
      case 'version':
        if (x !== undefined && !isStringIn(x, 1, MAX_VERSION)) return false;
        break;
      case 'features':
        if (!isFeatures(x)) return false;
        hasFeatures = true;
        break;
      case 'prediction':
        if (!isPredictionValue(x)) return false;
        hasPrediction = true;
        break;
      case 'latencyMs':
        if (x !== undefined && !(isFiniteNumber(x) && x >= 0 && x <= MAX_LATENCY_MS)) return false;
        break;
      case 'segment':
        if (x !== undefined && !isSegment(x)) return false;
        break;
      case 'costUsd':
        if (x !== undefined && !(isFiniteNumber(x) && x >= 0)) return false;
        break;
      case 'traceId':
        if (x !== undefined && !isStringIn(x, 1, MAX_ID_LENGTH)) return false;
        break;
      case 'usage':
        if (x !== undefined && !isUsage(x)) return false;
        break;
      default:
        return false;
    }
  }
  return hasFeatures && hasPrediction && typeof e.id === 'string';
}

/** True only if `labelEventSchema` accepts `e`. */
export function quickLabelCheck(e: unknown): boolean {
  if (!isPlainRecord(e)) return false;
  for (const k in e) {
    const x = e[k];
    if (k === 'id') {
      if (!isStringIn(x, 1, MAX_ID_LENGTH)) return false;
    } else if (k === 'label') {
      if (!isLabelValue(x)) return false;
    } else if (k === 'timestamp') {
      if (!isTimestamp(x)) return false;
    } else return false;
  }
  return typeof e.id === 'string' && e.label !== undefined;
}

/** True only if `metricEventSchema` accepts `e`. */
export function quickMetricCheck(e: unknown): boolean {
  if (!isPlainRecord(e)) return false;
  for (const k in e) {
    const x = e[k];
    if (k === 'name') {
      if (typeof x !== 'string' || !METRIC_NAME.test(x)) return false;
    } else if (k === 'id') {
      if (x === undefined) continue;
      if (!isStringIn(x, 1, MAX_ID_LENGTH)) return false;
    } else if (k === 'value') {
      if (!isFiniteNumber(x)) return false;
    } else if (k === 'timestamp') {
      if (!isTimestamp(x)) return false;
    } else if (k === 'labels') {
      if (x === undefined) continue;
      if (!isPlainRecord(x)) return false;
      for (const l in x) if (!METRIC_LABEL_NAME.test(l) || !isStringIn(x[l], 0, MAX_ID_LENGTH)) return false;
    } else return false;
  }
  return typeof e.name === 'string' && typeof e.value === 'number';
}
