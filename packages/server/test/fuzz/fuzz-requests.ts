// Requests for every operation of an OpenAPI document: path and query parameters and bodies from
// the operation's JSON Schemas (valid ones, and valid ones with one to three hostile mutations),
// odd encodings in paths and queries, wrong and missing content types, broken gzip, NDJSON, CSV and
// Parquet bodies where taken, and each of the caller's keys (admin, read-only, none, garbage).

import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { applyMutations, hostileNumber, hostileString, mutation, PROTOTYPE_KEYS } from './hostile-values.js';
import { arbitraryFromSchema } from './json-schema-arbitrary.js';
import type { JsonSchema, SchemaArbitraryOptions } from './json-schema-arbitrary.js';
import { RawJson, toJsonText } from './json-text.js';

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

interface OperationObject {
  readonly operationId: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>> };
  readonly security?: readonly unknown[];
}

/** The parts of an OpenAPI 3.1 document this reads. */
export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> };
}

export interface Operation {
  readonly operationId: string;
  readonly method: string;
  /** OpenAPI's form: `/v1/models/{model}`. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  /** Content types the body may have, with the JSON body's schema. */
  readonly bodyTypes: readonly string[];
  readonly jsonBody: JsonSchema | undefined;
  readonly needsKey: boolean;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      bodyTypes: Object.keys(op.requestBody?.content ?? {}),
      jsonBody: op.requestBody?.content['application/json']?.schema,
      needsKey: (op.security ?? []).length > 0,
    })),
  );
}

/** A request as it goes on the wire, with what went into it (for reports and checks). */
export interface FuzzRequest {
  /** The operation it was made for (`unknown` for paths and methods the API lacks). */
  readonly operationId: string;
  readonly method: string;
  /** Path and query, encoded. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  /** The JSON value the body was written from, when it was one. */
  readonly bodyValue?: unknown;
  /** How it was made: `valid`, `mutated body`, `hostile path`, `content type text/plain`, … */
  readonly shape: readonly string[];
  /** Which key: admin, read, none, garbage. */
  readonly caller: Caller;
}

export type Caller = 'admin' | 'read' | 'none' | 'garbage';

export interface RequestArbitraryOptions extends Omit<SchemaArbitraryOptions, 'components'> {
  readonly keys: { readonly admin: string; readonly read: string };
}

/** Path segments that are not what `encodeURIComponent` would write. */
const RAW_SEGMENTS = ['%', '%zz', '%C0%80', '%FF', '%E0%A4%A', '%2e%2e', '..', '%2F', 'a%00b', '%00', '%F0%9F%98%80', 'a%20b', '%u0041'];

const BAD_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json-patch+json',
  'application/octet-stream',
  'image/png',
  'application/x-ndjson',
  'text/csv',
  'application/vnd.apache.parquet',
];

/** Bodies that are not JSON, or not quite. */
const BROKEN_BODIES: readonly (string | Buffer)[] = [
  '',
  '{',
  '{"a":',
  '[1,2',
  'null',
  '"text"',
  '1',
  '{}',
  '[]',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '{"a":NaN}',
  '{"a":Infinity,"b":-Infinity}',
  '{"a":1e999}',
  "{'a':1}",
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
  'a,b\n1,2\n',
  'PAR1\u0000\u0000PAR1',
];

const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  { arbitrary: fc.constant('admin' as const), weight: 7 },
  { arbitrary: fc.constant('read' as const), weight: 2 },
  { arbitrary: fc.constant('none' as const), weight: 1 },
  { arbitrary: fc.constant('garbage' as const), weight: 1 },
);

const garbageAuth = fc.constantFrom(
  'Bearer',
  'Bearer ',
  'Basic dXNlcjpwYXNz',
  'Bearer vgl_x_y',
  'Bearer vgl_0000000000000000_00000000000000000000000000000000',
  'Bearer \u00ff\u00fe',
  `Bearer ${'a'.repeat(5000)}`,
  'bearer  vgl_',
);

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate goes as U+FFFD, where encodeURIComponent throws). */
export function percentEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function encodeQuery(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? '' : '?' + pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

/** The JSON value as NDJSON: the items of its one array field, one a line (an ingest batch), or itself on one line. */
function asNdjson(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const arrays = Object.values(value).filter(Array.isArray);
    if (arrays.length === 1) return (arrays[0] as unknown[]).map((item) => toJsonText(item)).join('\n') + '\n';
  }
  return toJsonText(value) + '\n';
}

/** A CSV table with a header of pool names and a few rows of numbers and words. */
const csvBody = (pool: readonly string[]) =>
  fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...pool, 'y', 'p', 'x'), { minLength: 1, maxLength: 4 }),
      fc.array(
        fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map(String), fc.constantFrom('', 'NA', 'a', 'b', '"q,"', '1e999', 'nan')), {
          minLength: 4,
          maxLength: 4,
        }),
        {
          minLength: 0,
          maxLength: 6,
        },
      ),
    )
    .map(([header, rows]) => [header.join(','), ...rows.map((r) => r.slice(0, header.length).join(','))].join('\n') + '\n');

