// Packs the `vigil` command and every @vigil workspace package it needs, as npm would publish them
// (each package's prepack builds what it ships), into one folder: `node deploy/pack-workspace.mjs <folder>`.
// The Dockerfile's build stage runs it; deploy/install.sh installs the tarballs for production.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');
const destination = process.argv[2];
if (destination === undefined) {
  process.stderr.write('usage: node deploy/pack-workspace.mjs <folder>\n');
  process.exit(2);
}

/** The CLI and, transitively, every @vigil package it depends on, dependencies first. */
function closure(name, seen = []) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', name.slice('@vigil/'.length), 'package.json'), 'utf8'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) if (dep.startsWith('@vigil/') && !seen.includes(dep)) closure(dep, seen);
  if (!seen.includes(name)) seen.push(name);
  return seen;
}

mkdirSync(destination, { recursive: true });
const packages = closure('@vigil/cli');
const out = execFileSync('npm', ['pack', '--json', '--pack-destination', resolve(destination), ...packages.flatMap((p) => ['-w', p])], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 64 * 2 ** 20,
});
for (const pack of JSON.parse(out.slice(out.indexOf('[')))) process.stdout.write(`${pack.filename}\n`);
