// The full `--alerting` file example of docs/configuration.md applies to a real server (SQLite) as
// `vigil serve --alerting` applies it, and creates every channel, monitor, the policy and the silence it shows.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { applyAlertingFile } from '../packages/cli/src/serve/alerting-file.js';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'configuration.md'), 'utf8');
const section = doc.slice(doc.indexOf('## The `--alerting` file'));
const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
const dir = mkdtempSync(join(tmpdir(), 'vigil-alerting-doc-'));
let server: TestServer;

beforeAll(async () => {
  server = await createTestServer();
  const features = { income: 'numeric', utilization: 'numeric' };
  expect((await server.request('POST', '/v1/models', { name: 'credit-default', type: 'binary', features })).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/configuration.md, the --alerting example', () => {
  it('applies whole, and the server holds what it defines', async () => {
    expect(example, 'no ```json block in the --alerting section').toBeDefined();
    const file = join(dir, 'alerting.json');
    writeFileSync(file, example!);
    const parsed = JSON.parse(example!) as { channels: { name: string }[]; monitors: { name: string }[]; silences: unknown[] };
    const applied = await applyAlertingFile(server, file, server.adminKey);
    expect(applied).toBe(parsed.channels.length + parsed.monitors.length + 1 + parsed.silences.length);

    const channels = (await server.request('GET', '/v1/channels')).body as { channels: { name: string }[] };
    expect(channels.channels.map((c) => c.name).sort()).toEqual(parsed.channels.map((c) => c.name).sort());
    const monitors = (await server.request('GET', '/v1/monitors')).body as { monitors: { name: string }[] };
    expect(monitors.monitors.map((m) => m.name).sort()).toEqual(parsed.monitors.map((m) => m.name).sort());
    const policy = (await server.request('GET', '/v1/notification-policy')).body as { route: { receiver: string; routes: unknown[] } };
    expect(policy.route.receiver).toBe('ml-slack');
    expect(policy.route.routes).toHaveLength(2);
    const silences = (await server.request('GET', '/v1/silences')).body as { silences: { createdBy: string; state: string }[] };
    expect(silences.silences.map((s) => [s.createdBy, s.state])).toEqual([['ana', 'active']]);
  });
});
