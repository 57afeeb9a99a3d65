// The import rules of .dependency-cruiser.cjs hold on the whole tree: no import cycle in any package
// (type-only imports included), packages depend one way, and in the server only http/ knows HTTP.
// Run as a test too, so CI fails on a cycle even where lint is skipped.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

function cruise(paths: string[], cwd = root): Violation[] {
  const out = execFileSync(process.execPath, [bin, ...paths, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('import rules', () => {
  it('hold on every package: no cycles, one-way dependencies, HTTP only in http/', () => {
    const violations = cruise([
      'packages/stats/src',
      'packages/wire/src',
      'packages/core/src',
      'packages/tables/src',
      'packages/server/src',
      'packages/sdk/src',
      'packages/cli/src',
      'packages/dashboard/src',
    ]);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle === undefined ? '' : ` (${v.cycle.map((c) => c.name).join(' → ')})`}`)).toEqual(
      [],
    );
  }, 60_000);

  it('catch a cycle, type-only imports included', () => {
    const dir = mkdtempSync(join(root, '.cycle-check-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b: B }\n");
      writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.js';\nexport interface B { a?: A }\n");
      const violations = cruise([relative(root, dir)]);
      expect(violations.map((v) => v.rule.name)).toContain('no-circular');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
