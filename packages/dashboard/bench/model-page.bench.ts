// How fast the model page is interactive with 50 features × 30 days of hourly buckets: a real
// server seeded through the API, the built dashboard in headless Chromium, and the time from
// navigation until every chart is drawn and nothing is loading; beside it the API's share of
// that time, and the built bundle's size.
//
//   npm run bench:dashboard        (BENCH_RUNS runs per range, default 5; BENCH_PER_HOUR, default 20)

import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTestServer } from '@vigil/server/testing';
import { buildDashboard, launchChromium, newContext, signIn, waitForSettled } from '../test/dashboard-harness.js';
import { featureNames, seedSyntheticModel } from './synthetic-model.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const PER_HOUR = Number(process.env['BENCH_PER_HOUR'] ?? 20);
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
const MODEL = 'synthetic';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function bundleSizes(dir: string): { file: string; raw: number; gzip: number }[] {
  const assets = join(dir, 'assets');
  return [join(dir, 'index.html'), ...readdirSync(assets).map((f) => join(assets, f))].map((file) => ({
    file: file.slice(dir.length + 1),
    raw: statSync(file).size,
    gzip: gzipSync(readFileSync(file)).length,
  }));
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

const app = await buildDashboard();
const sizes = bundleSizes(app);
process.stdout.write(`Bundle (vite build, ${sizes.length} files):\n`);
for (const s of sizes) process.stdout.write(`  ${s.file.padEnd(40)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} gzip\n`);
process.stdout.write(
  `  ${'total'.padEnd(40)} ${kb(sizes.reduce((a, s) => a + s.raw, 0)).padStart(10)} ${kb(sizes.reduce((a, s) => a + s.gzip, 0)).padStart(10)} gzip\n\n`,
);

const server = await createTestServer({ bucket: '1h' }, { clock: () => END, loops: false, dashboardDir: app });
try {
  const t0 = performance.now();
  const options = { model: MODEL, numeric: 40, features: 50, days: 30, perHour: PER_HOUR, end: END, drifting: ['n00', 'n01', 'c00'] };
  const sent = await seedSyntheticModel(server.url, server.adminKey, options);
  await server.profiler.catchUp(END);
  while ((await server.profiler.compact(END)) > 0);
  process.stdout.write(
    `Seeded ${sent} predictions with labels (${featureNames(options).length} features, ${options.days} days, hourly buckets) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`,
  );

  const browser = await launchChromium();
  try {
    const page = await (await newContext(browser, { width: 1400, height: 900 })).newPage();
    await signIn(page, server.url, server.adminKey);
    // The first run of 30 days is the first view after the server started (every part read, decoded
    // and merged); the first runs of 7 days and 24 hours find the parts decoded but merge their steps.
    process.stdout.write(`Model page, median of ${RUNS} runs after one first run (ms from navigation; Chromium headless, this machine):\n`);
    process.stdout.write('  range  step  first paint  interactive  first  API requests  API busy until  after last answer\n');
    for (const [label, days] of [
      ['30d', 30],
      ['7d', 7],
      ['24h', 1],
    ] as const) {
      const url = `${server.url}/models/${MODEL}?from=${new Date(END - days * DAY).toISOString()}&to=${new Date(END).toISOString()}`;
      const runs: { paint: number; settled: number; requests: number; apiEnd: number; step: string }[] = [];
      for (let i = 0; i <= RUNS; i++) {
        await page.goto(url, { waitUntil: 'commit' });
        const settled = await waitForSettled(page, 600_000);
        const m = await page.evaluate(() => {
          const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/')) as PerformanceResourceTiming[];
          return {
            paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
            requests: api.length,
            apiEnd: Math.max(...api.map((e) => e.responseEnd)),
            step: document.querySelector('.range-picker select:last-of-type option:checked')?.textContent ?? '',
          };
        });
        runs.push({ ...m, settled });
      }
      const warm = runs.slice(1);
      const r = (f: (x: (typeof runs)[number]) => number) => Math.round(median(warm.map(f)));
      process.stdout.write(
        `  ${label.padEnd(6)} ${runs[0]!.step.replace(/^auto \((.*)\)$/, '$1').padEnd(5)} ${String(r((x) => x.paint)).padStart(11)} ${String(r((x) => x.settled)).padStart(12)} ${String(Math.round(runs[0]!.settled)).padStart(6)} ${String(r((x) => x.requests)).padStart(14)} ${String(r((x) => x.apiEnd)).padStart(15)} ${String(r((x) => x.settled - x.apiEnd)).padStart(18)}\n`,
      );
    }
  } finally {
    await browser.close();
  }
  process.stdout.write('\n');
  // The API alone, one request at a time: what each of the page's series requests costs the server.
  process.stdout.write('One request alone, 30 days, parts decoded (median of 3, ms; the first of the 3 merges the steps):');
  for (const [metric, step] of [
    ['volume', '2h'],
    ['latency_p95', '2h'],
    ['drift', '2h'],
    ['drift', '12h'],
    ['estimated_accuracy', '2h'],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = await server.request('GET', `/v1/models/${MODEL}/series?metric=${metric}&from=${END - 30 * DAY}&to=${END}&step=${step}&limit=10000`);
      if (r.status !== 200) throw new Error(`series ${metric}: ${r.status}`);
      times.push(performance.now() - t);
    }
    process.stdout.write(`  ${metric}@${step} ${Math.round(median(times))} (first ${Math.round(times[0]!)})`);
  }
  process.stdout.write('\n');
} finally {
  await server.close();
  rmSync(app, { recursive: true, force: true });
}
