// The README's shell examples (```sh and ```bash blocks), run as written with bash against a fresh
// server on a free port, each expected to exit 0. The README's own placeholders are filled in: the
// admin key for `KEY=vgl_…`, the server's port for 8080, and for `train.csv` / `last-week.csv` a
// user's data files with the columns the commands name, and for `exposures.csv` / `outcomes.csv` /
// `experiment.json` an experiment's events and definition. The server holds the `credit-default` model
// the examples query, with a reference, an hour of predictions and their labels, as while the demo
// runs. `npx vigil` finds the command as in a project that installed it (node_modules/.bin), and
// curl fails on an HTTP error, so an answer of 4xx or 5xx fails its command.
// Not run: commands listed in NOT_RUN with their reason, and the ```ts examples (not shell).

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';

const README = new URL('../../../README.md', import.meta.url);
const BIN = new URL('../bin/vigil.js', import.meta.url).pathname;

/** Commands that cannot run in a test by their nature, with the reason. */
const NOT_RUN: Record<string, string> = {
  'npm install && npm start': 'installs the dependencies, then runs the demo until it is stopped (the demo has end-to-end tests of its own)',
  'npm test': 'runs every test once, this one among them',
};

/** The commands of the README's shell blocks, continuation lines joined, comment-only and blank lines left out. */
function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)) {
    const text = (block[1] as string).replace(/\\\n\s*/g, '');
    for (const line of text.split('\n')) if (line.trim() !== '' && !line.trim().startsWith('#')) commands.push(line.trim());
  }
  return commands;
}

