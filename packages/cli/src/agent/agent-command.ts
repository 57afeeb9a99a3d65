// `vigil agent`: reports this host (and its GPUs through nvidia-smi, and any Prometheus exporters
// named by --scrape) to a Vigil server every interval, with the SDK's collector and its retries.
// `--once` reads one sample, sends it, prints it as JSON on stdout and exits (0 sent, 1 not).

import { hostname } from 'node:os';
import type { Command } from 'commander';
import { HostCollector, HostReporter } from '@vigil/sdk';
import type { HostPoint, ServedModel } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { scrape, withoutDuplicateGpuPoints } from './scrape.js';

export interface AgentFlags {
  url?: string;
  key?: string;
  host?: string;
  model?: string[];
  interval?: string;
  once?: boolean;
  scrape?: string[];
  label?: string[];
  nvidiaSmi?: string;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/;

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerAgentCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('agent')
    .description('Report this host (CPU, memory, disks, network, GPUs through nvidia-smi) to a Vigil server every interval.')
    .exitOverride()
    .option('--url <server>', 'the Vigil server, e.g. http://vigil:8080 (or VIGIL_URL)')
    .option('--key <key>', 'an API key with ingest scope (or VIGIL_KEY)')
    .option('--host <name>', "this host's name on the server (default: the machine's host name)")
    .option('--model <name>', 'a model this host serves (repeatable)', collect)
    .option('--interval <duration>', 'how often to read a sample: 15s, 1m, … (default 15s)')
    .option('--once', 'read one sample, send it, print it as JSON and exit')
    .option('--scrape <url>', 'also read a Prometheus exporter, e.g. http://localhost:9400/metrics (repeatable)', collect)
    .option('--label <key=value>', 'a label of this host, which price book entries may match (repeatable)', collect)
    .option('--nvidia-smi <command>', "the nvidia-smi to run, or 'none' for no GPU metrics (default: nvidia-smi on PATH)")
    .action(async (flags: AgentFlags) => setExit(await runAgent(flags, io, process.env)));
}

interface AgentConfig {
  url: string;
  key: string;
  host: string;
  models: ServedModel[];
  intervalMs: number;
  scrapes: string[];
  labels: Record<string, string>;
  nvidiaSmi: string | false;
}

export function resolveAgentFlags(flags: AgentFlags, env: NodeJS.ProcessEnv): AgentConfig {
  const url = flags.url ?? env['VIGIL_URL'];
  if (url === undefined) throw new UsageError('--url', 'the Vigil server URL (or set VIGIL_URL)');
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new UsageError('--url', 'an http:// or https:// URL', url);
  }
  const key = flags.key ?? env['VIGIL_KEY'];
  if (key === undefined || key === '') throw new UsageError('--key', 'an API key with ingest scope (or set VIGIL_KEY)');
  const host =
    flags.host ??
    hostname()
      .replace(/[^a-zA-Z0-9._-]/g, '-')
      .replace(/^[^a-zA-Z0-9]+/, '')
      .slice(0, 128);
  if (!NAME.test(host)) throw new UsageError('--host', 'a name of letters, digits, ".", "_" or "-" (at most 128, starting with a letter or digit)', host);
  for (const m of flags.model ?? []) if (!NAME.test(m)) throw new UsageError('--model', 'a model name', m);
  const intervalMs = flags.interval === undefined ? 15_000 : parseDuration(flags.interval);
  if (!(intervalMs >= 1000 && intervalMs <= 86_400_000)) throw new UsageError('--interval', 'a duration from 1s to 1d, such as 15s or 1m', flags.interval);
  for (const s of flags.scrape ?? []) {
    try {
      const u = new URL(s);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new UsageError('--scrape', 'an http:// or https:// URL', s);
    }
  }
  const labels: Record<string, string> = {};
  for (const l of flags.label ?? []) {
    const eq = l.indexOf('=');
    const k = l.slice(0, eq);
    if (eq <= 0 || !/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/.test(k)) throw new UsageError('--label', 'key=value with a Prometheus label name as key', l);
    labels[k] = l.slice(eq + 1);
  }
  const nvidiaSmi = flags.nvidiaSmi === undefined ? 'nvidia-smi' : flags.nvidiaSmi === 'none' ? false : flags.nvidiaSmi;
  return { url, key, host, models: flags.model ?? [], intervalMs, scrapes: flags.scrape ?? [], labels, nvidiaSmi };
}

export async function runAgent(flags: AgentFlags, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const config = resolveAgentFlags(flags, env);
  const warn = (message: string) => io.stderr(`vigil agent: ${message}\n`);
  const scrapeWarned = new Set<string>();
  const reporter = new HostReporter({
    url: config.url,
    apiKey: config.key,
    host: config.host,
    models: config.models,
    ...(Object.keys(config.labels).length === 0 ? {} : { labels: config.labels }),
    intervalMs: config.intervalMs,
    keepAlive: true,
    collector: new HostCollector({ nvidiaSmi: config.nvidiaSmi, onWarning: warn }),
    onWarning: warn,
    extraPoints: async (snapshot) => {
      const out: HostPoint[] = [];
      for (const url of config.scrapes) {
        try {
          out.push(...(await scrape(url)));
        } catch (e) {
          const message = (e as Error).message;
          if (!scrapeWarned.has(`${url}:${message}`)) warn(`cannot scrape ${url} (${message}); skipped while it fails`);
          scrapeWarned.add(`${url}:${message}`);
        }
      }
      return withoutDuplicateGpuPoints(out, snapshot.points);
    },
  });
  if (flags.once === true) {
    const snap = await reporter.collectOnce();
    const sent = await reporter.send();
    await reporter.shutdown(0);
    io.stdout(`${JSON.stringify({ host: config.host, timestamp: new Date(snap.timestamp).toISOString(), sent, gpus: snap.gpus, points: snap.points })}\n`);
    return sent ? 0 : 1;
  }
  io.stderr(`vigil agent: reporting ${config.host} to ${config.url} every ${config.intervalMs / 1000}s\n`);
  reporter.start();
  await untilSignal();
  await reporter.shutdown();
  return 0;
}
