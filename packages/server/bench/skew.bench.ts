// Training–serving skew at scale: 1 000 000 served events joined as of their time to a
// 1 000 000-row dataset (500 000 entities, two rows each, an hour apart, in two batches), three
// features compared. The store is filled through the services (the dataset's batches as the API
// takes them, the events with the store's ingest path); the timed part is the skew query itself,
// in process and once over HTTP.
//
// Besides wall time it reports the process's CPU time per call, which a busy machine does not inflate.
//
//   npm run bench:skew            (BENCH_EVENTS served events, default 1 000 000;
//                                  BENCH_ENTITIES entities, two rows each, default 500 000)

import { createTestServer } from '../src/testing.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const ENTITIES = Number(process.env['BENCH_ENTITIES'] ?? 500_000);
const T0 = Date.UTC(2026, 10, 27, 9);
const HOUR = 3_600_000;
const PURPOSES = ['car', 'house', 'crypto', 'education', 'travel'];

const income = (e: number, b: number) => 1000 + ((e * 7919) % 100_000) / 10 + b * 50;

async function main(): Promise<void> {
  const now = T0 + 3 * HOUR;
  const s = await createTestServer({ bucket: '5m', referenceMaxRows: Math.max(1_000_000, ENTITIES) }, { clock: () => now });
  try {
    const features = { customer: 'categorical', income: 'numeric', age: 'numeric', purpose: 'categorical' } as const;
    if ((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features })).status !== 201) throw new Error('model');
    const def = { name: 'profiles', entityKey: 'customer', timestampColumn: 'ts', features: { income: 'numeric', age: 'numeric', purpose: 'categorical' } };
    if ((await s.request('POST', '/v1/datasets', def)).status !== 201) throw new Error('dataset');
    const project = (await s.store.findProject('default'))!;
    const model = (await s.store.findModel(project.id, 'credit'))!;

    let t = performance.now();
    for (const b of [0, 1]) {
      const rows = Array.from({ length: ENTITIES }, (_, e) => ({
        customer: `cust-${e}`,
        ts: T0 + b * HOUR,
        income: income(e, b),
        age: 18 + (e % 60),
        purpose: PURPOSES[e % PURPOSES.length],
      }));
      await s.services.datasets.append(project.id, 'profiles', { kind: 'rows', rows, format: 'json' });
    }
    const appendMs = performance.now() - t;

    t = performance.now();
    const CHUNK = 50_000;
    let mismatches = 0;
    for (let start = 0; start < EVENTS; start += CHUNK) {
      const rows = [];
      for (let k = start; k < Math.min(EVENTS, start + CHUNK); k++) {
        const e = (k * 104_729) % ENTITIES;
        const ts = T0 + 10 * 60_000 + Math.floor((k / EVENTS) * 2 * HOUR);
        const b = ts >= T0 + HOUR ? 1 : 0;
        const off = k % 20 === 0 ? 1 : 0;
        mismatches += off;
        rows.push({
          event_id: `e${k}`,
          ts,
          version: 'v1',
          segment: '',
          features: JSON.stringify({ customer: `cust-${e}`, income: income(e, b) + off, age: 18 + (e % 60), purpose: PURPOSES[e % PURPOSES.length] }),
          prediction: '0.5',
          latency_ms: null,
          cost_usd: null,
          trace_id: null,
          received_at: now,
        });
      }
      await s.store.insertPredictions(model.id, rows, now);
    }
    const insertMs = performance.now() - t;

    const q = { dataset: 'profiles', from: T0, to: T0 + 3 * HOUR };
    const times: number[] = [];
    const cpu: number[] = [];
    let result;
    // The setup's garbage (a million row objects) is not the query's: collect it before each call when allowed (--expose-gc).
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let run = 0; run < 3; run++) {
      gc?.();
      t = performance.now();
      const c = process.cpuUsage();
      result = await s.services.skew.skew(project.id, 'credit', q);
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    t = performance.now();
    const http = await s.request('GET', `/v1/models/credit/skew?dataset=profiles&from=${q.from}&to=${q.to}`);
    const httpMs = performance.now() - t;
    if (http.status !== 200) throw new Error(`HTTP ${http.status}: ${JSON.stringify(http.body)}`);
    const inc = result!.features.find((f) => f.name === 'income')!;
    const expected = mismatches / EVENTS;
    if (result!.joined !== EVENTS || Math.abs(inc.mismatchShare - expected) > 1e-12) throw new Error(`wrong answer: ${JSON.stringify(result)}`);
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`skew: ${EVENTS} served events against ${2 * ENTITIES} dataset rows (${ENTITIES} entities), 3 features`);
    console.log(`  setup: dataset batches appended in ${(appendMs / 1000).toFixed(1)} s, events inserted in ${(insertMs / 1000).toFixed(1)} s`);
    console.log(
      `  skew in process: first (cold: the dataset's join table built) ${(times[0]! / 1000).toFixed(2)} s; warm (the table reused) best ${(Math.min(...times.slice(1)) / 1000).toFixed(2)} s`,
    );
    console.log(
      `  all calls: best ${(sorted[0]! / 1000).toFixed(2)} s, median ${(sorted[1]! / 1000).toFixed(2)} s (${times.map((x) => (x / 1000).toFixed(2)).join(', ')})`,
    );
    // The process's CPU time over each call (all threads): what the wall time would be on an idle core, the query being single-threaded.
    console.log(`  CPU time per call: ${cpu.map((x) => (x / 1000).toFixed(2)).join(', ')} s`);
    console.log(`  skew over HTTP:  ${(httpMs / 1000).toFixed(2)} s`);
    console.log(`  answer: joined ${result!.joined}, unmatched ${result!.unmatched}, income mismatch share ${inc.mismatchShare} (expected ${expected})`);
    console.log(`  peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    await s.close();
  }
}

await main();
