// @vigil/server: Vigil's HTTP server, storage and background loops. Every export is named here.

export { startServer, ensureAdminKey, DEFAULT_PROJECT } from './server.js';
export type { RunningServer, StartServerOptions } from './server.js';
export { serverConfigSchema, parseDuration, storeLocation, ENV_KEYS } from './config.js';
export type { ServerConfig, ServerConfigInput } from './config.js';
export { openStore, isPostgresLocation } from './storage/open-store.js';
export type { OpenStoreOptions, SqliteSynchronous } from './storage/open-store.js';
export { Store } from './storage/store.js';
export { buildApp } from './http/app.js';
export type { AppContext } from './http/app-context.js';
export { generateKey, parseToken } from './auth/api-keys.js';
export { Profiler } from './profiler/profiler.js';
export { VigilError } from './errors.js';
