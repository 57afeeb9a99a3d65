// The OpenAPI document as a client reads it from a running server: valid OpenAPI 3.1 by a
// maintained validator, every registered route in it with its operationId, every response
// described, and every named component used.

import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../api/openapi.js';
import { registeredRoutes } from './app.js';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

type Operation = {
  operationId?: string;
  responses: Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  servers: unknown[];
};

let s: TestServer;
let doc: Doc;

beforeAll(async () => {
  s = await createTestServer();
  const r = await fetch(`${s.url}/docs/openapi.json`);
  expect(r.status).toBe(200);
  doc = (await r.json()) as Doc;
});
afterAll(() => s.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

describe('GET /docs/openapi.json', () => {
  it('passes the OpenAPI 3.1 schema validator, with every $ref resolved', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // resolveRefs throws on a $ref that points nowhere.
    expect(() => validator.resolveRefs()).not.toThrow();
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearer']);
  });

  it('is checked by a validator that does refuse a broken document', async () => {
    const broken = structuredClone(doc);
    delete broken.paths['/v1/models']!['get']!.responses['200']!.description;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('holds every registered route, and nothing that is not one', () => {
    const routes = registeredRoutes(s.app).filter((r) => !r.hidden);
    expect(routes.length).toBeGreaterThanOrEqual(38);
    const documented = new Set(operations().map((o) => `${o.method} ${o.path}`));
    for (const r of routes) expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${openApiPath(r.url)}`);
    const served = new Set(routes.map((r) => `${r.method} ${openApiPath(r.url)}`));
    for (const o of operations()) expect(served, `${o.method} ${o.path}`).toContain(`${o.method} ${o.path}`);
    // What is left out is only the docs' and the dashboard's pages and assets.
    const hidden = registeredRoutes(s.app)
      .filter((r) => r.hidden)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(hidden).toEqual(['GET /docs', 'GET /docs/assets/*']);
  });

  it('gives every operation a unique operationId that the route carries, and describes every response', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of registeredRoutes(s.app).filter((x) => !x.hidden))
      expect(doc.paths[openApiPath(r.url)]![r.method.toLowerCase()]!.operationId).toBe(r.operationId);
    for (const { op, method, path } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) expect(response.description, `${method} ${path} ${status}`).toMatch(/\S/);
    }
  });

  it('documents the error shape, the scopes and the path parameters', () => {
    const ingest = doc.paths['/v1/models/{model}/predictions']!['post']!;
    expect(ingest.security).toEqual([{ bearer: [] }]);
    expect(ingest.parameters).toEqual([expect.objectContaining({ name: 'model', in: 'path' })]);
    for (const status of ['400', '401', '403', '404', '413', '500'])
      expect(ingest.responses[status]!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
    expect(doc.paths['/healthz']!['get']!.security).toEqual([]);
    const series = doc.paths['/v1/models/{model}/series']!['get']!;
    expect(series.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:model',
      'query:metric',
      'query:from',
      'query:to',
      'query:step',
      'query:feature',
      'query:version',
      'query:segment',
      'query:slice',
      'query:limit',
    ]);
    // The recursive routing tree is a component that refers to itself.
    expect(JSON.stringify(doc.components.schemas['RouteInput'])).toContain('#/components/schemas/RouteInput');
  });

  it('uses every component it defines', () => {
    const text = JSON.stringify(doc.paths) + JSON.stringify(doc.components.schemas);
    for (const name of Object.keys(doc.components.schemas)) expect(text, name).toContain(`"#/components/schemas/${name}"`);
  });

  it('matches real answers: a created model and an error parse with the schemas the document names', async () => {
    const created = await s.request('POST', '/v1/models', { name: 'docs-check', type: 'binary' });
    expect(created.status).toBe(201);
    const schema = doc.components.schemas['Model'] as { required: string[] };
    expect(Object.keys(created.body).sort()).toEqual([...schema.required].sort());
    const bad = await s.request('POST', '/v1/models', { name: 'x', type: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('type');
  });
});

describe('GET /docs', () => {
  it('serves interactive docs from this server, without a CDN', async () => {
    const page = await fetch(`${s.url}/docs`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.every((a) => a.startsWith('/docs/'))).toBe(true);
    for (const a of assets) {
      const r = await fetch(`${s.url}${a}`);
      expect(r.status, a).toBe(200);
      expect((await r.arrayBuffer()).byteLength, a).toBeGreaterThan(100);
    }
    expect((await fetch(`${s.url}/docs/assets/../../package.json`)).status).toBe(404);
  });
});
