// Benchmark: `vigil report --preset drift` against Evidently's default drift on the same data in
// the same run (`npm run bench:report`; `EVIDENTLY_SRC` = an Evidently checkout's `src` adds Evidently).
// Vigil runs as users run it: its built JavaScript, worker threads included (this script refuses a
// stale build), the `vigil` bin in a fresh process for the end-to-end figure.

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportWorkerCount } from '@vigil/cli';
import { driftPreset } from '@vigil/core';
import type { DriftSection, Table, TableColumn } from '@vigil/core';
import { createRng } from '@vigil/stats';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const EVIDENTLY_SRC = process.env.EVIDENTLY_SRC;
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
/** Worker threads for Vigil's parallel steps (`VIGIL_WORKERS`, default one per core, at most 4). */
const WORKERS = reportWorkerCount(process.env.VIGIL_WORKERS === undefined ? undefined : Number(process.env.VIGIL_WORKERS));
const BIN = new URL('../bin/vigil.js', import.meta.url).pathname;
// Written by the `vigil` process as it exits (its main thread only): peak RSS of the whole process,
// worker threads included, and its time since the process started. The peak is Linux's VmHWM of the
// process's own memory: getrusage's maxRSS also counts the pages of this (large) process that the
// child shared between fork and exec.
const EXIT_STATS =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { readFileSync, writeFileSync } from 'node:fs'; import { isMainThread } from 'node:worker_threads';" +
      'const peakMb = () => { try { return Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024; } catch { return process.resourceUsage().maxRSS / 1024; } };' +
      'if (isMainThread) process.on("exit", () => writeFileSync(process.env.VIGIL_BENCH_STATS, JSON.stringify({ ms: performance.now(), maxRssMb: peakMb() })));',
  );

// Run in a child process from the repository root, as `vigil report` runs these steps: the best time
// (s) of reading both files, and of the drift preset on the tables read; workers started in each timing.
const CHILD_TIMER = `
import { ReportWorkers, loadInputs, parallelDriftPreset, resolveRunOptions } from '@vigil/cli';
const [reference, current, workers, repeats] = process.argv.slice(1);
const io = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };
const options = resolveRunOptions({ reference, current, progress: false });
const best = { loadS: Infinity, driftS: Infinity };
let inputs;
for (let r = 0; r < Number(repeats); r++) {
  const t = performance.now();
  const pool = Number(workers) > 1 ? new ReportWorkers(Number(workers)) : undefined;
  try { inputs = await loadInputs(options, io, pool); } finally { await pool?.close(); }
  best.loadS = Math.min(best.loadS, (performance.now() - t) / 1000);
}
for (let r = 0; r < Number(repeats); r++) {
  const t = performance.now();
  await parallelDriftPreset(inputs.reference, inputs.current, { mapping: inputs.mapping }, { workers: Number(workers) });
  best.driftS = Math.min(best.driftS, (performance.now() - t) / 1000);
}
process.stdout.write(JSON.stringify(best));
`;

const { builtIsFresh } = (await import(new URL('../bin/built-is-fresh.js', import.meta.url).href)) as { builtIsFresh: (dir: URL) => boolean };
if (!builtIsFresh(new URL('../', import.meta.url))) {
  process.stderr.write('the built JavaScript is older than the sources: run `npm run build` first (npm run bench:report does)\n');
  process.exit(1);
}
const NUMERIC = 20;
const CATEGORICAL = 5;
const LABELS = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow'];

interface Generated {
  table: Table;
  numbers: Float64Array[];
  labels: Uint8Array[];
}

