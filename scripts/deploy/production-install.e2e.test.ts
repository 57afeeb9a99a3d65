// The Dockerfile's install and start steps, run as written in a clean temporary folder (containers
// cannot run here): its RUN lines after `npm ci` (pack the workspace, production install), then its
// ENTRYPOINT and CMD with its runtime ENV, then its HEALTHCHECK command. The installed app holds no
// dev dependencies, serves the API and the dashboard, and the systemd unit verifies against it.
//
// Bounded: one `npm pack` of the workspace (incremental builds) and one production install, in which
// better-sqlite3 compiles its native module (about a minute on two cores).

import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '@vigil/server';
import { dockerEnv, dockerInstructions } from './dockerfile.js';

const ROOT = join(import.meta.dirname, '..', '..');
const instructions = dockerInstructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = instructions.filter((i) => i.stage === 'runtime');
const work = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-production-')));
const paths: Record<string, string> = { '/packs': join(work, 'packs'), '/app': join(work, 'app'), '/data': join(work, 'data') };
/** A path of the image, as it lies in the temporary folder. */
const local = (text: string) => text.replace(/(^|[\s"'=])(\/packs|\/app|\/data)(?=$|[\s/"'])/g, (_, pre: string, p: string) => `${pre}${paths[p]!}`);

/** The environment of a user's shell: nothing npm, vitest or a developer set for this workspace. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_(local_prefix|prefix|workspaces?|include_workspace_root|global)$/i.test(key)) delete env[key];
    if (key.startsWith('VIGIL_') || key === 'PORT') delete env[key];
  }
  for (const key of ['NODE_OPTIONS', 'INIT_CWD']) delete env[key];
  return { ...env, ...extra };
}

function sh(command: string, cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = userEnv()): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` }),
    );
  });
}

let server: ChildProcess | undefined;
let url = '';
let log = '';
const adminKey = generateKey().token;
const env = dockerEnv(instructions, 'runtime');

beforeAll(async () => {
  // The RUN lines after `npm ci` (which this checkout has had) and the apt-get line (the tools are here).
  const steps = instructions.filter((i) => i.op === 'RUN' && i.stage !== 'runtime' && !i.args.startsWith('apt-get') && !i.args.startsWith('npm ci'));
  expect(steps.map((s) => s.args)).toEqual(['node deploy/pack-workspace.mjs /packs', 'sh deploy/install.sh /packs /app']);
  for (const step of steps) {
    const r = await sh(local(step.args), ROOT, 420_000);
    expect(r.code, `${step.args}\n${r.output.slice(-4000)}`).toBe(0);
  }
}, 900_000);

afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    const stuck = setTimeout(() => server!.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(stuck);
  }
  await rm(work, { recursive: true, force: true });
}, 60_000);

describe("the Dockerfile's production install", () => {
  it('installs the app without dev dependencies', () => {
    const modules = join(paths['/app']!, 'node_modules');
    for (const dev of ['vitest', 'typescript', 'eslint', 'prettier', '@grafana/schema']) expect(existsSync(join(modules, dev)), dev).toBe(false);
    expect(readdirSync(join(modules, '@vigil')).sort()).toEqual(['cli', 'core', 'dashboard', 'sdk', 'server', 'stats', 'tables', 'wire']);
    // better-sqlite3's native module was built by the install.
    expect(readdirSync(join(modules, 'better-sqlite3', 'build', 'Release')).some((f) => f.endsWith('.node'))).toBe(true);
    expect(existsSync(join(modules, '@vigil', 'dashboard', 'dist', 'app', 'index.html'))).toBe(true);
  });

  it('starts as ENTRYPOINT and CMD say, with the runtime ENV, and passes its HEALTHCHECK', async () => {
    const entry = JSON.parse(runtime.find((i) => i.op === 'ENTRYPOINT')!.args) as string[];
    const cmd = JSON.parse(runtime.find((i) => i.op === 'CMD')!.args) as string[];
    const vars: Record<string, string> = {};
    for (const [k, v] of env) vars[k] = local(v);
    // On loopback and a free port here; the image listens on 0.0.0.0:8080.
    Object.assign(vars, { VIGIL_HOST: '127.0.0.1', VIGIL_PORT: '0', VIGIL_ADMIN_KEY: adminKey });
    server = spawn(local(entry[0]!), [...entry.slice(1), ...cmd], { cwd: work, env: userEnv(vars), stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    server.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    for (let waited = 0; url === ''; waited += 100) {
      const m = /listening on (http:\/\/[^\s"]+)/.exec(log);
      if (m !== null) url = m[1]!;
      else if (waited > 60_000 || server.exitCode !== null) throw new Error(`vigil serve did not start:\n${log}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    // The store is in the data volume.
    expect(existsSync(join(paths['/data']!, 'vigil.db'))).toBe(true);

    const health = JSON.parse(runtime.find((i) => i.op === 'HEALTHCHECK')!.args.replace(/^.*?\bCMD\s+/, '')) as string[];
    const healthEnv = userEnv({ VIGIL_PORT: new URL(url).port });
    const ok = await new Promise<number>((resolve) =>
      execFile(health[0]!, health.slice(1), { env: healthEnv, timeout: 10_000 }, (e) => resolve(e === null ? 0 : 1)),
    );
    expect(ok).toBe(0);
    // …and the same check fails when nothing answers.
    const down = await new Promise<number>((resolve) =>
      execFile(health[0]!, health.slice(1), { env: userEnv({ VIGIL_PORT: '1' }), timeout: 10_000 }, (e) => resolve(e === null ? 0 : 1)),
    );
    expect(down).toBe(1);

    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const created = await fetch(`${url}/v1/models`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'churn', type: 'binary' }),
    });
    expect(created.status).toBe(201);
  }, 120_000);

  it('is what the systemd unit runs (systemd-analyze verify)', async () => {
    if (!existsSync('/usr/bin/systemd-analyze')) return expect(readFileSync(join(ROOT, 'deploy', 'vigil.service'), 'utf8')).toContain('ExecStart=');
    const unit = readFileSync(join(ROOT, 'deploy', 'vigil.service'), 'utf8').replaceAll('/opt/vigil', paths['/app']!);
    writeFileSync(join(work, 'vigil.service'), unit);
    const r = await sh(`systemd-analyze verify ${join(work, 'vigil.service')}`, work, 60_000);
    expect(r.code, r.output).toBe(0);
    // The same unit pointing at a missing install does not verify.
    writeFileSync(join(work, 'vigil.service'), unit.replaceAll(paths['/app']!, join(work, 'missing')));
    expect((await sh(`systemd-analyze verify ${join(work, 'vigil.service')}`, work, 60_000)).code).not.toBe(0);
  }, 130_000);
});
