// Reads one sample of the host: CPU (per host and per core), load, memory and swap, disk usage and
// I/O per mount, network bytes per interface, this process, and every GPU through nvidia-smi. The
// IO edge of the collector: the text it reads is parsed by proc-text.ts and nvidia-smi.ts. Counters
// become rates between two readings, so the first collect() reads twice, `firstIntervalMs` apart.
// Nothing here throws on a host that lacks something: each missing source is reported once and skipped.

import { execFile } from 'node:child_process';
import { readFile, realpath, statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { GpuInfo, HostPoint } from '@vigil/wire';
import { NVIDIA_SMI_BASIC_FIELDS, NVIDIA_SMI_FIELDS, isUnknownFieldError, nvidiaSmiArgs, parseNvidiaSmiCsv } from './nvidia-smi.js';
import {
  counterRate,
  cpuBusyPercent,
  cpuIowaitPercent,
  memoryReading,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
} from './proc-text.js';
import type { CpuTimes, MountEntry, ProcStat } from './proc-text.js';

export interface HostCollectorOptions {
  /** Where procfs is mounted. Default `/proc`. */
  readonly procRoot?: string;
  /** The nvidia-smi command (a name on PATH or a path); `false` reads no GPU. Default `nvidia-smi`. */
  readonly nvidiaSmi?: string | false;
  /** An nvidia-smi call that has not answered after this many ms is killed. Default 10 000. */
  readonly nvidiaSmiTimeoutMs?: number;
  /** Also Node's event-loop lag and heap (the SDK's in-process collector). Default false. */
  readonly node?: boolean;
  /** The wait between the two readings of the first collect(), in ms. Default 1 000. */
  readonly firstIntervalMs?: number;
  /** Told once about each source that cannot be read (and why). Default: nothing. */
  readonly onWarning?: (message: string) => void;
}

export interface HostSnapshot {
  /** When the sample was read, epoch ms. */
  readonly timestamp: number;
  readonly points: HostPoint[];
  /** The GPUs nvidia-smi listed (empty without one). */
  readonly gpus: GpuInfo[];
}

interface Counters {
  /** Monotonic ms. */
  readonly at: number;
  readonly stat: ProcStat | null;
  readonly disks: Map<string, { readBytes: number; writtenBytes: number }> | null;
  readonly nets: Map<string, { receiveBytes: number; transmitBytes: number }> | null;
  readonly processCpuMicros: number;
}

/** CPU times from Node's `os.cpus()` (ms), where /proc/stat cannot be read (macOS, Windows). */
function osProcStat(): ProcStat {
  const cores = new Map<number, CpuTimes>();
  let total = 0;
  let idle = 0;
  cpus().forEach((c, i) => {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
    cores.set(i, { total: t, idle: c.times.idle, iowait: 0 });
    total += t;
    idle += c.times.idle;
  });
  return { all: { total, idle, iowait: 0 }, cores };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class HostCollector {
  private readonly procRoot: string;
  private readonly nvidiaSmi: string | false;
  private readonly nvidiaSmiTimeoutMs: number;
  private readonly firstIntervalMs: number;
  private readonly onWarning: (message: string) => void;
  private readonly warned = new Set<string>();
  private gpuFields: readonly string[] = NVIDIA_SMI_FIELDS;
  private gpuOff = false;
  private previous: Counters | undefined;
  private readonly loopDelay: IntervalHistogram | undefined;

  constructor(options: HostCollectorOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.nvidiaSmi = options.nvidiaSmi ?? 'nvidia-smi';
    this.nvidiaSmiTimeoutMs = options.nvidiaSmiTimeoutMs ?? 10_000;
    this.firstIntervalMs = options.firstIntervalMs ?? 1_000;
    this.onWarning = options.onWarning ?? (() => undefined);
    if (options.node === true) {
      this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
      this.loopDelay.enable();
    }
  }

  /** Stops measuring the event loop. */
  close(): void {
    this.loopDelay?.disable();
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    try {
      this.onWarning(message);
    } catch {
      // A warning callback that throws must not stop collection.
    }
  }

  private async read(file: string): Promise<string | null> {
    try {
      return await readFile(join(this.procRoot, file), 'utf8');
    } catch (e) {
      this.warnOnce(`read:${file}`, `cannot read ${join(this.procRoot, file)} (${(e as Error).message}); its metrics are skipped`);
      return null;
    }
  }

  private parse<T>(file: string, text: string | null, parse: (text: string) => T): T | null {
    if (text === null) return null;
    try {
      return parse(text);
    } catch (e) {
      this.warnOnce(`parse:${file}`, `cannot read ${join(this.procRoot, file)}: ${(e as Error).message}; its metrics are skipped`);
      return null;
    }
  }

  private async counters(): Promise<Counters> {
    const [stat, disks, nets] = await Promise.all([this.read('stat'), this.read('diskstats'), this.read('net/dev')]);
    const cpu = process.cpuUsage();
    return {
      at: performance.now(),
      stat: this.parse('stat', stat, parseProcStat) ?? osProcStat(),
      disks: this.parse('diskstats', disks, parseDiskstats),
      nets: this.parse('net/dev', nets, parseNetDev),
      processCpuMicros: cpu.user + cpu.system,
    };
  }

  /** One sample. Never throws: a source that fails is reported once through `onWarning` and left out. */
  async collect(): Promise<HostSnapshot> {
    if (this.previous === undefined) {
      this.previous = await this.counters();
      await sleep(this.firstIntervalMs);
    }
    const before = this.previous;
    const timestamp = Date.now();
    const [now, gauges, gpus] = await Promise.all([this.counters(), this.gauges(), this.gpus()]);
    this.previous = now;
    const points = [...this.rates(before, now), ...gauges, ...gpus.flatMap((g) => g.points)];
    return { timestamp, points, gpus: gpus.map((g) => g.gpu) };
  }

  private rates(before: Counters, now: Counters): HostPoint[] {
    const out: HostPoint[] = [];
    const seconds = (now.at - before.at) / 1000;
    const push = (metric: string, value: number | null, labels?: Record<string, string>) => {
      if (value !== null && Number.isFinite(value)) out.push(labels === undefined ? { metric, value } : { metric, value, labels });
    };
    if (before.stat !== null && now.stat !== null) {
      push('cpu_utilization', cpuBusyPercent(before.stat.all, now.stat.all));
      push('cpu_iowait', cpuIowaitPercent(before.stat.all, now.stat.all));
      push('cpu_count', now.stat.cores.size);
      for (const [core, times] of now.stat.cores) {
        const prev = before.stat.cores.get(core);
        if (prev !== undefined) push('cpu_core_utilization', cpuBusyPercent(prev, times), { cpu: String(core) });
      }
    }
    if (before.nets !== null && now.nets !== null) {
      for (const [name, n] of now.nets) {
        const prev = before.nets.get(name);
        if (prev === undefined) continue;
        push('network_receive_bytes_per_second', counterRate(prev.receiveBytes, n.receiveBytes, seconds), { interface: name });
        push('network_transmit_bytes_per_second', counterRate(prev.transmitBytes, n.transmitBytes, seconds), { interface: name });
      }
    }
    if (before.disks !== null && now.disks !== null) {
      for (const [device, mount] of this.mountDevices) {
        const d = now.disks.get(device);
        const prev = before.disks.get(device);
        if (d === undefined || prev === undefined) continue;
        const labels = { device, mount };
        push('disk_read_bytes_per_second', counterRate(prev.readBytes, d.readBytes, seconds), labels);
        push('disk_written_bytes_per_second', counterRate(prev.writtenBytes, d.writtenBytes, seconds), labels);
      }
    }
    // This process: CPU time per wall time (100 = one core busy), as `ps` shows it.
    if (seconds > 0) push('process_cpu_utilization', ((now.processCpuMicros - before.processCpuMicros) / 1e6 / seconds) * 100);
    return out;
  }

  /** Block device name (as /proc/diskstats names it) → mount point, from the last mount table read. */
  private mountDevices = new Map<string, string>();

  private async gauges(): Promise<HostPoint[]> {
    const out: HostPoint[] = [];
    const push = (metric: string, value: number, labels?: Record<string, string>) => {
      if (Number.isFinite(value)) out.push(labels === undefined ? { metric, value } : { metric, value, labels });
    };
    const [loadText, memText, mountText] = await Promise.all([this.read('loadavg'), this.read('meminfo'), this.read('self/mounts')]);
    const load =
      this.parse('loadavg', loadText, parseLoadavg) ??
      (process.platform === 'win32' ? null : ((l) => ({ load1: l[0]!, load5: l[1]!, load15: l[2]! }))(loadavg()));
    if (load !== null) {
      push('load1', load.load1);
      push('load5', load.load5);
      push('load15', load.load15);
    }
    const mem = this.parse('meminfo', memText, (t) => memoryReading(parseMeminfo(t))) ?? {
      totalBytes: totalmem(),
      availableBytes: freemem(),
      usedBytes: totalmem() - freemem(),
      swapTotalBytes: Number.NaN,
      swapUsedBytes: Number.NaN,
    };
    push('memory_total_bytes', mem.totalBytes);
    push('memory_available_bytes', mem.availableBytes);
    push('memory_used_bytes', mem.usedBytes);
    if (mem.totalBytes > 0) push('memory_utilization', (100 * mem.usedBytes) / mem.totalBytes);
    push('swap_total_bytes', mem.swapTotalBytes);
    push('swap_used_bytes', mem.swapUsedBytes);
    const mounts = this.parse('self/mounts', mountText, parseMounts) ?? [];
    out.push(...(await this.disks(mounts)));
    const m = process.memoryUsage();
    push('process_resident_memory_bytes', m.rss);
    if (this.loopDelay !== undefined) {
      push('process_heap_used_bytes', m.heapUsed);
      push('process_heap_total_bytes', m.heapTotal);
      if (this.loopDelay.count > 0) {
        push('process_event_loop_lag_ms', this.loopDelay.mean / 1e6);
        push('process_event_loop_lag_p99_ms', this.loopDelay.percentile(99) / 1e6);
      }
      this.loopDelay.reset();
    }
    return out;
  }

  /** Size and use of each mounted data file system (statfs, as `df` computes them), and the device behind each. */
  private async disks(mounts: readonly MountEntry[]): Promise<HostPoint[]> {
    const out: HostPoint[] = [];
    const devices = new Map<string, string>();
    for (const m of mounts) {
      let s;
      try {
        s = await statfs(m.mountpoint);
      } catch (e) {
        this.warnOnce(`statfs:${m.mountpoint}`, `cannot statfs ${m.mountpoint} (${(e as Error).message}); its usage is skipped`);
        continue;
      }
      const labels = { mount: m.mountpoint };
      const total = s.blocks * s.bsize;
      const used = (s.blocks - s.bfree) * s.bsize;
      const available = s.bavail * s.bsize;
      out.push({ metric: 'disk_total_bytes', value: total, labels });
      out.push({ metric: 'disk_used_bytes', value: used, labels });
      out.push({ metric: 'disk_available_bytes', value: available, labels });
      // df's Use%: used over what users can have (root's reserved blocks left out).
      if (used + available > 0) out.push({ metric: 'disk_utilization', value: (100 * used) / (used + available), labels });
      if (m.device.startsWith('/dev/')) {
        const real = await realpath(m.device).catch(() => m.device);
        if (!devices.has(basename(real))) devices.set(basename(real), m.mountpoint);
      }
    }
    this.mountDevices = devices;
    return out;
  }

  private async gpus(): Promise<{ gpu: GpuInfo; points: HostPoint[] }[]> {
    if (this.nvidiaSmi === false || this.gpuOff) return [];
    const command = this.nvidiaSmi;
    for (;;) {
      const r = await this.runNvidiaSmi(command, this.gpuFields);
      if (r.ok) {
        const parsed = parseNvidiaSmiCsv(r.stdout, this.gpuFields);
        for (const s of parsed.skipped) this.warnOnce(`nvidia-smi-line:${s}`, `nvidia-smi printed a line Vigil cannot read (${s}); it is skipped`);
        return parsed.gpus;
      }
      if ('missing' in r) {
        this.gpuOff = true;
        this.warnOnce('nvidia-smi-missing', `${command} was not found; no GPU metrics are collected`);
        return [];
      }
      if (isUnknownFieldError(r.output) && this.gpuFields !== NVIDIA_SMI_BASIC_FIELDS) {
        this.warnOnce('nvidia-smi-fields', `${command} refused a field (${r.output.trim().split('\n')[0]}); asking for the basic fields only`);
        this.gpuFields = NVIDIA_SMI_BASIC_FIELDS;
        continue;
      }
      this.warnOnce(`nvidia-smi-failed:${r.message}`, `${command} failed (${r.message}); GPU metrics are skipped while it fails`);
      return [];
    }
  }

  private runNvidiaSmi(
    command: string,
    fields: readonly string[],
  ): Promise<{ ok: true; stdout: string } | { ok: false; missing: true } | { ok: false; message: string; output: string }> {
    return new Promise((resolve) => {
      execFile(command, nvidiaSmiArgs(fields), { timeout: this.nvidiaSmiTimeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err === null) {
          resolve({ ok: true, stdout });
          return;
        }
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (e.code === 'ENOENT') {
          resolve({ ok: false, missing: true });
          return;
        }
        const output = `${stdout}\n${stderr}`.trim();
        const message = e.killed === true ? `no answer within ${this.nvidiaSmiTimeoutMs} ms` : `exit ${String(e.code)}: ${output.split('\n')[0] ?? ''}`.trim();
        resolve({ ok: false, message, output });
      });
    });
  }
}
