// Routes of experiments: definitions and their life, assignment, exposures, outcomes and results.
// Parse, call ExperimentService, answer.

import { z } from 'zod';
import {
  MAX_BATCH_EVENTS,
  assignQuerySchema,
  assignmentSchema,
  createExperimentSchema,
  experimentListQuerySchema,
  experimentListSchema,
  experimentResultsSchema,
  experimentSchema,
  exposureBatchSchema,
  exposureResponseSchema,
  outcomeBatchSchema,
  outcomeResponseSchema,
  quickExposureCheck,
  quickOutcomeCheck,
  resourceNameSchema,
} from '@vigil/wire';
import { defineRoute, isNdjsonBody } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { describeBatchErrors } from '../ingest/ingest-service.js';
import { parseInput } from '../parse-input.js';
import type { ExperimentService } from './experiment-service.js';

const TAG = 'Experiments';

const experimentParams = z.strictObject({ experiment: resourceNameSchema.meta({ description: 'The experiment name' }) });
const notFound = { 404: { description: 'No such experiment' } };
const BODY_TYPES = ['application/json', 'application/x-ndjson'] as const;

/** A JSON `{ events }` body or NDJSON lines, validated whole: quick checks first, zod (naming every bad field) for anything they do not vouch for. */
function eventsOf<S extends z.ZodType>(schema: S, body: unknown, quick: (item: unknown) => boolean): z.output<S> {
  const b = isNdjsonBody(body) ? { events: body.ndjson } : body;
  if (typeof b === 'object' && b !== null && !Array.isArray(b) && Object.getPrototypeOf(b) === Object.prototype) {
    const keys = Object.keys(b);
    const list = (b as Record<string, unknown>)['events'];
    if (keys.length === 1 && keys[0] === 'events' && Array.isArray(list) && list.length >= 1 && list.length <= MAX_BATCH_EVENTS && list.every(quick))
      return b as z.output<S>;
  }
  return parseInput(schema, b, { describe: describeBatchErrors });
}

