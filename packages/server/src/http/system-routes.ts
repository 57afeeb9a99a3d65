// Routes of the server itself: a health check and the OpenAPI document.

import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { z } from 'zod';

export function systemRoutes(document: () => unknown): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'getHealth',
      summary: 'Whether the server is up',
      tag: 'Operations',
      scope: null,
      responses: { 200: { description: 'The server answers', schema: z.object({ status: z.literal('ok') }) } },
      handler: async () => ({ status: 'ok' }),
    }),
    defineRoute({
      method: 'GET',
      url: '/docs/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI 3.1 document',
      description: 'Generated from the same route declarations and zod schemas that validate each request. `/docs` shows it as interactive reference docs.',
      tag: 'Operations',
      scope: null,
      responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
      handler: async () => document(),
    }),
  ];
}
