// @vigil/server: Vigil's HTTP server, storage, services and background loops. Every export is named here.

export { startServer } from './http/server.js';
export type { RunningServer, StartServerOptions } from './http/server.js';
export { createServices } from './services.js';
export type { Services, ServicesDeps } from './services.js';
export { serverConfigSchema, parseDuration, storeLocation, ENV_KEYS } from './config.js';
export type { ServerConfig, ServerConfigInput } from './config.js';
export { openStore, isPostgresLocation } from './storage/open-store.js';
export type { OpenStoreOptions, SqliteSynchronous } from './storage/open-store.js';
export { Store } from './storage/store.js';
export { allRoutes, buildApp, registeredRoutes } from './http/app.js';
export type { BuildAppOptions, RegisteredRoute } from './http/app.js';
export { openApiDocument } from './api/openapi.js';
export type { RouteSpec } from './api/route-spec.js';
export { DEFAULT_PROJECT } from './keys/key-service.js';
export type { AuthContext } from './keys/auth-context.js';
export { generateKey, parseToken } from './keys/api-keys.js';
export { parseInput } from './parse-input.js';
export { Profiler } from './profiler/profiler.js';
export { VigilError } from './errors.js';

// --- governance: the audit log's key and its verification (owner: governance) ---
export { AUDIT_KEY_FILE, AuditSigner, decodeAuditKey, loadAuditSigner } from './audit/audit-signer.js';
export type { AuditKeyOptions } from './audit/audit-signer.js';
export { verifyStoredAuditLog } from './audit/verify-stored-log.js';