/** A path parameter: mostly one the schema (and the pool) gives, else a hostile string, else a raw odd encoding. */
function pathParameter(p: Parameter, schemaOptions: SchemaArbitraryOptions): fc.Arbitrary<{ text: string; shape?: string }> {
  return fc.oneof(
    { arbitrary: arbitraryFromSchema(p.schema, schemaOptions).map((v) => ({ text: percentEncode(String(v)) })), weight: 8 },
    { arbitrary: hostileString.map((s) => ({ text: percentEncode(s), shape: `hostile path ${p.name}` })), weight: 3 },
    { arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((s) => ({ text: s, shape: `raw path ${p.name} ${s}` })), weight: 1 },
  );
}

/** The query: each parameter valid, absent, hostile or repeated, and now and then one the API does not know. */
function queryOf(params: readonly Parameter[], schemaOptions: SchemaArbitraryOptions): fc.Arbitrary<{ pairs: [string, string][]; shapes: string[] }> {
  const each = params.map((p) =>
    fc.oneof(
      {
        arbitrary: arbitraryFromSchema(p.schema, schemaOptions).map((v) => ({ values: (Array.isArray(v) ? v : [v]).map(String), shape: undefined })),
        weight: 6,
      },
      {
        arbitrary: fc.constant({ values: [] as string[], shape: p.required === true ? `missing query ${p.name}` : undefined }),
        weight: p.required === true ? 1 : 4,
      },
      {
        arbitrary: fc
          .oneof(
            hostileString,
            hostileNumber.map((n) => (n instanceof RawJson ? n.text : String(n))),
          )
          .map((s) => ({ values: [s], shape: `hostile query ${p.name}` })),
        weight: 2,
      },
      {
        arbitrary: fc
          .array(arbitraryFromSchema(p.schema, schemaOptions).map(String), { minLength: 2, maxLength: 3 })
          .map((values) => ({ values, shape: `repeated query ${p.name}` })),
        weight: 1,
      },
    ),
  );
  const extra = fc.oneof(
    { arbitrary: fc.constant([] as [string, string][]), weight: 8 },
    {
      arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'a[b]', 'a[]', ''), fc.string({ maxLength: 5 })), hostileString).map((kv) => [kv]),
      weight: 1,
    },
  );
  return fc.tuple(fc.tuple(...each), extra).map(([chosen, more]) => {
    const pairs: [string, string][] = [];
    const shapes: string[] = [];
    chosen.forEach((c, i) => {
      for (const v of c.values) pairs.push([params[i]!.name, v]);
      if (c.shape !== undefined) shapes.push(c.shape);
    });
    for (const kv of more) {
      pairs.push(kv);
      shapes.push(`extra query ${JSON.stringify(kv[0])}`);
    }
    return { pairs, shapes };
  });
}

interface Body {
  readonly body: Buffer | undefined;
  readonly headers: Record<string, string>;
  readonly value?: unknown;
  readonly shape: string[];
}

function bodyOf(op: Operation, schemaOptions: SchemaArbitraryOptions): fc.Arbitrary<Body> {
  const json = (text: string): Buffer => Buffer.from(text);
  const valid = op.jsonBody === undefined ? fc.constant<unknown>({}) : arbitraryFromSchema(op.jsonBody, schemaOptions);
  const variants: fc.WeightedArbitrary<Body>[] = [
    {
      arbitrary: valid.map((value) => ({ body: json(toJsonText(value)), headers: { 'content-type': 'application/json' }, value, shape: ['valid'] })),
      weight: 6,
    },
    {
      arbitrary: fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([v, ms]) => {
        const value = applyMutations(v, ms);
        return {
          body: json(toJsonText(value)),
          headers: { 'content-type': 'application/json' },
          value,
          shape: [`mutated body (${ms.map((m) => m.kind).join(', ')})`],
        };
      }),
      weight: 6,
    },
    {
      arbitrary: fc.constantFrom(...BROKEN_BODIES).map((b) => ({
        body: Buffer.from(b),
        headers: { 'content-type': 'application/json' },
        shape: [`broken JSON ${JSON.stringify(b.toString()).slice(0, 40)}`],
      })),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...BAD_CONTENT_TYPES.filter((t) => !op.bodyTypes.includes(t))))
        .map(([value, type]) => ({ body: json(toJsonText(value)), headers: { 'content-type': type }, value, shape: [`content type ${type}`] })),
      weight: 2,
    },
    { arbitrary: valid.map((value) => ({ body: json(toJsonText(value)), headers: {}, value, shape: ['no content type'] })), weight: 1 },
    {
      arbitrary: fc.tuple(valid, fc.constantFrom('gzip', 'gzip-broken', 'GZIP', 'br', 'deflate', 'identity', 'gzip, gzip')).map(([value, enc]) => {
        const text = toJsonText(value);
        const body = enc === 'gzip' || enc === 'GZIP' ? gzipSync(text) : Buffer.from(text);
        return {
          body,
          headers: { 'content-type': 'application/json', 'content-encoding': enc === 'gzip-broken' ? 'gzip' : enc },
          value,
          shape: [`content encoding ${enc}`],
        };
      }),
      weight: 1,
    },
  ];
  if (op.bodyTypes.includes('application/x-ndjson'))
    variants.push({
      arbitrary: fc.tuple(valid, fc.boolean(), fc.array(mutation, { maxLength: 2 })).map(([v, mutate, ms]) => {
        const value = mutate ? applyMutations(v, ms) : v;
        return {
          body: Buffer.from(asNdjson(value)),
          headers: { 'content-type': 'application/x-ndjson' },
          shape: [mutate && ms.length > 0 ? 'mutated NDJSON' : 'NDJSON'],
        };
      }),
      weight: 3,
    });
  if (op.bodyTypes.includes('text/csv'))
    variants.push({
      arbitrary: csvBody(schemaOptions.pool ?? ['a']).map((text) => ({ body: Buffer.from(text), headers: { 'content-type': 'text/csv' }, shape: ['CSV'] })),
      weight: 2,
    });
  if (op.bodyTypes.includes('application/vnd.apache.parquet'))
    variants.push({
      arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({
        body: Buffer.concat([Buffer.from('PAR1'), bytes, Buffer.from('PAR1')]),
        headers: { 'content-type': 'application/vnd.apache.parquet' },
        shape: ['Parquet bytes'],
      })),
      weight: 1,
    });
  if (op.bodyTypes.length === 0)
    return fc.oneof(
      { arbitrary: fc.constant<Body>({ body: undefined, headers: {}, shape: [] }), weight: 8 },
      {
        arbitrary: fc
          .constantFrom(...BROKEN_BODIES.slice(0, 12))
          .map((b) => ({ body: Buffer.from(b), headers: { 'content-type': 'application/json' }, shape: ['body where none is taken'] })),
        weight: 1,
      },
    );
  return fc.oneof(...variants, { arbitrary: fc.constant<Body>({ body: undefined, headers: {}, shape: ['no body'] }), weight: 1 });
}

