// Starts a Vigil server: opens and migrates the store, makes sure an admin key exists, builds the
// services and the HTTP app, listens, and starts the background loops.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { serverConfigSchema, storeLocation } from '../config.js';
import { ChangeListener } from '../storage/change-sequence.js';
import type { ServerConfig, ServerConfigInput } from '../config.js';
import { createLogger } from '../logger.js';
import { startLoops } from '../loops.js';
import type { Profiler } from '../profiler/profiler.js';
import { createServices } from '../services.js';
import type { Services } from '../services.js';
import { openStore } from '../storage/open-store.js';
import { loadSecretBox } from '../storage/secret-key.js';
import type { Store } from '../storage/store.js';
import { buildApp } from './app.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import { AdvisoryLeadership } from '../cluster/leadership.js';
import { VigilError } from '../errors.js';
import { IngestQueue } from '../queue/ingest-queue.js';

export interface StartServerOptions {
  /** The server's clock; tests and the demo's simulated time pass their own. */
  readonly clock?: () => number;
  /** A pino logger; default one to stderr at `config.logLevel`, in `config.logFormat`. */
  readonly logger?: Logger;
  /** Run the background loops (default true); tests drive `profiler` and `services.alerting` by hand. */
  readonly loops?: boolean;
  /** Serve this built dashboard at `/` (`dashboardDistDir()` of @vigil/dashboard); none when absent. */
  readonly dashboardDir?: string | undefined;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly config: ServerConfig;
  readonly store: Store;
  readonly services: Services;
  /** The server's logger (request lines, errors, the loops); the CLI logs its banner through it. */
  readonly logger: Logger;
  /** The profiler (also `services.profiler`). */
  readonly profiler: Profiler;
  /** The bootstrap admin key when this start created it (printed once), else null. */
  readonly createdAdminKey: string | null;
  /** On PostgreSQL, the LISTEN session that tells this replica's caches of other replicas' writes. */
  readonly changes: ChangeListener | undefined;
  close(): Promise<void>;
}

export async function startServer(input: ServerConfigInput | ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const config = serverConfigSchema.parse(input);
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined))
    throw new Error('--tls-cert and --tls-key (VIGIL_TLS_CERT, VIGIL_TLS_KEY) go together: set both or neither');
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const secrets = loadSecretBox({ secretKey: config.secretKey, data: config.data });
  if (config.queue !== undefined && config.queue.length > 0 && !/^postgres(ql)?:\/\//.test(storeLocation(config)))
    throw new Error('--queue (VIGIL_QUEUE) needs a PostgreSQL store that every replica shares: set --store postgres://…');
  const store = await openStore({ location: storeLocation(config), sqliteSynchronous: config.sqliteSynchronous, secrets });
  let app: FastifyInstance | undefined;
  let queue: IngestQueue | undefined;
  let cluster: ClusterState | undefined;
  let changes: ChangeListener | undefined;
  try {
    const scheme = config.tlsCert === undefined ? 'http' : 'https';
    let url = `${scheme}://${config.host}:${config.port}`;
    queue =
      config.queue === undefined || config.queue.length === 0
        ? undefined
        : new IngestQueue({
            servers: config.queue,
            stream: config.queueStream,
            consumer: config.queueConsumer,
            replicas: config.queueReplicas,
            ackWaitMs: config.queueAckWait,
            logger,
          });
    const services = createServices({ config, store, clock, logger, externalUrl: () => url, queue });
    cluster = services.cluster;
    // The queue's consumer writes batches on every replica; a refusal by the store (4xx) is final, anything else is tried again.
    queue?.start(
      async (batch) => {
        await services.ingest.applyQueued(batch);
      },
      (err) => err instanceof VigilError && err.status >= 400 && err.status < 500 && err.status !== 409,
    );
    if (store.dialect === 'postgres' && options.loops !== false) {
      const leadership = await AdvisoryLeadership.start({
        url: storeLocation(config),
        retryMs: config.leaderRetry,
        onError: (err) => logger.warn({ err: String(err) }, 'leadership session failed'),
      });
      leadership.onChange = (role) => logger.info({ role }, `this replica is now the ${role} of background work`);
      if (leadership.isLeader()) logger.info({ role: 'leader' }, 'this replica is now the leader of background work');
      services.cluster.leadership = leadership;
    }
    // Other replicas' writes to keys, models, data policies and price books reach this one's caches at once (storage/change-sequence.ts).
    if (store.dialect === 'postgres')
      changes = await ChangeListener.start({
        url: storeLocation(config),
        db: store.db,
        onError: (err) => logger.warn({ err: String(err) }, 'change notification session failed'),
      });
    const createdAdminKey = await services.keys.ensureAdminKey(config.adminKey);
    const tls =
      config.tlsCert === undefined || config.tlsKey === undefined ? undefined : { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) };
    app = await buildApp(services, {
      bodyLimit: config.bodyLimit,
      logger,
      dashboardDir: options.dashboardDir,
      tls,
      corsOrigins: config.corsOrigins,
      rateLimit: config.rateLimit,
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    url = `${scheme}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

    const stopLoops = options.loops === false ? () => {} : startLoops(services, { config, clock, logger });
    const running: RunningServer = {
      app,
      url,
      config,
      store,
      services,
      logger,
      profiler: services.profiler,
      createdAdminKey,
      changes,
      async close() {
        stopLoops();
        await app!.close();
        await queue?.close();
        await services.cluster.leadership.stop();
        await changes?.stop();
        await services.references.close();
        await services.datasets.close();
        await services.queries.close();
        await store.close();
      },
    };
    return running;
  } catch (e) {
    if (app !== undefined) await app.close();
    await queue?.close();
    await cluster?.leadership.stop();
    await changes?.stop();
    await store.close();
    throw e;
  }
}
