// `vigil serve`: the server, configured from a file, the environment and flags (in rising
// precedence), validated once; runs until SIGINT or SIGTERM.

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ENV_KEYS, serverConfigSchema, startServer } from '@vigil/server';
import { dashboardDistDir } from '@vigil/dashboard';
import type { RunningServer, ServerConfig, ServerConfigInput } from '@vigil/server';
import type { ZodError } from 'zod';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { applyAlertingFile } from './alerting-file.js';

export interface ServeFlags {
  host?: string;
  port?: string;
  data?: string;
  store?: string;
  adminKey?: string;
  config?: string;
  bucket?: string;
  retention?: string;
  bodyLimit?: string;
  autoCreateModels?: boolean;
  sqliteSynchronous?: string;
  logLevel?: string;
  logFormat?: string;
  metricsRequireKey?: boolean;
  authFailureLimit?: string;
  webhookAllowlist?: string;
  corsOrigins?: string;
  rateLimit?: string;
  tlsCert?: string;
  tlsKey?: string;
  alerting?: string;
  queue?: string;
  queueStream?: string;
  queueConsumer?: string;
  queueReplicas?: string;
  queueAckWait?: string;
  leaderRetry?: string;
}

export function addServeOptions(command: Command): Command {
  return command
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port (default 8080; PORT or VIGIL_PORT in the environment)')
    .option('--data <dir>', 'data folder of the embedded SQLite store (default ./vigil-data)')
    .option('--store <url>', 'postgres://… to use PostgreSQL instead of SQLite')
    .option('--admin-key <key>', 'bootstrap admin key (VIGIL_ADMIN_KEY); printed once when absent')
    .option('--config <file>', 'JSON file with the same settings (camelCase keys)')
    .option('--bucket <duration>', 'profile bucket width (default 5m)')
    .option('--retention <duration>', 'how long raw events are kept (default 30d)')
    .option('--body-limit <bytes>', 'largest request body (default 10485760)')
    .option('--auto-create-models', 'create a model on its first events instead of answering 404')
    .option('--sqlite-synchronous <mode>', 'full (default: durable across power loss) or normal (durable across process kills)')
    .option('--log-level <level>', 'fatal, error, warn, info (default: failed requests), debug (every request), trace or silent')
    .option('--log-format <format>', 'json (default: one JSON object a line) or pretty (readable lines, for people)')
    .option('--metrics-require-key', '/metrics answers only requests with a key of the read scope (VIGIL_METRICS_REQUIRE_KEY=true)')
    .option('--auth-failure-limit <n>', 'failed authentications a client address may make per minute before it gets 429 (default 100; 0: no limit)')
    .option(
      '--webhook-allowlist <list>',
      'comma-separated CIDRs or host names that webhooks may reach although loopback, private or link-local (VIGIL_WEBHOOK_ALLOWLIST)',
    )
    .option('--cors-origins <list>', 'comma-separated origins a browser may call the API from, or * (default: none, no CORS headers)')
    .option('--rate-limit <n>', 'requests per minute one API key (or one address without a key) may make (default 0: no limit)')
    .option('--tls-cert <file>', 'PEM certificate (chain): serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--alerting <file>', 'JSON of channels, monitors, silences and notificationPolicy to apply at start')
    .option('--queue <urls>', 'nats://host:4222[,…]: ingest through a NATS JetStream queue written by every replica (needs --store postgres://…)')
    .option('--queue-stream <name>', 'JetStream stream of the ingest queue (default VIGIL_INGEST)')
    .option('--queue-consumer <name>', 'durable consumer the replicas share (default vigil-writers)')
    .option('--queue-replicas <n>', 'copies of the stream JetStream keeps, 1 to 5 (default 1)')
    .option('--queue-ack-wait <duration>', 'how long a batch may stay unacked by a replica before another gets it (default 30s)')
    .option('--leader-retry <duration>', 'how often a PostgreSQL replica tries to take the leadership of background work (default 1s)');
}

/** Merges file < environment < flags and validates the result. */
export async function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv, defaults: Partial<ServerConfigInput> = {}): Promise<ServerConfig> {
  let fromFile: Record<string, unknown> = {};
  if (flags.config !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.config, 'utf8');
    } catch (e) {
      throw new UsageError('--config', 'a readable JSON file', `${flags.config} (${(e as Error).message})`);
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError('--config', 'a JSON object of settings', `${flags.config} (${(e as Error).message})`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }
  const fromFlags: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags)) if (k !== 'config' && k !== 'alerting' && v !== undefined) fromFlags[k] = v;
  const merged = { ...defaults, ...fromFile, ...fromEnv, ...fromFlags };
  const r = serverConfigSchema.safeParse(merged);
  if (!r.success) throw new UsageError('server configuration', 'valid settings', describeIssues(r.error));
  return r.data;
}

function describeIssues(e: ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * The banner and, on a first start, the admin key, as lines of the server's log (JSON, or pretty
 * with `--log-format pretty`). They are shown at any level but `silent`, as before logs were JSON
 * (scripts wait for "listening on <url>"); at `silent` the admin key, which cannot be shown again,
 * still goes to stderr as plain text.
 */
export function announce(server: RunningServer, io: CliIo): void {
  const { url } = server;
  const store = server.config.store ?? `${server.config.data}/vigil.db`;
  const keyLine = server.createdAdminKey === null ? undefined : `Admin API key (shown once, keep it): ${server.createdAdminKey}`;
  if (server.logger.level === 'silent') {
    if (keyLine !== undefined) io.stderr(`${keyLine}\n`);
    return;
  }
  const logger = server.logger.child({}, { level: 'info' });
  logger.info({ url, store, dashboard: `${url}/`, docs: `${url}/docs`, metrics: `${url}/metrics` }, `Vigil is listening on ${url} (store: ${store})`);
  if (keyLine !== undefined) logger.warn(keyLine);
}

/** Resolves when the process is asked to stop. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => () => resolve(s);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

export async function runServe(flags: ServeFlags, io: CliIo): Promise<number> {
  const config = await resolveServeConfig(flags, process.env);
  const server = await startServer(config, { dashboardDir: dashboardDistDir() });
  if (flags.alerting !== undefined) {
    const key = server.createdAdminKey ?? config.adminKey;
    if (key === undefined) {
      await server.close();
      throw new UsageError('--alerting', 'the admin key: set VIGIL_ADMIN_KEY (or --admin-key) so the file can be applied through the API');
    }
    try {
      const n = await applyAlertingFile(server, flags.alerting, key);
      io.stderr(`Applied ${n} alerting definition(s) from ${flags.alerting}\n`);
    } catch (e) {
      await server.close();
      throw e;
    }
  }
  announce(server, io);
  await untilSignal();
  await server.close();
  return 0;
}
