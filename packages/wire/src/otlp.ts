// OpenTelemetry intake: what `POST /v1/traces` and `POST /v1/logs` take as OTLP/JSON (the protobuf
// encoding is read into the same shape), what they answer, and the rule file that maps spans that do
// not follow the GenAI conventions to predictions. Only the fields Vigil reads are named; OTLP's
// others pass through (the OTLP/JSON mapping lets a receiver ignore what it does not know).

import { z } from 'zod';
import { MODEL_TYPES, resourceNameSchema } from './models.js';

export interface OtlpAnyValue {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  /** int64: OTLP/JSON writes it as a decimal string (or a number). */
  intValue?: string | number | undefined;
  /** A number, or "NaN", "Infinity", "-Infinity". */
  doubleValue?: number | string | undefined;
  arrayValue?: { values?: OtlpAnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: OtlpKeyValue[] | undefined } | undefined;
  /** base64 */
  bytesValue?: string | undefined;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue | undefined;
}

const hexId = (bytes: number) =>
  z.union([z.literal(''), z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `${bytes} bytes as ${bytes * 2} hex digits`)]);
/** fixed64 nanoseconds since the epoch: a decimal string or a number. */
const unixNanoSchema = z.union([z.string().regex(/^\d{1,20}$/, 'nanoseconds since the epoch, as decimal digits'), z.number().int().min(0)]);

const scalarValues = {
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  intValue: z.union([z.string().regex(/^-?\d{1,20}$/, 'an integer'), z.number().int()]).optional(),
  doubleValue: z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).optional(),
  bytesValue: z.string().optional(),
};

/**
 * AnyValue checked to `depth` levels of arrays and key-value lists (attributes are flat; log bodies
 * nest a little); deeper levels pass unchecked, and the mapping reads them defensively. Written out
 * level by level rather than recursively, so the OpenAPI document can inline it.
 */
function anyValueAt(depth: number): z.ZodType {
  if (depth === 0) return z.looseObject(scalarValues);
  const inner = anyValueAt(depth - 1);
  return z.looseObject({
    ...scalarValues,
    arrayValue: z.looseObject({ values: z.array(inner).optional() }).optional(),
    kvlistValue: z.looseObject({ values: z.array(z.looseObject({ key: z.string(), value: inner.optional() })).optional() }).optional(),
  });
}

export const otlpAnyValueSchema = anyValueAt(3) as z.ZodType<OtlpAnyValue>;

export const otlpKeyValueSchema = z.looseObject({ key: z.string(), value: otlpAnyValueSchema.optional() }) as z.ZodType<OtlpKeyValue>;

const attributesSchema = z.array(otlpKeyValueSchema).optional();
const resourceSchema = z.looseObject({ attributes: attributesSchema }).optional();
const scopeSchema = z.looseObject({ name: z.string().optional(), attributes: attributesSchema }).optional();

export const otlpSpanSchema = z.looseObject({
  traceId: hexId(16),
  spanId: hexId(8),
  parentSpanId: hexId(8).optional(),
  name: z.string(),
  /** SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: z.number().int().min(0).max(5).optional(),
  startTimeUnixNano: unixNanoSchema,
  endTimeUnixNano: unixNanoSchema,
  attributes: attributesSchema,
  /** StatusCode: 0 unset, 1 ok, 2 error. */
  status: z.looseObject({ code: z.number().int().min(0).max(2).optional(), message: z.string().optional() }).optional(),
});

export const otlpTraceRequestSchema = z.looseObject({
  resourceSpans: z
    .array(
      z.looseObject({
        resource: resourceSchema,
        scopeSpans: z.array(z.looseObject({ scope: scopeSchema, spans: z.array(otlpSpanSchema) })),
      }),
    )
    .default([]),
});

