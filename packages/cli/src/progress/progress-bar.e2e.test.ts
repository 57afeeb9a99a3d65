// The progress bar as a user sees it: the real `vigil` process given a terminal by util-linux
// `script`, on files large enough for a bar (and for loading on two threads), and never without one.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES } from './progress-bar.js';

const BIN = new URL('../../bin/vigil.js', import.meta.url).pathname;
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'vigil-tty-'));

/** A CSV of about `bytes` bytes: a number and a label per row. */
function csv(name: string, bytes: number, shift: number): string {
  const rows = ['x,label'];
  for (let i = 0, size = 8; size < bytes; i++) {
    const row = `${(((i * 7919) % 10007) / 1000 + shift).toFixed(4)},${['red', 'green', 'blue'][i % 3]}`;
    rows.push(row);
    size += row.length + 1;
  }
  const path = join(dir, name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

/** Runs vigil on a pseudo-terminal 100 columns wide; what the terminal showed, and the exit code. */
function onTerminal(args: string[]): { shown: string; code: number | null } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-q', '-e', '-c', `stty cols 100; ${quoted} > /dev/null`, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
  return { shown: r.stdout, code: r.status };
}

describe.skipIf(!hasScript)('progress bar on a terminal', () => {
  it('draws one bar for both files while they load, then clears it; --no-progress draws none', () => {
    const reference = csv('reference.csv', PROGRESS_MIN_BYTES / 2 + 1_000_000, 0);
    const current = csv('current.csv', PROGRESS_MIN_BYTES / 2 + 1_000_000, 0.5);
    const json = join(dir, 'report.json');
    const { shown, code } = onTerminal(['report', '--reference', reference, '--current', current, '--json', json]);
    expect(code).toBe(0);
    const draws = shown.split('\r').filter((line) => line.startsWith('reading reference.csv and current.csv ['));
    expect(draws.length).toBeGreaterThan(0);
    for (const line of draws) {
      expect(line).toMatch(/^reading reference\.csv and current\.csv \[[#.]{40}\] +\d+%$/);
      expect(line.length).toBeLessThan(100);
    }
    // Cleared: the last thing written is a line of blanks, then the cursor back at its start.
    expect(JSON.stringify(shown.slice(-102))).toBe(JSON.stringify(`%\r${' '.repeat(99)}\r`));
    const report = JSON.parse(readFileSync(json, 'utf8')) as { drift: { columns: { name: string; drifted: boolean }[] } };
    expect(report.drift.columns.find((c) => c.name === 'x')?.drifted).toBe(true);

    const quiet = onTerminal(['report', '--reference', reference, '--current', current, '--json', json, '--no-progress']);
    expect(quiet.code).toBe(0);
    expect(quiet.shown).not.toContain('reading');
  }, 120_000);
});
