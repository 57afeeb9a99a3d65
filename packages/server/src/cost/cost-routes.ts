// Routes of cost: the price book, a window's bill, and budgets.

import { z } from 'zod';
import {
  budgetListSchema,
  budgetQuerySchema,
  budgetSchema,
  costQuerySchema,
  costResponseSchema,
  createBudgetSchema,
  pricingQuerySchema,
  pricingResponseSchema,
  pricingSchema,
  resourceNameSchema,
} from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { BudgetService } from './budget-service.js';
import type { CostService } from './cost-service.js';
import type { PricingService } from './pricing-service.js';

const TAG = 'Cost';

const budgetParams = z.strictObject({ name: resourceNameSchema.meta({ description: 'The budget name' }) });

export function costRoutes(deps: { pricing: PricingService; costs: CostService; budgets: BudgetService }): RouteSpec[] {
  const { pricing, costs, budgets } = deps;
  return [
    defineRoute({
      method: 'PUT',
      url: '/v1/pricing',
      operationId: 'putPricing',
      summary: 'Replace the price book (from now on)',
      description:
        'A new version of the whole price book, in effect from now: events are priced at the prices of their own time, so a change never reprices the past. Host and GPU prices are per hour while the host reports; `predictions` prices events of a model per 1 000; `tokens` prices `usage` per million tokens by the LLM model name (RE2, whole name; the first match wins).',
      tag: TAG,
      scope: 'admin',
      body: { schema: pricingSchema },
      responses: { 200: { description: 'The version now in effect', schema: pricingResponseSchema } },
      handler: ({ auth, body }) => pricing.put(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/pricing',
      operationId: 'getPricing',
      summary: 'The price book in effect (now, or at a time)',
      tag: TAG,
      scope: 'read',
      query: pricingQuerySchema,
      responses: { 200: { description: 'The version in effect and the history', schema: pricingResponseSchema } },
      handler: ({ auth, query }) => pricing.get(auth.projectId, query.at),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/cost',
      operationId: 'getCost',
      summary: "A window's bill by model, version and host",
      description:
        'Events’ own costs plus each model’s share of the hosts serving it (max(request, usage) per resource, as OpenCost), and the rest of the hosts’ bill as idle; `…Nanos` are exact integer nano-dollars, and attributed + idle = the hosts’ bill.',
      tag: TAG,
      scope: 'read',
      query: costQuerySchema,
      responses: { 200: { description: 'The bill', schema: costResponseSchema } },
      handler: ({ auth, query }) => costs.summary(auth.projectId, query),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/budgets',
      operationId: 'createBudget',
      summary: 'Create a budget',
      description:
        'A spend limit per UTC day, ISO week or calendar month, for one model or the whole project. Notifications follow AWS Budgets: each threshold (a fraction of `amountUsd`) notifies once per period when actual spend reaches it, and — with `forecast` — when the forecast does (again if it falls back and crosses once more).',
      tag: TAG,
      scope: 'admin',
      body: { schema: createBudgetSchema },
      status: 201,
      responses: { 201: { description: 'The budget, judged now', schema: budgetSchema }, 409: { description: 'A budget of that name exists' } },
      handler: ({ auth, body }) => budgets.create(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/budgets',
      operationId: 'listBudgets',
      summary: 'List budgets',
      tag: TAG,
      scope: 'read',
      responses: { 200: { description: 'The budgets, judged now', schema: budgetListSchema } },
      handler: async ({ auth }) => ({ budgets: await budgets.list(auth.projectId) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/budgets/:name',
      operationId: 'getBudget',
      summary: 'A budget: spend, forecast and status',
      tag: TAG,
      scope: 'read',
      params: budgetParams,
      query: budgetQuerySchema,
      responses: { 200: { description: 'The budget, judged now (or at `at`)', schema: budgetSchema }, 404: { description: 'No such budget' } },
      handler: ({ auth, params, query }) => budgets.get(auth.projectId, params.name, query.at),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/budgets/:name',
      operationId: 'deleteBudget',
      summary: 'Delete a budget',
      tag: TAG,
      scope: 'admin',
      params: budgetParams,
      status: 204,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such budget' } },
      handler: ({ auth, params }) => budgets.delete(auth.projectId, params.name),
    }),
  ];
}
