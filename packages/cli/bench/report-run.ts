// Child process of the report benchmark: runs `vigil report --preset drift --json` on two CSV files
// in a fresh process and prints its own time and peak RSS as JSON, so the figures count no bench data.

import { main } from '@vigil/cli';

const [reference, current, out] = process.argv.slice(2);
if (reference === undefined || current === undefined || out === undefined) throw new Error('usage: report-run.ts <reference.csv> <current.csv> <out.json>');
const started = performance.now();
const code = await main(['report', '--reference', reference, '--current', current, '--preset', 'drift', '--json', out, '--no-progress'], {
  stdout: () => undefined,
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: false,
  stderrColumns: 80,
});
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
