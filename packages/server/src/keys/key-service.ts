// Projects and API keys: authenticating a bearer key (cached while the store's `keys` sequence
// stays the same, so ingest does not read the key table on every request), creating projects with their first admin key, creating, listing and
// revoking keys, and the bootstrap admin key a first start needs.

import type { ApiKeyInfo, CreateKey, KeyRole, ProjectInfo, RotateKey } from '@vigil/wire';
import { ROLE_SCOPES, apiKeySchema, parseDuration } from '@vigil/wire';
import { GovernanceStore, keyMeta } from '../storage/governance-store.js';
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '../errors.js';
import type { ApiKeyRow, Store } from '../storage/store.js';
import { KEY_FORMAT_HINT, formatScopes, generateKey, hashSecret, parseScopes, parseToken, secretMatches } from './api-keys.js';
import type { AuthContext } from './auth-context.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { LruMap } from './lru-map.js';
import { ChangeSequences } from '../storage/change-sequence.js';

/** The project a first start creates, with the bootstrap admin key. */
export const DEFAULT_PROJECT = 'default';

export interface KeyServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  /** Keys (known or not) remembered while the store's `keys` sequence holds, least recently used dropped first (default 10 000). */
  readonly cacheSize?: number;
  /** Failed authentications a client address may make per minute before it gets 429s (0: no limit; default 100). */
  readonly authFailureLimit?: number;
  /** The store's change sequences that validate cached keys (default: the store's reader, `ChangeSequences.of`). */
  readonly changes?: Pick<ChangeSequences, 'current'>;
  /** Real time for the cache and the failure windows (default Date.now; the `clock` may be a test's fixed one). */
  readonly now?: () => number;
}

function keyInfo(row: ApiKeyRow, project: string, token?: string): ApiKeyInfo {
  const info: ApiKeyInfo = { id: row.id, name: row.name, scopes: parseScopes(row.scopes), project, createdAt: new Date(row.created_at).toISOString() };
  const meta = keyMeta(row);
  if (meta.role !== null) info.role = meta.role as KeyRole;
  if (meta.expiresAt !== null) info.expiresAt = new Date(meta.expiresAt).toISOString();
  if (token !== undefined) info.key = token;
  return apiKeySchema.parse(info);
}

export class KeyService {
  private readonly cache: LruMap<string, { row: ApiKeyRow | undefined; seq: number }>;
  private readonly changes: Pick<ChangeSequences, 'current'>;
  private readonly failures: AuthFailureLimiter;
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly now: () => number;

  constructor(deps: KeyServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.now = deps.now ?? Date.now;
    this.cache = new LruMap(deps.cacheSize ?? 10_000);
    this.changes = deps.changes ?? ChangeSequences.of(deps.store.db);
    this.failures = new AuthFailureLimiter({ limit: deps.authFailureLimit ?? 100, now: this.now });
  }

  /** Keys remembered now (bounded by `cacheSize`). */
  get cachedKeys(): number {
    return this.cache.size;
  }

  /** Forget cached keys (after a key is revoked on this replica). */
  invalidate(id?: string): void {
    if (id === undefined) this.cache.clear();
    else this.cache.delete(id);
  }

  /**
   * The caller of an `Authorization` header, or 401. A `client` address that has sent too many bad
   * keys lately gets 429 (with how long to wait) before its key is looked at.
   */
  async authenticate(header: string | undefined, client?: string): Promise<AuthContext> {
    if (header === undefined || header === '') throw new UnauthorizedError('missing API key: send "Authorization: Bearer <key>"');
    if (client === undefined) return this.check(header);
    const wait = this.failures.blockedFor(client);
    if (wait !== undefined) throw new TooManyRequestsError('too many failed authentications from this address; try again later', Math.ceil(wait / 1000));
    try {
      return await this.check(header);
    } catch (err) {
      if (err instanceof UnauthorizedError) this.failures.fail(client);
      throw err;
    }
  }

