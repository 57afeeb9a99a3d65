// Routes of model cards and post-market monitoring reports.

import { z } from 'zod';
import { cardQuerySchema, resourceNameSchema } from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { CardService } from './card-service.js';

const TAG = 'Governance';

export function governanceRoutes(cards: CardService): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/card',
      operationId: 'getModelCard',
      summary: 'The model card from live data (JSON, Markdown or HTML), or the post-market monitoring report',
      description:
        'The Model Card Toolkit fields (model details, parameters, quantitative analysis with confidence intervals and slices, considerations) filled from the registry and from what Vigil measured over the window: realized and estimated performance overall, by version and by segment, drift, data quality, fairness, incidents, label coverage, and the changes made. Each number names the API request that answers it. `format=md` is Markdown with Hugging Face model-card YAML front matter; `report=post-market` gives the post-market monitoring report (AI Act Art. 72 style) instead.',
      tag: TAG,
      scope: 'read',
      params: z.strictObject({ model: resourceNameSchema.meta({ description: 'The model name' }) }),
      query: cardQuerySchema,
      responses: {
        200: { description: 'The card or report: a JSON object (format=json), text/markdown (md) or text/html (html)', contentType: 'text/markdown' },
        404: { description: 'No such model' },
      },
      handler: ({ auth, params, query }) => cards.render(auth.projectId, params.model, query),
    }),
  ];
}
