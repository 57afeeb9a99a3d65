// Monitors and channels from a file, applied through the API: created, then updated in place on
// the next start, and a bad definition refused with the field named. Each change is an audit entry
// by the system actor `alerting-file`, with the API's actions and no secret.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditSigner, generateKey, startServer, verifyStoredAuditLog } from '@vigil/server';
import { auditListSchema } from '@vigil/wire';
import type { RunningServer } from '@vigil/server';
import { applyAlertingFile } from './alerting-file.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-alerting-file-'));
const key = generateKey().token;
const SECRET = 'file-secret-5c1d9e';
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
  channels: [{ name: 'oncall', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: SECRET }],
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

  it('records each change in the audit log as the system actor alerting-file, without secrets', async () => {
    const r = await server.app.inject({ method: 'GET', url: '/v1/audit?actor=system', headers: { authorization: `Bearer ${key}` } });
    expect(r.statusCode).toBe(200);
    const list = auditListSchema.parse(r.json());
    const mine = list.entries.filter((e) => e.actor.type === 'system' && e.actor.name === 'alerting-file').reverse();
    // First apply: the channel, the monitor and the policy; second: the monitor's new interval (the channel existed).
    expect(mine.map((e) => e.action)).toEqual(['channel.create', 'monitor.create', 'notificationPolicy.update', 'monitor.update']);
    expect(mine.map((e) => `${e.entity.type}:${e.entity.id}`)).toEqual([
      'channel:oncall',
      'monitor:credit-drift',
      'notificationPolicy:',
      'monitor:credit-drift',
    ]);
    expect(mine[1]!.entity.model).toBe('credit');
    expect(mine.every((e) => e.requestId === null)).toBe(true);
    expect(mine[3]!.diff).toContainEqual({ path: 'config.interval', before: '1m', after: '5m' });
    expect(mine[2]!.diff.some((d) => JSON.stringify(d.after).includes('oncall'))).toBe(true);
    // Applied again unchanged, nothing new is recorded.
    const size = list.treeHead.size;
    expect(await applyAlertingFile(server, file(definitions('5m')), key)).toBe(2);
    const again = auditListSchema.parse(
      (await server.app.inject({ method: 'GET', url: '/v1/audit?actor=system', headers: { authorization: `Bearer ${key}` } })).json(),
    );
    expect(again.entries.filter((e) => e.seq > size).map((e) => e.action)).toEqual([]);
    expect(again.treeHead.size).toBe(size);
    // The channel's secret is in no stored entry, and the log still verifies.
    const rows = await server.store.db.selectFrom('audit_log').select(['entry']).execute();
    expect(rows.some((row) => row.entry.includes('oncall'))).toBe(true);
    expect(rows.some((row) => row.entry.includes(SECRET))).toBe(false);
    expect((await verifyStoredAuditLog(server.store, AuditSigner.fromPublicKey(list.treeHead.publicKey))).ok).toBe(true);
  });

  it('refuses a bad definition, naming where it is', async () => {
    const bad = { monitors: [{ name: 'x', model: 'credit', type: 'drift', interval: 'soon' }] };
    await expect(applyAlertingFile(server, file(bad), key)).rejects.toThrow(/monitors\[0\].*interval/);
    await expect(applyAlertingFile(server, join(dir, 'missing.json'), key)).rejects.toThrow(/--alerting/);
  });
});
