// The /proc parsers on text in the kernel's layouts (Documentation/filesystems/proc.rst), with the
// rates and utilisations worked out by hand.

import { describe, expect, it } from 'vitest';
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

const STAT_1 = `cpu  27066 0 6274 94007 723 0 162 49 0 0
cpu0 13103 0 2561 48226 134 0 28 26 0 0
cpu1 13963 0 3712 45780 588 0 133 23 0 0
intr 1234 0 0
ctxt 99
`;
const STAT_2 = `cpu  27166 0 6374 94107 823 0 162 49 7 0
cpu0 13203 0 2561 48226 134 0 28 26 0 0
cpu1 13963 0 3812 45880 688 0 133 23 0 0
`;

describe('/proc/stat', () => {
  it('reads the all-CPU line and each core, guest time left inside user', () => {
    const s = parseProcStat(STAT_1);
    expect(s.all).toEqual({ total: 27066 + 6274 + 94007 + 723 + 162 + 49, idle: 94007, iowait: 723 });
    expect([...s.cores.keys()]).toEqual([0, 1]);
    expect(() => parseProcStat('intr 1 2\n')).toThrow('no "cpu" line');
  });

  it('turns two readings into busy and iowait percents', () => {
    const a = parseProcStat(STAT_1);
    const b = parseProcStat(STAT_2);
    // All CPUs: 400 ticks passed, 100 idle → 75 % busy; 100 iowait → 25 %.
    expect(cpuBusyPercent(a.all, b.all)).toBe(75);
    expect(cpuIowaitPercent(a.all, b.all)).toBe(25);
    // cpu0: 100 ticks, none idle → 100 %; cpu1: 300 ticks, 100 idle → 66.7 %.
    expect(cpuBusyPercent(a.cores.get(0)!, b.cores.get(0)!)).toBe(100);
    expect(cpuBusyPercent(a.cores.get(1)!, b.cores.get(1)!)).toBeCloseTo(200 / 3, 12);
    expect(cpuBusyPercent(a.all, a.all)).toBeNull();
  });
});

describe('the other files', () => {
  it('reads load averages', () => {
    expect(parseLoadavg('0.12 0.49 0.35 4/198 17904\n')).toEqual({ load1: 0.12, load5: 0.49, load15: 0.35 });
    expect(() => parseLoadavg('x')).toThrow();
  });

  it('reads meminfo in bytes, used = total − available, and swap', () => {
    const m = parseMeminfo(
      'MemTotal:       24683772 kB\nMemFree:        23016816 kB\nMemAvailable:   23818864 kB\nSwapTotal:       1048576 kB\nSwapFree:         524288 kB\nHugePages_Total:       0\n',
    );
    expect(m.get('MemTotal')).toBe(24683772 * 1024);
    expect(m.get('HugePages_Total')).toBe(0);
    expect(memoryReading(m)).toEqual({
      totalBytes: 24683772 * 1024,
      availableBytes: 23818864 * 1024,
      usedBytes: (24683772 - 23818864) * 1024,
      swapTotalBytes: 1048576 * 1024,
      swapUsedBytes: 524288 * 1024,
    });
    // Before Linux 3.14 there is no MemAvailable: free + buffers + cached stands in.
    const old = memoryReading(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n'));
    expect(old.availableBytes).toBe(400 * 1024);
    expect(old.swapTotalBytes).toBe(0);
  });

  it('reads diskstats sectors as 512-byte units', () => {
    const d = parseDiskstats(
      '   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n 253       0 vda 11811 2933 1182378 4561 43187 33522 3264288 55624 0 40220 60186 0 0 0 0 0 0\n',
    );
    expect(d.get('vda')).toEqual({ readBytes: 1182378 * 512, writtenBytes: 3264288 * 512 });
    expect(d.get('loop0')).toEqual({ readBytes: 0, writtenBytes: 0 });
  });

  it('reads bytes per interface from /proc/net/dev', () => {
    const n = parseNetDev(`Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:   45330     641    0    0    0     0          0         0    45330     641    0    0    0     0       0          0
  eth0: 341281888    9344    0    0    0     0          0         0   913114    6880    0    0    0     0       0          0
`);
    expect([...n]).toEqual([
      ['lo', { receiveBytes: 45330, transmitBytes: 45330 }],
      ['eth0', { receiveBytes: 341281888, transmitBytes: 913114 }],
    ]);
  });

  it('keeps data file systems once per device, at their shortest mount point, with escapes read', () => {
    const m = parseMounts(`proc /proc proc rw,relatime 0 0
/dev/vda / ext4 rw,relatime 0 0
tmpfs /dev/shm tmpfs rw 0 0
/dev/vda /etc/hosts ext4 rw 0 0
/dev/sdb1 /mnt/my\\040data xfs rw 0 0
overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0
cgroup2 /sys/fs/cgroup cgroup2 rw 0 0
`);
    expect(m).toEqual([
      { device: '/dev/vda', mountpoint: '/', fstype: 'ext4' },
      { device: '/dev/sdb1', mountpoint: '/mnt/my data', fstype: 'xfs' },
      { device: 'overlay', mountpoint: '/var/lib/docker/overlay2/x/merged', fstype: 'overlay' },
    ]);
  });

  it('rates counters, and none across a reset', () => {
    expect(counterRate(1000, 4000, 15)).toBe(200);
    expect(counterRate(4000, 1000, 15)).toBeNull();
    expect(counterRate(1, 2, 0)).toBeNull();
  });
});
