// The GPU device check (scripts/device/gpu-check.sh runs it, bundled, on a machine with a real GPU):
// `vigil agent --once` with the real nvidia-smi, sending to a local receiver that validates with
// the wire schema, between two readings of nvidia-smi's own CSV taken just before and just after.
// Each GPU the agent reported must be one nvidia-smi lists (index, name, UUID), with memory in bytes
// (MiB × 1 048 576), fixed values equal (total memory, power limit), changing values within the two
// readings (plus a tolerance), and every `[N/A]` missing, never 0. Prints a table and a verdict;
// exits 0 on PASS, 1 on FAIL, 2 when it could not run.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runAgent } from '../../packages/cli/src/agent/agent-command.js';
import { NVIDIA_SMI_FIELDS } from '../../packages/sdk/src/host-metrics/nvidia-smi.js';
import { hostSamplesSchema } from '../../packages/wire/src/infrastructure.js';
import type { HostSamples } from '../../packages/wire/src/infrastructure.js';

const MIB = 1_048_576;
const NVIDIA_SMI = process.env['NVIDIA_SMI'] ?? 'nvidia-smi';
const OUT = process.env['OUT'];

type Row = Record<string, string>;

function nvidiaSmi(): Row[] {
  const text = execFileSync(NVIDIA_SMI, [`--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], { encoding: 'utf8', timeout: 30_000 });
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => Object.fromEntries(l.split(',').map((v, i) => [NVIDIA_SMI_FIELDS[i]!, v.trim()])));
}

const missing = (v: string | undefined) => v === undefined || v === '' || v.startsWith('[') || /^n\/?a$/i.test(v);

/** Each compared field: the agent's metric, the factor to its unit, and how far the agent's reading may lie outside the two nvidia-smi readings. */
const CHECKS: { field: string; metric: string; factor: number; tolerance: (row: Row) => number }[] = [
  { field: 'memory.total', metric: 'gpu_memory_total_bytes', factor: MIB, tolerance: () => 0 },
  { field: 'power.limit', metric: 'gpu_power_limit_watts', factor: 1, tolerance: () => 0 },
  { field: 'memory.used', metric: 'gpu_memory_used_bytes', factor: MIB, tolerance: (r) => Math.max(256, 0.02 * Number(r['memory.total'])) * MIB },
  { field: 'utilization.gpu', metric: 'gpu_utilization', factor: 1, tolerance: () => 15 },
  { field: 'utilization.memory', metric: 'gpu_memory_utilization', factor: 1, tolerance: () => 15 },
  { field: 'temperature.gpu', metric: 'gpu_temperature_celsius', factor: 1, tolerance: () => 5 },
  { field: 'power.draw', metric: 'gpu_power_watts', factor: 1, tolerance: (r) => 0.2 * (Number(r['power.limit']) || 700) },
  { field: 'clocks.sm', metric: 'gpu_sm_clock_mhz', factor: 1, tolerance: () => 400 },
  { field: 'ecc.errors.corrected.volatile.total', metric: 'gpu_ecc_corrected_errors', factor: 1, tolerance: () => 0 },
  { field: 'ecc.errors.uncorrected.volatile.total', metric: 'gpu_ecc_uncorrected_errors', factor: 1, tolerance: () => 0 },
];

async function main(): Promise<number> {
  let received: HostSamples | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const parsed = hostSamplesSchema.safeParse(JSON.parse(body));
      if (!parsed.success || !/^\/v1\/hosts\/[^/]+\/samples$/.test(req.url ?? '')) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: parsed.success ? `unexpected path ${req.url}` : parsed.error.message } }));
        return;
      }
      received = parsed.data;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: parsed.data.samples.reduce((n, s) => n + s.points.length, 0) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let before: Row[];
  try {
    before = nvidiaSmi();
  } catch (e) {
    console.log(`gpu-check: cannot run ${NVIDIA_SMI}: ${(e as Error).message}`);
    server.close();
    return 2;
  }
  let stdout = '';
  const stderr: string[] = [];
  const code = await runAgent(
    { url, key: 'device-check', host: 'device-check', once: true, nvidiaSmi: NVIDIA_SMI },
    { stdout: (t) => void (stdout += t), stderr: (t) => void stderr.push(t), stderrIsTTY: false, stderrColumns: 80 },
    process.env,
  );
  const after = nvidiaSmi();
  server.close();

  const problems: string[] = [];
  const lines: string[] = [];
  if (code !== 0) problems.push(`vigil agent --once exited ${code}: ${stderr.join('').trim()}`);
  if (stderr.length > 0) lines.push(`agent warnings: ${stderr.join('').trim()}`);
  const printed = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    gpus?: { index: number; name: string; uuid?: string }[];
    points?: { metric: string; value: number; labels?: Record<string, string> }[];
  };
  const sent = received?.samples[0]?.points ?? [];
  if (received === undefined) problems.push('the receiver got no sample');
  if (JSON.stringify(received?.gpus ?? []) !== JSON.stringify(printed.gpus ?? [])) problems.push('the GPUs sent differ from those printed');
  if (sent.length !== (printed.points ?? []).length) problems.push('the points sent differ from those printed');

  const gpus = received?.gpus ?? [];
  if (gpus.length !== before.length) problems.push(`the agent reported ${gpus.length} GPU(s), nvidia-smi lists ${before.length}`);
  lines.push(['gpu', 'field', 'nvidia-smi before', 'agent', 'nvidia-smi after', 'verdict'].join('\t'));
  for (const b of before) {
    const index = Number(b['index']);
    const a = after.find((r) => Number(r['index']) === index);
    const g = gpus.find((x) => x.index === index);
    if (g === undefined || a === undefined) {
      problems.push(`GPU ${index}: not reported`);
      continue;
    }
    if (g.name !== b['name']) problems.push(`GPU ${index}: name "${g.name}", nvidia-smi says "${b['name']}"`);
    if (!missing(b['uuid']) && g.uuid !== b['uuid']) problems.push(`GPU ${index}: uuid ${g.uuid}, nvidia-smi says ${b['uuid']}`);
    for (const c of CHECKS) {
      const point = sent.find((p) => p.metric === c.metric && p.labels?.['gpu'] === String(index));
      const vb = b[c.field];
      const va = a[c.field];
      let verdict: string;
      if (missing(vb) && missing(va)) verdict = point === undefined ? 'ok (missing on both)' : `FAIL: nvidia-smi gives ${vb}, the agent ${point.value}`;
      else if (point === undefined) verdict = missing(vb) || missing(va) ? 'ok (missing in one reading)' : 'FAIL: missing from the agent';
      else {
        const xs = [vb, va].filter((v) => !missing(v)).map((v) => Number(v) * c.factor);
        const tol = c.tolerance(b);
        const lo = Math.min(...xs) - tol;
        const hi = Math.max(...xs) + tol;
        verdict = point.value >= lo && point.value <= hi ? 'ok' : `FAIL: outside [${lo}, ${hi}]`;
      }
      if (verdict.startsWith('FAIL')) problems.push(`GPU ${index} ${c.field}: ${verdict}`);
      lines.push([index, c.field, vb, point === undefined ? '(none)' : point.value, va, verdict].join('\t'));
    }
  }
  const verdict = problems.length === 0 ? 'PASS' : 'FAIL';
  const report = `${lines.join('\n')}\n\ngpu-check: ${verdict}${problems.length === 0 ? ` (${gpus.length} GPU(s), ${sent.length} points, memory in bytes)` : `\n- ${problems.join('\n- ')}`}\n`;
  process.stdout.write(report);
  if (OUT !== undefined) {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'gpu-check.txt'), report);
    writeFileSync(join(OUT, 'gpu-check.json'), JSON.stringify({ verdict, problems, before, after, sample: received }, null, 1));
  }
  return verdict === 'PASS' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.log(`gpu-check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(2);
  },
);
