// The OpenTelemetry JS SDK's own OTLP/HTTP exporters (JSON, and protobuf with gzip) sending GenAI
// spans and log records to a running Vigil: they arrive as predictions with the right model,
// latency, tokens, price-book cost and trace id; a span sent again in the other encoding is stored
// once; a model that does not exist (auto-create off) comes back as OTLP partial success.

import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpExportResponseSchema, predictionRecordSchema, seriesResponseSchema } from '@vigil/wire';
import { createTestServer, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;
const resource = resourceFromAttributes({ 'service.name': 'chat-api', 'service.version': '1.4.0' });
// A minute ahead, in seconds: the price book set in beforeAll prices events from its own time on.
const T0 = Math.floor(Date.now() / 1000) + 60;
const at = (seconds: number, nanos: number): HrTime => [T0 + seconds, nanos];

/** Finished spans made by the SDK itself. */
function spans(make: (tracer: ReturnType<BasicTracerProvider['getTracer']>) => void): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] });
  make(provider.getTracer('chat-client', '2.0.0'));
  return memory.getFinishedSpans() as ReadableSpan[];
}

function chat(tracer: ReturnType<BasicTracerProvider['getTracer']>, second: number, input: number, output: number, ok = true): void {
  const span = tracer.startSpan('chat gpt-4o', {
    kind: SpanKind.CLIENT,
    startTime: at(second, 100_000_000),
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': output,
      'gen_ai.response.finish_reasons': ['stop'],
    },
  });
  if (!ok) {
    span.setAttribute('error.type', 'timeout');
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'deadline exceeded' });
  }
  span.end(at(second, 350_500_000)); // 250.5 ms
}

function send<T>(exporter: { export(items: T[], done: (r: { code: number; error?: Error }) => void): void; shutdown(): Promise<void> }, items: T[]) {
  return new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(items, resolve)).finally(() => exporter.shutdown());
}

