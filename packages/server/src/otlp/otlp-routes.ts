// Routes of the OpenTelemetry intake: OTLP/HTTP as a collector's receiver speaks it, so an
// application's OTLP exporter can point at Vigil (`<vigil>/v1/traces`, `<vigil>/v1/logs`) with an
// ingest key in its headers. JSON or protobuf, gzip or not; the answer has the request's encoding.

import { otlpExportResponseSchema, otlpLogsRequestSchema, otlpTraceRequestSchema } from '@vigil/wire';
import type { OtlpExportResponse } from '@vigil/wire';
import { RawReply, defineRoute, isProtobufBody } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { parseInput } from '../parse-input.js';
import { decodeLogsRequest, decodeTraceRequest, encodeExportResponse } from './otlp-protobuf.js';
import type { OtlpResult, OtlpService } from './otlp-service.js';

const TAG = 'OpenTelemetry';
const BODY_TYPES = ['application/json', 'application/x-protobuf'] as const;
const PROTOBUF = 'application/x-protobuf';

function message(r: OtlpResult): string {
  return r.rejected === 0 ? '' : `${r.rejected} refused: ${r.errors.join('; ')}`;
}

function jsonAnswer(r: OtlpResult, countKey: 'rejectedSpans' | 'rejectedLogRecords'): OtlpExportResponse {
  return r.rejected === 0 ? {} : { partialSuccess: { [countKey]: String(r.rejected), errorMessage: message(r) } };
}

const responses = (what: string) => ({
  200: {
    description: `Taken (OTLP's Export${what}ServiceResponse): \`partialSuccess\` counts and describes the items that could not be stored`,
    schema: otlpExportResponseSchema,
  },
  413: { description: 'The body is over the limit' },
});

export function otlpRoutes(otlp: OtlpService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/traces',
      operationId: 'exportTraces',
      summary: 'Take OTLP/HTTP traces',
      description:
        "Spans that follow OpenTelemetry's GenAI conventions (gen_ai.*) become predictions of the model `otlpModel` names, else the resource's service.name: latency from the span, token usage (priced by the price book), the trace id, errors as the prediction `error`. The `otlpRules` file maps other spans; the rest is skipped. JSON or protobuf (application/x-protobuf), gzip allowed; a span id sent again is stored once.",
      tag: TAG,
      scope: 'ingest',
      body: { schema: otlpTraceRequestSchema, types: BODY_TYPES, manual: true },
      responses: responses('Trace'),
      handler: async ({ auth, body }) => {
        if (isProtobufBody(body)) {
          const r = await otlp.traces(auth.projectId, decodeTraceRequest(body.protobuf));
          return new RawReply(PROTOBUF, Buffer.from(encodeExportResponse(r.rejected, message(r))));
        }
        return jsonAnswer(await otlp.traces(auth.projectId, parseInput(otlpTraceRequestSchema, body)), 'rejectedSpans');
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/logs',
      operationId: 'exportLogs',
      summary: 'Take OTLP/HTTP logs',
      description:
        'Log records that follow the GenAI conventions (an inference event with gen_ai.* attributes) become predictions as spans do (without a latency), with their span id as the prediction id when they have one; the `otlpRules` file maps others; the rest is skipped.',
      tag: TAG,
      scope: 'ingest',
      body: { schema: otlpLogsRequestSchema, types: BODY_TYPES, manual: true },
      responses: responses('Logs'),
      handler: async ({ auth, body }) => {
        if (isProtobufBody(body)) {
          const r = await otlp.logs(auth.projectId, decodeLogsRequest(body.protobuf));
          return new RawReply(PROTOBUF, Buffer.from(encodeExportResponse(r.rejected, message(r))));
        }
        return jsonAnswer(await otlp.logs(auth.projectId, parseInput(otlpLogsRequestSchema, body)), 'rejectedLogRecords');
      },
    }),
  ];
}