// Numbers N(μ_j, σ_j²) rounded to 4 decimals (short CSV cells); the current side shifts the first
// three numeric columns and skews the first categorical one, so a few columns drift.
function generate(seed: number, drifted: boolean): Generated {
  const rng = createRng(seed);
  const columns: TableColumn[] = [];
  const numbers: Float64Array[] = [];
  const labels: Uint8Array[] = [];
  for (let j = 0; j < NUMERIC; j++) {
    const shift = drifted && j < 3 ? 0.05 * (j + 1) : 0;
    const mu = j + shift;
    const sigma = 1 + j / 10;
    const v = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) v[i] = Math.round((mu + sigma * rng.normal()) * 1e4) / 1e4;
    numbers.push(v);
    columns.push({ name: `num_${j}`, values: v });
  }
  for (let j = 0; j < CATEGORICAL; j++) {
    const codes = new Uint8Array(ROWS);
    const skew = drifted && j === 0;
    for (let i = 0; i < ROWS; i++) codes[i] = skew && rng.next() < 0.2 ? 0 : rng.int(LABELS.length);
    labels.push(codes);
    columns.push({ name: `cat_${j}`, values: Array.from(codes, (c) => LABELS[c] as string) });
  }
  return { table: { rowCount: ROWS, columns }, numbers, labels };
}

function writeCsv(path: string, g: Generated): void {
  const fd = openSync(path, 'w');
  const header = [...g.numbers.map((_, j) => `num_${j}`), ...g.labels.map((_, j) => `cat_${j}`)].join(',');
  writeSync(fd, `${header}\n`);
  const chunk: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    let line = '';
    for (const v of g.numbers) line += `${v[i] as number},`;
    for (let j = 0; j < g.labels.length; j++) line += (j === 0 ? '' : ',') + (LABELS[(g.labels[j] as Uint8Array)[i] as number] as string);
    chunk.push(line);
    if (chunk.length === 50_000 || i === ROWS - 1) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk.length = 0;
    }
  }
  closeSync(fd);
}

async function best<T>(repeats: number, fn: () => T | Promise<T>): Promise<{ value: T; s: number }> {
  let value: T | undefined;
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    value = await fn();
    min = Math.min(min, performance.now() - t);
  }
  return { value: value as T, s: min / 1000 };
}

const fmt = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ratio = (evidently: number | undefined, vigil: number): string => (evidently === undefined ? '–' : `${(evidently / vigil).toFixed(1)}×`);

