// Sliced queries at their limit: a window of 200 000 events (querySliceMaxEvents' default, a third
// of them labelled) read raw, filtered by `slice=purpose:crypto` and profiled per step, against the
// same series answered from bucket profiles. Timed over HTTP (the query gate included) on SQLite:
// series of volume and accuracy (1 h steps over 3 h) and drift, each sliced and not. Drift answers
// are remembered while the window stays the same, so its first call is the one that computes.
//
//   node --conditions=@vigil/source --import tsx packages/server/bench/slice-queries.bench.ts
//   (BENCH_EVENTS events in the window, default 200 000)

import { createTestServer, profileAll } from '../src/testing.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const T0 = Date.UTC(2026, 10, 27, 9);
const HOUR = 3_600_000;
const PURPOSES = ['car', 'house', 'crypto', 'education', 'travel'];

async function main(): Promise<void> {
  const now = T0 + 3 * HOUR;
  const s = await createTestServer({ bucket: '5m' }, { clock: () => now });
  try {
    const features = { income: 'numeric', age: 'numeric', purpose: 'categorical' } as const;
    if ((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features })).status !== 201) throw new Error('model');
    const reference = Array.from({ length: 5000 }, (_, i) => ({ income: 1000 + (i % 997), age: 18 + (i % 60), purpose: PURPOSES[i % 5] }));
    if ((await s.request('POST', '/v1/models/credit/reference', { rows: reference })).status !== 201) throw new Error('reference');
    const project = (await s.store.findProject('default'))!;
    const model = (await s.store.findModel(project.id, 'credit'))!;
    let t = performance.now();
    const CHUNK = 20_000;
    for (let start = 0; start < EVENTS; start += CHUNK) {
      const rows = [];
      const labels = [];
      for (let k = start; k < Math.min(EVENTS, start + CHUNK); k++) {
        const ts = T0 + Math.floor((k / EVENTS) * 3 * HOUR);
        rows.push({
          event_id: `e${k}`,
          ts,
          version: 'v1',
          segment: '',
          features: JSON.stringify({ income: 1000 + ((k * 7919) % 1000), age: 18 + (k % 60), purpose: PURPOSES[(k * 31) % 5] }),
          prediction: String((k % 100) / 100),
          latency_ms: 5 + (k % 50),
          cost_usd: null,
          trace_id: null,
          received_at: now,
        });
        if (k % 3 === 0) labels.push({ event_id: `e${k}`, ts, label: String(k % 2), received_at: now });
      }
      await s.store.insertPredictions(model.id, rows, now);
      await s.store.insertLabels(model.id, labels);
    }
    const insertMs = performance.now() - t;
    t = performance.now();
    await profileAll(s, now);
    const profileMs = performance.now() - t;

    const window = `from=${T0}&to=${now}`;
    const queries: [string, string][] = [
      ['series volume', `/v1/models/credit/series?metric=volume&step=1h&${window}`],
      ['series accuracy', `/v1/models/credit/series?metric=accuracy&step=1h&${window}`],
      ['drift', `/v1/models/credit/drift?${window}`],
    ];
    console.log(
      `sliced queries: ${EVENTS} events over 3 h (a third labelled); inserted in ${(insertMs / 1000).toFixed(1)} s, profiled in ${(profileMs / 1000).toFixed(1)} s`,
    );
    for (const [name, path] of queries) {
      for (const sliced of [false, true]) {
        const url = sliced ? `${path}&slice=purpose:crypto` : path;
        const times: number[] = [];
        let rows = 0;
        for (let run = 0; run < 3; run++) {
          const started = performance.now();
          const r = await s.request('GET', url);
          const took = performance.now() - started;
          times.push(took);
          // The query gate makes a read wait 7/3 of the previous one's time (queryShare 0.3): wait it out, so only the query is timed.
          await new Promise((r) => setTimeout(r, took * 2.5 + 20));
          if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
          const body = r.body as { rows?: number; points?: { value: number | null }[] };
          rows = body.rows ?? body.points?.reduce((a, p) => a + (name === 'series volume' ? (p.value ?? 0) : 0), 0) ?? 0;
        }
        const best = Math.min(...times);
        console.log(
          `  ${name}${sliced ? ' sliced' : ''}: first ${times[0]!.toFixed(0)} ms, best ${best.toFixed(0)} ms, all ${times.map((x) => x.toFixed(0)).join(', ')} ms${rows > 0 ? ` (${rows} events)` : ''}`,
        );
      }
    }
    console.log(`  peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    await s.close();
  }
}

await main();
