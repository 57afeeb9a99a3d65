// Whether a package's built JavaScript (`dist/`) is current: built at least as late as every one of
// its TypeScript sources, and the same holds for each @vigil package it depends on. Plain JavaScript,
// because it decides whether the TypeScript tooling has to be loaded at all.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';

/**
 * @param {URL} packageDir the package's folder (ending in '/'); its @vigil dependencies are its siblings
 * @returns {boolean}
 */
export function builtIsFresh(packageDir, seen = new Set()) {
  if (seen.has(packageDir.href)) return true;
  seen.add(packageDir.href);
  const src = new URL('src/', packageDir);
  // A published package ships no sources: its dist is all there is.
  if (existsSync(src)) {
    const built = statSync(new URL('dist/.tsbuildinfo', packageDir), { throwIfNoEntry: false });
    if (built === undefined || newestSource(src) > built.mtimeMs) return false;
  } else if (!existsSync(new URL('dist/', packageDir))) return false;
  const manifest = JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8'));
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith('@vigil/') && !builtIsFresh(new URL(`../${name.slice('@vigil/'.length)}/`, packageDir), seen)) return false;
  }
  return true;
}

/** Latest modification time (ms) of the TypeScript sources under `dir`, tests aside (the build leaves them out). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}
