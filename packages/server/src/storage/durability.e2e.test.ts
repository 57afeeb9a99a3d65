// No acknowledged event is lost: the real `vigil serve` process is killed with SIGKILL during
// sustained ingest, ten times, restarted on the same data folder, and every id it acknowledged
// must be there, once.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../keys/api-keys.js';

const BIN = fileURLToPath(new URL('../../../cli/bin/vigil.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
const key = generateKey().token;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir, '--log-level', 'warn'], {
      env: { ...process.env, VIGIL_ADMIN_KEY: key, PORT: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m !== null) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`vigil serve exited (${code}) before listening: ${err}`)));
  });
}

describe('durability', () => {
  it('keeps every acknowledged id across 10 SIGKILLs during ingest', { timeout: 240_000 }, async () => {
    const acked = new Set<string>();
    let next = 0;
    for (let round = 0; round < 10; round++) {
      const { child, url } = await start();
      const exited = new Promise((r) => child.once('exit', r));
      if (round === 0) {
        const r = await fetch(`${url}/v1/models`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'm', type: 'regression' }),
        });
        expect(r.status).toBe(201);
      }
      let stop = false;
      // Four concurrent writers; each batch's ids are acknowledged only by a 200.
      const writer = async () => {
        while (!stop) {
          const ids = Array.from({ length: 50 }, () => `e${next++}`);
          // Resend a few old ids too: duplicates must stay single.
          const events = [...ids, ...(acked.size > 0 ? [`e${Math.floor(Math.random() * next * 0.5)}`] : [])].map((id) => ({
            id,
            features: { x: 1, y: 'a' },
            prediction: 0.5,
          }));
          try {
            const r = await fetch(`${url}/v1/models/m/predictions`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
              body: JSON.stringify({ events }),
            });
            if (r.status === 200) for (const e of events) acked.add(e.id);
            else await r.arrayBuffer();
          } catch {
            return; // the server is gone
          }
        }
      };
      const writers = [writer(), writer(), writer(), writer()];
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      child.kill('SIGKILL');
      await exited;
      stop = true;
      await Promise.all(writers);
    }
    expect(acked.size).toBeGreaterThan(1000);
    const db = new BetterSqlite3(join(dir, 'vigil.db'));
    const rows = db.prepare('select event_id from predictions').all() as { event_id: string }[];
    db.close();
    const stored = new Set(rows.map((r) => r.event_id));
    expect(stored.size).toBe(rows.length); // no duplicates
    const lost = [...acked].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
  });
});
