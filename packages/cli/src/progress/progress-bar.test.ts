// The progress bar's drawing: at most ten redraws a second, a line that always fits the terminal
// (a wrapped line could not be redrawn in place), and a clean line once done.

import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.js';
import { createProgressBar } from './progress-bar.js';

function terminal(columns: number): { io: CliIo; out: string[] } {
  const out: string[] = [];
  return { io: { stdout: () => undefined, stderr: (text) => void out.push(text), stderrIsTTY: true, stderrColumns: columns }, out };
}

describe('createProgressBar', () => {
  it('redraws at most every 100 ms and clears the line when done', () => {
    const { io, out } = terminal(80);
    let now = 1000;
    const bar = createProgressBar(io, 'reading a.csv', () => now);
    bar.update(10, 100);
    now += 50;
    bar.update(20, 100);
    now += 60;
    bar.update(50, 100);
    expect(out).toEqual([`\rreading a.csv [${'#'.repeat(4)}${'.'.repeat(36)}]  10%`, `\rreading a.csv [${'#'.repeat(20)}${'.'.repeat(20)}]  50%`]);
    bar.finish();
    expect(out.at(-1)).toBe(`\r${' '.repeat(79)}\r`);
  });

  it('shortens a label that would not fit, and draws nothing when never updated', () => {
    const { io, out } = terminal(40);
    const bar = createProgressBar(io, `reading ${'x'.repeat(60)}.csv and other.csv`, () => 5000);
    bar.update(1, 2);
    const line = (out[0] as string).slice(1);
    expect(line.length).toBeLessThanOrEqual(39);
    expect(line).toMatch(/^reading x+… \[#{5}\.{5}\] {2}50%$/);
    const quiet = terminal(80);
    createProgressBar(quiet.io, 'reading b.csv').finish();
    expect(quiet.out).toEqual([]);
  });
});
