// Every route of the API, from each concept's routes file: what http/ mounts and api/openapi.ts
// documents.

import { alertingRoutes } from '../alerting/alerting-routes.js';
import { auditRoutes } from '../audit/audit-routes.js';
import { withAudit } from '../audit/route-audit.js';
import { registryRoutes } from '../registry/registry-routes.js';
import { governanceRoutes } from '../governance/governance-routes.js';
import { dataPolicyRoutes } from '../governance/data-policy-routes.js';
import { datasetsRoutes } from '../datasets/datasets-routes.js';
import { costRoutes } from '../cost/cost-routes.js';
import { experimentsRoutes } from '../experiments/experiments-routes.js';
import { infrastructureRoutes } from '../infrastructure/infrastructure-routes.js';
import { ingestRoutes } from '../ingest/ingest-routes.js';
import { otlpRoutes } from '../otlp/otlp-routes.js';
import { keysRoutes } from '../keys/keys-routes.js';
import { metricsRoutes } from '../metrics/metrics-routes.js';
import { modelsRoutes } from '../models/models-routes.js';
import { pipelinesRoutes } from '../pipelines/pipelines-routes.js';
import { queriesRoutes } from '../queries/queries-routes.js';
import type { Services } from '../services.js';
import type { RouteSpec } from './route-spec.js';

export function apiRoutes(s: Services): RouteSpec[] {
  const routes = [
    ...keysRoutes(s.keys),
    ...modelsRoutes(s.models, s.references),
    ...ingestRoutes(s.ingest),
    ...otlpRoutes(s.otlp),
    ...queriesRoutes(s.queries),
    ...datasetsRoutes(s.datasets, s.skew, s.slices),
    ...pipelinesRoutes(s.pipelines),
    ...alertingRoutes({ channels: s.channels, monitors: s.monitors, silences: s.silences, alerts: s.alerts }),
    ...experimentsRoutes(s.experiments),
    ...infrastructureRoutes(s.hosts),
    ...costRoutes({ pricing: s.pricing, costs: s.costs, budgets: s.budgets }),
    ...metricsRoutes(s.exporter),
    ...auditRoutes(s.audit),
    ...registryRoutes(s.registry),
    ...governanceRoutes(s.cards),
    ...dataPolicyRoutes(s.dataPolicies),
  ];
  // Every change made through these routes is recorded in the audit log (audit/route-audit.ts).
  return withAudit(routes, s.audit);
}
