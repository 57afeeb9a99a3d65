// The governance tables (migration 0007), as Kysely sees them: the audit log and its signed tree
// heads, model version records and aliases with their history, and per-project / per-model data
// policies (PII handling and retention).

import type { ColumnType, Generated } from 'kysely';

type Int = ColumnType<number, number, number>;

/** One audit entry a row: its canonical JSON (what the Merkle leaf hashes) and columns to query by. */
export interface AuditLogTable {
  /** Position in the log, from 1 (leaf index seq − 1). */
  seq: Int;
  time: Int;
  project_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  /** The key id of the actor, or null for the server itself. */
  actor_id: string | null;
  request_id: string | null;
  /** The entry, canonical JSON (RFC 8785). */
  entry: string;
  /** SHA-256(0x00 ‖ entry), hex: kept when the payload is erased, so the tree stays whole. */
  leaf_hash: string;
  /** 1 when the payload was erased (GDPR), else 0. */
  erased: number;
}

/** A signed tree head: the root of the first `tree_size` entries, signed with the server's Ed25519 key. */
export interface AuditTreeHeadsTable {
  tree_size: Int;
  root_hash: string;
  time: Int;
  key_id: string;
  /** Base64 Ed25519 signature of the head's message (core's treeHeadMessage). */
  signature: string;
}

/** The registry's record of a model version; versions seen only in events have none (they show as unregistered). */
export interface ModelVersionRecordsTable {
  model_id: number;
  version: string;
  created_at: Int;
  /** Who registered it: a key name, or 'system'. */
  created_by: string;
  artifact_uri: string | null;
  artifact_digest: string | null;
  training_dataset_digest: string | null;
  reference_dataset_digest: string | null;
  code_commit: string | null;
  /** JSON object. */
  parameters: string;
  /** JSON object of declared metric values (the baseline of Art. 15(3)). */
  metrics: string;
  description: string | null;
  /** JSON object of string tags. */
  tags: string;
  updated_at: Int;
}

/** An alias (champion, challenger, …): it points to one version of its model. */
export interface ModelAliasesTable {
  model_id: number;
  alias: string;
  version: string;
  /** Share of traffic the deployment behind the alias takes, in [0, 1], if known. */
  traffic_share: number | null;
  environment: string | null;
  updated_at: Int;
  updated_by: string;
}

/** Every change of an alias, oldest first: the deployment history of lineage. */
export interface ModelAliasHistoryTable {
  id: Generated<number>;
  model_id: number;
  alias: string;
  /** The version it points to from then on; null when the alias was removed. */
  version: string | null;
  previous_version: string | null;
  traffic_share: number | null;
  environment: string | null;
  at: Int;
  by: string;
}

/** A data policy: PII rules and retention for a whole project (model_id 0) or one model. */
export interface DataPoliciesTable {
  project_id: number;
  model_id: number;
  /** JSON of the wire `dataPolicySchema`. */
  config: string;
  updated_at: Int;
}
