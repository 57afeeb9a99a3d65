// Root-cause slices on the demo (issue 19): over the story's last hours, when the new purpose
// 'crypto' has grown in, the drift ranking of GET /v1/models/{model}/slices names purpose=crypto
// among its top movers.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '@vigil/server';
import { sliceListSchema } from '@vigil/wire';
import { NEW_PURPOSE } from './demo-model.js';
import { DEMO_MODEL_NAME, startDemo } from './run-demo.js';
import type { RunningDemo } from './run-demo.js';

const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-slices-'));
const silent = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };
let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo({ server: serverConfigSchema.parse({ port: 0, data: dir, logLevel: 'silent' }), speed: 3600, seed: 1 }, silent);
  await demo.finished;
}, 90_000);

afterAll(async () => {
  await demo.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('vigil demo: slices', () => {
  it(`names purpose=${NEW_PURPOSE} among the top movers of drift`, async () => {
    const url = `${demo.server.url}/v1/models/${DEMO_MODEL_NAME}/slices?metric=drift&from=${demo.storyEnd - 6 * HOUR}&to=${demo.storyEnd}&limit=5`;
    const r = await fetch(url, { headers: { authorization: `Bearer ${demo.adminKey}` } });
    const body: unknown = await r.json();
    expect(r.status, JSON.stringify(body)).toBe(200);
    const slices = sliceListSchema.parse(body).slices;
    const top = slices.slice(0, 3).map((s) => `${s.key}=${s.value}`);
    expect(top).toContain(`purpose=${NEW_PURPOSE}`);
    const crypto = slices.find((s) => s.value === NEW_PURPOSE)!;
    expect(crypto.reference).toBe(0);
    expect(crypto.current).toBeGreaterThan(0.05);
  });
});
