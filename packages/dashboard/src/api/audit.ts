// Calls of the audit log's API: the project's entries with the latest signed head, and an entry's
// inclusion proof.

import { auditListSchema, auditProofSchema } from '@vigil/wire';
import type { AuditList, AuditProof } from '@vigil/wire';
import type { ApiClient } from './client.js';

export interface AuditFilter {
  /** An entity type (`monitor`) or type and id (`monitor:latency`). */
  entity?: string | undefined;
  /** A key id or name, or `system`. */
  actor?: string | undefined;
  limit?: number | undefined;
}

export function listAudit(api: ApiClient, filter: AuditFilter, signal?: AbortSignal): Promise<AuditList> {
  const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());
  return api.get('/v1/audit', auditListSchema, { entity: blank(filter.entity), actor: blank(filter.actor), limit: filter.limit }, signal);
}

/** The inclusion proof of entry `seq` in the tree of `size` entries (default: the current size). */
export function auditInclusionProof(api: ApiClient, seq: number, size?: number, signal?: AbortSignal): Promise<AuditProof> {
  return api.get('/v1/audit/proof', auditProofSchema, { seq, size }, signal);
}
