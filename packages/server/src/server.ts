// Starts a Vigil server: opens and migrates the store, makes sure an admin key exists, listens,
// and runs the background loops (profiler, compaction, retention, /metrics gauges).

import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Logger } from 'pino';
import { formatScopes, generateKey, hashSecret, KEY_FORMAT_HINT, parseToken } from './auth/api-keys.js';
import { serverConfigSchema, storeLocation } from './config.js';
import type { ServerConfig, ServerConfigInput } from './config.js';
import { buildApp } from './http/app.js';
import type { AppContext } from './http/app-context.js';
import { KeyAuthenticator } from './http/auth.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { refreshGauges } from './metrics/refresh-gauges.js';
import { ModelService } from './models/model-service.js';
import { AlertingService } from './alerting/alerting-service.js';
import { Profiler } from './profiler/profiler.js';
import { openStore } from './storage/open-store.js';
import type { Store } from './storage/store.js';

export const DEFAULT_PROJECT = 'default';

export interface StartServerOptions {
  /** The server's clock; tests and the demo's simulated time pass their own. */
  readonly clock?: () => number;
  /** A pino logger; default one to stderr at `config.logLevel`. */
  readonly logger?: Logger;
  /** Run the background loops (default true); tests drive `profiler` by hand. */
  readonly loops?: boolean;
  /** Serve this built dashboard at `/` (`dashboardDistDir()` of @vigil/dashboard); none when absent. */
  readonly dashboardDir?: string | undefined;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly config: ServerConfig;
  readonly store: Store;
  readonly profiler: Profiler;
  readonly context: AppContext;
  /** The bootstrap admin key when this start created it (printed once), else null. */
  readonly createdAdminKey: string | null;
  close(): Promise<void>;
}

/** Makes sure a root admin key exists; returns the new key's token when one was made. */
export async function ensureAdminKey(store: Store, adminKey: string | undefined, now: number): Promise<string | null> {
  let project = await store.findProject(DEFAULT_PROJECT);
  if (adminKey !== undefined) {
    const parsed = parseToken(adminKey);
    if (parsed === undefined) throw new Error(`VIGIL_ADMIN_KEY / --admin-key is malformed: expected ${KEY_FORMAT_HINT}`);
    const existing = await store.findKey(parsed.id);
    if (existing !== undefined) {
      if (existing.hash !== hashSecret(parsed.secret)) throw new Error('VIGIL_ADMIN_KEY has the id of a stored key but another secret; use the stored key or a new id');
      return null;
    }
    const row = { id: parsed.id, name: 'bootstrap admin', hash: hashSecret(parsed.secret), scopes: formatScopes(['admin']), root: 1, created_at: now, revoked_at: null };
    if (project === undefined) await store.createProject(DEFAULT_PROJECT, row, now);
    else await store.insertKey({ ...row, project_id: project.id });
    return null;
  }
  if ((await store.countRootKeys()) > 0) return null;
  const key = generateKey();
  const row = { id: key.id, name: 'bootstrap admin', hash: key.hash, scopes: formatScopes(['admin']), root: 1, created_at: now, revoked_at: null };
  if (project === undefined) project = await store.createProject(DEFAULT_PROJECT, row, now);
  else await store.insertKey({ ...row, project_id: project.id });
  return key.token;
}

export async function startServer(input: ServerConfigInput | ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const config = serverConfigSchema.parse(input);
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? pino({ level: config.logLevel }, pino.destination(2));
  const store = await openStore({ location: storeLocation(config), sqliteSynchronous: config.sqliteSynchronous });
  let app: FastifyInstance | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    const createdAdminKey = await ensureAdminKey(store, config.adminKey, clock());
    const metrics = new ServerMetrics();
    const profiler = new Profiler(store, { bucketMs: config.bucket });
    profiler.onSkip = (event, err) => logger.warn({ err, model: event.model_id, id: event.event_id }, 'profiler skipped an event it could not read');
    const context = {
      config,
      store,
      metrics,
      profiler,
      clock,
      models: new ModelService(store, { autoCreate: config.autoCreateModels, clock }),
      keys: new KeyAuthenticator(store),
    } as AppContext;
    context.alerting = new AlertingService(context, { externalUrl: `http://${config.host}:${config.port}`, logger });
    app = await buildApp(context, { logger, dashboardDir: options.dashboardDir });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    context.alerting = new AlertingService(context, { externalUrl: url, logger });

    let stopping = false;
    const loop = (name: string, everyMs: number, fn: () => Promise<unknown>): void => {
      let running = false;
      const t = setInterval(() => {
        if (running || stopping) return;
        running = true;
        fn()
          .catch((err: unknown) => logger.error({ err }, `${name} failed`))
          .finally(() => {
            running = false;
          });
      }, everyMs);
      t.unref();
      timers.push(t);
    };
    if (options.loops !== false) {
      loop('profiler', config.profileInterval, async () => {
        const r = await profiler.catchUp(clock());
        metrics.profilerLag.set(r.predictions);
        await profiler.compact(clock());
      });
      loop('gauges', 15_000, () => refreshGauges(context));
      loop('alerting', config.alertInterval, () => context.alerting.tick(clock()));
      loop('retention', 3_600_000, () => store.deleteRawBefore(clock() - config.retention));
    }
    const running: RunningServer = {
      app,
      url,
      config,
      store,
      profiler,
      context,
      createdAdminKey,
      async close() {
        stopping = true;
        for (const t of timers) clearInterval(t);
        await app!.close();
        await store.close();
      },
    };
    return running;
  } catch (e) {
    for (const t of timers) clearInterval(t);
    if (app !== undefined) await app.close();
    await store.close();
    throw e;
  }
}
