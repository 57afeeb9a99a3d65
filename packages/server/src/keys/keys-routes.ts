// Routes of projects and API keys: parse, call KeyService, answer.

import { z } from 'zod';
import { apiKeySchema, createKeySchema, createProjectSchema, keyListSchema, projectSchema, resourceNameSchema, rotateKeySchema } from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { KeyService } from './key-service.js';

const TAG = 'Keys and projects';

export function keysRoutes(keys: KeyService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/projects',
      operationId: 'createProject',
      summary: 'Create a project with its first admin key',
      description: 'Only the bootstrap admin key may create projects. The answer holds the new admin key, once.',
      tag: TAG,
      scope: 'admin',
      body: { schema: createProjectSchema },
      status: 201,
      responses: { 201: { description: 'The project and its admin key', schema: projectSchema }, 409: { description: 'A project of that name exists' } },
      handler: ({ auth, body }) => keys.createProject(auth, body.name),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/projects/:name',
      operationId: 'deleteProject',
      summary: 'Delete a project with everything in it',
      description:
        'Only the bootstrap admin key may, and not for its own project. Models with all their data, monitors, alerts, channels, silences, notifications and keys go in one transaction; other replicas may accept the project’s keys for up to 5 s more.',
      tag: TAG,
      scope: 'admin',
      params: z.strictObject({ name: resourceNameSchema.meta({ description: 'The project name' }) }),
      status: 204,
      responses: {
        204: { description: 'Deleted' },
        404: { description: 'No such project' },
        409: { description: 'The project of the calling key' },
      },
      handler: ({ auth, params }) => keys.deleteProject(auth, params.name),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/keys',
      operationId: 'createKey',
      summary: "Create an API key in the caller's project",
      tag: TAG,
      scope: 'admin',
      body: { schema: createKeySchema },
      status: 201,
      responses: { 201: { description: 'The key; its secret (`key`) is shown only here', schema: apiKeySchema } },
      handler: ({ auth, body }) => keys.createKey(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/keys',
      operationId: 'listKeys',
      summary: "List the project's active keys",
      tag: TAG,
      scope: 'admin',
      responses: { 200: { description: 'Active keys, without secrets', schema: keyListSchema } },
      handler: async ({ auth }) => ({ keys: await keys.listKeys(auth.projectId) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/keys/me',
      operationId: 'getOwnKey',
      summary: 'The calling key: its name, project and scopes',
      description: 'What the key may do, so a client (the dashboard) can offer only the actions its scopes allow. Never the secret.',
      tag: TAG,
      scope: 'any',
      responses: { 200: { description: 'The calling key, without its secret', schema: apiKeySchema } },
      handler: ({ auth }) => keys.whoami(auth),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/keys/:id/rotate',
      operationId: 'rotateKey',
      summary: 'Rotate a key: a new key with the same name, scopes and role; the old one expires after a grace period',
      tag: TAG,
      scope: 'admin',
      params: z.strictObject({ id: z.string().min(1).max(128).meta({ description: 'The key id' }) }),
      body: { schema: rotateKeySchema, required: false },
      status: 201,
      responses: {
        201: { description: 'The new key; its secret (`key`) is shown only here', schema: apiKeySchema },
        404: { description: 'No active key of that id' },
      },
      handler: ({ auth, params, body }) => keys.rotateKey(auth.projectId, params.id, body ?? {}),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/keys/:id',
      operationId: 'revokeKey',
      summary: 'Revoke a key',
      description: 'Other replicas may accept the key for up to 5 seconds (their key cache).',
      tag: TAG,
      scope: 'admin',
      params: z.strictObject({ id: z.string() }),
      status: 204,
      responses: { 204: { description: 'Revoked' }, 404: { description: 'No active key of that id' } },
      handler: ({ auth, params }) => keys.revokeKey(auth.projectId, params.id),
    }),
  ];
}
