// When `vigil` (bin/built-is-fresh.js) may run its built JavaScript: on fake package folders, the build is current only while
// no file its .tsbuildinfo lists is newer (or gone), for the package and each @vigil dependency.

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const modulePath = new URL('../bin/built-is-fresh.js', import.meta.url).href;
const { builtIsFresh } = (await import(modulePath)) as { builtIsFresh: (packageDir: URL) => boolean };

const root = mkdtempSync(join(tmpdir(), 'vigil-fresh-'));
const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T00:01:00Z');
const T2 = new Date('2026-01-01T00:02:00Z');

/** A package `name` with one source file (time `src`), built at `built` into `buildDir`; depends on `deps`. */
function pkg(name: string, opts: { src?: Date; built?: Date; deps?: string[]; buildDir?: string; noSrc?: boolean }): URL {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `@vigil/${name}`, dependencies: Object.fromEntries((opts.deps ?? []).map((d) => [`@vigil/${d}`, '0.1.0'])) }),
  );
  if (!opts.noSrc) {
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'x.ts'), 'export const x = 1;\n');
    utimesSync(join(dir, 'src', 'x.ts'), opts.src ?? T0, opts.src ?? T0);
    if (opts.built !== undefined) {
      const buildDir = join(dir, 'dist', opts.buildDir ?? '');
      mkdirSync(buildDir, { recursive: true });
      const up = opts.buildDir === undefined ? '..' : '../..';
      writeFileSync(join(buildDir, '.tsbuildinfo'), JSON.stringify({ fileNames: [`${up}/../../node_modules/typescript/lib/lib.es5.d.ts`, `${up}/src/x.ts`] }));
      utimesSync(join(buildDir, '.tsbuildinfo'), opts.built, opts.built);
    }
  }
  return pathToFileURL(`${dir}/`);
}

describe('builtIsFresh', () => {
  it('is true while the build is newer than its sources, for the package and its @vigil dependencies', () => {
    pkg('core', { src: T0, built: T1 });
    const cli = pkg('cli', { src: T0, built: T1, deps: ['core'] });
    expect(builtIsFresh(cli)).toBe(true);
    pkg('core', { src: T2, built: T1 });
    expect(builtIsFresh(cli)).toBe(false);
    pkg('core', { src: T0, built: T1, buildDir: 'lib' });
    expect(builtIsFresh(cli)).toBe(true);
    pkg('cli', { src: T2, built: T1, deps: ['core'] });
    expect(builtIsFresh(cli)).toBe(false);
  });

  it('is false without a build or when a listed source is gone; a package without sources is its dist', () => {
    const cli = pkg('cli', { src: T0, deps: ['core'] });
    pkg('core', { src: T0, built: T1 });
    expect(builtIsFresh(cli)).toBe(false);
    pkg('cli', { src: T0, built: T1, deps: ['core'] });
    rmSync(join(root, 'core', 'src', 'x.ts'));
    expect(builtIsFresh(cli)).toBe(false);
    pkg('core', { noSrc: true });
    expect(builtIsFresh(cli)).toBe(true);
  });
});