const headers = () => ({ authorization: `Bearer ${s.adminKey}` });
const record = async (model: string, id: string) => {
  const r = await s.request('GET', `/v1/models/${model}/predictions/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return predictionRecordSchema.parse(r.body);
};

beforeAll(async () => {
  s = await createTestServer({ autoCreateModels: true });
  const priced = await s.request('PUT', '/v1/pricing', { tokens: [{ match: 'gpt-4o', inputUsdPerMillion: 2.5, outputUsdPerMillion: 10 }] });
  expect(priced.status, JSON.stringify(priced.body)).toBe(200);
});
afterAll(async () => {
  await s?.close();
});

describe('OTLP/HTTP traces from the OpenTelemetry SDK', () => {
  const first = spans((t) => {
    chat(t, 0, 1234, 567);
    chat(t, 1, 800, 20, false);
    t.startSpan('GET /health', { startTime: at(2, 0) }).end(at(2, 1_000_000)); // not GenAI: skipped
  });
  const second = spans((t) => chat(t, 3, 10, 5));

  it('JSON: GenAI spans become predictions with latency, tokens, cost and trace id; the failed call is an error', async () => {
    const r = await send(new JsonTraceExporter({ url: `${s.url}/v1/traces`, headers: headers() }), first);
    expect(r.code, String(r.error)).toBe(0);
    const ok = first[0]!;
    const p = await record('chat-api', ok.spanContext().spanId);
    expect(p.latencyMs).toBe(250.5);
    expect(p.traceId).toBe(ok.spanContext().traceId);
    expect(p.version).toBe('1.4.0');
    expect(p.timestamp).toBe(new Date(T0 * 1000 + 100).toISOString());
    expect(p.prediction).toBe('stop');
    expect(p.features).toMatchObject({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1234, 'gen_ai.usage.output_tokens': 567 });
    // The price book: 1234 × $2.5 + 567 × $10 per million tokens.
    expect(p.costUsd).toBe(0.008755);
    const failed = await record('chat-api', first[1]!.spanContext().spanId);
    expect(failed.prediction).toBe('error');
    expect(failed.features['error.type']).toBe('timeout');
    expect(failed.segment).toEqual({ operation: 'chat', outcome: 'error' });
    expect((await s.request('GET', `/v1/models/chat-api/predictions/${first[2]!.spanContext().spanId}`)).status).toBe(404);
  });

  it('protobuf with gzip: stored alike, and spans sent again are stored once', async () => {
    const proto = () => new ProtoTraceExporter({ url: `${s.url}/v1/traces`, headers: headers(), compression: CompressionAlgorithm.GZIP });
    expect((await send(proto(), second)).code).toBe(0);
    const p = await record('chat-api', second[0]!.spanContext().spanId);
    expect(p.latencyMs).toBe(250.5);
    expect(p.costUsd).toBe((10 * 2.5 + 5 * 10) / 1e6);
    // The first batch again, now as protobuf: the server holds these span ids already.
    expect((await send(proto(), first)).code).toBe(0);
    await profileAll(s, Date.now());
    const volume = seriesResponseSchema.parse(
      (await s.request('GET', `/v1/models/chat-api/series?metric=volume&from=${(T0 - 3600) * 1000}&to=${(T0 + 3600) * 1000}&step=2h`)).body,
    );
    expect(volume.points.reduce((n, x) => n + (x.value ?? 0), 0)).toBe(3);
  });
});

describe('OTLP/HTTP logs from the OpenTelemetry SDK', () => {
  function records(): ReadableLogRecord[] {
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'chat-events' }),
      processors: [new SimpleLogRecordProcessor({ exporter: memory })],
    });
    const logger = provider.getLogger('chat-client');
    logger.emit({
      eventName: 'gen_ai.client.inference.operation.details',
      timestamp: at(5, 0),
      severityNumber: SeverityNumber.INFO,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 40 },
    });
    logger.emit({ timestamp: at(5, 1), severityNumber: SeverityNumber.INFO, body: 'an ordinary log line' }); // skipped
    return memory.getFinishedLogRecords() as ReadableLogRecord[];
  }

  it('a GenAI event arrives as a prediction through the JSON and the protobuf exporter, stored once', async () => {
    const logs = records();
    expect((await send(new JsonLogExporter({ url: `${s.url}/v1/logs`, headers: headers() }), logs)).code).toBe(0);
    expect((await send(new ProtoLogExporter({ url: `${s.url}/v1/logs`, headers: headers() }), logs)).code).toBe(0);
    const model = await s.request('GET', '/v1/models/chat-events');
    expect(model.status).toBe(200);
    await profileAll(s, Date.now());
    const volume = seriesResponseSchema.parse(
      (await s.request('GET', `/v1/models/chat-events/series?metric=volume&from=${(T0 - 3600) * 1000}&to=${(T0 + 3600) * 1000}&step=2h`)).body,
    );
    expect(volume.points.reduce((n, x) => n + (x.value ?? 0), 0)).toBe(1);
    const costs = seriesResponseSchema.parse(
      (await s.request('GET', `/v1/models/chat-events/series?metric=tokens_input&from=${(T0 - 3600) * 1000}&to=${(T0 + 3600) * 1000}&step=2h`)).body,
    );
    expect(costs.points.reduce((n, x) => n + (x.value ?? 0), 0)).toBe(100);
  });
});

describe('partial success', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await createTestServer({ autoCreateModels: false });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('names the model that does not exist, in JSON and in protobuf, and stores nothing', async () => {
    const batch = spans((t) => {
      chat(t, 0, 1, 1);
      chat(t, 1, 1, 1);
    });
    const json = await fetch(`${strict.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${strict.adminKey}`, 'content-type': 'application/json' },
      body: new TextDecoder().decode(JsonTraceSerializer.serializeRequest(batch)!),
    });
    expect(json.status).toBe(200);
    const answer = otlpExportResponseSchema.parse(await json.json());
    expect(answer.partialSuccess?.rejectedSpans).toBe('2');
    expect(answer.partialSuccess?.errorMessage).toContain('no model "chat-api"');
    const proto = await fetch(`${strict.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${strict.adminKey}`, 'content-type': 'application/x-protobuf' },
      body: ProtobufTraceSerializer.serializeRequest(batch)!,
    });
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await proto.arrayBuffer()));
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(2);
    expect((await strict.request('GET', '/v1/models/chat-api')).status).toBe(404);
  });

  it('refuses a request without an ingest key, and a malformed body, as the OTLP exporters expect (not retried)', async () => {
    const unauth = await fetch(`${strict.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unauth.status).toBe(401);
    const bad = await fetch(`${strict.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${strict.adminKey}`, 'content-type': 'application/x-protobuf' },
      body: Uint8Array.from([0x0a, 0x05, 0x01]),
    });
    expect(bad.status).toBe(400);
    const badJson = await fetch(`${strict.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${strict.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: '', name: 'a', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }],
      }),
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe(
      'resourceSpans[0].scopeSpans[0].spans[0].traceId',
    );
  });
});

describe('the otlpRules file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-otlp-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps other spans by its rules, as the OpenTelemetry exporter sends them', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify({
        rules: [
          { name: 'fraud-scoring', match: { span: '^score' }, model: 'fraud', modelType: 'binary', prediction: 'ml.score', featurePrefix: 'ml.feature.' },
        ],
      }),
    );
    const server = await createTestServer({ autoCreateModels: true, otlpRules: file });
    try {
      const batch = spans((t) =>
        t.startSpan('score payment', { startTime: at(0, 0), attributes: { 'ml.score': 0.91, 'ml.feature.amount': 120.5 } }).end(at(0, 2_000_000)),
      );
      const r = await send(new ProtoTraceExporter({ url: `${server.url}/v1/traces`, headers: { authorization: `Bearer ${server.adminKey}` } }), batch);
      expect(r.code, String(r.error)).toBe(0);
      const stored = await server.request('GET', `/v1/models/fraud/predictions/${batch[0]!.spanContext().spanId}`);
      expect(predictionRecordSchema.parse(stored.body)).toMatchObject({ prediction: 0.91, features: { amount: 120.5 }, latencyMs: 2 });
      expect(((await server.request('GET', '/v1/models/fraud')).body as { type: string }).type).toBe('binary');
    } finally {
      await server.close();
    }
  });

  it('stops the start when it is not valid, naming the file and the field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ rules: [{ name: 'x', match: { span: '(' }, prediction: 'p' }] }));
    await expect(createTestServer({ otlpRules: file })).rejects.toThrow(
      /otlpRules \(VIGIL_OTLP_RULES\): .*bad\.json: rules\.0\.match\.span: a valid regular expression/,
    );
  });
});
