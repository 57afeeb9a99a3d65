// The folder `vite build` writes the dashboard to, found from this module's own location.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `<package>/dist/app`. This module runs as `src/dist-dir.ts` (from source) or as
 * `dist/lib/dist-dir.js` (built), so the package folder is found by walking up to its
 * package.json rather than by a fixed relative path.
 */
export function dashboardDistDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`@vigil/dashboard: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return join(dir, 'dist', 'app');
}
