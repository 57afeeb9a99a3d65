// The audit log's wire contracts: entries as the API lists them, signed tree heads, and inclusion
// and consistency proofs (RFC 6962), hashes as lower-case hex and signatures as base64.

import { z } from 'zod';
import { queryTimeSchema } from './queries.js';

export const auditActorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('key'), id: z.string(), name: z.string() }),
  z.object({ type: z.literal('system'), name: z.string() }),
]);

export const auditChangeSchema = z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });

export const auditEntrySchema = z.object({
  v: z.literal(1),
  seq: z.number().int().min(1),
  time: z.string(),
  project: z.number().int().nullable(),
  actor: auditActorSchema,
  action: z.string().meta({ description: '`<entity>.<verb>`, e.g. `monitor.update`' }),
  entity: z.object({ type: z.string(), id: z.string(), model: z.string().optional() }),
  diff: z.array(auditChangeSchema),
  requestId: z.string().nullable(),
  /** Present (true) when the entry's payload was erased; its leaf hash still stands in the tree. */
  erased: z.boolean().optional(),
});

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

export const treeHeadSchema = z.object({
  origin: z.string(),
  size: z.number().int().min(0),
  root: hex32.meta({ description: 'RFC 6962 Merkle tree hash of the first `size` entries, hex' }),
  time: z.string(),
  keyId: z.string(),
  publicKey: z.string().meta({ description: 'The Ed25519 public key (raw 32 bytes, base64)' }),
  signature: z.string().meta({ description: 'Ed25519 signature (base64) of "<origin>\\n<size>\\n<root>\\n<time in ms>\\n"' }),
});

export const auditListSchema = z.object({ entries: z.array(auditEntrySchema), treeHead: treeHeadSchema });

export const auditQuerySchema = z.strictObject({
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  entity: z.string().min(1).max(300).optional().meta({ description: 'An entity type (`monitor`) or type and id (`monitor:latency`)' }),
  actor: z.string().min(1).max(300).optional().meta({ description: 'A key id or name, or `system`' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const sizeParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const auditProofQuerySchema = z
  .strictObject({
    seq: z.coerce
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .meta({ description: 'Inclusion proof of this entry (default, with no first either: the project’s latest entry)' }),
    size: sizeParam.optional().meta({ description: 'Tree size of the inclusion proof (default: the current size)' }),
    first: sizeParam.optional().meta({ description: 'Consistency proof from this tree size…' }),
    second: sizeParam.optional().meta({ description: '…to this one (default: the current size)' }),
  })
  .check((ctx) => {
    const v = ctx.value;
    if (v.seq !== undefined && v.first !== undefined)
      ctx.issues.push({ code: 'custom', input: v, path: ['seq'], message: 'give seq (an inclusion proof) or first (a consistency proof), not both' });
    if (v.seq === undefined && v.size !== undefined) ctx.issues.push({ code: 'custom', input: v, path: ['size'], message: 'size goes with seq' });
    if (v.first === undefined && v.second !== undefined) ctx.issues.push({ code: 'custom', input: v, path: ['second'], message: 'second goes with first' });
  });

export const inclusionProofSchema = z.object({
  type: z.literal('inclusion'),
  seq: z.number().int(),
  leafIndex: z.number().int(),
  size: z.number().int(),
  leafHash: hex32,
  root: hex32,
  proof: z.array(hex32),
});

export const consistencyProofSchema = z.object({
  type: z.literal('consistency'),
  first: z.number().int(),
  second: z.number().int(),
  firstRoot: hex32,
  secondRoot: hex32,
  proof: z.array(hex32),
});

export const auditProofSchema = z.object({ proof: z.discriminatedUnion('type', [inclusionProofSchema, consistencyProofSchema]), treeHead: treeHeadSchema });

export type AuditEntryWire = z.infer<typeof auditEntrySchema>;
export type TreeHead = z.infer<typeof treeHeadSchema>;
export type AuditList = z.infer<typeof auditListSchema>;
export type AuditQuery = z.output<typeof auditQuerySchema>;
export type AuditProofQuery = z.output<typeof auditProofQuerySchema>;
export type AuditProof = z.infer<typeof auditProofSchema>;
