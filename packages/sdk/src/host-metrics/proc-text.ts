// Parsers of the Linux /proc files the host collector reads, pure functions of their text (the
// layouts are the kernel's Documentation/filesystems/proc.rst and iostats.rst, as node_exporter reads
// them). Counters become rates and utilisations from two readings, so nothing here reads a clock.

/** CPU time of one CPU (or all), in USER_HZ ticks, as /proc/stat gives it. */
export interface CpuTimes {
  /** Every tick counted (user, nice, system, idle, iowait, irq, softirq, steal; guest time is inside user). */
  readonly total: number;
  readonly idle: number;
  readonly iowait: number;
}

export interface ProcStat {
  /** The `cpu` line: all CPUs together. */
  readonly all: CpuTimes;
  /** The `cpuN` lines, by N. */
  readonly cores: ReadonlyMap<number, CpuTimes>;
}

function cpuTimes(fields: readonly number[]): CpuTimes {
  // user nice system idle iowait irq softirq steal [guest guest_nice]: guest ticks are already in user.
  let total = 0;
  for (let i = 0; i < Math.min(8, fields.length); i++) total += fields[i]!;
  return { total, idle: fields[3] ?? 0, iowait: fields[4] ?? 0 };
}

/** The `cpu` lines of /proc/stat. */
export function parseProcStat(text: string): ProcStat {
  let all: CpuTimes | undefined;
  const cores = new Map<number, CpuTimes>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [name, ...rest] = line.trim().split(/\s+/);
    const fields = rest.map(Number);
    if (fields.length < 4 || fields.some((f) => !Number.isFinite(f))) continue;
    if (name === 'cpu') all = cpuTimes(fields);
    else if (/^cpu\d+$/.test(name!)) cores.set(Number(name!.slice(3)), cpuTimes(fields));
  }
  if (all === undefined) throw new Error('no "cpu" line in /proc/stat');
  return { all, cores };
}

/**
 * Busy share of the time between two readings, in percent: 100 × (1 − Δidle / Δtotal), the usual
 * `1 - rate(node_cpu_seconds_total{mode="idle"})`. Null when no tick passed (or the counters went back).
 */
export function cpuBusyPercent(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  const idle = after.idle - before.idle;
  if (!(total > 0) || idle < 0 || idle > total) return null;
  return 100 * (1 - idle / total);
}

/** Share of the time between two readings spent waiting for I/O, in percent. */
export function cpuIowaitPercent(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  const wait = after.iowait - before.iowait;
  if (!(total > 0) || wait < 0 || wait > total) return null;
  return (100 * wait) / total;
}

/** /proc/loadavg: the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (![a, b, c].every((x) => x !== undefined && Number.isFinite(x))) throw new Error(`unreadable /proc/loadavg: ${JSON.stringify(text.slice(0, 80))}`);
  return { load1: a!, load5: b!, load15: c! };
}

/** /proc/meminfo in bytes, by field name (`MemTotal`, `MemAvailable`, …; the kernel's kB are KiB). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(?:\s+(kB))?\s*$/.exec(line);
    if (m === null) continue;
    out.set(m[1]!, Number(m[2]) * (m[3] === 'kB' ? 1024 : 1));
  }
  return out;
}

export interface MemoryReading {
  totalBytes: number;
  availableBytes: number;
  /** Total − available (what `free` calls used, as node_exporter users derive it). */
  usedBytes: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
}

/** Memory and swap from /proc/meminfo; kernels before 3.14 have no MemAvailable, so free + buffers + cached stands in. */
export function memoryReading(meminfo: ReadonlyMap<string, number>): MemoryReading {
  const total = meminfo.get('MemTotal');
  if (total === undefined) throw new Error('no MemTotal in /proc/meminfo');
  const available = meminfo.get('MemAvailable') ?? (meminfo.get('MemFree') ?? 0) + (meminfo.get('Buffers') ?? 0) + (meminfo.get('Cached') ?? 0);
  const swapTotal = meminfo.get('SwapTotal') ?? 0;
  return {
    totalBytes: total,
    availableBytes: available,
    usedBytes: Math.max(0, total - available),
    swapTotalBytes: swapTotal,
    swapUsedBytes: Math.max(0, swapTotal - (meminfo.get('SwapFree') ?? swapTotal)),
  };
}

/** Bytes read and written per block device since boot (/proc/diskstats counts 512-byte sectors, whatever the device's own sector size). */
export function parseDiskstats(text: string): Map<string, { readBytes: number; writtenBytes: number }> {
  const out = new Map<string, { readBytes: number; writtenBytes: number }>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const read = Number(f[5]);
    const written = Number(f[9]);
    if (!Number.isFinite(read) || !Number.isFinite(written)) continue;
    out.set(f[2]!, { readBytes: read * 512, writtenBytes: written * 512 });
  }
  return out;
}

/** Bytes received and sent per network interface since boot (/proc/net/dev). */
export function parseNetDev(text: string): Map<string, { receiveBytes: number; transmitBytes: number }> {
  const out = new Map<string, { receiveBytes: number; transmitBytes: number }>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (name === '' || f.length < 9 || !Number.isFinite(f[0]) || !Number.isFinite(f[8])) continue;
    out.set(name, { receiveBytes: f[0]!, transmitBytes: f[8]! });
  }
  return out;
}

export interface MountEntry {
  readonly device: string;
  readonly mountpoint: string;
  readonly fstype: string;
}

/** File systems that hold data (the others — proc, sysfs, tmpfs, cgroup, … — are the kernel's or memory). */
const DATA_FILESYSTEMS = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'f2fs',
  'jfs',
  'reiserfs',
  'overlay',
  'nfs',
  'nfs4',
  'cifs',
  'fuseblk',
]);

/** `\040` and friends: the octal escapes /proc/self/mounts writes for spaces, tabs and backslashes. */
function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * The data file systems of /proc/self/mounts, one entry per device: a device mounted at several
 * places (bind mounts, a container's /etc/hosts) is reported at its shortest mount point.
 */
export function parseMounts(text: string): MountEntry[] {
  const byDevice = new Map<string, MountEntry>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    const entry = { device: unescapeMountField(f[0]!), mountpoint: unescapeMountField(f[1]!), fstype: f[2]! };
    if (!DATA_FILESYSTEMS.has(entry.fstype)) continue;
    const key = entry.fstype === 'overlay' ? `overlay:${entry.mountpoint}` : entry.device;
    const seen = byDevice.get(key);
    if (seen === undefined || entry.mountpoint.length < seen.mountpoint.length) byDevice.set(key, entry);
  }
  return [...byDevice.values()].sort((a, b) => (a.mountpoint < b.mountpoint ? -1 : a.mountpoint > b.mountpoint ? 1 : 0));
}

/** Per-second rate of a counter between two readings; null when the counter went back (a reset) or no time passed. */
export function counterRate(before: number, after: number, seconds: number): number | null {
  if (!(seconds > 0) || after < before) return null;
  return (after - before) / seconds;
}
