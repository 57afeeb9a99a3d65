// Routes of data policies (PII at ingest, retention) and of erasure.

import { z } from 'zod';
import { dataPolicyInfoSchema, dataPolicySchema, erasureResultSchema, erasureSchema, resourceNameSchema } from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { DataPolicyService } from './data-policy-service.js';

const TAG = 'Governance';
const modelParams = z.strictObject({ model: resourceNameSchema.meta({ description: 'The model name' }) });
const POLICY =
  'Named fields are dropped, masked or replaced by HMAC-SHA-256 under the server key; string values can be scanned for e-mail addresses, phone numbers and card numbers (Luhn), each with an action; applied at ingest to features and segments before anything is stored. Retention sets how long raw events, profiles, resolved alerts, notifications and audit payloads are kept.';

export function dataPolicyRoutes(policies: DataPolicyService): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/data-policy',
      operationId: 'getDataPolicy',
      summary: "The project's data policy",
      tag: TAG,
      scope: 'read',
      responses: { 200: { description: 'The policy', schema: dataPolicyInfoSchema } },
      handler: ({ auth }) => policies.get(auth.projectId),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/data-policy',
      operationId: 'putDataPolicy',
      summary: "Set the project's data policy (PII handling at ingest, retention)",
      description: POLICY,
      tag: TAG,
      scope: 'admin',
      body: { schema: dataPolicySchema },
      responses: { 200: { description: 'The policy', schema: dataPolicyInfoSchema } },
      handler: ({ auth, body }) => policies.put(auth.projectId, undefined, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/data-policy',
      operationId: 'deleteDataPolicy',
      summary: "Remove the project's data policy",
      tag: TAG,
      scope: 'admin',
      status: 204,
      responses: { 204: { description: 'Removed' }, 404: { description: 'No policy' } },
      handler: ({ auth }) => policies.delete(auth.projectId, undefined),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/data-policy',
      operationId: 'getModelDataPolicy',
      summary: "A model's data policy, and the effective one (the project's under the model's)",
      tag: TAG,
      scope: 'read',
      params: modelParams,
      responses: { 200: { description: 'The policy', schema: dataPolicyInfoSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params }) => policies.get(auth.projectId, params.model),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/models/:model/data-policy',
      operationId: 'putModelDataPolicy',
      summary: "Set a model's data policy (its settings win over the project's)",
      description: POLICY,
      tag: TAG,
      scope: 'admin',
      params: modelParams,
      body: { schema: dataPolicySchema },
      responses: { 200: { description: 'The policy', schema: dataPolicyInfoSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params, body }) => policies.put(auth.projectId, params.model, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/models/:model/data-policy',
      operationId: 'deleteModelDataPolicy',
      summary: "Remove a model's data policy",
      tag: TAG,
      scope: 'admin',
      params: modelParams,
      status: 204,
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such model or policy' } },
      handler: ({ auth, params }) => policies.delete(auth.projectId, params.model),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/models/:model/erasure',
      operationId: 'eraseModelEvents',
      summary: "Erase a data subject's events (GDPR Art. 17), by event ids or by the subject's value of a feature or segment key",
      description:
        'Predictions and labels go; the audit log records the erasure with counts and the keyed hash of the subject, never the erased values, and audit entries that mentioned them lose their payload while their leaf hashes stay, so the tree still verifies.',
      tag: TAG,
      scope: 'admin',
      params: modelParams,
      body: { schema: erasureSchema },
      responses: { 200: { description: 'What was erased', schema: erasureResultSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params, body }) => policies.erase(auth.projectId, params.model, body),
    }),
  ];
}
