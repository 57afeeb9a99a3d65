// Spans and log records to prediction events, as pure functions: those that follow OpenTelemetry's
// GenAI semantic conventions (gen_ai.*) become an LLM call's prediction (latency from the span,
// token usage, the trace id, errors as failures), and a rule file maps any other span. What matches
// no rule is no prediction and is skipped.

import { createHash } from 'node:crypto';
import type { FeatureValue, ModelType, OtlpAnyValue, OtlpKeyValue, OtlpLogRecord, OtlpRule, OtlpRuleFile, OtlpSpan, PredictionEvent, Usage } from '@vigil/wire';

type JsValue = string | number | boolean | null | JsValue[] | { [k: string]: JsValue };

/**
 * OTLP's AnyValue as a plain value (int64 as a number, NaN and infinities as numbers, bytes as
 * base64). Read defensively: levels deeper than the wire schema checks may hold anything.
 */
export function anyValueToJs(v: OtlpAnyValue | undefined, depth = 0): JsValue {
  if (typeof v !== 'object' || v === null || depth > 32) return null;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (typeof v.intValue === 'string' || typeof v.intValue === 'number') return Number(v.intValue);
  if (typeof v.doubleValue === 'number' || typeof v.doubleValue === 'string') return Number(v.doubleValue);
  const list = v.arrayValue?.values;
  if (Array.isArray(list)) return list.map((x) => anyValueToJs(x, depth + 1));
  const kvs = v.kvlistValue?.values;
  if (Array.isArray(kvs)) {
    const out: Record<string, JsValue> = Object.create(null) as Record<string, JsValue>;
    for (const kv of kvs) if (typeof kv === 'object' && kv !== null && typeof kv.key === 'string') out[kv.key] = anyValueToJs(kv.value, depth + 1);
    return out;
  }
  if (typeof v.bytesValue === 'string') return v.bytesValue;
  return null;
}

function attributeMap(list: readonly OtlpKeyValue[] | undefined): Map<string, JsValue> {
  const m = new Map<string, JsValue>();
  for (const kv of list ?? []) m.set(kv.key, anyValueToJs(kv.value));
  return m;
}

/** A feature value: scalars as they are (non-finite numbers as missing), lists joined by commas, objects as JSON. */
function featureValue(v: JsValue | undefined): FeatureValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v === 'string' ? v.slice(0, 4096) : v;
  if (Array.isArray(v))
    return v
      .map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)))
      .join(',')
      .slice(0, 4096);
  return JSON.stringify(v).slice(0, 4096);
}

/** A span or a log record, as the mapping sees it. */
export interface TelemetryItem {
  readonly kind: 'span' | 'log';
  /** The span's name, or the log record's event name. */
  readonly name: string;
  readonly attributes: ReadonlyMap<string, JsValue>;
  readonly resource: ReadonlyMap<string, JsValue>;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly startNs: bigint | undefined;
  readonly endNs: bigint | undefined;
  readonly status: 'ok' | 'error' | 'unset';
  /** An id for an item without a span id: a hash of what it holds, the same when it is sent again. */
  readonly fallbackId: string;
}

const ZERO_ID = /^0*$/;

function nanos(v: string | number | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  const n = BigInt(typeof v === 'number' ? Math.trunc(v) : v);
  return n === 0n ? undefined : n;
}

function hexOrUndefined(id: string | undefined): string | undefined {
  return id === undefined || ZERO_ID.test(id) ? undefined : id.toLowerCase();
}

/** Attributes as [key, value] pairs in key order, values as plain values: alike whichever encoding carried them. */
function sortedAttributes(list: readonly OtlpKeyValue[] | undefined): JsValue[] {
  return (list ?? []).map((kv): JsValue => [kv.key, anyValueToJs(kv.value)]).sort((a, b) => ((a as string[])[0]! < (b as string[])[0]! ? -1 : 1));
}

