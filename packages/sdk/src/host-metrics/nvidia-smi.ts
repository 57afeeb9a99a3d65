// nvidia-smi's CSV, read defensively: `nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits`
// prints one line per GPU with the fields in the order asked, `, `-separated. A value it cannot give
// is `[N/A]`, `[Not Supported]`, `[Requested functionality has been deprecated]` (or a bare `N/A`):
// each is missing, never 0. NVIDIA does not promise the output stays the same across drivers, so a
// stray unit (`19818 MiB`) is tolerated and a line of the wrong width is skipped, not guessed at.

import type { GpuInfo, HostPoint } from '@vigil/wire';

/** The fields asked for, in order. ECC counters are not given on every GPU (then `[N/A]`). */
export const NVIDIA_SMI_FIELDS = [
  'index',
  'name',
  'uuid',
  'utilization.gpu',
  'utilization.memory',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
  'power.limit',
  'clocks.sm',
  'ecc.errors.corrected.volatile.total',
  'ecc.errors.uncorrected.volatile.total',
] as const;

/** What older drivers all know, asked for when one of the fields above is refused as "not a valid field". */
export const NVIDIA_SMI_BASIC_FIELDS = [
  'index',
  'name',
  'uuid',
  'utilization.gpu',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
  'power.limit',
] as const;

export type NvidiaSmiField = (typeof NVIDIA_SMI_FIELDS)[number];

/** nvidia-smi's MiB. */
const MIB = 1_048_576;

/** The Vigil metric of each numeric field, and the factor from nvidia-smi's unit to the metric's. */
const METRIC_OF: Partial<Record<NvidiaSmiField, { metric: string; factor: number }>> = {
  'utilization.gpu': { metric: 'gpu_utilization', factor: 1 },
  'utilization.memory': { metric: 'gpu_memory_utilization', factor: 1 },
  'memory.used': { metric: 'gpu_memory_used_bytes', factor: MIB },
  'memory.total': { metric: 'gpu_memory_total_bytes', factor: MIB },
  'temperature.gpu': { metric: 'gpu_temperature_celsius', factor: 1 },
  'power.draw': { metric: 'gpu_power_watts', factor: 1 },
  'power.limit': { metric: 'gpu_power_limit_watts', factor: 1 },
  'clocks.sm': { metric: 'gpu_sm_clock_mhz', factor: 1 },
  'ecc.errors.corrected.volatile.total': { metric: 'gpu_ecc_corrected_errors', factor: 1 },
  'ecc.errors.uncorrected.volatile.total': { metric: 'gpu_ecc_uncorrected_errors', factor: 1 },
};

/** The arguments of the query. */
export function nvidiaSmiArgs(fields: readonly string[]): string[] {
  return [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'];
}

/**
 * A numeric value as nvidia-smi prints it: a number, possibly followed by a unit; null for
 * anything in brackets, `N/A`, an empty field or text.
 */
export function nvidiaSmiNumber(text: string): number | null {
  const t = text.trim();
  if (t === '' || t.startsWith('[') || /^n\/?a$/i.test(t)) return null;
  const m = /^([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?:\s*[A-Za-z%/]+)?$/.exec(t);
  return m === null ? null : Number(m[1]);
}

/** A text value (name, uuid); null when nvidia-smi could not give it. */
function nvidiaSmiText(text: string): string | null {
  const t = text.trim();
  return t === '' || t.startsWith('[') || /^n\/?a$/i.test(t) ? null : t;
}

export interface GpuReading {
  readonly gpu: GpuInfo;
  /** Every field that had a value, as Vigil metrics (memory in bytes), labelled with the GPU's index. */
  readonly points: HostPoint[];
}

export interface NvidiaSmiParse {
  readonly gpus: GpuReading[];
  /** Lines that could not be read (wrong width, no index), with why. */
  readonly skipped: string[];
}

/** Reads the CSV of a `--query-gpu` call made with `fields` (in that order). */
export function parseNvidiaSmiCsv(text: string, fields: readonly string[]): NvidiaSmiParse {
  const gpus: GpuReading[] = [];
  const skipped: string[] = [];
  const at = (name: string) => fields.indexOf(name);
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const values = line.split(',').map((v) => v.trim());
    if (values.length !== fields.length) {
      skipped.push(`expected ${fields.length} fields, got ${values.length}: ${JSON.stringify(line.slice(0, 200))}`);
      continue;
    }
    const index = at('index') < 0 ? null : nvidiaSmiNumber(values[at('index')]!);
    if (index === null || !Number.isInteger(index) || index < 0 || index > 1023) {
      skipped.push(`no GPU index: ${JSON.stringify(line.slice(0, 200))}`);
      continue;
    }
    const name = at('name') < 0 ? null : nvidiaSmiText(values[at('name')]!);
    const uuid = at('uuid') < 0 ? null : nvidiaSmiText(values[at('uuid')]!);
    const gpu: GpuInfo = { index, name: name ?? `GPU ${index}`, ...(uuid === null ? {} : { uuid }) };
    const labels = { gpu: String(index) };
    const points: HostPoint[] = [];
    fields.forEach((field, i) => {
      const m = METRIC_OF[field as NvidiaSmiField];
      if (m === undefined) return;
      const v = nvidiaSmiNumber(values[i]!);
      if (v !== null) points.push({ metric: m.metric, value: v * m.factor, labels });
    });
    gpus.push({ gpu, points });
  }
  return { gpus, skipped };
}

/** Whether nvidia-smi refused the query for a field it does not know (an older driver). */
export function isUnknownFieldError(output: string): boolean {
  return /is not a valid field/i.test(output);
}
