// The server's configuration, validated once at the edge: flags, environment and a config file
// are merged by the CLI and handed here; inner code only sees the typed result.

import { join } from 'node:path';
import { parseDuration, resourceNameSchema } from '@vigil/wire';
import { z } from 'zod';
import { allowlistEntryError } from './alerting/destination-policy.js';
import { decodeAuditKey } from './audit/audit-signer.js';
import { decodeHashKey } from './governance/hash-key.js';
import { decodeSecretKey } from './storage/secret-box.js';

export { parseDuration };

/** A duration setting: text (`30s`, `5m`, `300` = seconds) or a number of milliseconds (so a parsed config parses to itself). */
const duration = (what: string) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const ms = typeof v === 'number' ? v : parseDuration(v);
    if (!Number.isFinite(ms) || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `${what}: a duration such as 30s, 5m, 1h or 7d (got ${JSON.stringify(v)})` });
      return z.NEVER;
    }
    return ms;
  });

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** A list setting: an array (config file) or comma-separated text (environment, flags). */
const list = z.union([z.array(z.string()), z.string().transform((v) => v.split(','))]).transform((v) => v.map((x) => x.trim()).filter((x) => x !== ''));

export const serverConfigSchema = z.strictObject({
  /** Address to listen on (`0.0.0.0`: every interface, as in a container). */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port to listen on (0: any free port). */
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** Folder of the embedded store (and anything else the server keeps on disk). */
  data: z.string().min(1).default('./vigil-data'),
  /** `postgres://…` to use PostgreSQL; else the SQLite file (default `<data>/vigil.db`). */
  store: z.string().min(1).optional(),
  /** Bootstrap admin key (`vgl_…`); a new one is printed on first start when absent. */
  adminKey: z.string().optional(),
  /** Largest request body, in bytes (after gzip); more is answered 413. Default 10 MiB. */
  bodyLimit: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Create a model on first ingest instead of answering 404. */
  autoCreateModels: bool.default(false),
  /** Width of a profile bucket. */
  bucket: duration('bucket').default(300_000),
  /** How long raw events are kept (profiles stay). */
  retention: duration('retention').default(30 * 86_400_000),
  /** How often the profiler turns new events into bucket profiles. */
  profileInterval: duration('profileInterval').default(1000),
  /** How often (real time) due monitors are evaluated, alerts dispatched and notifications sent. */
  alertInterval: duration('alertInterval').default(1000),
  /** SQLite's `synchronous`: `full`, an acknowledged write survives a power loss; `normal`, it survives a killed process. */
  sqliteSynchronous: z.enum(['full', 'normal']).default('full'),
  /** Request lines: failed requests (4xx) at info, server errors (5xx) at error, the others at debug. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json`: one pino JSON object a line (for log collectors); `pretty`: pino-pretty's lines, for people. */
  logFormat: z.enum(['json', 'pretty']).default('json'),
  /** `/metrics` answers only requests with a key that has the `read` scope (off: anyone may scrape). */
  metricsRequireKey: bool.default(false),
  /** Failed authentications (bad or unknown keys) a client address may make per minute before it is answered 429 (0: no limit). */
  authFailureLimit: z.coerce.number().int().min(0).default(100),
  /**
   * CIDRs, addresses or host names that webhooks (and Slack, PagerDuty, Alertmanager channels) may
   * reach although loopback, private or link-local; everything else of that kind is refused.
   */
  webhookAllowlist: list
    .check((ctx) => {
      for (const entry of ctx.value) {
        const bad = allowlistEntryError(entry);
        if (bad !== undefined) ctx.issues.push({ code: 'custom', input: entry, message: `webhookAllowlist: ${bad}` });
      }
    })
    .default([]),
  /** Origins a browser may call the API from (`*`: any); none, the default, sends no CORS headers. */
  corsOrigins: list.default([]),
  /** Requests per minute one API key (or one address, without a key) may make; 0, the default, means no limit. */
  rateLimit: z.coerce.number().int().min(0).default(0),
  /** PEM certificate (chain) file: serve HTTPS (with --tls-key). */
  tlsCert: z.string().min(1).optional(),
  /** PEM private key file of --tls-cert. */
  tlsKey: z.string().min(1).optional(),
  /** Rows a reference upload or a dataset batch may hold; more is refused with a 413 (Parquet's count is read from its metadata, before decoding). */
  referenceMaxRows: z.coerce.number().int().positive().default(1_000_000),
  /** Bytes a reference upload's or a dataset batch's data may take decoded (the CSV body; a Parquet file's columns as its metadata sizes them); more is a 413. */
  referenceMaxBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
  /** How old an event's own timestamp may be, from the server's clock (older: 400 naming the field). */
  eventMaxAge: duration('eventMaxAge').default(3650 * 86_400_000),
  /** How far ahead of the server's clock an event's own timestamp may be. */
  eventMaxAhead: duration('eventMaxAhead').default(7 * 86_400_000),
  /** Predictions the profiler may be behind before ingest answers 503 with Retry-After (0: no limit). */
  ingestMaxProfilerLag: z.coerce.number().int().min(0).default(1_000_000),
  /** Heavy reads (series, drift) running at once; more wait their turn. */
  queryConcurrency: z.coerce.number().int().positive().default(1),
  /** How long a heavy read may wait for its turn before it is answered 503 with Retry-After. */
  queryBudget: duration('queryBudget').default(10_000),
  /** The share of time heavy reads may take, in (0, 1]: after a read of t ms the next waits t·(1−share)/share, so ingest keeps the rest. */
  queryShare: z.coerce.number().gt(0).max(1).default(0.3),
  /** Raw events a sliced query (`slice=feature:value` on series and drift) reads at most; a larger window is refused naming `query.slice`. */
  querySliceMaxEvents: z.coerce.number().int().positive().default(200_000),
  /** The model OTLP spans and log records go to when no rule of `otlpRules` names one; default: the resource's `service.name`. */
  otlpModel: resourceNameSchema.optional(),
  /** A JSON file of rules that map spans other than GenAI ones to predictions (docs/integrations/opentelemetry.md); checked at start. */
  otlpRules: z.string().min(1).optional(),
  /**
   * The key that encrypts channel secrets and notification payloads at rest (AES-256-GCM): 32 bytes
   * as 64 hex digits or base64. Absent: a key file made once in the data folder (`<data>/secret.key`),
   * which suits one server; PostgreSQL shared by several replicas needs the same key on each.
   */
  secretKey: z
    .string()
    .refine((v) => decodeSecretKey(v) !== undefined, 'secretKey (VIGIL_SECRET_KEY): 32 bytes as 64 hex digits or base64, e.g. `openssl rand -base64 32`')
    .optional(),
  /**
   * The Ed25519 key that signs the audit log's tree heads: a 32-byte seed as 64 hex digits or base64.
   * Absent: a key file made once in the data folder (`<data>/audit.key`); replicas sharing PostgreSQL need the same key.
   */
  auditKey: z
    .string()
    .refine(
      (v) => decodeAuditKey(v) !== undefined,
      'auditKey (VIGIL_AUDIT_KEY): an Ed25519 seed of 32 bytes as 64 hex digits or base64, e.g. `openssl rand -base64 32`',
    )
    .optional(),
  /** The key of the keyed hash (HMAC-SHA-256) data policies replace personal values with: 32 bytes as hex or base64; absent, `<data>/hash.key`. */
  hashKey: z
    .string()
    .refine((v) => decodeHashKey(v) !== undefined, 'hashKey (VIGIL_HASH_KEY): 32 bytes as 64 hex digits or base64, e.g. `openssl rand -base64 32`')
    .optional(),
  /** How long audit entries keep their payload at least (AI Act Art. 19: six months); a data policy may keep them longer, never shorter. */
  auditRetention: duration('auditRetention').default(183 * 86_400_000),
  /**
   * NATS servers (`nats://host:4222`, comma-separated) of the ingest queue: ingest publishes each
   * accepted batch to JetStream and answers after its ack; every replica's consumer writes batches to
   * the store. Needs a PostgreSQL store. Absent: ingest writes to the store directly.
   */
  queue: list
    .check((ctx) => {
      for (const entry of ctx.value)
        if (!/^(nats|tls):\/\/[^\s/]+$/.test(entry))
          ctx.issues.push({ code: 'custom', input: entry, message: `queue: nats://host:port (got ${JSON.stringify(entry)})` });
    })
    .optional(),
  /** The JetStream stream of the ingest queue (created, with file storage, when absent). */
  queueStream: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'queueStream: letters, digits, - and _')
    .default('VIGIL_INGEST'),
  /** The durable consumer all replicas share to write the queue's batches. */
  queueConsumer: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'queueConsumer: letters, digits, - and _')
    .default('vigil-writers'),
  /** Copies of the queue's stream JetStream keeps (1 to 5; more than 1 needs a NATS cluster). Used when the stream is created. */
  queueReplicas: z.coerce.number().int().min(1).max(5).default(1),
  /** How long a batch handed to a replica may stay unacked (that replica died or hangs) before JetStream hands it to another. Used when the consumer is created. */
  queueAckWait: duration('queueAckWait').default(30_000),
  /** How often a PostgreSQL replica that does not lead tries to take the leadership of background work (and the leader checks its session). */
  leaderRetry: duration('leaderRetry').default(1000),
});

