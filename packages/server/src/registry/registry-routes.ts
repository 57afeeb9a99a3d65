// Routes of the model registry: versions, aliases and lineage.

import { z } from 'zod';
import {
  aliasNameSchema,
  createModelVersionSchema,
  lineageSchema,
  modelAliasListSchema,
  modelAliasSchema,
  modelVersionListSchema,
  modelVersionSchema,
  putModelAliasSchema,
  replaceModelVersionSchema,
  resourceNameSchema,
  versionNameSchema,
} from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { RegistryService } from './registry-service.js';

const TAG = 'Governance';
const model = resourceNameSchema.meta({ description: 'The model name' });
const modelParams = z.strictObject({ model });
const versionParams = z.strictObject({ model, version: versionNameSchema.meta({ description: 'The version name' }) });
const aliasParams = z.strictObject({ model, alias: aliasNameSchema.meta({ description: 'The alias (champion, challenger, …)' }) });
const noModel = { 404: { description: 'No such model (or version, alias)' } };

export function registryRoutes(registry: RegistryService): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/versions',
      operationId: 'listModelVersions',
      summary: "A model's versions: registered ones, and those only seen in events (registered: false)",
      tag: TAG,
      scope: 'read',
      params: modelParams,
      responses: { 200: { description: 'Versions in order of appearance', schema: modelVersionListSchema }, ...noModel },
      handler: async ({ auth, params }) => ({ versions: await registry.listVersions(auth.projectId, params.model) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/models/:model/versions',
      operationId: 'createModelVersion',
      summary: 'Register a model version: artifact, datasets, commit, parameters, declared metrics',
      description: 'A version seen in events before becomes registered. Declared metrics are the baseline degradation is judged against (AI Act Art. 15(3)).',
      tag: TAG,
      scope: 'admin',
      params: modelParams,
      body: { schema: createModelVersionSchema },
      status: 201,
      responses: { 201: { description: 'The version', schema: modelVersionSchema }, 409: { description: 'Registered already' }, ...noModel },
      handler: ({ auth, params, body }) => registry.createVersion(auth.projectId, params.model, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/versions/:version',
      operationId: 'getModelVersion',
      summary: 'One model version',
      tag: TAG,
      scope: 'read',
      params: versionParams,
      responses: { 200: { description: 'The version', schema: modelVersionSchema }, ...noModel },
      handler: ({ auth, params }) => registry.getVersion(auth.projectId, params.model, params.version),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/models/:model/versions/:version',
      operationId: 'replaceModelVersion',
      summary: "Set a version's record (registering it when it has none)",
      tag: TAG,
      scope: 'admin',
      params: versionParams,
      body: { schema: replaceModelVersionSchema },
      responses: { 200: { description: 'The version', schema: modelVersionSchema }, ...noModel },
      handler: ({ auth, params, body }) => registry.replaceVersion(auth.projectId, params.model, params.version, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/aliases',
      operationId: 'listModelAliases',
      summary: "A model's aliases and every change of them",
      tag: TAG,
      scope: 'read',
      params: modelParams,
      responses: { 200: { description: 'Aliases and their history, oldest change first', schema: modelAliasListSchema }, ...noModel },
      handler: ({ auth, params }) => registry.listAliases(auth.projectId, params.model),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/aliases/:alias',
      operationId: 'getModelAlias',
      summary: 'The version an alias points to',
      tag: TAG,
      scope: 'read',
      params: aliasParams,
      responses: { 200: { description: 'The alias', schema: modelAliasSchema }, ...noModel },
      handler: ({ auth, params }) => registry.getAlias(auth.projectId, params.model, params.alias),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/models/:model/aliases/:alias',
      operationId: 'putModelAlias',
      summary: 'Point an alias at a version (a deployment: optional traffic share and environment)',
      description: 'An alias points to one version; the change is kept in its history and in the audit log.',
      tag: TAG,
      scope: 'admin',
      params: aliasParams,
      body: { schema: putModelAliasSchema },
      responses: { 200: { description: 'The alias', schema: modelAliasSchema }, ...noModel },
      handler: ({ auth, params, body }) => registry.putAlias(auth.projectId, params.model, params.alias, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/models/:model/aliases/:alias',
      operationId: 'deleteModelAlias',
      summary: 'Remove an alias',
      tag: TAG,
      scope: 'admin',
      params: aliasParams,
      status: 204,
      responses: { 204: { description: 'Removed' }, ...noModel },
      handler: ({ auth, params }) => registry.deleteAlias(auth.projectId, params.model, params.alias),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/lineage',
      operationId: 'getModelLineage',
      summary: 'Lineage: datasets → versions → deployments (alias changes with traffic share)',
      tag: TAG,
      scope: 'read',
      params: modelParams,
      responses: { 200: { description: 'The lineage', schema: lineageSchema }, ...noModel },
      handler: ({ auth, params }) => registry.lineage(auth.projectId, params.model),
    }),
  ];
}
