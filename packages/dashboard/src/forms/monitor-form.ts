// The monitor form's fields as text, to and from the API's monitor body. Numbers the user typed
// are sent as numbers when they read as numbers and as typed otherwise, so the server's
// validation (not a guess here) says what is wrong, next to the field.

import type { CreateMonitor, MonitorInfo } from '@vigil/wire';

export const MONITOR_TYPES = ['drift', 'quality', 'performance', 'estimated_performance', 'latency', 'volume', 'concept_drift', 'custom_metric'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

export type MonitorFields = Record<
  | 'name'
  | 'model'
  | 'type'
  | 'window'
  | 'interval'
  | 'for'
  | 'severity'
  | 'channels'
  | 'features'
  | 'method'
  | 'threshold'
  | 'minSamples'
  | 'maxMissingShare'
  | 'maxOutOfRangeShare'
  | 'maxNewCategories'
  | 'metric'
  | 'conditionOp'
  | 'conditionValue'
  | 'relativeDrop'
  | 'minLabels'
  | 'percentile'
  | 'maxMs'
  | 'min'
  | 'max'
  | 'detector'
  | 'aggregation',
  string
>;

/** Which fields each type shows, besides the common ones. */
export const TYPE_FIELDS: Record<MonitorType, readonly (keyof MonitorFields)[]> = {
  drift: ['features', 'method', 'threshold', 'minSamples'],
  quality: ['features', 'maxMissingShare', 'maxOutOfRangeShare', 'maxNewCategories', 'minSamples'],
  performance: ['metric', 'conditionOp', 'conditionValue', 'relativeDrop', 'minLabels'],
  estimated_performance: ['metric', 'conditionOp', 'conditionValue', 'minSamples'],
  latency: ['percentile', 'maxMs'],
  volume: ['min', 'max'],
  concept_drift: ['detector'],
  custom_metric: ['metric', 'aggregation', 'conditionOp', 'conditionValue'],
};

/** Paths of the API's errors, for placing them beside fields (`condition.value` → the condition). */
export const MONITOR_ERROR_FIELDS = [
  'name',
  'model',
  'type',
  'window',
  'interval',
  'for',
  'severity',
  'channels',
  'features',
  'method',
  'threshold',
  'minSamples',
  'maxMissingShare',
  'maxOutOfRangeShare',
  'maxNewCategories',
  'metric',
  'condition',
  'relative',
  'minLabels',
  'percentile',
  'maxMs',
  'min',
  'max',
  'detector',
  'aggregation',
] as const;

/** The field whose error slot shows an error path's message. */
export function errorSlot(field: keyof MonitorFields): string {
  if (field === 'conditionOp' || field === 'conditionValue') return 'condition';
  if (field === 'relativeDrop') return 'relative';
  return field;
}

export function emptyMonitorFields(model = ''): MonitorFields {
  return {
    name: '',
    model,
    type: 'drift',
    window: '1h',
    interval: '1m',
    for: '0s',
    severity: 'warning',
    channels: '',
    features: '',
    method: '',
    threshold: '',
    minSamples: '',
    maxMissingShare: '',
    maxOutOfRangeShare: '',
    maxNewCategories: '',
    metric: '',
    conditionOp: 'lt',
    conditionValue: '',
    relativeDrop: '',
    minLabels: '',
    percentile: '95',
    maxMs: '',
    min: '',
    max: '',
    detector: 'adwin',
    aggregation: 'mean',
  };
}

function num(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The API body for the form; empty optional fields are left out (the server's defaults apply). */
export function monitorBody(f: MonitorFields): CreateMonitor {
  const type = f.type as MonitorType;
  const body: Record<string, unknown> = {
    name: f.name.trim(),
    model: f.model,
    type: f.type,
    window: f.window.trim(),
    interval: f.interval.trim(),
    for: f.for.trim(),
    severity: f.severity,
    channels: list(f.channels),
  };
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) body[key] = value;
  };
  const fields = TYPE_FIELDS[type] ?? [];
  for (const field of fields) {
    switch (field) {
      case 'features':
        put('features', list(f.features));
        break;
      case 'method':
      case 'metric':
      case 'detector':
      case 'aggregation':
        put(field, f[field].trim());
        break;
      case 'conditionOp':
        if (f.conditionValue.trim() !== '') body['condition'] = { op: f.conditionOp, value: num(f.conditionValue) };
        break;
      case 'conditionValue':
        break;
      case 'relativeDrop':
        if (f.relativeDrop.trim() !== '') body['relative'] = { drop: num(f.relativeDrop) };
        break;
      default:
        put(field, num(f[field]));
    }
  }
  return body as unknown as CreateMonitor;
}

/** The form's fields for a stored monitor (to edit it). */
export function monitorFields(m: MonitorInfo): MonitorFields {
  const c = m.config;
  const text = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));
  const out = emptyMonitorFields(m.model);
  for (const key of Object.keys(out) as (keyof MonitorFields)[]) if (c[key] !== undefined) out[key] = text(c[key]);
  out.name = m.name;
  out.type = m.type;
  const condition = c['condition'] as { op?: string; value?: number } | undefined;
  if (condition !== undefined) {
    out.conditionOp = condition.op ?? 'lt';
    out.conditionValue = text(condition.value);
  }
  const relative = c['relative'] as { drop?: number } | undefined;
  if (relative !== undefined) out.relativeDrop = text(relative.drop);
  return out;
}
