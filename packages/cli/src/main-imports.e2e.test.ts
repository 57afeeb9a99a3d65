// What the `vigil` process imports: help and version load commander and the command line alone; a
// command's modules load when that command runs. Every module URL the process resolves is recorded
// by a module resolve hook (node:module `register`), as the built and the source entry load them.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/vigil.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-imports-'));
const hooks = join(dir, 'record-hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.VIGIL_TEST_IMPORTS, result.url + '\\n');
  return result;
}
`,
);
const register = join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

/** The module URLs a `vigil` run resolves, and its exit code. */
function imports(args: string[], fromSource: boolean): { code: number | null; urls: string[] } {
  const log = join(dir, `imports-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, VIGIL_TEST_IMPORTS: log, VIGIL_FROM_SOURCE: fromSource ? '1' : '0' },
  });
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  rmSync(log);
  return { code: result.status, urls };
}

// The report, server, demo and output modules, and every @vigil package, in source or built form.
const HEAVY =
  /\/packages\/(server|core|stats|tables|wire|sdk|dashboard)\/|\/packages\/cli\/(src|dist)\/(report|output|serve|demo|progress)\/|\/(run-command|describe-error|config-file)\.(ts|js)$|\/node_modules\/(zod|fastify|echarts|pino|kysely|better-sqlite3|hyparquet)\//;

describe('vigil imports', () => {
  for (const fromSource of [false, true]) {
    const entry = fromSource ? 'the source entry' : 'the built entry (when current)';
    it(`loads no command's modules for --help, -V or help <command>, from ${entry}`, () => {
      for (const args of [['--help'], ['-V'], ['report', '--help'], ['help', 'check']]) {
        const { code, urls } = imports(args, fromSource);
        expect(code, args.join(' ')).toBe(0);
        // The recorder saw the command line itself, so an empty list is no false pass.
        expect(
          urls.some((url) => /\/packages\/cli\/(src|dist)\/main\.(ts|js)$/.test(url)),
          args.join(' '),
        ).toBe(true);
        expect(
          urls.filter((url) => HEAVY.test(url)),
          args.join(' '),
        ).toEqual([]);
      }
    });
  }

  it('loads the server for `serve --help` and the report modules, never the server, for a report', () => {
    const serve = imports(['serve', '--help'], true);
    expect(serve.code).toBe(0);
    expect(serve.urls.some((url) => /\/packages\/server\//.test(url))).toBe(true);

    const csv = join(dir, 'x.csv');
    writeFileSync(csv, `a,b\n${Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 5}`).join('\n')}\n`);
    const report = imports(['report', '--reference', csv, '--current', csv], true);
    expect(report.code).toBe(0);
    expect(report.urls.some((url) => url.endsWith('/packages/cli/src/run-command.ts'))).toBe(true);
    expect(report.urls.filter((url) => /\/packages\/(server|dashboard)\/|\/packages\/cli\/src\/(serve|demo)\//.test(url))).toEqual([]);
  });
});