/** A command without its trailing comment, for matching it against `NOT_RUN`. */
function withoutComment(command: string): string {
  return command.replace(/\s+#.*$/, '');
}

/** A binary classifier's data as a user's CSV: income drives the label, `pred` right 85 % of the time. */
function creditCsv(rows: number, seed: number): string {
  const lines = ['income,purpose,label,pred'];
  for (let i = 0; i < rows; i++) {
    const u = (Math.sin((i + seed) * 12.9898) * 43758.5453) % 1;
    const income = Math.round(52_000 + 15_000 * Math.abs(u) * (u < 0 ? -1 : 1));
    const label = income < 45_000 ? 1 : 0;
    const pred = (i + seed) % 7 === 0 ? 1 - label : label;
    lines.push(`${income},${['car', 'home', 'education'][(i + seed) % 3]},${label},${pred}`);
  }
  return `${lines.join('\n')}\n`;
}

let server: TestServer;
let cwd: string;

beforeAll(async () => {
  // The loops run, as in `vigil serve`: the profiler builds the profiles, the gauge loop fills /metrics.
  server = await createTestServer({}, { loops: true });
  const features = { income: 'numeric', purpose: 'categorical' } as const;
  expect((await server.request('POST', '/v1/models', { name: 'credit-default', type: 'binary', features })).status).toBe(201);
  const score = (i: number) => Math.round(((i * 0.618) % 1) * 1000) / 1000;
  const row = (i: number) => ({ income: 30_000 + ((i * 7919) % 50_000), purpose: ['car', 'home', 'education'][i % 3] });
  // Labels agree with the score 80 % of the time.
  const rows = Array.from({ length: 300 }, (_, i) => ({ ...row(i), label: score(i) > 0.5 === (i % 5 !== 0) ? 1 : 0, score: score(i) }));
  expect((await server.request('POST', '/v1/models/credit-default/reference', { rows, target: 'label', prediction: 'score' })).status).toBe(201);
  const now = Date.now();
  const events = Array.from({ length: 200 }, (_, i) => ({
    id: `r${i}`,
    timestamp: now - 3_000_000 + i * 10_000,
    features: row(i + 7),
    prediction: score(i + 7),
  }));
  expect((await server.request('POST', '/v1/models/credit-default/predictions', { events })).status).toBe(200);
  const labels = events.map((event, i) => ({ id: event.id, label: i % 3 === 0 ? 1 : 0 }));
  expect((await server.request('POST', '/v1/models/credit-default/labels', { labels })).status).toBe(200);

  cwd = mkdtempSync(join(tmpdir(), 'vigil-readme-'));
  mkdirSync(join(cwd, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(BIN, join(cwd, 'node_modules', '.bin', 'vigil'));
  writeFileSync(join(cwd, 'train.csv'), creditCsv(600, 0));
  writeFileSync(join(cwd, 'last-week.csv'), creditCsv(400, 1));
  writeFileSync(
    join(cwd, 'experiment.json'),
    JSON.stringify({
      name: 'checkout',
      variants: [
        { name: 'control', weight: 0.5 },
        { name: 'new', weight: 0.5 },
      ],
      metrics: [{ name: 'converted', kind: 'proportion' }],
    }),
  );
  const start = Date.UTC(2026, 0, 5);
  const units = Array.from({ length: 400 }, (_, i) => ({ unit: `user-${i}`, variant: i % 2 === 0 ? 'control' : 'new', ts: start + i * 60_000 }));
  writeFileSync(
    join(cwd, 'exposures.csv'),
    `unit,variant,timestamp\n${units.map((u) => `${u.unit},${u.variant},${new Date(u.ts).toISOString()}`).join('\n')}\n`,
  );
  const converted = units.filter((u, i) => i % (u.variant === 'new' ? 7 : 9) === 0);
  writeFileSync(join(cwd, 'outcomes.csv'), `unit,metric,value,timestamp\n${converted.map((u) => `${u.unit},converted,1,${u.ts + 600_000}`).join('\n')}\n`);

  // As while the demo runs: the gauges are on /metrics (they refresh every 15 s).
  for (let waited = 0; !(await (await fetch(`${server.url}/metrics`)).text()).includes('vigil_feature_drift_score{'); waited += 500) {
    if (waited > 40_000) throw new Error('the drift gauges did not reach /metrics');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (cwd !== undefined) rmSync(cwd, { recursive: true, force: true });
});

/** Runs one command with bash: the README's placeholders filled in, variables the README set before it defined. */
function run(command: string, variables: readonly string[]): Promise<{ code: number; output: string }> {
  const port = new URL(server.url).port;
  const fill = (text: string) => text.replaceAll('vgl_…', server.adminKey).replace(/\b(localhost|127\.0\.0\.1):8080\b/g, `$1:${port}`);
  const script = [
    'set -o pipefail',
    // An HTTP error answer fails the command, as it would fail a user.
    'curl() { command curl --fail-with-body --show-error "$@"; }',
    ...variables.map(fill),
    fill(command),
  ].join('\n');
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', script],
      // npx must find `vigil` in node_modules/.bin, never look up or download a package of that name.
      { cwd, timeout: 120_000, env: { ...process.env, npm_config_offline: 'true', npm_config_yes: 'false', npm_config_update_notifier: 'false' } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}`.slice(-2000) }),
    );
  });
}

describe('the README', () => {
  const commands = readmeCommands(readFileSync(README, 'utf8'));

  it('has shell examples, and every command it does not run is still in it', () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const skipped of Object.keys(NOT_RUN)) expect(commands.map(withoutComment)).toContain(skipped);
  });

  it('runs every shell command as written, each exiting 0', async () => {
    const variables: string[] = [];
    const ran: string[] = [];
    for (const command of commands) {
      if (Object.hasOwn(NOT_RUN, withoutComment(command))) continue;
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(command)) {
        variables.push(command);
        continue;
      }
      const { code, output } = await run(command, variables);
      expect(code, `${command}\n${output}`).toBe(0);
      ran.push(command);
    }
    expect(ran.some((command) => command.startsWith('npx vigil report'))).toBe(true);
    expect(ran.some((command) => command.startsWith('npx vigil check'))).toBe(true);
    expect(ran.some((command) => command.startsWith('npx vigil power'))).toBe(true);
    expect(ran.some((command) => command.startsWith('npx vigil experiment analyze'))).toBe(true);
    expect(ran.filter((command) => command.startsWith('curl')).length).toBeGreaterThanOrEqual(8);
    for (const written of ['report.html', 'report.json', 'summary.md', 'checks.xml', 'experiment.html'])
      expect(existsSync(join(cwd, written)), written).toBe(true);
  }, 180_000);
});
