// Whether a package's built JavaScript (`dist/`) is current: every file its TypeScript build read
// (as listed in the build's .tsbuildinfo) is no newer than that build, and the same holds for each
// @vigil package it depends on. Plain JavaScript: it decides whether TypeScript tooling is needed.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { URL } from 'node:url';

/**
 * @param {URL} packageDir the package's folder (ending in '/'); its @vigil dependencies are its siblings
 * @returns {boolean}
 */
export function builtIsFresh(packageDir, seen = new Set()) {
  if (seen.has(packageDir.href)) return true;
  seen.add(packageDir.href);
  const dist = new URL('dist/', packageDir);
  if (!existsSync(dist)) return false;
  // A published package ships no sources: its dist is all there is.
  if (existsSync(new URL('src/', packageDir))) {
    const infos = buildInfos(dist);
    if (infos.length === 0 || !infos.every(isCurrent)) return false;
  }
  const manifest = JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8'));
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith('@vigil/') && !builtIsFresh(new URL(`../${name.slice('@vigil/'.length)}/`, packageDir), seen)) return false;
  }
  return true;
}

/** The .tsbuildinfo files of a dist folder: its own, and those of builds into its subfolders (dist/lib). */
function buildInfos(dist) {
  const found = [];
  if (existsSync(new URL('.tsbuildinfo', dist))) found.push(new URL('.tsbuildinfo', dist));
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(new URL(`${entry.name}/.tsbuildinfo`, dist))) found.push(new URL(`${entry.name}/.tsbuildinfo`, dist));
  }
  return found;
}

/** Whether no file the build read (outside node_modules) changed after it, or went missing. */
function isCurrent(info) {
  const built = statSync(info).mtimeMs;
  const { fileNames = [] } = JSON.parse(readFileSync(info, 'utf8'));
  return fileNames.every((name) => {
    if (name.includes('node_modules/')) return true;
    const file = statSync(new URL(name, info), { throwIfNoEntry: false });
    return file !== undefined && file.mtimeMs <= built;
  });
}
