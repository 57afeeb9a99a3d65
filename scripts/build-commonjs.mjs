// Builds a package's CommonJS entry point beside its ESM build (`dist/` → `dist/cjs/`) with the
// package's tsconfig.cjs.json, for `require('@vigil/sdk')`. Node and TypeScript tell a .js file's
// module format from the nearest package.json, so dist/cjs/ gets one that says "commonjs".
// Run from the package's folder, after `tsc -b` (the CommonJS build reads the ESM build's types).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist/cjs', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.cjs.json'], { stdio: 'inherit' });
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
