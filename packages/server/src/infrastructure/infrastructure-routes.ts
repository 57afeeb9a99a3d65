// Routes of hosts: the agent's samples in, the list of hosts and a host's metric series out.

import { z } from 'zod';
import {
  hostListSchema,
  hostNameSchema,
  hostSamplesResponseSchema,
  hostSamplesSchema,
  hostSchema,
  hostSeriesQuerySchema,
  hostSeriesResponseSchema,
} from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { HostService } from './host-service.js';

const TAG = 'Infrastructure';

const hostParams = z.strictObject({ host: hostNameSchema.meta({ description: 'The host name (the agent’s --host)' }) });

export function infrastructureRoutes(hosts: HostService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/hosts/:host/samples',
      operationId: 'postHostSamples',
      summary: "A host's samples (what `vigil agent` sends)",
      description:
        'Each sample is every point read at one time: `{ metric, value, labels }` (utilisations in percent, memory in bytes, power in watts; GPU metrics carry `labels.gpu`, the GPU index). `gpus`, `models` and `labels` replace what the server knew of the host. The host is created by its first batch.',
      tag: TAG,
      scope: 'ingest',
      params: hostParams,
      body: { schema: hostSamplesSchema },
      responses: { 200: { description: 'How many points were stored', schema: hostSamplesResponseSchema } },
      handler: ({ auth, params, body }) => hosts.ingest(auth.projectId, params.host, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/hosts',
      operationId: 'listHosts',
      summary: 'Hosts that reported, with their GPUs and the models they serve',
      tag: TAG,
      scope: 'read',
      responses: { 200: { description: 'The hosts, by name', schema: hostListSchema } },
      handler: ({ auth }) => hosts.list(auth.projectId),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/hosts/:host',
      operationId: 'getHost',
      summary: 'One host',
      tag: TAG,
      scope: 'read',
      params: hostParams,
      responses: { 200: { description: 'The host', schema: hostSchema }, 404: { description: 'No such host' } },
      handler: ({ auth, params }) => hosts.get(auth.projectId, params.host),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/hosts/:host/series',
      operationId: 'getHostSeries',
      summary: 'A host metric over time',
      description:
        'Steps are whole buckets; each step merges its buckets’ summaries and answers `stat` (mean by default) per label set. GPU metrics carry `labels.gpu`; `gpu=` keeps one GPU.',
      tag: TAG,
      scope: 'read',
      params: hostParams,
      query: hostSeriesQuerySchema,
      responses: {
        200: { description: 'The points; `next` says where to continue when cut at `limit`', schema: hostSeriesResponseSchema },
        404: { description: 'No such host' },
      },
      handler: ({ auth, params, query }) => hosts.series(auth.projectId, params.host, query),
    }),
  ];
}
