// Request-line levels and request ids, and the two log formats.

import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, serverConfigSchema } from '../config.js';
import { createLogger } from '../logger.js';
import { requestIdOf, requestLogLevel } from './request-log.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('request lines', () => {
  it('log server errors at error, refused requests at info and the rest at debug', () => {
    expect([200, 204, 304, 400, 401, 404, 413, 500, 503].map(requestLogLevel)).toEqual([
      'debug',
      'debug',
      'debug',
      'info',
      'info',
      'info',
      'info',
      'error',
      'error',
    ]);
  });

  it("keep a caller's plain X-Request-Id and make a UUID otherwise", () => {
    expect(requestIdOf(req({ 'x-request-id': 'trace-42.a:b' }))).toBe('trace-42.a:b');
    expect(requestIdOf(req({ 'x-request-id': 'has space' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(req({ 'x-request-id': 'x'.repeat(129) }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(req({}))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('log formats', () => {
  it('are a config key, an environment variable and json by default', () => {
    expect(serverConfigSchema.parse({}).logFormat).toBe('json');
    expect(serverConfigSchema.parse({ logFormat: 'pretty' }).logFormat).toBe('pretty');
    expect(serverConfigSchema.safeParse({ logFormat: 'xml' }).success).toBe(false);
    expect(ENV_KEYS['VIGIL_LOG_FORMAT']).toBe('logFormat');
  });

  // The JSON form is pino's own (asynchronous) destination: the CLI's serve-logs test reads it from a real process.
  it('write readable lines for people in the pretty form', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-log-'));
    try {
      const file = join(dir, 'pretty');
      const fd = openSync(file, 'w');
      const logger = createLogger({ level: 'info', format: 'pretty', destination: fd, colorize: false });
      logger.info({ status: 404, reqId: 'r1' }, 'GET /v1/models/:model 404');
      logger.debug('not at info');
      closeSync(fd);
      const pretty = readFileSync(file, 'utf8');
      expect(pretty).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/v1\/models\/:model 404\n/);
      expect(pretty).toContain('status: 404');
      expect(pretty).not.toContain('not at info');
      expect(pretty).not.toContain('{"level"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