export type ServerConfigInput = z.input<typeof serverConfigSchema>;
export type ServerConfig = z.output<typeof serverConfigSchema>;

/** Environment variables the server reads (through the CLI), and the config key each sets. */
export const ENV_KEYS: Record<string, keyof ServerConfigInput> = {
  VIGIL_HOST: 'host',
  PORT: 'port',
  VIGIL_PORT: 'port',
  VIGIL_DATA: 'data',
  VIGIL_STORE: 'store',
  VIGIL_ADMIN_KEY: 'adminKey',
  VIGIL_BODY_LIMIT: 'bodyLimit',
  VIGIL_AUTO_CREATE_MODELS: 'autoCreateModels',
  VIGIL_BUCKET: 'bucket',
  VIGIL_RETENTION: 'retention',
  VIGIL_PROFILE_INTERVAL: 'profileInterval',
  VIGIL_SQLITE_SYNCHRONOUS: 'sqliteSynchronous',
  VIGIL_LOG_LEVEL: 'logLevel',
  VIGIL_LOG_FORMAT: 'logFormat',
  VIGIL_METRICS_REQUIRE_KEY: 'metricsRequireKey',
  VIGIL_AUTH_FAILURE_LIMIT: 'authFailureLimit',
  VIGIL_WEBHOOK_ALLOWLIST: 'webhookAllowlist',
  VIGIL_CORS_ORIGINS: 'corsOrigins',
  VIGIL_RATE_LIMIT: 'rateLimit',
  VIGIL_TLS_CERT: 'tlsCert',
  VIGIL_TLS_KEY: 'tlsKey',
  VIGIL_REFERENCE_MAX_ROWS: 'referenceMaxRows',
  VIGIL_REFERENCE_MAX_BYTES: 'referenceMaxBytes',
  VIGIL_INGEST_MAX_PROFILER_LAG: 'ingestMaxProfilerLag',
  VIGIL_EVENT_MAX_AGE: 'eventMaxAge',
  VIGIL_EVENT_MAX_AHEAD: 'eventMaxAhead',
  VIGIL_QUERY_CONCURRENCY: 'queryConcurrency',
  VIGIL_QUERY_BUDGET: 'queryBudget',
  VIGIL_QUERY_SHARE: 'queryShare',
  VIGIL_QUERY_SLICE_MAX_EVENTS: 'querySliceMaxEvents',
  VIGIL_OTLP_MODEL: 'otlpModel',
  VIGIL_OTLP_RULES: 'otlpRules',
  VIGIL_SECRET_KEY: 'secretKey',
  VIGIL_AUDIT_KEY: 'auditKey',
  VIGIL_HASH_KEY: 'hashKey',
  VIGIL_AUDIT_RETENTION: 'auditRetention',
  VIGIL_QUEUE: 'queue',
  VIGIL_QUEUE_STREAM: 'queueStream',
  VIGIL_QUEUE_CONSUMER: 'queueConsumer',
  VIGIL_QUEUE_REPLICAS: 'queueReplicas',
  VIGIL_QUEUE_ACK_WAIT: 'queueAckWait',
  VIGIL_LEADER_RETRY: 'leaderRetry',
};

export function storeLocation(config: ServerConfig): string {
  return config.store ?? join(config.data, 'vigil.db');
}