export const otlpLogRecordSchema = z.looseObject({
  timeUnixNano: unixNanoSchema.optional(),
  observedTimeUnixNano: unixNanoSchema.optional(),
  severityNumber: z.number().int().min(0).max(24).optional(),
  severityText: z.string().optional(),
  body: otlpAnyValueSchema.optional(),
  attributes: attributesSchema,
  traceId: hexId(16).optional(),
  spanId: hexId(8).optional(),
  /** The event's name (`gen_ai.client.inference.operation.details`, …). */
  eventName: z.string().optional(),
});

export const otlpLogsRequestSchema = z.looseObject({
  resourceLogs: z
    .array(
      z.looseObject({
        resource: resourceSchema,
        scopeLogs: z.array(z.looseObject({ scope: scopeSchema, logRecords: z.array(otlpLogRecordSchema) })),
      }),
    )
    .default([]),
});

/** `ExportTraceServiceResponse` / `ExportLogsServiceResponse`: `partialSuccess` when some items were refused. */
export const otlpExportResponseSchema = z.object({
  partialSuccess: z
    .object({
      /** `rejectedSpans` or `rejectedLogRecords`: int64, as OTLP/JSON writes it. */
      rejectedSpans: z.string().optional(),
      rejectedLogRecords: z.string().optional(),
      errorMessage: z.string().optional(),
    })
    .optional(),
});

/**
 * A value taken from a span (or log record): an attribute's key (the span's or log's own first,
 * then its resource's), or `$span.name`, `$status` (`ok`, `error`, `unset`) or `$duration_ms`.
 */
const valueRefSchema = z.string().min(1).max(256);

function validRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** One rule of an OTLP rule file: which spans it takes and how each becomes a prediction. */
export const otlpRuleSchema = z.strictObject({
  name: resourceNameSchema,
  match: z.strictObject({
    /** A regular expression the span's name must match. */
    span: z.string().max(1024).refine(validRegex, 'a valid regular expression').optional(),
    /** Attributes the span must have. */
    attributes: z.array(z.string().min(1).max(256)).max(50).optional(),
    /** Attributes that must have these values. */
    equals: z.record(z.string().min(1).max(256), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
  /** The model's name; default: the server's `otlpModel`, else the resource's `service.name`. */
  model: resourceNameSchema.optional(),
  /** The type a model created for these spans gets (with `autoCreateModels`). */
  modelType: z.enum(MODEL_TYPES).default('multiclass'),
  /** Feature name → value. */
  features: z.record(z.string().min(1).max(256), valueRefSchema).default({}),
  /** Every attribute whose key starts with this prefix is a feature too, named without the prefix. */
  featurePrefix: z.string().min(1).max(256).optional(),
  /** The prediction: a label or a number. */
  prediction: valueRefSchema,
  /** The model version; default the resource's `service.version`. */
  version: valueRefSchema.optional(),
  /** Segment name → value. */
  segment: z.record(resourceNameSchema, valueRefSchema).default({}),
});

/**
 * `otlpRules` (a JSON file): rules tried in order on every span and log record; the first that
 * matches maps it. `genai` (default on) then maps what follows the GenAI conventions; anything else
 * is not a prediction and is ignored.
 */
export const otlpRuleFileSchema = z.strictObject({
  genai: z.boolean().default(true),
  rules: z.array(otlpRuleSchema).max(100).default([]),
});

export type OtlpSpan = z.infer<typeof otlpSpanSchema>;
export type OtlpTraceRequest = z.infer<typeof otlpTraceRequestSchema>;
export type OtlpLogRecord = z.infer<typeof otlpLogRecordSchema>;
export type OtlpLogsRequest = z.infer<typeof otlpLogsRequestSchema>;
export type OtlpExportResponse = z.infer<typeof otlpExportResponseSchema>;
export type OtlpRule = z.output<typeof otlpRuleSchema>;
export type OtlpRuleFile = z.output<typeof otlpRuleFileSchema>;
export type OtlpRuleFileInput = z.input<typeof otlpRuleFileSchema>;
