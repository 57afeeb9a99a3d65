// `vigil agent` as a process against a real server: with a stand-in `nvidia-smi` first on PATH that
// prints the real tool's CSV for three GPUs (with `[N/A]` fields), the host's series equal the
// printed values, GPU memory in bytes; a failing nvidia-smi and a missing one are reported once and
// skipped while the host's own metrics still arrive; the host's /proc (this machine's) is read as the
// kernel reports it; `--scrape` reads a Prometheus exporter (DCGM's names mapped to Vigil's); the
// agent keeps reporting every interval and stops on SIGTERM; and the SDK's `collectHostMetrics`
// reports the process it runs in with Node's event-loop lag and heap.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@vigil/sdk';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { hostListSchema, hostSeriesResponseSchema } from '@vigil/wire';
import type { HostPoint } from '@vigil/wire';

const BIN = new URL('../../bin/vigil.js', import.meta.url).pathname;
const MIB = 1_048_576;

/** What the stand-in prints: index, name, uuid, util, mem util, mem used, mem total, temp, power, power limit, SM clock, ECC corrected, ECC uncorrected. */
const GPU_CSV = [
  '0, NVIDIA H100 80GB HBM3, GPU-5e7e1d2a-6f7b-4c1d-9a0e-1c2b3d4e5f60, 87, 31, 40321, 81559, 64, 512.37, 700.00, 1980, 0, 0',
  '1, NVIDIA H100 80GB HBM3, GPU-6f8f2e3b-7a8c-4d2e-8b1f-2d3c4e5f6a71, 12, 3, 1024, 81559, 38, 96.12, 700.00, 1755, [N/A], [N/A]',
  '2, NVIDIA H100 80GB HBM3, GPU-7a9a3f4c-8b9d-4e3f-9c2a-3e4d5f6a7b82, [N/A], [N/A], 0, 81559, 35, [N/A], 700.00, 345, 2, 0',
].join('\n');

let server: TestServer;
let dir: string;
let exporter: Server;
let exporterUrl: string;

function writeScript(name: string, body: string): string {
  const bin = join(dir, name);
  writeFileSync(join(bin), body);
  chmodSync(bin, 0o755);
  return bin;
}