/** An id from what an item holds, the same whether it came as JSON or protobuf, and when it is sent again. */
function fingerprint(parts: JsValue[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export function spanItem(span: OtlpSpan, resource: ReadonlyMap<string, JsValue>): TelemetryItem {
  const code = span.status?.code ?? 0;
  return {
    kind: 'span',
    name: span.name,
    attributes: attributeMap(span.attributes),
    resource,
    traceId: hexOrUndefined(span.traceId),
    spanId: hexOrUndefined(span.spanId),
    startNs: nanos(span.startTimeUnixNano),
    endNs: nanos(span.endTimeUnixNano),
    status: code === 2 ? 'error' : code === 1 ? 'ok' : 'unset',
    fallbackId: fingerprint([
      span.traceId,
      span.name,
      String(nanos(span.startTimeUnixNano) ?? ''),
      String(nanos(span.endTimeUnixNano) ?? ''),
      sortedAttributes(span.attributes),
    ]),
  };
}

export function logItem(record: OtlpLogRecord, resource: ReadonlyMap<string, JsValue>): TelemetryItem {
  const attributes = attributeMap(record.attributes);
  // SeverityNumber 17–24 is ERROR or FATAL; an error.type attribute names a failure too.
  const failed = (record.severityNumber ?? 0) >= 17 || attributes.has('error.type');
  const time = nanos(record.timeUnixNano) ?? nanos(record.observedTimeUnixNano);
  return {
    kind: 'log',
    name: record.eventName ?? '',
    attributes,
    resource,
    traceId: hexOrUndefined(record.traceId),
    spanId: hexOrUndefined(record.spanId),
    startNs: time,
    endNs: undefined,
    status: failed ? 'error' : 'unset',
    fallbackId: fingerprint([
      record.traceId ?? '',
      record.spanId ?? '',
      record.eventName ?? '',
      String(time ?? ''),
      record.severityNumber ?? 0,
      anyValueToJs(record.body),
      sortedAttributes(record.attributes),
    ]),
  };
}

export function resourceMap(attributes: readonly OtlpKeyValue[] | undefined): Map<string, JsValue> {
  return attributeMap(attributes);
}

/** What a mapping gives: the model's name and type, and the event; or why the item is no prediction. */
export type Mapped =
  | { readonly kind: 'prediction'; readonly model: string; readonly modelType: ModelType; readonly event: PredictionEvent }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'rejected'; readonly reason: string };

const MODEL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/;

/** A service name as a model name: other characters become `-`, at most 128. */
export function modelNameOf(name: string): string {
  const cleaned = name
    .replace(/[^a-zA-Z0-9._-]/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 128);
  return MODEL_NAME.test(cleaned) ? cleaned : 'unknown_service';
}

function durationMs(item: TelemetryItem): number | undefined {
  if (item.startNs === undefined || item.endNs === undefined || item.endNs < item.startNs) return undefined;
  const ns = item.endNs - item.startNs;
  // Whole milliseconds exactly, the rest as a fraction (a double holds nanoseconds of up to 104 days).
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

function common(item: TelemetryItem): Pick<PredictionEvent, 'id'> & Partial<PredictionEvent> {
  const id = item.spanId ?? item.fallbackId;
  const e: Pick<PredictionEvent, 'id'> & Partial<PredictionEvent> = { id };
  if (item.startNs !== undefined) e.timestamp = Number(item.startNs / 1_000_000n);
  const latency = durationMs(item);
  if (latency !== undefined && latency <= 86_400_000) e.latencyMs = latency;
  if (item.traceId !== undefined) e.traceId = item.traceId;
  const version = item.resource.get('service.version');
  if (typeof version === 'string' && version !== '') e.version = version.slice(0, 128);
  return e;
}

function defaultModelName(item: TelemetryItem, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  const service = item.resource.get('service.name');
  return modelNameOf(typeof service === 'string' && service !== '' ? service : 'unknown_service');
}

/** The GenAI attributes kept as features (the ones a drift or quality monitor can watch). */
export const GENAI_FEATURES = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.request.temperature',
  'gen_ai.request.top_p',
  'gen_ai.request.max_tokens',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'error.type',
] as const;

/** Whether an item follows the GenAI conventions: it names an operation, a provider or a requested model. */
export function isGenAi(item: TelemetryItem): boolean {
  const a = item.attributes;
  return a.has('gen_ai.operation.name') || a.has('gen_ai.request.model') || a.has('gen_ai.provider.name') || a.has('gen_ai.system');
}

function whole(v: JsValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/**
 * A GenAI span or event as an LLM call's prediction: id the span id, the trace id kept, latency the
 * span's duration, features the request and usage attributes, the prediction the first finish
 * reason (`error` when the span failed, `ok` without one), segments by operation and outcome, and
 * `usage` (priced by the server's price book) when both token counts are there.
 */
export function mapGenAi(item: TelemetryItem, configuredModel: string | undefined): Mapped {
  const a = item.attributes;
  const features: Record<string, FeatureValue> = {};
  for (const key of GENAI_FEATURES) {
    const v = key === 'gen_ai.provider.name' ? (a.get(key) ?? a.get('gen_ai.system')) : a.get(key);
    if (v !== undefined) features[key] = featureValue(v);
  }
  const reasons = a.get('gen_ai.response.finish_reasons');
  const firstReason = Array.isArray(reasons) ? reasons[0] : reasons;
  const prediction = item.status === 'error' ? 'error' : typeof firstReason === 'string' && firstReason !== '' ? firstReason.slice(0, 256) : 'ok';
  const event: PredictionEvent = { ...common(item), features, prediction };
  const operation = a.get('gen_ai.operation.name');
  event.segment = {
    outcome: item.status === 'error' ? 'error' : 'ok',
    ...(typeof operation === 'string' && operation !== '' ? { operation: operation.slice(0, 256) } : {}),
  };
  const input = whole(a.get('gen_ai.usage.input_tokens'));
  const output = whole(a.get('gen_ai.usage.output_tokens'));
  const usageModel = a.get('gen_ai.response.model') ?? a.get('gen_ai.request.model');
  if (input !== undefined && output !== undefined && typeof usageModel === 'string' && usageModel !== '') {
    const usage: Usage = { model: usageModel.slice(0, 256), inputTokens: input, outputTokens: output };
    const cached = whole(a.get('gen_ai.usage.cache_read.input_tokens') ?? a.get('gen_ai.usage.cached_input_tokens'));
    if (cached !== undefined && cached <= input) usage.cachedInputTokens = cached;
    event.usage = usage;
  }
  return { kind: 'prediction', model: defaultModelName(item, configuredModel), modelType: 'multiclass', event };
}

function valueOf(item: TelemetryItem, ref: string): JsValue | undefined {
  if (ref === '$span.name') return item.name;
  if (ref === '$status') return item.status;
  if (ref === '$duration_ms') return durationMs(item);
  return item.attributes.get(ref) ?? item.resource.get(ref);
}

/** A rule with its span-name pattern compiled once. */
export interface CompiledRule {
  readonly rule: OtlpRule;
  readonly span: RegExp | undefined;
}

export function compileRules(file: OtlpRuleFile): CompiledRule[] {
  return file.rules.map((rule) => ({ rule, span: rule.match.span === undefined ? undefined : new RegExp(rule.match.span) }));
}

function matches(c: CompiledRule, item: TelemetryItem): boolean {
  const m = c.rule.match;
  if (c.span !== undefined && !c.span.test(item.name)) return false;
  for (const key of m.attributes ?? []) if (!item.attributes.has(key)) return false;
  for (const [key, want] of Object.entries(m.equals ?? {})) if (item.attributes.get(key) !== want) return false;
  return true;
}

function mapByRule(c: CompiledRule, item: TelemetryItem, configuredModel: string | undefined): Mapped {
  const { rule } = c;
  const raw = valueOf(item, rule.prediction);
  if (raw === undefined || raw === null || raw === '' || (typeof raw === 'number' && !Number.isFinite(raw)))
    return { kind: 'rejected', reason: `rule ${rule.name}: the ${item.kind} "${item.name}" has no ${rule.prediction} for the prediction` };
  const prediction = typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(featureValue(raw)).slice(0, 256);
  const features: Record<string, FeatureValue> = {};
  if (rule.featurePrefix !== undefined)
    for (const [key, v] of item.attributes)
      if (key.startsWith(rule.featurePrefix) && key.length > rule.featurePrefix.length) features[key.slice(rule.featurePrefix.length)] = featureValue(v);
  for (const [name, ref] of Object.entries(rule.features)) features[name] = featureValue(valueOf(item, ref));
  const event: PredictionEvent = { ...common(item), features, prediction };
  if (rule.version !== undefined) {
    const v = valueOf(item, rule.version);
    if (v !== undefined && v !== null && v !== '') event.version = String(v).slice(0, 128);
  }
  const segment: Record<string, string | number | boolean> = {};
  for (const [name, ref] of Object.entries(rule.segment)) {
    const v = featureValue(valueOf(item, ref));
    if (v !== null) segment[name] = typeof v === 'string' ? v.slice(0, 256) : v;
  }
  if (Object.keys(segment).length > 0) event.segment = segment;
  return { kind: 'prediction', model: rule.model ?? defaultModelName(item, configuredModel), modelType: rule.modelType, event };
}

/** The first rule that matches maps the item; then the GenAI conventions (unless the file turns them off); else it is skipped. */
export function mapItem(item: TelemetryItem, rules: readonly CompiledRule[], genai: boolean, configuredModel: string | undefined): Mapped {
  for (const c of rules) if (matches(c, item)) return mapByRule(c, item, configuredModel);
  if (genai && isGenAi(item)) return mapGenAi(item, configuredModel);
  return { kind: 'skipped' };
}
