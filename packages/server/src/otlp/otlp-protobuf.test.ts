// The protobuf reader against OpenTelemetry JS's own encoders: the same spans and log records,
// serialized by @opentelemetry/otlp-transformer as protobuf and as JSON, read back to the same
// values; the export response read back by the SDK's own deserializer; malformed bytes refused.

import { SeverityNumber } from '@opentelemetry/api-logs';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { otlpLogsRequestSchema, otlpTraceRequestSchema } from '@vigil/wire';
import type { OtlpKeyValue } from '@vigil/wire';
import { BadRequestError } from '../errors.js';
import { decodeLogsRequest, decodeTraceRequest, encodeExportResponse } from './otlp-protobuf.js';
import { anyValueToJs } from './span-mapping.js';

const resource = resourceFromAttributes({ 'service.name': 'chat-api', 'service.version': '1.4.0', 'host.cpus': 8 });

function finishedSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('vigil-test', '1.0.0');
  // [seconds, nanoseconds]: exact, where milliseconds as a double are not.
  const a = tracer.startSpan('chat gpt-4o', {
    kind: SpanKind.CLIENT,
    startTime: [1_767_323_045, 678_000_000],
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.temperature': 0.25,
      'gen_ai.usage.input_tokens': 1234,
      'gen_ai.usage.output_tokens': 567,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'app.flag': true,
      'app.negative': -42,
      'app.big': 2 ** 40 + 3,
      'app.text': 'héllo 日本',
    },
  });
  a.end([1_767_323_045, 801_456_000]);
  const b = tracer.startSpan('embeddings', { startTime: [1_767_323_046, 678_000_000], attributes: { 'gen_ai.operation.name': 'embeddings' } });
  b.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timed out' });
  b.end([1_767_323_047, 178_000_000]);
  return exporter.getFinishedSpans();
}

/** The values the mapping reads, in a form both encodings give alike. */
function attributesOf(list: readonly OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValueToJs(kv.value)]));
}

describe('decodeTraceRequest', () => {
  it("reads OpenTelemetry JS's protobuf to what its JSON says", () => {
    const spans = finishedSpans();
    const fromProto = decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!);
    const fromJson = otlpTraceRequestSchema.parse(JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!)));
    const view = (r: typeof fromProto) =>
      r.resourceSpans.map((rs) => ({
        resource: attributesOf(rs.resource?.attributes),
        spans: rs.scopeSpans.flatMap((ss) =>
          ss.spans.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            name: s.name,
            kind: s.kind ?? 0,
            start: BigInt(s.startTimeUnixNano),
            end: BigInt(s.endTimeUnixNano),
            attributes: attributesOf(s.attributes),
            status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
          })),
        ),
      }));
    expect(view(fromProto)).toEqual(view(fromJson));
    const [a, b] = view(fromProto)[0]!.spans;
    expect(a!.traceId).toBe(spans[0]!.spanContext().traceId);
    expect(a!.spanId).toBe(spans[0]!.spanContext().spanId);
    expect(a!.end - a!.start).toBe(123_456_000n);
    expect(a!.kind).toBe(3);
    expect(a!.attributes).toMatchObject({
      'app.negative': -42,
      'app.big': 2 ** 40 + 3,
      'app.text': 'héllo 日本',
      'gen_ai.response.finish_reasons': ['stop', 'length'],
    });
    expect(b!.status).toEqual({ code: 2, message: 'upstream timed out' });
    expect(view(fromProto)[0]!.resource).toMatchObject({ 'service.name': 'chat-api', 'host.cpus': 8 });
  });

  it('refuses truncated and malformed bytes with a 400', () => {
    const bytes = ProtobufTraceSerializer.serializeRequest(finishedSpans())!;
    expect(() => decodeTraceRequest(bytes.subarray(0, bytes.length - 7))).toThrow(BadRequestError);
    expect(() => decodeTraceRequest(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(/malformed/);
    expect(() => decodeTraceRequest(Uint8Array.from([0x0b]))).toThrow(/wire type 3/);
    expect(decodeTraceRequest(new Uint8Array(0))).toEqual({ resourceSpans: [] });
  });
});

describe('decodeLogsRequest', () => {
  it("reads OpenTelemetry JS's protobuf log records to what its JSON says", async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
    provider.getLogger('vigil-test').emit({
      eventName: 'gen_ai.client.inference.operation.details',
      timestamp: 1_767_323_045_678,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: { text: 'hello', tokens: 3 },
      attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 },
    });
    await provider.forceFlush();
    const records = exporter.getFinishedLogRecords();
    const fromProto = decodeLogsRequest(ProtobufLogsSerializer.serializeRequest(records)!);
    const fromJson = otlpLogsRequestSchema.parse(JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(records)!)));
    const view = (r: typeof fromProto) =>
      r.resourceLogs.flatMap((rl) =>
        rl.scopeLogs.flatMap((sl) =>
          sl.logRecords.map((l) => ({
            time: BigInt(l.timeUnixNano ?? 0),
            severity: l.severityNumber,
            severityText: l.severityText,
            eventName: l.eventName,
            body: anyValueToJs(l.body),
            attributes: attributesOf(l.attributes),
          })),
        ),
      );
    expect(view(fromProto)).toEqual(view(fromJson));
    expect(view(fromProto)[0]).toMatchObject({
      time: 1_767_323_045_678_000_000n,
      eventName: 'gen_ai.client.inference.operation.details',
      body: { text: 'hello', tokens: 3 },
    });
  });
});

describe('encodeExportResponse', () => {
  it("is read by OpenTelemetry JS's own deserializer: empty on success, partial success otherwise", () => {
    expect(encodeExportResponse(0, '')).toHaveLength(0);
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse(0, ''))).toEqual({});
    const partial = ProtobufTraceSerializer.deserializeResponse(encodeExportResponse(300, 'no model "x" in this project'));
    expect(Number(partial.partialSuccess?.rejectedSpans)).toBe(300);
    expect(partial.partialSuccess?.errorMessage).toBe('no model "x" in this project');
    const logs = ProtobufLogsSerializer.deserializeResponse(encodeExportResponse(2, 'é'));
    expect(Number(logs.partialSuccess?.rejectedLogRecords)).toBe(2);
    expect(logs.partialSuccess?.errorMessage).toBe('é');
  });
});
