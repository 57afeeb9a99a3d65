// Monitors and channels from a file, applied through the API: created, then updated in place on
// the next start, and a bad definition refused with the field named.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, startServer } from '@vigil/server';
import type { RunningServer } from '@vigil/server';
import { applyAlertingFile } from './alerting-file.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-alerting-file-'));
const key = generateKey().token;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ port: 0, data: dir, adminKey: key, logLevel: 'silent' }, { loops: false });
  await server.app.inject({
    method: 'POST',
    url: '/v1/models',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'credit', type: 'binary' }),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (content: unknown) => {
  const path = join(dir, `alerting-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

const definitions = (interval: string) => ({
  channels: [{ name: 'oncall', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 's' }],
  monitors: [{ name: 'credit-drift', model: 'credit', type: 'drift', window: '1h', interval, channels: ['oncall'] }],
  notificationPolicy: { route: { receiver: 'oncall', groupBy: ['alertname', 'model'] }, inhibitRules: [] },
});

describe('vigil serve --alerting', () => {
  it('creates what the file defines, and updates monitors in place when applied again', async () => {
    expect(await applyAlertingFile(server, file(definitions('1m')), key)).toBe(3);
    expect(await applyAlertingFile(server, file(definitions('5m')), key)).toBe(2); // the channel exists already
    const r = await server.app.inject({ method: 'GET', url: '/v1/monitors/credit-drift', headers: { authorization: `Bearer ${key}` } });
    expect((r.json() as { config: { interval: string } }).config.interval).toBe('5m');
  });

  it('refuses a bad definition, naming where it is', async () => {
    const bad = { monitors: [{ name: 'x', model: 'credit', type: 'drift', interval: 'soon' }] };
    await expect(applyAlertingFile(server, file(bad), key)).rejects.toThrow(/monitors\[0\].*interval/);
    await expect(applyAlertingFile(server, join(dir, 'missing.json'), key)).rejects.toThrow(/--alerting/);
  });
});
