// A one-line progress bar on stderr for large files, redrawn at most ten times a second and only
// when stderr is a terminal; cleared when done so the report's own output stays clean.

import type { CliIo } from '../cli-io.js';

/** Files smaller than this load too fast for a bar to help. */
export const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgressBar(io: CliIo, label: string, now: () => number = Date.now): ProgressBar {
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - lastDraw < 100 || total <= 0) return;
      lastDraw = t;
      drawn = true;
      const fraction = Math.min(1, done / total);
      const width = Math.max(10, Math.min(40, io.stderrColumns - label.length - 12));
      // The line must fit the terminal: a wrapped line cannot be redrawn with '\r'.
      const room = io.stderrColumns - 1 - (width + 8);
      const shown = label.length <= room ? label : `${label.slice(0, Math.max(0, room - 1))}…`;
      const filled = Math.round(fraction * width);
      io.stderr(`\r${shown} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`);
    },
    finish() {
      if (drawn) io.stderr(`\r${' '.repeat(Math.max(0, io.stderrColumns - 1))}\r`);
    },
  };
}
