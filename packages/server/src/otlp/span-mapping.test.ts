// Spans to predictions: the GenAI conventions (latency, usage, trace id, failures), rules for other
// spans, and what is skipped.

import { describe, expect, it } from 'vitest';
import { otlpRuleFileSchema } from '@vigil/wire';
import type { OtlpKeyValue, OtlpSpan } from '@vigil/wire';
import { compileRules, logItem, mapItem, modelNameOf, resourceMap, spanItem } from './span-mapping.js';

const kv = (key: string, v: string | number | boolean | string[]): OtlpKeyValue => ({
  key,
  value: Array.isArray(v)
    ? { arrayValue: { values: v.map((s) => ({ stringValue: s })) } }
    : typeof v === 'string'
      ? { stringValue: v }
      : typeof v === 'boolean'
        ? { boolValue: v }
        : Number.isInteger(v)
          ? { intValue: String(v) }
          : { doubleValue: v },
});

const resource = resourceMap([kv('service.name', 'chat api/EU'), kv('service.version', '1.4.0')]);
const TRACE = '5b8efff798038103d269b633813fc60c';

function span(over: Partial<OtlpSpan> = {}, attributes: OtlpKeyValue[] = []): OtlpSpan {
  return {
    traceId: TRACE,
    spanId: 'eee19b7ec3c1b174',
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: '1767323045678901234',
    endTimeUnixNano: '1767323045802357234',
    attributes,
    ...over,
  };
}

const genai = [
  kv('gen_ai.operation.name', 'chat'),
  kv('gen_ai.provider.name', 'openai'),
  kv('gen_ai.request.model', 'gpt-4o'),
  kv('gen_ai.response.model', 'gpt-4o-2024-08-06'),
  kv('gen_ai.request.temperature', 0.25),
  kv('gen_ai.usage.input_tokens', 1234),
  kv('gen_ai.usage.output_tokens', 567),
  kv('gen_ai.usage.cache_read.input_tokens', 1000),
  kv('gen_ai.response.finish_reasons', ['length', 'stop']),
];
const noRules = compileRules(otlpRuleFileSchema.parse({}));

describe('GenAI spans', () => {
  it('become an LLM call: span id, trace id, start time, exact latency, features, usage, finish reason, segments', () => {
    const m = mapItem(spanItem(span({}, genai), resource), noRules, true, undefined);
    expect(m).toEqual({
      kind: 'prediction',
      model: 'chat-api-EU',
      modelType: 'multiclass',
      event: {
        id: 'eee19b7ec3c1b174',
        timestamp: 1767323045678,
        latencyMs: 123.456,
        traceId: TRACE,
        version: '1.4.0',
        features: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.request.temperature': 0.25,
          'gen_ai.usage.input_tokens': 1234,
          'gen_ai.usage.output_tokens': 567,
        },
        prediction: 'length',
        segment: { outcome: 'ok', operation: 'chat' },
        usage: { model: 'gpt-4o-2024-08-06', inputTokens: 1234, outputTokens: 567, cachedInputTokens: 1000 },
      },
    });
  });

  it('counts a failed span as the prediction "error", in the error segment, with its error.type', () => {
    const m = mapItem(
      spanItem(span({ status: { code: 2, message: 'boom' } }, [kv('gen_ai.system', 'openai'), kv('error.type', 'timeout')]), resource),
      noRules,
      true,
      'llm',
    );
    expect(m).toMatchObject({
      kind: 'prediction',
      model: 'llm',
      event: { prediction: 'error', segment: { outcome: 'error' }, features: { 'gen_ai.provider.name': 'openai', 'error.type': 'timeout' } },
    });
    expect((m as { event: object }).event).not.toHaveProperty('usage');
  });

  it('skips spans that are not GenAI and match no rule, and GenAI ones when the rule file turns them off', () => {
    expect(mapItem(spanItem(span({ name: 'GET /health' }, [kv('http.route', '/health')]), resource), noRules, true, undefined)).toEqual({ kind: 'skipped' });
    expect(mapItem(spanItem(span({}, genai), resource), noRules, false, undefined)).toEqual({ kind: 'skipped' });
  });

  it('maps a GenAI log record with its span id, its time and no latency; without a span id, by a stable hash', () => {
    const record = {
      timeUnixNano: '1767323045678000000',
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: genai,
      spanId: 'eee19b7ec3c1b174',
      traceId: TRACE,
    };
    const m = mapItem(logItem(record, resource), noRules, true, undefined) as { event: Record<string, unknown> };
    expect(m.event).toMatchObject({ id: 'eee19b7ec3c1b174', timestamp: 1767323045678, traceId: TRACE, prediction: 'length' });
    expect(m.event).not.toHaveProperty('latencyMs');
    const bare = { timeUnixNano: record.timeUnixNano, eventName: record.eventName, attributes: record.attributes };
    const a = mapItem(logItem(bare, resource), noRules, true, undefined) as { event: { id: string } };
    const b = mapItem(logItem(bare, resource), noRules, true, undefined) as { event: { id: string } };
    expect(a.event.id).toMatch(/^[0-9a-f]{32}$/);
    expect(a.event.id).toBe(b.event.id);
  });
});

