// Routes of the server itself: a health check and the OpenAPI document.

import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { z } from 'zod';
import type { ClusterHealth } from '../cluster/cluster-state.js';

const healthSchema = z.object({
  status: z.literal('ok'),
  role: z
    .enum(['leader', 'follower'])
    .optional()
    .describe('On PostgreSQL: whether this replica runs the background work (absent on SQLite, where it always does)'),
  queue: z
    .object({
      connected: z.boolean(),
      stream: z.string(),
      consumer: z.string(),
      lag: z.number().int().nullable().describe('Batches of the ingest queue not yet written and acked (null before the first reading)'),
      redeliveries: z.number().int(),
    })
    .optional()
    .describe('With --queue: the ingest queue as this replica sees it'),
});

export function systemRoutes(document: () => unknown, cluster: () => ClusterHealth = () => ({})): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'getHealth',
      summary: 'Whether the server is up, and its role in a cluster',
      tag: 'Operations',
      scope: null,
      responses: { 200: { description: 'The server answers', schema: healthSchema } },
      handler: async () => ({ status: 'ok' as const, ...cluster() }),
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
