// The OpenAPI 3.1 description of every route, generated from the route declarations and the zod
// schemas that validate them: an operationId per operation, a description per response, the error
// shape, security schemes and servers. Schemas exported by @vigil/wire become named components.

import { z } from 'zod';
import * as wire from '@vigil/wire';
import type { RouteSpec } from './route-spec.js';

type Json = Record<string, unknown>;

const TAG_DESCRIPTIONS: Record<string, string> = {
  'Keys and projects':
    'Projects and their API keys. A key has one or more scopes: `ingest` logs predictions, labels and metrics (what an SDK needs); `read` reads models, series, drift, monitors, alerts and silences; `respond` acts on alerts (acknowledge, resolve, comment) and creates and expires silences, and is given with `read` to the people on call; `admin` may do everything, keys, models, references, monitors, channels and the notification policy included. `GET /v1/keys/me` tells a key its own name and scopes.',
  Models: 'Models, their schema, and their reference data (the baseline drift is measured against).',
  Ingest: 'Predictions, ground truth and custom metrics. A batch is stored whole, or not at all.',
  Queries: 'Stored predictions, metrics over time, and drift of a window against the reference.',
  Monitors: 'What to watch and when to alert, with Prometheus alerting-rule semantics.',
  Alerts: 'Alerts raised by monitors, and acting on them.',
  Channels: 'Where notifications go, and the outbox of notifications sent.',
  'Silences and routing': 'Silences, the routing tree and inhibit rules, with Alertmanager semantics.',
  Operations: 'Health, metrics and this description.',
};

const COMMON_ERRORS: Record<number, string> = {
  400: 'Invalid request: the error names every bad field (`details[].path`) and nothing was changed',
  401: 'Missing, malformed, unknown or revoked API key',
  403: 'The key lacks the scope this operation needs',
  413: 'The body is larger than the server accepts',
  415: 'A content type this operation does not take',
  429: 'Too many failed authentications from this address lately, or too many requests for this key; retry after `Retry-After` seconds',
  500: 'An unexpected error; it was logged, and the answer says nothing internal',
};

/** Wire schemas by object, named after their export (`modelListSchema` → `ModelList`). */
function wireSchemaNames(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [exportName, value] of Object.entries(wire)) {
    if (value instanceof z.ZodType && exportName.endsWith('Schema')) {
      const base = exportName.slice(0, -'Schema'.length);
      names.set(value, base.charAt(0).toUpperCase() + base.slice(1));
    }
  }
  return names;
}

/** The recursive routing tree is a component of its own, so it can refer to itself. */
const ROUTE_TREE = wire.notificationPolicySchema.shape.route as z.ZodType;

type Io = 'input' | 'output';

/**
 * Request bodies (read as input) and answers (read as output) become components: a wire schema
 * under its export name, another under a name from its operation. A name used both ways gets
 * `Input` on its input side, since defaults make the two differ. References are filled in by
 * `finish()`, once every use is known.
 */
class Components {
  private readonly wireNames = wireSchemaNames();
  private readonly ids = { input: new Map<z.ZodType, string>(), output: new Map<z.ZodType, string>() };
  private readonly refs: { io: Io; id: string; target: Json }[] = [];

  ref(schema: z.ZodType, io: Io, fallbackName: string): Json {
    let id = this.ids[io].get(schema);
    if (id === undefined) {
      id = this.wireNames.get(schema) ?? fallbackName;
      this.ids[io].set(schema, id);
    }
    const target: Json = {};
    this.refs.push({ io, id, target });
    return target;
  }

  /** Fills in every reference; returns the components, converted with zod's JSON Schema generator (draft 2020-12, as OpenAPI 3.1 reads it). */
  finish(): Record<string, Json> {
    const outputIds = new Set(this.ids.output.values());
    if (this.ids.output.has(wire.notificationPolicySchema)) outputIds.add('Route');
    const name = (io: Io, id: string) => (io === 'input' && outputIds.has(id) ? `${id}Input` : id);
    for (const r of this.refs) r.target['$ref'] = `#/components/schemas/${name(r.io, r.id)}`;
    const out: Record<string, Json> = {};
    for (const io of ['output', 'input'] as const) {
      const registry = z.registry<{ id: string }>();
      for (const [schema, id] of this.ids[io]) registry.add(schema, { id: name(io, id) });
      if (this.ids[io].has(wire.notificationPolicySchema)) registry.add(ROUTE_TREE, { id: name(io, 'Route') });
      const generated = z.toJSONSchema(registry, {
        io,
        unrepresentable: 'any',
        uri: (id) => `#/components/schemas/${id}`,
        cycles: 'ref',
        reused: 'inline',
      }) as { schemas: Record<string, Json> };
      for (const [id, schema] of Object.entries(generated.schemas)) {
        delete schema['$schema'];
        delete schema['$id'];
        out[id] = schema;
      }
    }
    return out;
  }
}

