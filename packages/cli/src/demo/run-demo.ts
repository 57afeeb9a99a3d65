// `vigil demo` (what `npm start` runs): starts the server on its own data folder, creates the demo
// model and its reference, then plays the scripted story in simulated time through @vigil/sdk,
// exactly as a user's service would send its traffic. The server runs on the demo's clock
// (demo-clock.ts): the story plays at `speed` in the recent past and ends about when it has finished
// playing; after it, traffic goes on as the story left it while the clock runs at real time.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@vigil/sdk';
import type { VigilClient } from '@vigil/sdk';
import { generateKey, startServer } from '@vigil/server';
import type { RunningServer, ServerConfig } from '@vigil/server';
import type { CliIo } from '../cli-io.js';
import { createDemoClock } from './demo-clock.js';
import { DEMO_FEATURES } from './demo-model.js';
import { createDemoStory, DEMO_PHASES } from './demo-story.js';
import type { DemoEvent } from './demo-story.js';

export const DEMO_MODEL_NAME = 'credit-default';
const REFERENCE_END_MS = DEMO_PHASES.find((p) => p.kind === 'reference')!.endMs;
const TICK_MS = 100;

export interface DemoOptions {
  /** Server settings (host, port, data, admin key …); the demo keeps its store in `<data>/demo`. */
  readonly server: ServerConfig;
  /** Simulated seconds per real second while the story plays; after it the clock joins real time. */
  readonly speed: number;
  readonly seed: number;
  /**
   * Where the story starts on the simulated clock (epoch ms). Default: on the hour, so that the
   * story ends about when it has finished playing (`defaultStoryStart`), never ahead of real time.
   */
  readonly startAt?: number;
  /** The real clock (epoch ms); default `Date.now`. Tests pass one they can move forward. */
  readonly now?: () => number;
  /** The built dashboard to serve at `/` (`dashboardDistDir()`); none when absent. */
  readonly dashboardDir?: string;
}

