// nvidia-smi's CSV as the real tool prints it (an H100's values from a capture of driver 590.48,
// and several GPUs with `[N/A]`, `[Not Supported]` and a bare `N/A`): missing values are missing,
// never 0; memory becomes bytes; a line of the wrong width is skipped and named.

import { describe, expect, it } from 'vitest';
import { NVIDIA_SMI_BASIC_FIELDS, NVIDIA_SMI_FIELDS, isUnknownFieldError, nvidiaSmiArgs, nvidiaSmiNumber, parseNvidiaSmiCsv } from './nvidia-smi.js';

const MIB = 1_048_576;

describe('nvidia-smi CSV', () => {
  it('asks for explicit fields, without header or units', () => {
    expect(nvidiaSmiArgs(NVIDIA_SMI_FIELDS)).toEqual([
      '--query-gpu=index,name,uuid,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw,power.limit,clocks.sm,ecc.errors.corrected.volatile.total,ecc.errors.uncorrected.volatile.total',
      '--format=csv,noheader,nounits',
    ]);
  });

  it('reads several GPUs, memory in bytes, and missing values as missing', () => {
    const csv = [
      '0, NVIDIA H100 80GB HBM3, GPU-5e7e1d2a-0000-0000-0000-000000000000, 100, 11, 19818, 81559, 59, 631.95, 700.00, 1980, 0, 0',
      '1, NVIDIA H100 80GB HBM3, GPU-00000000-1111-0000-0000-000000000000, 0, 0, 1, 81559, 31, 69.73, 700.00, 345, [N/A], [N/A]',
      '2, Tesla T4, GPU-2222, [N/A], [Not Supported], 0, 15360, N/A, [N/A], 70.00, 300, 3, 1',
      '',
    ].join('\n');
    const r = parseNvidiaSmiCsv(csv, NVIDIA_SMI_FIELDS);
    expect(r.skipped).toEqual([]);
    expect(r.gpus.map((g) => g.gpu)).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-5e7e1d2a-0000-0000-0000-000000000000' },
      { index: 1, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-00000000-1111-0000-0000-000000000000' },
      { index: 2, name: 'Tesla T4', uuid: 'GPU-2222' },
    ]);
    const of = (i: number) => Object.fromEntries(r.gpus[i]!.points.map((p) => [p.metric, p.value]));
    expect(of(0)).toEqual({
      gpu_utilization: 100,
      gpu_memory_utilization: 11,
      gpu_memory_used_bytes: 19818 * MIB,
      gpu_memory_total_bytes: 81559 * MIB,
      gpu_temperature_celsius: 59,
      gpu_power_watts: 631.95,
      gpu_power_limit_watts: 700,
      gpu_sm_clock_mhz: 1980,
      gpu_ecc_corrected_errors: 0,
      gpu_ecc_uncorrected_errors: 0,
    });
    expect(of(1)).not.toHaveProperty('gpu_ecc_corrected_errors');
    expect(of(2)).toEqual({
      gpu_memory_used_bytes: 0,
      gpu_memory_total_bytes: 15360 * MIB,
      gpu_power_limit_watts: 70,
      gpu_sm_clock_mhz: 300,
      gpu_ecc_corrected_errors: 3,
      gpu_ecc_uncorrected_errors: 1,
    });
    expect(r.gpus.every((g) => g.points.every((p) => p.labels?.['gpu'] === String(g.gpu.index)))).toBe(true);
  });

  it('skips lines of the wrong width or without an index, naming them', () => {
    const r = parseNvidiaSmiCsv('0, A, GPU-1, 5\n[N/A], B, GPU-2, 1, 2, 3, 4, 5, 6\n', NVIDIA_SMI_BASIC_FIELDS);
    expect(r.gpus).toEqual([]);
    expect(r.skipped).toHaveLength(2);
    expect(r.skipped[0]).toContain('expected 9 fields, got 4');
    expect(r.skipped[1]).toContain('no GPU index');
  });

  it('tolerates units and reads bracketed or textual values as missing', () => {
    expect(nvidiaSmiNumber(' 19818 MiB ')).toBe(19818);
    expect(nvidiaSmiNumber('83.38 W')).toBe(83.38);
    expect(nvidiaSmiNumber('0 %')).toBe(0);
    expect(nvidiaSmiNumber('[Requested functionality has been deprecated]')).toBeNull();
    expect(nvidiaSmiNumber('N/A')).toBeNull();
    expect(nvidiaSmiNumber('Enabled')).toBeNull();
    expect(nvidiaSmiNumber('')).toBeNull();
  });

  it('recognises an older driver refusing a field', () => {
    expect(isUnknownFieldError('Field "clocks.sm" is not a valid field to query.\n')).toBe(true);
    expect(isUnknownFieldError('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.')).toBe(false);
  });
});
