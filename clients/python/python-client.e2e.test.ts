// The Python client as users get it: installed with pip from clients/python into an empty folder,
// then its unittest suite (run by Debian's /usr/bin/python3, which has NumPy and pandas) against a
// real `vigil serve` from this checkout, from a copy of the tests, so the installed package is the one imported.

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const CLIENT = import.meta.dirname;
const REPO = join(CLIENT, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'vigil-python-client-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs: number }): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      PYTHON,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...options.env } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` }),
    );
  });
}

/** Test methods in the suite's files, to hold the run to all of them. */
function testCount(): number {
  let n = 0;
  for (const f of readdirSync(join(CLIENT, 'tests')))
    if (f.endsWith('.py')) n += (readFileSync(join(CLIENT, 'tests', f), 'utf8').match(/^\s+def test_/gm) ?? []).length;
  return n;
}

describe('the Python client (clients/python)', () => {
  const site = join(work, 'site');

  it('installs with pip, typed (py.typed), versioned with Vigil', async () => {
    // Built from a copy, so pip's build folder and egg-info never land in the checkout.
    const source = join(work, 'source');
    cpSync(CLIENT, source, { recursive: true, filter: (p) => !p.includes('__pycache__') && !p.endsWith('.ts') && !p.includes(`${join(CLIENT, 'tests')}`) });
    const pip = await run(['-m', 'pip', 'install', '--quiet', '--no-build-isolation', '--no-index', '--no-deps', '--target', site, source], {
      cwd: work,
      env: { PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_ROOT_USER_ACTION: 'ignore' },
      timeoutMs: 120_000,
    });
    expect(pip.code, pip.output).toBe(0);
    expect(existsSync(join(site, 'vigil_client', 'py.typed'))).toBe(true);
    const probe = await run(['-c', 'import vigil_client, sys; print(vigil_client.__file__); print(vigil_client.__version__)'], {
      cwd: work,
      env: { PYTHONPATH: site },
      timeoutMs: 30_000,
    });
    expect(probe.code, probe.output).toBe(0);
    const [file, version] = probe.output.trim().split('\n');
    expect(file!.startsWith(site)).toBe(true);
    expect(version).toBe((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  }, 150_000);

  it('passes its unittest suite against a real server, nothing skipped', async () => {
    const suite = join(work, 'run');
    cpSync(join(CLIENT, 'tests'), join(suite, 'tests'), { recursive: true, filter: (p) => !p.includes('__pycache__') });
    const r = await run(['-m', 'unittest', 'discover', '--start-directory', 'tests', '--top-level-directory', '.', '--verbose'], {
      cwd: suite,
      env: { PYTHONPATH: site, VIGIL_REPO: REPO },
      timeoutMs: 280_000,
    });
    expect(r.code, r.output.slice(-6000)).toBe(0);
    const ran = /^Ran (\d+) tests? in /m.exec(r.output);
    expect(ran, r.output.slice(-2000)).not.toBeNull();
    expect(Number(ran![1])).toBe(testCount());
    expect(r.output).toMatch(/^OK$/m); // "OK (skipped=N)" would mean NumPy or pandas is missing
    expect(r.output).toMatch(/^restart: \d+ of 3000 acknowledged before the restart/m);
    console.log(`python client: ${ran![1]} unittest tests passed`);
  }, 300_000);
});