export function experimentsRoutes(experiments: ExperimentService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/experiments',
      operationId: 'createExperiment',
      summary: 'Create an experiment (A/B test, champion/challenger)',
      description:
        'Variants (the first is the control) with weights that sum to 1, metrics with their role, and the analysis settings. It starts running: it takes exposures at once.',
      tag: TAG,
      scope: 'admin',
      body: { schema: createExperimentSchema },
      status: 201,
      responses: { 201: { description: 'The experiment', schema: experimentSchema }, 409: { description: 'An experiment of that name exists' } },
      handler: ({ auth, body }) => experiments.create(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/experiments',
      operationId: 'listExperiments',
      summary: 'List experiments, by name',
      tag: TAG,
      scope: 'read',
      query: experimentListQuerySchema,
      responses: { 200: { description: 'A page of experiments; `next` continues it', schema: experimentListSchema } },
      handler: ({ auth, query }) => experiments.list(auth.projectId, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/experiments/:experiment',
      operationId: 'getExperiment',
      summary: 'One experiment: its definition, status and units',
      tag: TAG,
      scope: 'read',
      params: experimentParams,
      responses: { 200: { description: 'The experiment', schema: experimentSchema }, ...notFound },
      handler: ({ auth, params }) => experiments.get(auth.projectId, params.experiment),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/experiments/:experiment',
      operationId: 'replaceExperiment',
      summary: "Replace an experiment's definition",
      description:
        'It keeps its name. Once units are exposed its variants keep their names and order (409); weights, coverage, metrics and settings may change.',
      tag: TAG,
      scope: 'admin',
      params: experimentParams,
      body: { schema: createExperimentSchema },
      responses: {
        200: { description: 'The experiment', schema: experimentSchema },
        ...notFound,
        409: { description: 'Archived, or its variants would change after units were exposed' },
      },
      handler: ({ auth, params, body }) => experiments.replace(auth.projectId, params.experiment, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/experiments/:experiment/stop',
      operationId: 'stopExperiment',
      summary: 'Stop an experiment: no more exposures (outcomes of its units still count)',
      tag: TAG,
      scope: 'admin',
      params: experimentParams,
      responses: { 200: { description: 'The experiment', schema: experimentSchema }, ...notFound, 409: { description: 'Archived' } },
      handler: ({ auth, params }) => experiments.stop(auth.projectId, params.experiment),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/experiments/:experiment/archive',
      operationId: 'archiveExperiment',
      summary: 'Archive an experiment: no more exposures or outcomes; results stay readable',
      tag: TAG,
      scope: 'admin',
      params: experimentParams,
      responses: { 200: { description: 'The experiment', schema: experimentSchema }, ...notFound },
      handler: ({ auth, params }) => experiments.archive(auth.projectId, params.experiment),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/experiments/:experiment/assign',
      operationId: 'assignExperimentUnit',
      summary: "A unit's variant",
      description:
        "GrowthBook's assignment: gbHash(key ?? name, unit, hashVersion) placed in bucketRanges(weights, coverage). The SDKs compute the same locally. Assigning records no exposure.",
      tag: TAG,
      scope: 'read',
      params: experimentParams,
      query: assignQuerySchema,
      responses: { 200: { description: 'The variant (null and index −1 outside the coverage) and the hash', schema: assignmentSchema }, ...notFound },
      handler: ({ auth, params, query }) => experiments.assign(auth.projectId, params.experiment, query.unit),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/experiments/:experiment/exposures',
      operationId: 'logExposures',
      summary: 'Log exposures (a unit saw a variant)',
      description:
        "A batch is validated whole and stored in one transaction, or not at all. A unit's first exposure fixes its variant and time; a later one to another variant is counted as a conflict and changes nothing.",
      tag: TAG,
      scope: 'ingest',
      params: experimentParams,
      body: { schema: exposureBatchSchema, types: BODY_TYPES, manual: true },
      responses: {
        200: { description: 'Stored: committed before this answer', schema: exposureResponseSchema },
        ...notFound,
        409: { description: 'The experiment is stopped or archived' },
        413: { description: 'The body is over the limit' },
      },
      handler: ({ auth, params, body }) =>
        experiments.exposures(auth.projectId, params.experiment, eventsOf(exposureBatchSchema, body as unknown, quickExposureCheck).events),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/experiments/:experiment/outcomes',
      operationId: 'logOutcomes',
      summary: 'Log outcomes (values of outcome metrics per unit)',
      description:
        "A unit's metric value is the sum of its outcomes at or after its first exposure. Outcomes of units not exposed yet wait for the exposure; those before it count only as CUPED covariates. Validated whole and stored in one transaction, or not at all.",
      tag: TAG,
      scope: 'ingest',
      params: experimentParams,
      body: { schema: outcomeBatchSchema, types: BODY_TYPES, manual: true },
      responses: {
        200: { description: 'Stored: committed before this answer', schema: outcomeResponseSchema },
        ...notFound,
        409: { description: 'The experiment is archived' },
        413: { description: 'The body is over the limit' },
      },
      handler: ({ auth, params, body }) =>
        experiments.outcomes(auth.projectId, params.experiment, eventsOf(outcomeBatchSchema, body as unknown, quickOutcomeCheck).events),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/experiments/:experiment/results',
      operationId: 'getExperimentResults',
      summary: 'Results: effects per metric, SRM, guardrails, decision, power and the cumulative effect',
      description:
        'Computed from per-bucket sufficient statistics kept current at ingest, never by reading events: the answer costs the same for a thousand units or ten million.',
      tag: TAG,
      scope: 'read',
      params: experimentParams,
      responses: { 200: { description: 'The results', schema: experimentResultsSchema }, ...notFound },
      handler: ({ auth, params }) => experiments.results(auth.projectId, params.experiment),
    }),
  ];
}