beforeAll(async () => {
  server = await createTestServer({ bucket: '1m' });
  dir = mkdtempSync(join(tmpdir(), 'vigil-agent-'));
  // A stand-in nvidia-smi: answers the agent's query with the real tool's CSV, anything else with an error.
  for (const sub of ['ok', 'failing']) spawnSync('mkdir', ['-p', join(dir, sub)]);
  writeScript(
    'ok/nvidia-smi',
    `#!/bin/sh
echo "$@" >> "${join(dir, 'ok', 'calls.txt')}"
case "$*" in
  *--query-gpu=index,name,uuid,*"--format=csv,noheader,nounits"*) cat <<'CSV'
${GPU_CSV}
CSV
  ;;
  *) echo "unexpected arguments: $*" >&2; exit 2 ;;
esac
`,
  );
  writeScript(
    'failing/nvidia-smi',
    '#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running." \nexit 9\n',
  );
  exporter = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-abc",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="x"} 42
# TYPE DCGM_FI_DEV_FB_USED gauge
DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-abc"} 1000
# TYPE DCGM_FI_DEV_FB_FREE gauge
DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-abc"} 3000
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{route="/a",le="0.1"} 3
http_request_duration_seconds_bucket{route="/a",le="+Inf"} 5
http_request_duration_seconds_sum{route="/a"} 1.5
http_request_duration_seconds_count{route="/a"} 5
http_request_duration_seconds_bucket{route="/b",le="0.1"} 1
http_request_duration_seconds_bucket{route="/b",le="+Inf"} 1
http_request_duration_seconds_sum{route="/b"} 0.05
http_request_duration_seconds_count{route="/b"} 1
node_load1 0.25
`);
  });
  await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', r));
  exporterUrl = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
});

afterAll(async () => {
  await server.close();
  await new Promise((r) => exporter.close(r));
  rmSync(dir, { recursive: true, force: true });
});

interface Once {
  host: string;
  timestamp: string;
  sent: boolean;
  gpus: { index: number; name: string; uuid?: string }[];
  points: HostPoint[];
}

/** Runs `vigil agent --once` (asynchronously: the server answers from this process). */
async function agentOnce(args: string[], pathDir?: string): Promise<{ code: number | null; out: Once | undefined; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'agent', '--url', server.url, '--key', server.adminKey, '--once', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: pathDir === undefined ? (process.env['PATH'] ?? '') : `${pathDir}:${process.env['PATH'] ?? ''}` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  clearTimeout(timer);
  const line = stdout.trim().split('\n').pop();
  return { code, out: line === undefined || line === '' ? undefined : (JSON.parse(line) as Once), stderr };
}

async function series(host: string, query: string) {
  const r = await server.request('GET', `/v1/hosts/${host}/series?${query}&from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return hostSeriesResponseSchema.parse(r.body).points;
}

describe('vigil agent', () => {
  it('reports every GPU the stand-in nvidia-smi prints, and the series equal the printed values', async () => {
    const { code, out, stderr } = await agentOnce(['--host', 'gpu-box', '--model', 'credit', '--model', 'llm', '--nvidia-smi', 'nvidia-smi'], join(dir, 'ok'));
    expect(code, stderr).toBe(0);
    expect(out!.sent).toBe(true);
    expect(readFileSync(join(dir, 'ok', 'calls.txt'), 'utf8')).toContain('--format=csv,noheader,nounits');
    const hosts = hostListSchema.parse((await server.request('GET', '/v1/hosts')).body).hosts;
    expect(hosts.find((h) => h.name === 'gpu-box')).toMatchObject({
      models: ['credit', 'llm'],
      gpus: [
        { index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-5e7e1d2a-6f7b-4c1d-9a0e-1c2b3d4e5f60' },
        { index: 1, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-6f8f2e3b-7a8c-4d2e-8b1f-2d3c4e5f6a71' },
        { index: 2, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-7a9a3f4c-8b9d-4e3f-9c2a-3e4d5f6a7b82' },
      ],
    });
    // Each printed value, per GPU, through the server and back ([N/A] → no point, never 0).
    const printed = GPU_CSV.split('\n').map((l) => l.split(', '));
    const column = {
      gpu_utilization: 3,
      gpu_memory_utilization: 4,
      gpu_memory_used_bytes: 5,
      gpu_memory_total_bytes: 6,
      gpu_temperature_celsius: 7,
      gpu_power_watts: 8,
      gpu_power_limit_watts: 9,
      gpu_sm_clock_mhz: 10,
      gpu_ecc_corrected_errors: 11,
    };
    for (const [metric, col] of Object.entries(column)) {
      const points = await series('gpu-box', `metric=${metric}`);
      const expected = printed.flatMap((row) => {
        const v = row[col]!;
        if (v === '[N/A]') return [];
        return [{ gpu: row[0]!, value: metric.endsWith('_bytes') ? Number(v) * MIB : Number(v) }];
      });
      expect(
        points.map((p) => ({ gpu: p.labels?.['gpu'], value: p.value })),
        metric,
      ).toEqual(expected);
    }
    expect((await series('gpu-box', 'metric=gpu_memory_used_bytes&gpu=0'))[0]!.value).toBe(40321 * MIB);
    expect(await series('gpu-box', 'metric=gpu_utilization&gpu=2')).toEqual([]);
  });

  it("reads this machine's /proc as the kernel reports it", async () => {
    const { code, out } = await agentOnce(['--host', 'proc-box', '--nvidia-smi', 'none']);
    expect(code).toBe(0);
    const pts = out!.points;
    const one = (metric: string, labels?: Record<string, string>) =>
      pts.filter((p) => p.metric === metric && (labels === undefined || Object.entries(labels).every(([k, v]) => p.labels?.[k] === v)));
    const meminfo = readFileSync('/proc/meminfo', 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(meminfo)![1]) * 1024;
    expect(one('memory_total_bytes')[0]!.value).toBe(kib('MemTotal'));
    expect(one('swap_total_bytes')[0]!.value).toBe(kib('SwapTotal'));
    const cores = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d+ /.test(l)).length;
    expect(one('cpu_count')[0]!.value).toBe(cores);
    expect(one('cpu_core_utilization')).toHaveLength(cores);
    for (const p of [...one('cpu_utilization'), ...one('cpu_core_utilization'), ...one('memory_utilization')]) {
      expect(p.value).toBeGreaterThanOrEqual(0);
      expect(p.value).toBeLessThanOrEqual(100);
    }
    const root = statfsSync('/');
    expect(one('disk_total_bytes', { mount: '/' })[0]!.value).toBe(root.blocks * root.bsize);
    const interfaces = readFileSync('/proc/net/dev', 'utf8')
      .split('\n')
      .slice(2)
      .filter((l) => l.includes(':'))
      .map((l) => l.split(':')[0]!.trim());
    expect(new Set(one('network_receive_bytes_per_second').map((p) => p.labels!['interface']))).toEqual(new Set(interfaces));
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    expect(one('load15')[0]!.value).toBeCloseTo(load[2]!, 1);
    expect(one('process_resident_memory_bytes')[0]!.value).toBeGreaterThan(10 * MIB);
    // What was printed is what the server holds.
    expect((await series('proc-box', 'metric=memory_total_bytes'))[0]!.value).toBe(kib('MemTotal'));
    expect((await series('proc-box', 'metric=cpu_count'))[0]!.value).toBe(cores);
  });

  it('reports a failing or missing nvidia-smi once and still sends the host', async () => {
    const failing = await agentOnce(['--host', 'failing-box'], join(dir, 'failing'));
    expect(failing.code).toBe(0);
    expect(failing.stderr.match(/nvidia-smi failed \(exit 9: NVIDIA-SMI has failed/g)).toHaveLength(1);
    expect(failing.out!.gpus).toEqual([]);
    expect(failing.out!.points.some((p) => p.metric === 'cpu_utilization')).toBe(true);
    const missing = await agentOnce(['--host', 'missing-box', '--nvidia-smi', join(dir, 'no-such-nvidia-smi')]);
    expect(missing.code).toBe(0);
    expect(missing.stderr).toContain('was not found; no GPU metrics are collected');
    expect((await series('missing-box', 'metric=cpu_utilization')).length).toBe(1);
  });

  it('reads a Prometheus exporter with --scrape, DCGM gauges also under the GPU names', async () => {
    const { code, out } = await agentOnce(['--host', 'scrape-box', '--nvidia-smi', 'none', '--scrape', exporterUrl]);
    expect(code).toBe(0);
    const names = new Set(out!.points.map((p) => p.metric));
    for (const m of ['DCGM_FI_DEV_GPU_UTIL', 'node_load1', 'http_request_duration_seconds_bucket', 'http_request_duration_seconds_count'])
      expect(names).toContain(m);
    expect(await series('scrape-box', 'metric=gpu_utilization')).toMatchObject([{ value: 42, labels: { gpu: '0' } }]);
    expect((await series('scrape-box', 'metric=gpu_memory_total_bytes'))[0]!.value).toBe(4000 * MIB);
    // Histogram samples keep their own labels (the parser would fold them into one).
    const counts = await series('scrape-box', 'metric=http_request_duration_seconds_count');
    expect(counts.map((p) => [p.labels?.['route'], p.value])).toEqual([
      ['/a', 5],
      ['/b', 1],
    ]);
  });

  it('refuses bad flags with one line and exit 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'agent', '--url', 'ftp://x', '--key', 'k'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('vigil: --url: expected an http:// or https:// URL, got ftp://x');
    const i = spawnSync(process.execPath, [BIN, 'agent', '--url', server.url, '--key', 'k', '--interval', '10ms'], { encoding: 'utf8' });
    expect(i.status).toBe(2);
    expect(i.stderr).toContain('--interval');
  });

  it('keeps reporting every interval until SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'agent', '--url', server.url, '--key', server.adminKey, '--host', 'loop-box', '--interval', '1s', '--nvidia-smi', 'none'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const deadline = Date.now() + 30_000;
    let count = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const pts =
        (await server.request('GET', `/v1/hosts/loop-box/series?metric=cpu_utilization&stat=count&from=${Date.now() - 3_600_000}`)).body?.points ?? [];
      count = pts.reduce((n: number, p: { value: number }) => n + p.value, 0);
      if (count >= 3) break;
    }
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(stderr).toContain('reporting loop-box');
    expect(count).toBeGreaterThanOrEqual(3);
    expect(code).toBe(0);
  });
});

describe('the SDK with collectHostMetrics', () => {
  it("reports the process's host with Node's event-loop lag and heap, as serving the client's model", async () => {
    const client = createClient({
      url: server.url,
      apiKey: server.adminKey,
      model: 'sdk-model',
      collectHostMetrics: { host: 'sdk-host', intervalMs: 1000, nvidiaSmi: false },
    });
    const deadline = Date.now() + 20_000;
    let host;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      host = hostListSchema.parse((await server.request('GET', '/v1/hosts')).body).hosts.find((h) => h.name === 'sdk-host');
      if (host !== undefined) break;
    }
    await client.shutdown();
    expect(host?.models).toEqual(['sdk-model']);
    for (const metric of ['process_event_loop_lag_ms', 'process_heap_used_bytes', 'cpu_utilization']) {
      const points = await series('sdk-host', `metric=${metric}`);
      expect(points.length, metric).toBeGreaterThan(0);
      expect(points[0]!.value, metric).toBeGreaterThanOrEqual(0);
    }
  });
});
