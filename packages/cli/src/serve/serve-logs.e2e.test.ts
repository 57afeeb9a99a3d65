// `vigil serve` logs as pino JSON by default (the banner included) and as readable lines with
// `--log-format pretty` (or VIGIL_LOG_FORMAT); `--log-level debug` shows every request, and the
// key never appears in a request line.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '@vigil/server';

const BIN = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  return new Promise((resolve, reject) => {
    const key = generateKey().token;
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', join(dir, String(Math.random())), ...args], {
      env: { ...process.env, VIGIL_ADMIN_KEY: key, PORT: '', VIGIL_LOG_FORMAT: '', VIGIL_LOG_LEVEL: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /listening on (http:\/\/[^\s"]+)/.exec(err);
      if (m !== null) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`vigil serve exited (${code}) before listening: ${err}`)));
  });
}

async function stop(s: Served): Promise<void> {
  const exited = new Promise((resolve) => s.child.on('exit', resolve));
  s.child.kill('SIGTERM');
  await exited;
}

async function until(s: Served, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 100 && !pattern.test(s.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
  return s.stderr();
}

describe('vigil serve logs', () => {
  it('are JSON lines by default, the banner included, with failed requests at info', { timeout: 60_000 }, async () => {
    const s = await serve([]);
    try {
      expect(
        (await fetch(`${s.url}/v1/models/none`, { headers: { authorization: 'Bearer vgl_0123456789abcdef_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' } })).status,
      ).toBe(401);
      const text = await until(s, /"status":401/);
      const lines = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ level: 30, url: s.url, docs: `${s.url}/docs` });
      expect(lines[0]!['msg']).toMatch(/^Vigil is listening on http/);
      expect(lines.find((l) => l['status'] === 401)).toMatchObject({ level: 30, method: 'GET', route: '/v1/models/:model' });
      expect(text).not.toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
    } finally {
      await stop(s);
    }
  });

  it('are readable lines with --log-format pretty, every request at --log-level debug', { timeout: 60_000 }, async () => {
    const s = await serve(['--log-format', 'pretty', '--log-level', 'debug']);
    try {
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      const text = await until(s, /GET \/healthz 200/);
      expect(text).toMatch(/INFO.*: Vigil is listening on http/);
      expect(text).toMatch(/DEBUG.*: GET \/healthz 200/);
      expect(text).not.toContain('{"level"');
    } finally {
      await stop(s);
    }
  });

  it('take the format from VIGIL_LOG_FORMAT, and refuse an unknown one', { timeout: 60_000 }, async () => {
    const s = await serve([], { VIGIL_LOG_FORMAT: 'pretty' });
    await stop(s);
    expect(s.stderr()).toMatch(/INFO.*: Vigil is listening on http/);
    await expect(serve(['--log-format', 'xml'])).rejects.toThrow(/logFormat/);
  });
});
