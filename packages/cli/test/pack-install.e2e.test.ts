// @vigil/sdk, @vigil/wire and the `vigil` command as a user gets them: `npm pack` of the CLI and of
// every workspace package it needs, installed together into an empty project outside the repository;
// then an ESM and a CommonJS app log predictions to a real server, TypeScript checks both kinds of
// consumer against the shipped types, and `vigil` runs from the installed files.
//
// The install runs no install scripts: the one that matters, better-sqlite3's native build, takes a
// minute and runs on every install of the workspace, and nothing here opens SQLite from the installed
// files (the apps' server runs in this process; `vigil --help` and `vigil report` open no store).

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SETUP_TIMEOUT_MS = 300_000;
/** A test that starts Node or TypeScript in the installed project: seconds, more on a busy machine. */
const PROCESS_TEST = { timeout: 120_000 };

interface PackResult {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

interface AppOutput {
  resolved: { sdk: string; wire: string };
  loaded?: string[];
  stats: { sent: number; queued: number; inFlight: number; dropped: Record<string, number> };
}

/** The environment of a user's shell: nothing npm, vitest or a developer set for this workspace. */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_(local_prefix|prefix|workspaces?|include_workspace_root|global)$/i.test(key)) delete env[key];
  }
  for (const key of ['NODE_OPTIONS', 'NODE_ENV', 'INIT_CWD', 'VIGIL_FROM_SOURCE']) delete env[key];
  return env;
}

async function command(file: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run(file, args, { cwd, env: userEnv(), maxBuffer: 64 * 2 ** 20 });
}

/** The CLI and, transitively, every @vigil package it depends on, dependencies first. */
function workspaceClosure(name: string, seen: string[] = []): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', name.slice('@vigil/'.length), 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (dep.startsWith('@vigil/') && !seen.includes(dep)) workspaceClosure(dep, seen);
  }
  if (!seen.includes(name)) seen.push(name);
  return seen;
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

const packages = workspaceClosure('@vigil/cli');
let work: string;
let app: string;
let packs: PackResult[];
let server: TestServer;

beforeAll(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-pack-')));
  const tarballs = join(work, 'tarballs');
  app = join(work, 'app');
  mkdirSync(tarballs);
  mkdirSync(app);

  // One npm run packs them all; each package's prepack builds what it ships (sdk and wire: CommonJS too).
  const { stdout } = await command('npm', ['pack', '--json', '--pack-destination', tarballs, ...packages.flatMap((p) => ['-w', p])], ROOT);
  packs = JSON.parse(stdout.slice(stdout.indexOf('['))) as PackResult[];

  // TypeScript and Node's types at the workspace's versions, so that they come from npm's cache.
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const tools = ['typescript', '@types/node'].map((name) => `${name}@${rootManifest.devDependencies[name]}`);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vigil-pack-check', version: '1.0.0', private: true }, null, 2));
  await command(
    'npm',
    ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', ...packs.map((p) => join(tarballs, p.filename)), ...tools],
    app,
  );

  server = await createTestServer();
  const created = await server.request('POST', '/v1/models', { name: 'churn', type: 'binary', features: { age: 'numeric', plan: 'categorical' } });
  expect(created.status).toBe(201);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await server?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
}, SETUP_TIMEOUT_MS);