describe('rules', () => {
  const rules = compileRules(
    otlpRuleFileSchema.parse({
      rules: [
        {
          name: 'fraud-scoring',
          match: { span: '^score ', attributes: ['ml.score'], equals: { 'ml.model': 'fraud' } },
          model: 'fraud',
          modelType: 'binary',
          prediction: 'ml.score',
          featurePrefix: 'ml.feature.',
          features: { route: '$span.name', took: '$duration_ms' },
          version: 'ml.model.version',
          segment: { region: 'cloud.region' },
        },
      ],
    }),
  );
  const attrs = [kv('ml.model', 'fraud'), kv('ml.score', 0.91), kv('ml.feature.amount', 120.5), kv('ml.feature.country', 'FR'), kv('ml.model.version', 'v7')];

  it('map a matching span by its rule', () => {
    const res = resourceMap([kv('service.name', 'payments'), kv('cloud.region', 'eu-west-1')]);
    const m = mapItem(spanItem(span({ name: 'score payment' }, attrs), res), rules, true, undefined);
    expect(m).toMatchObject({
      kind: 'prediction',
      model: 'fraud',
      modelType: 'binary',
      event: {
        prediction: 0.91,
        features: { amount: 120.5, country: 'FR', route: 'score payment', took: 123.456 },
        version: 'v7',
        segment: { region: 'eu-west-1' },
      },
    });
  });

  it('do not match another name or value; a match without its prediction is rejected, naming the rule', () => {
    expect(mapItem(spanItem(span({ name: 'other' }, attrs), resource), rules, true, undefined)).toEqual({ kind: 'skipped' });
    const other = attrs.map((a) => (a.key === 'ml.model' ? kv('ml.model', 'churn') : a));
    expect(mapItem(spanItem(span({ name: 'score x' }, other), resource), rules, true, undefined)).toEqual({ kind: 'skipped' });
    const noScore = [kv('ml.model', 'fraud'), { key: 'ml.score', value: {} }];
    expect(mapItem(spanItem(span({ name: 'score x' }, noScore), resource), rules, true, undefined)).toEqual({
      kind: 'rejected',
      reason: 'rule fraud-scoring: the span "score x" has no ml.score for the prediction',
    });
  });

  it('refuse a bad pattern in the rule file, naming the field', () => {
    const r = otlpRuleFileSchema.safeParse({ rules: [{ name: 'x', match: { span: '(' }, prediction: 'p' }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['rules', 0, 'match', 'span']);
  });
});

describe('modelNameOf', () => {
  it('turns a service name into a model name', () => {
    expect(modelNameOf('chat-api')).toBe('chat-api');
    expect(modelNameOf('chat api/EU')).toBe('chat-api-EU');
    expect(modelNameOf('__svc')).toBe('svc');
    expect(modelNameOf('***')).toBe('unknown_service');
  });
});
