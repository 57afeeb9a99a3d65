// `vigil agent --scrape URL`: reads a Prometheus exporter (node_exporter, DCGM exporter, …) in the
// text exposition format with parse-prometheus-text-format, and turns its samples into host points:
// each sample under its own name and labels, and DCGM's per-GPU gauges also under Vigil's GPU
// metric names (memory in bytes) when nvidia-smi gave none for that GPU.

import { createRequire } from 'node:module';
import type { HostPoint } from '@vigil/wire';

/** What parse-prometheus-text-format 1.1.1 answers (prom2json's shape; the package ships no types). */
interface PrometheusFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: ({ value: string; labels?: Record<string, string>; timestamp_ms?: string } | { buckets: Record<string, string>; labels?: Record<string, string> })[];
}

// A CommonJS package without types: loaded through require, its one export typed above.
const parsePrometheusTextFormat = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => PrometheusFamily[];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/;
const MIB = 1_048_576;

/** DCGM exporter gauges (etc/default-counters.csv) and the Vigil metric each stands for, with the factor to its unit. */
const DCGM: Record<string, { metric: string; factor: number }> = {
  DCGM_FI_DEV_GPU_UTIL: { metric: 'gpu_utilization', factor: 1 },
  DCGM_FI_DEV_MEM_COPY_UTIL: { metric: 'gpu_memory_utilization', factor: 1 },
  DCGM_FI_DEV_FB_USED: { metric: 'gpu_memory_used_bytes', factor: MIB },
  DCGM_FI_DEV_GPU_TEMP: { metric: 'gpu_temperature_celsius', factor: 1 },
  DCGM_FI_DEV_POWER_USAGE: { metric: 'gpu_power_watts', factor: 1 },
  DCGM_FI_DEV_SM_CLOCK: { metric: 'gpu_sm_clock_mhz', factor: 1 },
};

/**
 * Histograms and summaries are read sample by sample (`x_bucket{le}`, `x_sum`, `x_count`, `x{quantile}`):
 * the parser folds a histogram's label sets into one, so their TYPE lines are read as untyped.
 */
function untypedGroups(text: string): string {
  return text.replace(/^(#\s*TYPE\s+\S+\s+)(histogram|summary|gaugehistogram)\s*$/gim, '$1untyped');
}

/** The points of one scrape: every finite sample with valid names (label values cut to 256 characters). */
export function scrapePoints(text: string): HostPoint[] {
  const out: HostPoint[] = [];
  const withText = text.endsWith('\n') ? text : `${text}\n`;
  for (const family of parsePrometheusTextFormat(untypedGroups(withText))) {
    if (!METRIC_NAME.test(family.name)) continue;
    for (const sample of family.metrics) {
      if (!('value' in sample)) continue;
      const value = Number(sample.value);
      if (!Number.isFinite(value)) continue;
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(sample.labels ?? {})) if (LABEL_NAME.test(k) && !k.startsWith('__')) labels[k] = v.slice(0, 256);
      out.push(Object.keys(labels).length === 0 ? { metric: family.name, value } : { metric: family.name, value, labels });
      const dcgm = DCGM[family.name];
      const gpu = labels['gpu'];
      if (dcgm !== undefined && gpu !== undefined && /^\d{1,4}$/.test(gpu)) out.push({ metric: dcgm.metric, value: value * dcgm.factor, labels: { gpu } });
    }
  }
  // DCGM gives total framebuffer only as used + free.
  const free = new Map(out.filter((p) => p.metric === 'DCGM_FI_DEV_FB_FREE' && p.labels?.['gpu'] !== undefined).map((p) => [p.labels!['gpu']!, p.value]));
  for (const p of out.filter((q) => q.metric === 'DCGM_FI_DEV_FB_USED')) {
    const gpu = p.labels?.['gpu'];
    const f = gpu === undefined ? undefined : free.get(gpu);
    if (gpu !== undefined && f !== undefined && /^\d{1,4}$/.test(gpu))
      out.push({ metric: 'gpu_memory_total_bytes', value: (p.value + f) * MIB, labels: { gpu } });
  }
  return out;
}

/** Drops the DCGM-derived GPU points of GPUs whose metric nvidia-smi already gave (one source per GPU and metric). */
export function withoutDuplicateGpuPoints(scraped: readonly HostPoint[], own: readonly HostPoint[]): HostPoint[] {
  const have = new Set(own.filter((p) => p.labels?.['gpu'] !== undefined).map((p) => `${p.metric}\u0000${p.labels!['gpu']}`));
  return scraped.filter((p) => !(p.metric.startsWith('gpu_') && p.labels?.['gpu'] !== undefined && have.has(`${p.metric}\u0000${p.labels['gpu']}`)));
}

/** Fetches and parses one exporter; throws with a readable message when it cannot. */
export async function scrape(url: string, timeoutMs = 10_000): Promise<HostPoint[]> {
  const res = await fetch(url, { headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' }, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return scrapePoints(text);
}
