// The process's streams and terminal facts, passed in so commands can run inside tests unchanged.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Progress bars are drawn only on a terminal, never into a log file or a pipe. */
  stderrIsTTY: boolean;
  stderrColumns: number;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    // A terminal that reports no size (0) gets the usual 80 columns.
    stderrColumns: process.stderr.columns || 80,
  };
}
