// Projects, API keys and models.

import type { FastifyInstance } from 'fastify';
import { apiKeySchema, createKeySchema, createModelSchema, createProjectSchema, resourceNameSchema } from '@vigil/wire';
import type { ApiKeyInfo, ModelInfo, ProjectInfo } from '@vigil/wire';
import { z } from 'zod';
import { formatScopes, generateKey, parseScopes } from '../auth/api-keys.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { modelInfo } from '../models/model-schema.js';
import type { ApiKeyRow } from '../storage/store.js';
import { requireScope } from './auth.js';
import type { AppContext } from './app-context.js';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().optional(),
});

function keyInfo(row: ApiKeyRow, project: string, token?: string): ApiKeyInfo {
  const info: ApiKeyInfo = { id: row.id, name: row.name, scopes: parseScopes(row.scopes), project, createdAt: new Date(row.created_at).toISOString() };
  if (token !== undefined) info.key = token;
  return apiKeySchema.parse(info);
}

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/projects', async (request, reply): Promise<ProjectInfo> => {
    const auth = requireScope(request, 'admin');
    if (!auth.root) throw new ForbiddenError('only the bootstrap admin key may create projects');
    const body = createProjectSchema.parse(request.body);
    const key = generateKey();
    const now = ctx.clock();
    const row = { id: key.id, name: 'admin', hash: key.hash, scopes: formatScopes(['admin']), root: 0, created_at: now, revoked_at: null };
    const project = await ctx.store.createProject(body.name, row, now);
    if (project === undefined) throw new ConflictError(`a project named "${body.name}" already exists`);
    reply.status(201);
    return { name: project.name, createdAt: new Date(project.created_at).toISOString(), adminKey: keyInfo({ ...row, project_id: project.id }, project.name, key.token) };
  });

  app.post('/v1/keys', async (request, reply): Promise<ApiKeyInfo> => {
    const auth = requireScope(request, 'admin');
    const body = createKeySchema.parse(request.body);
    const key = generateKey();
    const row: ApiKeyRow = { id: key.id, project_id: auth.projectId, name: body.name, hash: key.hash, scopes: formatScopes(body.scopes), root: 0, created_at: ctx.clock(), revoked_at: null };
    await ctx.store.insertKey(row);
    const project = await ctx.store.projectById(auth.projectId);
    reply.status(201);
    return keyInfo(row, project?.name ?? '', key.token);
  });

  app.get('/v1/keys', async (request) => {
    const auth = requireScope(request, 'admin');
    const project = await ctx.store.projectById(auth.projectId);
    const rows = await ctx.store.listKeys(auth.projectId);
    return { keys: rows.filter((r) => r.revoked_at === null).map((r) => keyInfo(r, project?.name ?? '')) };
  });

  app.delete<{ Params: { id: string } }>('/v1/keys/:id', async (request, reply) => {
    const auth = requireScope(request, 'admin');
    if (!(await ctx.store.revokeKey(auth.projectId, request.params.id, ctx.clock()))) throw new NotFoundError(`no active key "${request.params.id}" in this project`);
    ctx.keys.invalidate(request.params.id);
    reply.status(204);
  });

  app.post('/v1/models', async (request, reply): Promise<ModelInfo> => {
    const auth = requireScope(request, 'admin');
    const body = createModelSchema.parse(request.body);
    const row = await ctx.models.create(auth.projectId, body);
    reply.status(201);
    return modelInfo(row, [], undefined);
  });

  app.get('/v1/models', async (request) => {
    const auth = requireScope(request, 'read');
    const q = listQuery.parse(request.query);
    const rows = await ctx.store.listModels(auth.projectId, q.limit, q.after ?? null);
    const models: ModelInfo[] = [];
    for (const r of rows) models.push(modelInfo(r, await ctx.store.listVersions(r.id), await ctx.store.referenceInfo(r.id)));
    return { models, next: rows.length === q.limit ? rows[rows.length - 1]!.name : null };
  });

  app.get<{ Params: { model: string } }>('/v1/models/:model', async (request): Promise<ModelInfo> => {
    const auth = requireScope(request, 'read');
    resourceNameSchema.parse(request.params.model);
    const row = await ctx.models.resolve(auth.projectId, request.params.model);
    return modelInfo(row, await ctx.store.listVersions(row.id), await ctx.store.referenceInfo(row.id));
  });
}