/** A request for `op`. */
export function requestFor(op: Operation, doc: OpenApiDocument, options: RequestArbitraryOptions): fc.Arbitrary<FuzzRequest> {
  const schemaOptions: SchemaArbitraryOptions = { ...options, components: doc.components.schemas };
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => pathParameter(p, schemaOptions))),
      query: queryOf(queryParams, schemaOptions),
      body: bodyOf(op, schemaOptions),
      caller: callerArb,
      garbage: garbageAuth,
    })
    .map(({ path, query, body, caller, garbage }) => {
      let url = op.path;
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, path[i]!.text)));
      const headers: Record<string, string> = { ...body.headers };
      if (caller === 'admin') headers['authorization'] = `Bearer ${options.keys.admin}`;
      if (caller === 'read') headers['authorization'] = `Bearer ${options.keys.read}`;
      if (caller === 'garbage') headers['authorization'] = garbage;
      const shape = [
        ...path.flatMap((p) => (p.shape === undefined ? [] : [p.shape])),
        // An empty segment makes another route's URL (`/v1/alerts/` is the list): say so.
        ...pathParams.flatMap((p, i) => (path[i]!.text === '' ? [`empty path ${p.name}`] : [])),
        ...query.shapes,
        ...body.shape,
      ];
      return {
        operationId: op.operationId,
        method: op.method,
        url: url + encodeQuery(query.pairs),
        headers,
        body: body.body,
        ...(body.value === undefined ? {} : { bodyValue: body.value }),
        shape: shape.length === 0 ? ['valid'] : shape,
        caller,
      };
    });
}

/** Requests the API has no route for: unknown paths, methods it does not take, absurd URLs. */
export function strayRequest(options: RequestArbitraryOptions): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      fc.constantFrom(
        '/v1/nope',
        '/v1/models/a/b/c/d',
        '/v1/models/%00',
        '/v1//models',
        '/v1/models/..%2F..%2Fetc',
        '/v1/models?limit=1&limit=2',
        '/v1/models?limit=%zz',
        '/%',
        '/docs/%E0%A4%A',
        '/v1/__proto__',
        '/v1/models/constructor',
        '/metrics/',
        '/healthz?__proto__[x]=1',
        `/v1/models/${'a'.repeat(9000)}`,
      ),
      callerArb,
    )
    .map(([method, url, caller]) => ({
      operationId: 'unknown',
      method,
      url,
      headers:
        caller === 'admin' ? { authorization: `Bearer ${options.keys.admin}` } : caller === 'read' ? { authorization: `Bearer ${options.keys.read}` } : {},
      body: undefined,
      shape: ['stray request'],
      caller,
    }));
}

/** Requests for every operation of `doc`, each operation as likely as any other, and a few stray ones. */
export function apiRequests(doc: OpenApiDocument, options: RequestArbitraryOptions): fc.Arbitrary<FuzzRequest> {
  const ops = operationsOf(doc);
  return fc.oneof(...ops.map((op) => ({ arbitrary: requestFor(op, doc, options), weight: 4 })), { arbitrary: strayRequest(options), weight: 2 });
}