describe('the tarballs', () => {
  it('pack the CLI and every workspace package it needs', () => {
    expect(packs.map((p) => p.name).sort()).toEqual([...packages].sort());
    expect(packages).toEqual(expect.arrayContaining(['@vigil/sdk', '@vigil/wire', '@vigil/server', '@vigil/cli']));
  });

  it('hold built JavaScript and types, with no sources, tests, source maps or build state', () => {
    const unwanted = (f: string) =>
      f.startsWith('src/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.includes('.test.') || f.endsWith('.map') || f.includes('.tsbuildinfo');
    for (const pack of packs) {
      const files = pack.files.map((f) => f.path);
      expect(files, pack.name).toContain('package.json');
      expect(files.filter(unwanted), pack.name).toEqual([]);
    }
  });

  it('give the SDK, wire and the CLI a README, and the SDK and wire an ESM and a CommonJS build with types', () => {
    const files = (name: string) => packs.find((p) => p.name === name)!.files.map((f) => f.path);
    for (const name of ['@vigil/sdk', '@vigil/wire', '@vigil/cli']) expect(files(name), name).toContain('README.md');
    const dual = ['dist/index.js', 'dist/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json'];
    for (const name of ['@vigil/sdk', '@vigil/wire']) expect(files(name), name).toEqual(expect.arrayContaining(dual));
    expect(files('@vigil/cli')).toEqual(expect.arrayContaining(['bin/vigil.js', 'dist/main.js']));
  });

  it('install JavaScript and types that point at no source map (the SDK and wire)', () => {
    for (const name of ['sdk', 'wire']) {
      const dir = join(app, 'node_modules/@vigil', name);
      const code = filesUnder(dir).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'));
      expect(code.length, name).toBeGreaterThan(10);
      const mapped = code.filter((f) => readFileSync(join(dir, f), 'utf8').includes('sourceMappingURL'));
      expect(mapped, name).toEqual([]);
    }
  });
});

/** A user's ES module: logs the predictions in argv through the SDK, then says what it loaded. */
const ESM_APP = `import { createClient } from '@vigil/sdk';
import { predictionEventSchema } from '@vigil/wire';

const [url, apiKey, events] = process.argv.slice(2);
const vigil = createClient({ url, apiKey, model: 'churn', version: 'v1', onError: (d) => console.error(JSON.stringify(d)) });
for (const event of JSON.parse(events)) vigil.logPrediction(predictionEventSchema.parse(event));
await vigil.shutdown();
const resolved = { sdk: import.meta.resolve('@vigil/sdk'), wire: import.meta.resolve('@vigil/wire') };
console.log(JSON.stringify({ resolved, stats: vigil.stats() }));
`;

/** The same as CommonJS, listing every @vigil file it required. */
const CJS_APP = `const { createClient } = require('@vigil/sdk');
const { predictionEventSchema } = require('@vigil/wire');

async function main() {
  const [url, apiKey, events] = process.argv.slice(2);
  const vigil = createClient({ url, apiKey, model: 'churn', version: 'v1', onError: (d) => console.error(JSON.stringify(d)) });
  for (const event of JSON.parse(events)) vigil.logPrediction(predictionEventSchema.parse(event));
  await vigil.shutdown();
  const resolved = { sdk: require.resolve('@vigil/sdk'), wire: require.resolve('@vigil/wire') };
  const loaded = Object.keys(require.cache).filter((f) => f.includes('/@vigil/'));
  console.log(JSON.stringify({ resolved, loaded, stats: vigil.stats() }));
}
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
`;

/**
 * A TypeScript consumer (an .mts or a .cts file). The expected errors prove that the types are
 * real, not the `any` of a file TypeScript could not resolve, even under skipLibCheck.
 */
const consumer = (kind: string) => `import { createClient, createTestClient } from '@vigil/sdk';
import type { PredictionEvent as SdkPredictionEvent, VigilClient } from '@vigil/sdk';
import { predictionEventSchema } from '@vigil/wire';
import type { PredictionEvent } from '@vigil/wire';

const client: VigilClient = createClient({ url: 'http://127.0.0.1:8080', apiKey: 'vgl_key', model: 'churn' });
const event: PredictionEvent = predictionEventSchema.parse({ id: '${kind}', features: { age: 41 }, prediction: 1 });
client.logPrediction(event);
createTestClient().logLabel('${kind}', 1);
// @ts-expect-error a client needs its model
createClient({ url: 'http://127.0.0.1:8080', apiKey: 'vgl_key' });
// @ts-expect-error features are a record (the SDK re-exports wire's type)
export const bad: SdkPredictionEvent = { id: 'x', features: 1, prediction: 1 };
export const done: Promise<void> = client.shutdown();
`;

describe('an application that installed @vigil/sdk', PROCESS_TEST, () => {
  const predictions = (prefix: string) =>
    Array.from({ length: 3 }, (_, i) => ({ id: `${prefix}-${i}`, features: { age: 30 + i, plan: i % 2 === 0 ? 'pro' : 'free' }, prediction: 1 }));

  /** Runs `source` as `file` in the app, checks it delivered every prediction, and returns what it printed. */
  async function runApp(file: string, source: string, prefix: string): Promise<AppOutput> {
    writeFileSync(join(app, file), source);
    const { stdout } = await command(process.execPath, [file, server.url, server.adminKey, JSON.stringify(predictions(prefix))], app);
    const output = JSON.parse(stdout) as AppOutput;
    expect(output.stats).toMatchObject({ sent: 3, queued: 0, inFlight: 0 });
    expect(Object.values(output.stats.dropped).filter((n) => n !== 0)).toEqual([]);
    for (const p of predictions(prefix)) {
      const stored = await server.request('GET', `/v1/models/churn/predictions/${p.id}`);
      expect(stored.status, p.id).toBe(200);
      expect(stored.body).toMatchObject({ id: p.id, features: p.features });
    }
    return output;
  }

  it('logs predictions from an ES module (import), on the ESM build', async () => {
    const output = await runApp('esm-app.mjs', ESM_APP, 'esm');
    expect(output.resolved).toEqual({
      sdk: `file://${app}/node_modules/@vigil/sdk/dist/index.js`,
      wire: `file://${app}/node_modules/@vigil/wire/dist/index.js`,
    });
  });

  it('logs predictions from a CommonJS module (require), on the CommonJS build all the way down', async () => {
    const output = await runApp('cjs-app.cjs', CJS_APP, 'cjs');
    expect(output.resolved).toEqual({
      sdk: `${app}/node_modules/@vigil/sdk/dist/cjs/index.js`,
      wire: `${app}/node_modules/@vigil/wire/dist/cjs/index.js`,
    });
    // The SDK's own require('@vigil/wire') took wire's CommonJS build too: no ES module was loaded.
    expect(output.loaded).toContain(`${app}/node_modules/@vigil/wire/dist/cjs/index.js`);
    expect(output.loaded!.filter((f) => !f.includes('/dist/cjs/'))).toEqual([]);
  });

  it('typechecks against the shipped types from an ES module and from a CommonJS module', async () => {
    writeFileSync(join(app, 'consumer-esm.mts'), consumer('esm'));
    writeFileSync(join(app, 'consumer-cjs.cts'), consumer('cjs'));
    // skipLibCheck, as most projects set it (and as fast): the consumer's expected errors still catch unresolved types.
    const compilerOptions = { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer-esm.mts', 'consumer-cjs.cts'] }));
    const { stdout } = await command(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', '.', '--listFiles'], app);
    const listed = stdout.split('\n');
    for (const types of ['sdk/dist/index.d.ts', 'sdk/dist/cjs/index.d.ts', 'wire/dist/index.d.ts', 'wire/dist/cjs/index.d.ts']) {
      expect(listed).toContain(`${app}/node_modules/@vigil/${types}`);
    }
  });
});

describe('the installed vigil command', PROCESS_TEST, () => {
  const vigil = () => join(app, 'node_modules/.bin/vigil');

  it('prints its help', async () => {
    const { stdout } = await command(vigil(), ['--help'], app);
    expect(stdout).toMatch(/Usage: vigil/);
    for (const name of ['report', 'check', 'serve', 'demo']) expect(stdout).toContain(name);
  });

  it('writes a drift report from two CSV files', async () => {
    // 40 rows each: `age` moves from 20–59 to 60–99, `plan` keeps its shares.
    const csv = (firstAge: number) => ['age,plan', ...Array.from({ length: 40 }, (_, i) => `${firstAge + i},${i % 3 === 0 ? 'pro' : 'free'}`), ''].join('\n');
    writeFileSync(join(app, 'ref.csv'), csv(20));
    writeFileSync(join(app, 'cur.csv'), csv(60));
    await command(vigil(), ['report', '--reference', 'ref.csv', '--current', 'cur.csv', '--json', 'report.json', '--no-progress'], app);
    const report = JSON.parse(readFileSync(join(app, 'report.json'), 'utf8')) as {
      generatedBy: string;
      reference: { rows: number };
      drift: { columns: Array<{ name: string; drifted: boolean }> };
    };
    const { version } = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };
    expect(report.generatedBy).toBe(`vigil ${version}`);
    expect(report.reference.rows).toBe(40);
    expect(report.drift.columns.map((c) => [c.name, c.drifted])).toEqual(
      expect.arrayContaining([
        ['age', true],
        ['plan', false],
      ]),
    );
  });
});
