// Benchmark: `vigil report --preset drift` against Evidently's default drift on the same data in
// the same run (`npm run bench:report`; `EVIDENTLY_SRC` = an Evidently checkout's `src` adds Evidently).

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from '@vigil/cli';
import { driftPreset } from '@vigil/core';
import type { DriftSection, Table, TableColumn } from '@vigil/core';
import { createRng } from '@vigil/stats';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const EVIDENTLY_SRC = process.env.EVIDENTLY_SRC;
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
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
  const inMemory = await best(REPEATS, () => driftPreset(reference.table, current.table));
  const inMemoryRssMb = process.resourceUsage().maxRSS / 1024;
  const loading = await best(REPEATS, async () => [await loadCsv(refCsv), await loadCsv(curCsv)]);
  const runs: { ms: number; maxRssMb: number; wallS: number }[] = [];
  const child = new URL('./report-run.ts', import.meta.url).pathname;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    const out = execFileSync(process.execPath, ['--conditions=@vigil/source', '--import', 'tsx', child, refCsv, curCsv, join(dir, 'report.json')], {
      encoding: 'utf8',
    });
    const wallS = (performance.now() - t) / 1000;
    runs.push({ ...(JSON.parse(out) as { ms: number; maxRssMb: number }), wallS });
  }
  const e2e = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
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
  const rows: string[][] = [
    ['read both CSV files (pandas `read_csv` / Vigil loaders)', ev ? fmt(ev.read_s) : '–', fmt(loading.s), ratio(ev?.read_s, loading.s)],
    ['drift on data in memory (per-column default tests)', ev ? fmt(ev.drift_s) : '–', fmt(inMemory.s), ratio(ev?.drift_s, inMemory.s)],
    [
      'end to end from CSV (read + drift; Vigil: `vigil report --preset drift --json`)',
      ev ? fmt(ev.read_s + ev.drift_s) : '–',
      fmt(e2e.ms / 1000),
      ratio(ev ? ev.read_s + ev.drift_s : undefined, e2e.ms / 1000),
    ],
    ['the same, whole process (Node start-up and tsx included)', '', fmt(e2e.wallS), ''],
  ];
  if (ev?.report_s !== undefined) {
    rows.push(['Evidently `Report([DataDriftPreset()]).run` in memory vs Vigil drift in memory', fmt(ev.report_s), fmt(inMemory.s), ratio(ev.report_s, inMemory.s)]);
  }
  rows.push(['peak RSS (MB): Python process / `vigil report` process', ev ? ev.max_rss_mb.toFixed(0) : '–', e2e.maxRssMb.toFixed(0), '']);
  const lines = [
    `${ROWS.toLocaleString('en-US')} rows × (${NUMERIC} numeric + ${CATEGORICAL} categorical) per side; best of ${REPEATS} for Vigil` +
      (ev ? `, of ${process.env.EVIDENTLY_REPEATS ?? '1'} for Evidently` : '') +
      `; ${drift.numberOfDriftedColumns} of ${drift.numberOfColumns} columns drifted; ${agree}.`,
    `Vigil in-memory bench process peak RSS (data generation included): ${inMemoryRssMb.toFixed(0)} MB; in-memory result ${inMemory.value.numberOfDriftedColumns} drifted.`,
    '',
    '| step | Evidently (s) | Vigil (s) | Evidently ÷ Vigil |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