export interface RunningDemo {
  readonly server: RunningServer;
  readonly adminKey: string;
  readonly storyStart: number;
  /** Where the story ends on the simulated clock; traffic goes on after it. */
  readonly storyEnd: number;
  /** Simulated now (epoch ms). */
  simNow(): number;
  /** Resolves when the whole story has been sent (and flushed); traffic goes on after it. */
  readonly finished: Promise<void>;
  /** Sends everything up to the simulated now and waits for the server to take it. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

function fmt(simMs: number): string {
  const m = Math.floor(simMs / 60_000);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

export async function startDemo(options: DemoOptions, io: CliIo): Promise<RunningDemo> {
  const story = createDemoStory({ seed: options.seed });
  const realNow = options.now ?? Date.now;
  const clock = createDemoClock({
    realStart: realNow(),
    speed: options.speed,
    durationMs: story.durationMs,
    ...(options.startAt !== undefined && { storyStart: options.startAt }),
  });
  const { storyStart, storyEnd } = clock;
  const simNow = (): number => clock.at(realNow());
  const data = join(options.server.data, 'demo');
  // A fresh story each time: the demo's folder is its own and disposable.
  rmSync(data, { recursive: true, force: true });
  const adminKey = options.server.adminKey ?? generateKey().token;
  // The demo runs on one machine: its webhooks may reach a receiver on loopback.
  const serverConfig = { ...options.server, data, adminKey, webhookAllowlist: [...options.server.webhookAllowlist, '127.0.0.0/8', '::1'] };
  delete serverConfig.store; // the demo always uses its own embedded store
  const server = await startServer(serverConfig, { clock: simNow, dashboardDir: options.dashboardDir });
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`demo setup: POST ${path} answered ${r.status}: ${await r.text()}`);
  };
  await post('/v1/models', {
    name: DEMO_MODEL_NAME,
    type: 'binary',
    features: DEMO_FEATURES,
    positiveClass: 1,
    description: 'Demo: probability that a loan application defaults (docs/demo.md).',
  });
  // The reference: the model's validation data from training time, i.e. the stable window.
  const reference = story.events(0, REFERENCE_END_MS);
  await post(`/v1/models/${DEMO_MODEL_NAME}/reference`, {
    rows: reference.map((e) => ({ ...e.features, default: e.label, score: e.prediction.score })),
    target: 'default',
    prediction: 'score',
  });

  // Monitors a team would set up first: drift, data quality and accuracy against the reference.
  // Drift and quality alerts keep the server's own summaries (`1 new category in purpose: "crypto"`).
  // `keep_last`: until the first labels arrive (30 minutes in) the accuracy monitor has nothing to
  // judge, which is not an incident.
  await post('/v1/monitors', {
    name: 'credit-default-drift',
    model: DEMO_MODEL_NAME,
    type: 'drift',
    window: '1h',
    interval: '5m',
    noDataState: 'keep_last',
  });
  await post('/v1/monitors', {
    name: 'credit-default-quality',
    model: DEMO_MODEL_NAME,
    type: 'quality',
    window: '1h',
    interval: '5m',
    noDataState: 'keep_last',
  });
  await post('/v1/monitors', {
    name: 'credit-default-accuracy',
    model: DEMO_MODEL_NAME,
    type: 'performance',
    metric: 'accuracy',
    relative: { drop: 0.05 },
    window: '2h',
    interval: '10m',
    minLabels: 200,
    noDataState: 'keep_last',
    severity: 'critical',
    annotations: { summary: 'Accuracy {{ $value | readable }} is more than 5 points below the reference' },
  });

  io.stderr(`Vigil demo: ${server.url}  (admin key: ${adminKey})\n`);
  if (options.dashboardDir !== undefined) io.stderr(`Dashboard: ${server.url}/  (sign in with the admin key)\n`);
  io.stderr(
    `Model "${DEMO_MODEL_NAME}": ${Object.keys(DEMO_FEATURES).length} features, reference of ${reference.length} rows. Story of ${fmt(story.durationMs)} simulated hours at ${options.speed}×, from ${new Date(storyStart).toISOString()} (docs/demo.md):\n`,
  );

  const client: VigilClient = createClient({ url: server.url, apiKey: adminKey, model: DEMO_MODEL_NAME, flushIntervalMs: 200 });
  const pendingLabels: DemoEvent[] = [];
  let sentUpTo = 0;
  let announced = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  // Sends what the clock has reached (simulated ms from the story's start): the story's
  // predictions, then the traffic that follows it, and the labels that have become known by then.
  const sendUpTo = (elapsed: number): void => {
    if (!(elapsed > sentUpTo)) return;
    while (announced < DEMO_PHASES.length && DEMO_PHASES[announced]!.startMs <= elapsed) {
      const p = DEMO_PHASES[announced++]!;
      io.stderr(`  [${fmt(p.startMs)}] ${p.description}\n`);
    }
    const fresh = [...story.events(sentUpTo, elapsed), ...story.eventsAfter(sentUpTo, elapsed)];
    for (const e of fresh) {
      client.logPrediction({
        id: e.id,
        timestamp: storyStart + e.simTimeMs,
        features: e.features,
        prediction: { label: e.prediction.label, score: e.prediction.score },
        latencyMs: e.latencyMs,
        segment: e.segment,
      });
      if (e.labelAtSimMs !== null) pendingLabels.push(e);
    }
    sentUpTo = elapsed;
    // Labels arrive late, in the order they become known.
    if (fresh.length > 0) pendingLabels.sort((a, b) => a.labelAtSimMs! - b.labelAtSimMs!);
    let n = 0;
    while (n < pendingLabels.length && pendingLabels[n]!.labelAtSimMs! <= elapsed) {
      const e = pendingLabels[n++]!;
      client.logLabel(e.id, e.label, storyStart + e.labelAtSimMs!);
    }
    pendingLabels.splice(0, n);
  };

  let storyOver = false;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  const tick = (): void => {
    if (stopped) return;
    sendUpTo(simNow() - storyStart);
    if (!storyOver && sentUpTo >= story.durationMs) {
      storyOver = true;
      void client.flush().then(() => {
        io.stderr(
          `  [${fmt(story.durationMs)}] The story is over. Traffic goes on as the story left it, on a clock that catches up with real time and then runs at 1×, so your own events land at the server's now. Press Ctrl+C to stop.\n`,
        );
        resolveFinished();
      });
    }
    timer = setTimeout(tick, TICK_MS);
  };
  tick();

  return {
    server,
    adminKey,
    storyStart,
    storyEnd,
    simNow,
    finished,
    async flush() {
      if (!stopped) sendUpTo(simNow() - storyStart);
      await client.flush();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      resolveFinished();
      await client.shutdown();
      await server.close();
    },
  };
}
