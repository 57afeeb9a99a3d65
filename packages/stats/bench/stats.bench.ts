// Benchmark: @vigil/stats against SciPy / scikit-learn on the same data in the same run.
// Run with `npm run bench` (needs Debian's python3-scipy and python3-sklearn). Prints the best of
// several runs for each side and the ratio SciPy-time / Vigil-time (above 1: Vigil is faster).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, histogram, histogramBinEdges, jensenShannonDistance, ks2Samp, psi, rocAucScore, wassersteinDistance } from '@vigil/stats';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

function best(fn: () => unknown): number {
  fn(); // warm-up: let the JIT compile the hot loops before timing
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min / 1000;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function jsBinned(x: Float64Array, y: Float64Array): number {
  const edges = histogramBinEdges(concat(x, y), 'sturges');
  return jensenShannonDistance(histogram(x, edges), histogram(y, edges));
}

function psiBinned(x: Float64Array, y: Float64Array): number {
  const edges = histogramBinEdges(x, 10);
  return psi(histogram(x, edges), histogram(y, edges), { epsilon: 1e-4 });
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
try {
  const data = new Map<number, { x: Float64Array; y: Float64Array; labels: Float64Array }>();
  const rng = createRng(20261126);
  for (const n of SIZES) {
    // Reference N(0, 1) against a slightly shifted and widened current sample, as drift looks.
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const y = Float64Array.from({ length: n }, () => 0.05 + 1.1 * rng.normal());
    // Labels correlated with x, so ROC AUC is about 0.76 rather than 0.5.
    const labels = Float64Array.from(x, (v) => (v + rng.normal() > 0 ? 1 : 0));
    data.set(n, { x, y, labels });
    writeFileSync(join(dir, `x_${n}.f64`), new Uint8Array(x.buffer));
    writeFileSync(join(dir, `y_${n}.f64`), new Uint8Array(y.buffer));
    writeFileSync(join(dir, `labels_${n}.f64`), new Uint8Array(labels.buffer));
  }

  process.stderr.write('timing SciPy / scikit-learn …\n');
  const py = JSON.parse(
    execFileSync(PYTHON, [new URL('./scipy_bench.py', import.meta.url).pathname, dir, SIZES.join(','), String(REPEATS)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    }),
  ) as Record<string, Record<string, number>> & { _values: Record<string, Record<string, unknown>> };

  process.stderr.write('timing Vigil …\n');
  const ops: Array<[string, string, (d: { x: Float64Array; y: Float64Array; labels: Float64Array }) => unknown]> = [
    ['ks', 'ks2Samp (two-sided, auto)', (d) => ks2Samp(d.x, d.y)],
    ['wasserstein', 'wassersteinDistance', (d) => wassersteinDistance(d.x, d.y)],
    ['js', 'JS distance, Sturges bins on both', (d) => jsBinned(d.x, d.y)],
    ['psi', 'PSI, 10 bins on reference', (d) => psiBinned(d.x, d.y)],
    ['rocauc', 'rocAucScore (binary)', (d) => rocAucScore(d.labels, d.x)],
  ];

  const rows: string[] = [];
  rows.push('| operation | n per sample | SciPy/sklearn (ms) | Vigil (ms) | ratio | same answer |');
  rows.push('|---|---:|---:|---:|---:|---|');
  for (const [key, label, fn] of ops) {
    for (const n of SIZES) {
      const d = data.get(n)!;
      const vigil = best(() => fn(d));
      const scipy = py[key]![String(n)]!;
      const ours = fn(d);
      const theirs = py._values[String(n)]![key];
      rows.push(
        `| ${label} | ${n.toLocaleString('en-US')} | ${(scipy * 1000).toFixed(1)} | ${(vigil * 1000).toFixed(1)} | ${(scipy / vigil).toFixed(1)}× | ${agree(ours, theirs) ? 'yes' : `NO (${JSON.stringify(ours)} vs ${JSON.stringify(theirs)})`} |`,
      );
    }
  }
  console.log(rows.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function agree(ours: unknown, theirs: unknown): boolean {
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(1e-9 * Math.abs(b), 1e-12);
  if (typeof ours === 'number' && typeof theirs === 'number') return close(ours, theirs);
  if (Array.isArray(theirs) && typeof ours === 'object' && ours !== null && 'statistic' in ours) {
    const r = ours as { statistic: number; pvalue: number };
    return close(r.statistic, theirs[0] as number) && close(r.pvalue, theirs[1] as number);
  }
  return false;
}
