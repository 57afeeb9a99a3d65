// Routes of pipeline runs: report a run (idempotent by id), list runs, read a pipeline's series.

import { z } from 'zod';
import {
  pipelineRunInputSchema,
  pipelineRunListQuerySchema,
  pipelineRunListSchema,
  pipelineRunSchema,
  pipelineSeriesQuerySchema,
  resourceNameSchema,
  seriesResponseSchema,
} from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { PipelineService } from './pipeline-service.js';

const TAG = 'Pipelines';

const pipelineParams = z.strictObject({ pipeline: resourceNameSchema.meta({ description: 'The pipeline name' }) });

export function pipelinesRoutes(pipelines: PipelineService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/pipelines/:pipeline/runs',
      operationId: 'postPipelineRun',
      summary: 'Report a pipeline run',
      description:
        'Idempotent by `id`: a later post of the same id updates the run (`running`, then `succeeded` or `failed`). A finished run without `finishedAt` finishes when it is posted.',
      tag: TAG,
      scope: 'ingest',
      params: pipelineParams,
      body: { schema: pipelineRunInputSchema },
      responses: { 200: { description: 'The run as stored', schema: pipelineRunSchema } },
      handler: ({ auth, params, body }) => pipelines.postRun(auth.projectId, params.pipeline, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/pipelines/:pipeline/runs',
      operationId: 'listPipelineRuns',
      summary: 'Runs of a pipeline, newest first',
      tag: TAG,
      scope: 'read',
      params: pipelineParams,
      query: pipelineRunListQuerySchema,
      responses: { 200: { description: 'A page of runs; `next` is the `to` of the next page', schema: pipelineRunListSchema } },
      handler: ({ auth, params, query }) => pipelines.listRuns(auth.projectId, params.pipeline, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/pipelines/:pipeline/series',
      operationId: 'getPipelineSeries',
      summary: 'A pipeline metric over time',
      description: '`run_duration` (seconds), `run_success_rate` (succeeded ÷ finished) and `run_lateness` (seconds after the scheduled time), per step.',
      tag: TAG,
      scope: 'read',
      params: pipelineParams,
      query: pipelineSeriesQuerySchema,
      responses: { 200: { description: 'The series', schema: seriesResponseSchema }, 404: { description: 'The pipeline has no runs' } },
      handler: ({ auth, params, query }) => pipelines.series(auth.projectId, params.pipeline, query),
    }),
  ];
}
