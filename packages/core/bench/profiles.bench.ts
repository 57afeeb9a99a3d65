// Benchmark: streaming profiles and online detectors. Run with `npm run bench` (or
// `npm run bench:profiles`). Throughput is printed with the ratio to a baseline timed in the same
// process: a bare Welford loop over the same values (what any profile must at least do).

import { ColumnProfile } from '@vigil/core';
import { Adwin, Moments, createRng } from '@vigil/stats';

const N = Number(process.env.BENCH_N ?? 2_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

function best(fn: () => void): number {
  fn();
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min / 1000;
}

const rng = createRng(7);
const values = Float64Array.from({ length: N }, () => 50 + 10 * rng.normal());
const errors = Float64Array.from({ length: N }, (_, i) => (rng.next() < (i < N / 2 ? 0.1 : 0.3) ? 1 : 0));

const welford = best(() => {
  new Moments().updateAll(values);
});
const profile = best(() => {
  new ColumnProfile().updateNumbers(values);
});
// Integer-valued columns also feed the frequent-items sketch (ids, counts, codes).
const integers = Float64Array.from(values, (v) => Math.round(v));
const profileInts = best(() => {
  new ColumnProfile().updateNumbers(integers);
});
const adwin = best(() => {
  const d = new Adwin();
  for (let i = 0; i < N; i++) d.update(errors[i] as number);
});

const half = N / 2;
const a = new ColumnProfile({ seed: 1 }).updateNumbers(values.subarray(0, Math.min(half, 1_000_000)));
const b = new ColumnProfile({ seed: 2 }).updateNumbers(values.subarray(half, half + Math.min(half, 1_000_000)));
const merge = best(() => {
  ColumnProfile.merge(a, b);
});
const bytes = ColumnProfile.merge(a, b).toBytes().length;

// Heap per profile: hold many saturated profiles and divide the heap growth by their number.
const gc = (globalThis as { gc?: () => void }).gc;
let heapPerProfile: number | null = null;
if (gc) {
  const seedValues = values.subarray(0, 200_000);
  // Typed-array storage lives outside the JS heap, in `arrayBuffers`: count both.
  const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  gc();
  const before = used();
  const held: ColumnProfile[] = [];
  for (let i = 0; i < 100; i++) held.push(new ColumnProfile({ seed: i }).updateNumbers(seedValues));
  gc();
  heapPerProfile = (used() - before) / held.length;
}

const mps = (s: number): string => `${(N / s / 1e6).toFixed(1)} M/s`;
console.log('| measure | value | baseline (same run) | ratio / goal |');
console.log('|---|---:|---:|---|');
console.log(
  `| ColumnProfile.updateNumbers, ${N.toLocaleString('en-US')} numbers | ${mps(profile)} | Welford only: ${mps(welford)} | ${(profile / welford).toFixed(1)}× the time of the bare moments loop; goal ≥ 5 M/s: ${N / profile >= 5e6 ? 'met' : 'NOT met'} |`,
);
console.log(
  `| ColumnProfile.updateNumbers, integer values (frequent items too) | ${mps(profileInts)} | | goal ≥ 5 M/s: ${N / profileInts >= 5e6 ? 'met' : 'NOT met'} |`,
);
console.log(`| Adwin.update, ${N.toLocaleString('en-US')} 0/1 errors | ${mps(adwin)} | | goal ≥ 5 M/s: ${N / adwin >= 5e6 ? 'met' : 'NOT met'} |`);
console.log(`| ColumnProfile.merge of two 1M-value profiles | ${(merge * 1000).toFixed(2)} ms | | |`);
console.log(`| serialized size of the merged profile | ${(bytes / 1024).toFixed(1)} KB | | goal < 64 KB: ${bytes < 65536 ? 'met' : 'NOT met'} |`);
console.log(
  `| heap per saturated column profile | ${heapPerProfile === null ? 'run node with --expose-gc' : `${(heapPerProfile / 1024).toFixed(1)} KB`} | | goal < 64 KB: ${heapPerProfile === null ? '—' : heapPerProfile < 65536 ? 'met' : 'NOT met'} |`,
);