  private async check(header: string): Promise<AuthContext> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m === null) throw new UnauthorizedError('the Authorization header must be "Bearer <key>"');
    const parsed = parseToken(m[1]!);
    if (parsed === undefined) throw new UnauthorizedError(`malformed API key: expected ${KEY_FORMAT_HINT}`);
    // The sequence is read before the row: a change committed in between makes the entry stale at the next check.
    const seq = await this.changes.current('keys');
    let hit = this.cache.get(parsed.id);
    if (hit === undefined || hit.seq !== seq) {
      hit = { row: await this.store.findKey(parsed.id), seq };
      this.cache.set(parsed.id, hit);
    }
    const row = hit.row;
    if (row === undefined || row.revoked_at !== null || !secretMatches(parsed.secret, row.hash)) throw new UnauthorizedError('unknown or revoked API key');
    const expiresAt = keyMeta(row).expiresAt;
    if (expiresAt !== null && expiresAt <= this.clock())
      throw new UnauthorizedError(`expired API key (it expired at ${new Date(expiresAt).toISOString()}); ask an admin for a new one`);
    return { keyId: row.id, projectId: Number(row.project_id), scopes: parseScopes(row.scopes), root: row.root === 1 };
  }

  /** A new project and its first admin key (only the bootstrap key may create projects). */
  async createProject(auth: AuthContext, name: string): Promise<ProjectInfo> {
    if (!auth.root) throw new ForbiddenError('only the bootstrap admin key may create projects');
    const key = generateKey();
    const now = this.clock();
    const row = { id: key.id, name: 'admin', hash: key.hash, scopes: formatScopes(['admin']), root: 0, created_at: now, revoked_at: null };
    const project = await this.store.createProject(name, row, now);
    if (project === undefined) throw new ConflictError(`a project named "${name}" already exists`);
    return {
      name: project.name,
      createdAt: new Date(project.created_at).toISOString(),
      adminKey: keyInfo({ ...row, project_id: project.id }, project.name, key.token),
    };
  }

  /** A new key in the caller's project; its secret is in the answer, once. */
  async createKey(projectId: number, body: CreateKey): Promise<ApiKeyInfo> {
    const key = generateKey();
    const row: ApiKeyRow = {
      id: key.id,
      project_id: projectId,
      name: body.name,
      hash: key.hash,
      scopes: formatScopes(body.scopes ?? ROLE_SCOPES[body.role!]),
      root: 0,
      created_at: this.clock(),
      revoked_at: null,
    };
    await this.store.insertKey(row);
    const meta = { role: body.role ?? null, expiresAt: body.expiresIn === undefined ? null : this.clock() + parseDuration(body.expiresIn) };
    if (meta.role !== null || meta.expiresAt !== null) await new GovernanceStore(this.store.db, this.store.dialect).setKeyMeta(projectId, row.id, meta);
    const project = await this.store.projectById(projectId);
    return keyInfo({ ...row, role: meta.role, expires_at: meta.expiresAt } as ApiKeyRow, project?.name ?? '', key.token);
  }

  async listKeys(projectId: number): Promise<ApiKeyInfo[]> {
    const project = await this.store.projectById(projectId);
    const rows = await this.store.listKeys(projectId);
    return rows.filter((r) => r.revoked_at === null).map((r) => keyInfo(r, project?.name ?? ''));
  }

  /** The calling key as the API shows keys (name, project, scopes; never the secret). */
  async whoami(auth: AuthContext): Promise<ApiKeyInfo> {
    const row = await this.store.findKey(auth.keyId);
    if (row === undefined) throw new UnauthorizedError('unknown or revoked API key');
    const project = await this.store.projectById(auth.projectId);
    return keyInfo(row, project?.name ?? '');
  }

  /**
   * Rotates a key: a new key with the same name, scopes and role (its secret in the answer, once),
   * while the old one keeps working for `grace` (default a day) and then expires.
   */
  async rotateKey(projectId: number, id: string, body: RotateKey): Promise<ApiKeyInfo> {
    const old = await this.store.findKey(id);
    if (old === undefined || Number(old.project_id) !== projectId || old.revoked_at !== null) throw new NotFoundError(`no active key "${id}" in this project`);
    const now = this.clock();
    const graceEnd = now + parseDuration(body.grace ?? '1d');
    const oldMeta = keyMeta(old);
    const key = generateKey();
    const row: ApiKeyRow = {
      id: key.id,
      project_id: projectId,
      name: old.name,
      hash: key.hash,
      scopes: old.scopes,
      root: 0,
      created_at: now,
      revoked_at: null,
    };
    const meta = { role: oldMeta.role, expiresAt: body.expiresIn === undefined ? null : now + parseDuration(body.expiresIn) };
    const gov = new GovernanceStore(this.store.db, this.store.dialect);
    await this.store.insertKey(row);
    await gov.setKeyMeta(projectId, row.id, meta);
    await gov.setKeyMeta(projectId, id, { role: oldMeta.role, expiresAt: oldMeta.expiresAt === null ? graceEnd : Math.min(oldMeta.expiresAt, graceEnd) });
    this.invalidate(id);
    const project = await this.store.projectById(projectId);
    return keyInfo({ ...row, role: meta.role, expires_at: meta.expiresAt } as ApiKeyRow, project?.name ?? '', key.token);
  }

  async revokeKey(projectId: number, id: string): Promise<void> {
    if (!(await this.store.revokeKey(projectId, id, this.clock()))) throw new NotFoundError(`no active key "${id}" in this project`);
    this.invalidate(id);
  }

  /**
   * Deletes a project with everything in it (models and their data, monitors, alerts, channels,
   * silences, notifications, keys), in one transaction. Only a root key may, and not its own
   * project: that would delete the caller's key, and with it the last way to administer the server.
   */
  async deleteProject(auth: AuthContext, name: string): Promise<void> {
    if (!auth.root) throw new ForbiddenError('only the bootstrap admin key may delete projects');
    const project = await this.store.findProject(name);
    if (project === undefined) throw new NotFoundError(`no project "${name}"`);
    if (project.id === auth.projectId) throw new ConflictError(`project "${name}" holds the calling key; a key cannot delete its own project`);
    if ((await this.store.deleteProject(name)) === undefined) throw new NotFoundError(`no project "${name}"`);
    // Its keys stop working here at once, and on other replicas when they see the bumped `keys` sequence.
    this.invalidate();
  }

  /** Makes sure a root admin key exists; returns the new key's token when one was made. */
  async ensureAdminKey(adminKey: string | undefined): Promise<string | null> {
    const now = this.clock();
    const store = this.store;
    let project = await store.findProject(DEFAULT_PROJECT);
    if (adminKey !== undefined) {
      const parsed = parseToken(adminKey);
      if (parsed === undefined) throw new Error(`VIGIL_ADMIN_KEY / --admin-key is malformed: expected ${KEY_FORMAT_HINT}`);
      const existing = await store.findKey(parsed.id);
      if (existing !== undefined) {
        if (existing.hash !== hashSecret(parsed.secret))
          throw new Error('VIGIL_ADMIN_KEY has the id of a stored key but another secret; use the stored key or a new id');
        return null;
      }
      const row = {
        id: parsed.id,
        name: 'bootstrap admin',
        hash: hashSecret(parsed.secret),
        scopes: formatScopes(['admin']),
        root: 1,
        created_at: now,
        revoked_at: null,
      };
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
}
