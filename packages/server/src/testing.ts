// Test helpers shipped with the server (`@vigil/server/testing`): a real server on a free
// loopback port with a throw-away store, and PostgreSQL schemas that vanish after the test.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateKey } from './keys/api-keys.js';
import type { ServerConfigInput } from './config.js';
import { startServer } from './http/server.js';
import type { RunningServer, StartServerOptions } from './http/server.js';

/** The PostgreSQL the test suites use (CI and this machine: trust auth on 127.0.0.1). */
export const TEST_POSTGRES_URL = process.env['VIGIL_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestServer extends RunningServer {
  /** A root admin key of the default project. */
  readonly adminKey: string;
  /** Sends a request with the admin key (or `key`) and parses a JSON answer. */
  request(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers freely
}

/** A fresh PostgreSQL schema for one test file; `url` selects it, `drop()` removes it. */
export async function createTestSchema(baseUrl = TEST_POSTGRES_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `vigil_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`create schema ${name}`);
  await client.end();
  const sep = baseUrl.includes('?') ? '&' : '?';
  return {
    url: `${baseUrl}${sep}options=${encodeURIComponent(`-c search_path=${name}`)}`,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop schema ${name} cascade`);
      await c.end();
    },
  };
}

export async function createTestServer(config: Partial<ServerConfigInput> = {}, options: StartServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const adminKey = config.adminKey ?? generateKey().token;
  // Test receivers listen on loopback, so webhooks may reach it unless a test says otherwise.
  const webhookAllowlist = config.webhookAllowlist ?? ['127.0.0.0/8', '::1'];
  const server = await startServer(
    { host: '127.0.0.1', port: 0, data: dir, logLevel: 'silent', ...config, webhookAllowlist, adminKey },
    { loops: false, ...options },
  );
  return {
    ...server,
    adminKey,
    async request(method, path, body, key = adminKey) {
      const init: RequestInit = { method, headers: { authorization: `Bearer ${key}` } };
      if (body !== undefined) {
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const res = await fetch(`${server.url}${path}`, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestStoreKind = 'sqlite' | 'postgres';

/**
 * A test server on a fresh SQLite file or a fresh PostgreSQL schema (`kind`); closing it also
 * drops the schema. For suites that run once per store (`describe.each(['sqlite', 'postgres'])`).
 */
export async function createTestServerOn(kind: TestStoreKind, config: Partial<ServerConfigInput> = {}, options: StartServerOptions = {}): Promise<TestServer> {
  if (kind === 'sqlite') return createTestServer(config, options);
  const schema = await createTestSchema();
  const server = await createTestServer({ ...config, store: schema.url }, options);
  return {
    ...server,
    async close() {
      await server.close();
      await schema.drop();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Profiles every event the server has taken in. `profiler.catchUp` returns at once, having done
 * nothing, while the server's own profiler loop holds the pass (more likely on a busy machine), so
 * this waits for a pass of its own that finds nothing left.
 */
export async function profileAll(server: Pick<RunningServer, 'profiler'>, now: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const r = await server.profiler.pass(now);
    if (r !== undefined && r.predictions === 0 && r.labels === 0) return;
    if (r === undefined) await sleep(20);
  }
  throw new Error('the profiler did not catch up');
}
