// SDK benchmark: (1) the caller's cost of logPrediction for 20-feature events while the queue drains
// to a server, and (2) sustained events/s delivered. Uses VIGIL_URL / VIGIL_API_KEY / VIGIL_MODEL
// when set, else starts test/receiver.ts in a child process. Goals: < 2 µs per call, ≥ 50 000 events/s.
// Run: node --conditions=@vigil/source --import tsx packages/sdk/bench/sdk.bench.ts
// (BENCH_CALLS, BENCH_EVENTS and BENCH_COMPRESSION=gzip change the sizes and the encoding.)

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createClient } from '../src/http-client.js';
import type { PredictionEvent } from '../src/index.js';
import type { VigilClient } from '../src/vigil-client.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const THROUGHPUT_EVENTS = Number(process.env.BENCH_EVENTS ?? 500_000);
const COMPRESSION = process.env.BENCH_COMPRESSION === 'gzip' ? 'gzip' : 'none';
const CHUNK = 1_000;
/** Above this many queued events the producer waits, so that (1) measures calls that are queued, not dropped. */
const HIGH_WATER = 20_000;

interface Target {
  url: string;
  apiKey: string;
  model: string;
  where: string;
  stats?: () => Promise<{ predictions: number }>;
  stop: () => Promise<void>;
}

async function startTarget(): Promise<Target> {
  const url = process.env.VIGIL_URL;
  const apiKey = process.env.VIGIL_API_KEY;
  if (url !== undefined && apiKey !== undefined) {
    return { url, apiKey, model: process.env.VIGIL_MODEL ?? 'sdk-bench', where: `Vigil server at ${url}`, stop: async () => {} };
  }
  const script = fileURLToPath(new URL('./receiver-process.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--conditions=@vigil/source', '--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_API_KEY: 'bench-key' },
  });
  let buffered = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const m = /listening (\d+)/.exec(buffered);
      if (m !== null) resolve(Number(m[1]));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    apiKey: 'bench-key',
    model: 'sdk-bench',
    where: `test receiver in a child process (pid ${child.pid}, port ${port})`,
    stats: async () => ((await (await fetch(`${base}/stats`)).json()) as { accepted: { predictions: number } }).accepted,
    stop: async () => {
      child.stdin!.end();
      await once(child, 'exit');
    },
  };
}

let serial = 0;
function makeEvent(): PredictionEvent {
  const i = serial++;
  const features: Record<string, number | string | boolean> = {};
  for (let f = 0; f < 20; f++)
    features[`feature_${f}`] = f % 5 === 0 ? `cat_${(i + f) % 7}` : f % 7 === 0 ? (i + f) % 2 === 0 : ((i * 31 + f * 17) % 1000) / 10;
  return { id: `bench-${process.pid}-${i}`, features, prediction: { label: i % 2, score: (i % 100) / 100 }, latencyMs: 3.5 };
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function backpressure(client: VigilClient): Promise<void> {
  await yieldToLoop();
  while (client.stats().queued > HIGH_WATER) await sleep(1);
}

/**
 * (1) logPrediction's cost to the caller, timed around chunks of calls on events built beforehand.
 * Wall time includes what the machine's other processes take from us; CPU time (the process's, over
 * the same timed loops) does not, so both are printed.
 */
async function callerCost(client: VigilClient): Promise<{ meanUs: number; medianChunkUs: number; p99ChunkUs: number; cpuUs: number }> {
  let wall = 0;
  let cpu = 0;
  const perChunk: number[] = [];
  for (let done = 0; done < CALLS; done += CHUNK) {
    const events: PredictionEvent[] = new Array<PredictionEvent>(CHUNK);
    for (let i = 0; i < CHUNK; i++) events[i] = makeEvent();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < CHUNK; i++) client.logPrediction(events[i]!);
    const dt = performance.now() - t0;
    const dc = process.cpuUsage(c0);
    wall += dt;
    cpu += dc.user + dc.system;
    perChunk.push((dt * 1000) / CHUNK);
    await backpressure(client);
  }
  await client.flush();
  perChunk.sort((a, b) => a - b);
  return {
    meanUs: (wall * 1000) / CALLS,
    medianChunkUs: perChunk[Math.floor(perChunk.length / 2)]!,
    p99ChunkUs: perChunk[Math.floor(perChunk.length * 0.99)]!,
    cpuUs: cpu / CALLS,
  };
}

/** (2) Events per second from the first call to the flush that acknowledges the last one. */
async function throughput(client: VigilClient): Promise<{ eventsPerSecond: number; seconds: number; cpuUsPerEvent: number }> {
  const sentBefore = client.stats().sent;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < THROUGHPUT_EVENTS; done += CHUNK) {
    for (let i = 0; i < CHUNK; i++) client.logPrediction(makeEvent());
    await backpressure(client);
  }
  await client.flush();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sent = client.stats().sent - sentBefore;
  return { eventsPerSecond: sent / seconds, seconds, cpuUsPerEvent: (cpu.user + cpu.system) / sent };
}

const target = await startTarget();
try {
  const client = createClient({
    url: target.url,
    apiKey: target.apiKey,
    model: target.model,
    version: 'bench',
    compression: COMPRESSION,
    onError: (d) => console.error(d.message),
  });
  // Warm-up: JIT the hot paths and open the connections.
  const saved = serial;
  for (let i = 0; i < 20_000; i++) client.logPrediction(makeEvent());
  await client.flush();
  serial = saved + 20_000;

  const cost = await callerCost(client);
  const tp = await throughput(client);
  await client.shutdown();
  const s = client.stats();
  const received = target.stats === undefined ? undefined : (await target.stats()).predictions;

  console.log(
    `@vigil/sdk benchmark — Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), target: ${target.where}, compression ${COMPRESSION}`,
  );
  console.log(
    `(1) logPrediction caller cost, 20-feature events, ${CALLS.toLocaleString('en')} calls while draining: mean ${cost.meanUs.toFixed(3)} µs/call wall (process CPU over the timed loops, all threads: ${cost.cpuUs.toFixed(3)} µs/call); per ${CHUNK}-call chunk median ${cost.medianChunkUs.toFixed(3)}, p99 ${cost.p99ChunkUs.toFixed(3)} µs/call   goal < 2 µs`,
  );
  console.log(
    `(2) sustained delivery, ${THROUGHPUT_EVENTS.toLocaleString('en')} events: ${Math.round(tp.eventsPerSecond).toLocaleString('en')} events/s (${tp.seconds.toFixed(2)} s; SDK process CPU ${tp.cpuUsPerEvent.toFixed(1)} µs/event)   goal ≥ 50,000 events/s`,
  );
  console.log(
    `client totals: sent ${s.sent.toLocaleString('en')}, dropped ${JSON.stringify(s.dropped)}${received === undefined ? '' : `; receiver counted ${received.toLocaleString('en')}`}`,
  );
} finally {
  await target.stop();
}