interface EvidentlyResult {
  read_s: number;
  drift_s: number;
  report_s?: number;
  max_rss_mb: number;
  columns: Record<string, { method: string; score: number; drifted: boolean }>;
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-report-bench-'));
try {
  process.stderr.write(`generating ${ROWS} rows × ${NUMERIC + CATEGORICAL} columns …\n`);
  const reference = generate(20261127, false);
  const current = generate(20261128, true);
  const refCsv = join(dir, 'reference.csv');
  const curCsv = join(dir, 'current.csv');
  writeCsv(refCsv, reference);
  writeCsv(curCsv, current);

  let evidently: EvidentlyResult | undefined;
  if (EVIDENTLY_SRC !== undefined) {
    process.stderr.write('timing Evidently …\n');
    const script = new URL('./evidently_bench.py', import.meta.url).pathname;
    const out = execFileSync(PYTHON, [script, refCsv, curCsv, process.env.EVIDENTLY_REPEATS ?? '1'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    evidently = JSON.parse(out) as EvidentlyResult;
  }

  process.stderr.write('timing Vigil …\n');
  const serialDrift = await best(REPEATS, () => driftPreset(reference.table, current.table));
  const inMemoryRssMb = process.resourceUsage().maxRSS / 1024;
  // Reading and drift as `vigil report` runs them, timed in a fresh process: in this one, the
  // generated tables' large heap would slow the loaders and the main thread's share of the drift.
  const child = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', CHILD_TIMER, '--', refCsv, curCsv, String(WORKERS), String(REPEATS)], {
      encoding: 'utf8',
      cwd: new URL('../../../', import.meta.url).pathname,
    }),
  ) as { loadS: number; driftS: number };
  const runs: { ms: number; maxRssMb: number; wallS: number }[] = [];
  const stats = join(dir, 'exit-stats.json');
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    execFileSync(
      process.execPath,
      [
        `--import=${EXIT_STATS}`,
        BIN,
        'report',
        '--reference',
        refCsv,
        '--current',
        curCsv,
        '--preset',
        'drift',
        '--json',
        join(dir, 'report.json'),
        '--no-progress',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, VIGIL_BENCH_STATS: stats, VIGIL_WORKERS: String(WORKERS) },
      },
    );
    const wallS = (performance.now() - t) / 1000;
    // Sources edited during the run (by someone else in the same tree) make the bin fall back to them.
    if (!builtIsFresh(new URL('../', import.meta.url))) process.stderr.write('warning: sources changed during the run; vigil may have run from source\n');
    else runs.push({ ...(JSON.parse(readFileSync(stats, 'utf8')) as { ms: number; maxRssMb: number }), wallS });
  }
  if (runs.length === 0) throw new Error('no run of the built vigil: the sources kept changing (npm run build, then try again)');
  const e2e = runs.reduce((a, b) => (b.wallS < a.wallS ? b : a));
  const drift = (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { drift: DriftSection }).drift;

  // Same answers on both sides (the tests hold them to 1e-6; here a last sanity check).
  let agree = 'not compared';
  if (evidently !== undefined) {
    const ev = evidently.columns;
    const worst = Math.max(...drift.columns.map((c) => Math.abs(c.score - (ev[c.name]?.score ?? Number.NaN)) || 0));
    const same = drift.columns.every((c) => ev[c.name]?.method === c.method && ev[c.name]?.drifted === c.drifted);
    agree = `${same ? 'same methods and flags' : 'METHODS OR FLAGS DIFFER'}, largest score difference ${worst.toExponential(1)}`;
  }

  const ev = evidently;
  const evE2e = ev ? ev.read_s + ev.drift_s : undefined;
  const rows: string[][] = [
    [
      `read both CSV files (pandas \`read_csv\` / Vigil loaders, ${WORKERS} workers)`,
      ev ? fmt(ev.read_s) : '–',
      fmt(child.loadS),
      ratio(ev?.read_s, child.loadS),
    ],
    ['drift on data in memory, one thread (core `driftPreset`)', ev ? fmt(ev.drift_s) : '–', fmt(serialDrift.s), ratio(ev?.drift_s, serialDrift.s)],
    [
      `drift on the tables read, as \`vigil report\` runs it (${WORKERS} workers, their start included)`,
      ev ? fmt(ev.drift_s) : '–',
      fmt(child.driftS),
      ratio(ev?.drift_s, child.driftS),
    ],
    [
      'end to end from CSV (Evidently: read + drift; Vigil: the `vigil report --preset drift --json` process, start-up included)',
      evE2e === undefined ? '–' : fmt(evE2e),
      fmt(e2e.wallS),
      ratio(evE2e, e2e.wallS),
    ],
  ];
  if (ev?.report_s !== undefined) {
    rows.push([
      'Evidently `Report([DataDriftPreset()]).run` in memory vs Vigil drift on the tables read',
      fmt(ev.report_s),
      fmt(child.driftS),
      ratio(ev.report_s, child.driftS),
    ]);
  }
  rows.push(['peak RSS (MB): Python process / `vigil report` process', ev ? ev.max_rss_mb.toFixed(0) : '–', e2e.maxRssMb.toFixed(0), '']);
  const lines = [
    `${ROWS.toLocaleString('en-US')} rows × (${NUMERIC} numeric + ${CATEGORICAL} categorical) per side; best of ${REPEATS} for Vigil` +
      (ev ? `, of ${process.env.EVIDENTLY_REPEATS ?? '1'} for Evidently` : '') +
      `; ${drift.numberOfDriftedColumns} of ${drift.numberOfColumns} columns drifted; ${agree}.`,
    `Vigil in-memory bench process peak RSS (data generation included): ${inMemoryRssMb.toFixed(0)} MB; one-thread result ${serialDrift.value.numberOfDriftedColumns} drifted; ` +
      `the vigil process's own clock: ${fmt(e2e.ms / 1000)} s.`,
    '',
    '| step | Evidently (s) | Vigil (s) | Evidently ÷ Vigil |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
