// Routes of the audit log: the project's entries with the latest signed tree head, and RFC 6962
// inclusion and consistency proofs.

import { auditListSchema, auditProofQuerySchema, auditProofSchema, auditQuerySchema } from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { AuditLog } from './audit-log.js';

const TAG = 'Governance';

export function auditRoutes(audit: AuditLog): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/audit',
      operationId: 'listAuditEntries',
      summary: "The project's audit log, newest first, with the latest signed tree head",
      description:
        'Every change (models, versions, aliases, references, monitors, channels without secrets, silences, the notification policy, keys without secrets, acknowledgements, comments, policies, erasures) is an entry: seq, time, actor, action `<entity>.<verb>`, entity, before/after diff, request id. Each entry is a leaf of an RFC 6962 Merkle tree whose heads the server signs with Ed25519.',
      tag: TAG,
      scope: 'read',
      query: auditQuerySchema,
      responses: { 200: { description: 'Entries and the signed tree head', schema: auditListSchema } },
      handler: ({ auth, query }) => audit.list(auth.projectId, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/audit/proof',
      operationId: 'getAuditProof',
      summary: 'An inclusion proof of an entry, or a consistency proof between two tree sizes',
      description:
        '`seq` (and optionally `size`, default the current size): the audit path of entry `seq` (leaf `seq - 1`) in the tree of the first `size` entries. `first` (and optionally `second`): the consistency proof that the tree of `first` entries is a prefix of the tree of `second`. Hashes are hex; verify them as RFC 9162 §2.1.3.2 and §2.1.4.2 describe.',
      tag: TAG,
      scope: 'read',
      query: auditProofQuerySchema,
      responses: {
        200: { description: 'The proof and the signed head of the larger tree', schema: auditProofSchema },
        404: { description: 'No such entry in this project' },
      },
      handler: ({ auth, query }) => audit.proof(auth.projectId, query),
    }),
  ];
}