/** An inline JSON Schema (path and query parameters). */
function inlineSchema(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as Json;
  delete out['$schema'];
  return out;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (schema === undefined) return [];
  const json = inlineSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s as Json & { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

const BODY_CONTENT: Record<string, (ref: Json) => Json> = {
  'application/json': (ref) => ({ schema: ref }),
  'application/x-ndjson': () => ({ schema: { type: 'string', description: 'One JSON object per line' } }),
  'text/csv': () => ({ schema: { type: 'string', description: 'A CSV file with a header row, read as pandas read_csv reads it' } }),
  'application/vnd.apache.parquet': () => ({ schema: { type: 'string', contentEncoding: 'binary', description: 'A Parquet file' } }),
  'application/x-protobuf': () => ({ schema: { type: 'string', contentEncoding: 'binary', description: "OTLP's protobuf encoding of the same request" } }),
};

function operationOf(c: Components, spec: RouteSpec, errorRef: Json): Json {
  const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')];
  const responses: Record<string, Json> = {};
  const name = spec.operationId.charAt(0).toUpperCase() + spec.operationId.slice(1);
  for (const [status, r] of Object.entries(spec.responses)) {
    if (Number(status) >= 400) {
      responses[status] = { description: r.description, content: { 'application/json': { schema: errorRef } } };
      continue;
    }
    const content =
      r.schema !== undefined
        ? { 'application/json': { schema: c.ref(r.schema, 'output', `${name}Response`) } }
        : r.contentType !== undefined
          ? { [r.contentType]: { schema: { type: 'string' } } }
          : undefined;
    responses[status] = { description: r.description, ...(content === undefined ? {} : { content }) };
  }
  const errors = new Set<number>([500]);
  if (spec.params !== undefined || spec.query !== undefined || spec.body !== undefined) errors.add(400);
  if (spec.scope !== null) {
    errors.add(401);
    errors.add(403);
    errors.add(429);
  }
  if (spec.body !== undefined) {
    errors.add(413);
    errors.add(415);
  }
  for (const status of errors) responses[String(status)] ??= { description: COMMON_ERRORS[status]!, content: { 'application/json': { schema: errorRef } } };
  const op: Json = {
    operationId: spec.operationId,
    summary: spec.summary,
    description: [spec.description, scopeText(spec.scope)].filter((x) => x !== undefined).join('\n\n'),
    tags: [spec.tag],
    ...(spec.scope === null ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(parameters.length === 0 ? {} : { parameters }),
    responses,
  };
  if (spec.body !== undefined) {
    const ref = c.ref(spec.body.schema, 'input', `${name}Request`);
    const types = spec.body.types ?? ['application/json'];
    op['requestBody'] = { required: spec.body.required ?? true, content: Object.fromEntries(types.map((t) => [t, BODY_CONTENT[t]!(ref)])) };
  }
  return op;
}

function scopeText(scope: RouteSpec['scope']): string {
  if (scope === null) return 'No API key needed.';
  if (scope === 'any') return 'Needs a valid API key, of any scope.';
  return `Needs a key with the \`${scope}\` scope${scope === 'admin' ? '' : ' (or `admin`)'}.`;
}

/** `/v1/models/:model` → `/v1/models/{model}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export interface OpenApiOptions {
  /** The API's version (the server package's). */
  readonly version: string;
}

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument(routes: readonly RouteSpec[], options: OpenApiOptions): Json {
  const c = new Components();
  const errorRef = c.ref(wire.errorResponseSchema, 'output', 'ErrorResponse');
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of routes) (paths[openApiPath(spec.url)] ??= {})[spec.method.toLowerCase()] = operationOf(c, spec, errorRef);
  const schemas = c.finish();
  const tags = [...new Set(routes.map((r) => r.tag))].map((name) => ({
    name,
    ...(TAG_DESCRIPTIONS[name] === undefined ? {} : { description: TAG_DESCRIPTIONS[name] }),
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: options.version,
      description:
        'Vigil monitors machine-learning models in production. Log predictions, labels and metrics; read series, drift and stored predictions; run monitors, alerts and notifications. Send keys as `Authorization: Bearer <key>`. Every error answers `{ "error": { "code", "message", "details" } }`. JSON and NDJSON bodies may write `NaN`, `Infinity` and `-Infinity` outside strings, as Python’s `json.dumps` does: they are read as `null`, a missing value (a feature value is missing; a field that must be a number is refused by name).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This Vigil server' }],
    tags,
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'vgl_<16 hex id>_<32 base64url secret>',
          description: 'An API key, as `vigil serve` prints it or POST /v1/keys returns it',
        },
      },
    },
  };
}
