// The price book, compiled: RE2 patterns for hosts, GPUs and LLM model names (anchored, as
// Prometheus and Alertmanager anchor theirs), prices in integer nano-dollars, and the cost of one
// event. Versions are kept whole: a change applies from its time on and never reprices the past.

import type { Pricing, Usage } from '@vigil/wire';
import { Re2SyntaxError, compileAnchoredRe2 } from '../alerting/re2-regexp.js';
import type { AnchoredRe2 } from '../alerting/re2-regexp.js';
import { mulDivRound, usdToNanos } from './money.js';

/** A price book that cannot be used: `path` names the field (`tokens[2].match`). */
export class PriceBookError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PriceBookError';
  }
}

export interface CompiledPricing {
  readonly hosts: readonly { readonly host: AnchoredRe2 | null; readonly labels: Readonly<Record<string, string>>; readonly nanosPerHour: bigint }[];
  readonly gpus: readonly { readonly name: AnchoredRe2; readonly nanosPerHour: bigint }[];
  /** Nano-dollars per 1 000 predictions, by model name. */
  readonly predictions: ReadonlyMap<string, bigint>;
  /** Nano-dollars per million tokens. */
  readonly tokens: readonly {
    readonly match: AnchoredRe2;
    readonly input: bigint;
    readonly output: bigint;
    readonly cachedInput: bigint;
  }[];
}

/** One stored version of the price book. */
export interface PriceBookVersion {
  readonly version: number;
  /** Epoch ms from which it applies. */
  readonly effectiveFrom: number;
  readonly pricing: Pricing;
}

function pattern(path: string, source: string): AnchoredRe2 {
  try {
    return compileAnchoredRe2(source);
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw new PriceBookError(path, `not an RE2 pattern (${e.message})`);
    throw e;
  }
}

/** Compiles a price book; throws PriceBookError naming the first pattern RE2 refuses. */
export function compilePricing(p: Pricing): CompiledPricing {
  return {
    hosts: p.hosts.map((h, i) => ({
      host: h.match.host === undefined ? null : pattern(`hosts[${i}].match.host`, h.match.host),
      labels: h.match.labels ?? {},
      nanosPerHour: usdToNanos(h.usdPerHour),
    })),
    gpus: p.gpus.map((g, i) => ({ name: pattern(`gpus[${i}].match.name`, g.match.name), nanosPerHour: usdToNanos(g.usdPerHour) })),
    // The first entry of a model wins, as for the pattern lists.
    predictions: new Map([...p.predictions].reverse().map((e) => [e.model, usdToNanos(e.usdPer1k)])),
    tokens: p.tokens.map((t, i) => ({
      match: pattern(`tokens[${i}].match`, t.match),
      input: usdToNanos(t.inputUsdPerMillion),
      output: usdToNanos(t.outputUsdPerMillion),
      cachedInput: usdToNanos(t.cachedInputUsdPerMillion ?? t.inputUsdPerMillion),
    })),
  };
}

/** The version in effect at `t` (the last one that took effect at or before it), from versions in any order. */
export function versionAt<V extends { readonly effectiveFrom: number }>(versions: readonly V[], t: number): V | undefined {
  let best: V | undefined;
  for (const v of versions) if (v.effectiveFrom <= t && (best === undefined || v.effectiveFrom >= best.effectiveFrom)) best = v;
  return best;
}

/**
 * Cost of one LLM call in nano-dollars: (uncached input × input price + cached input × cached price
 * + output × output price) ÷ 10⁶, with prices per million tokens, rounded once, half to even.
 * Input tokens include the cached ones (OpenTelemetry gen_ai), so uncached = input − cached.
 */
export function tokenCostNanos(usage: Usage, price: { readonly input: bigint; readonly output: bigint; readonly cachedInput: bigint }): bigint {
  const cached = BigInt(usage.cachedInputTokens ?? 0);
  const uncached = BigInt(usage.inputTokens) - cached;
  const total = uncached * price.input + cached * price.cachedInput + BigInt(usage.outputTokens) * price.output;
  return mulDivRound(total, 1n, 1_000_000n);
}

export type CostSource = 'explicit' | 'tokens' | 'prediction';

export interface EventCost {
  readonly nanos: bigint;
  readonly source: CostSource;
}

/**
 * The cost of a prediction event: its own `costUsd` when given, else its token cost (the first
 * `tokens` entry whose pattern matches `usage.model`), else the model's per-prediction price; null
 * when none applies.
 */
export function eventCost(
  event: { readonly costUsd?: number | undefined; readonly usage?: Usage | undefined },
  model: string,
  pricing: CompiledPricing | null,
): EventCost | null {
  if (event.costUsd !== undefined) return { nanos: usdToNanos(event.costUsd), source: 'explicit' };
  if (pricing === null) return null;
  if (event.usage !== undefined) {
    const usage = event.usage;
    const price = pricing.tokens.find((t) => t.match.test(usage.model));
    if (price !== undefined) return { nanos: tokenCostNanos(usage, price), source: 'tokens' };
  }
  const per1k = pricing.predictions.get(model);
  if (per1k !== undefined) return { nanos: mulDivRound(per1k, 1n, 1000n), source: 'prediction' };
  return null;
}

export interface PricedHost {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly gpus: readonly { readonly index: number; readonly name: string }[];
}

export interface HostRates {
  /** The host's own price per hour (the first `hosts` entry that matches), or null. */
  readonly hostNanosPerHour: bigint | null;
  /** Each priced GPU's price per hour, by index. */
  readonly gpus: ReadonlyMap<number, bigint>;
}

/** What a host and its GPUs cost per hour under a price book. */
export function hostRates(pricing: CompiledPricing, host: PricedHost): HostRates {
  const entry = pricing.hosts.find((h) => (h.host === null || h.host.test(host.name)) && Object.entries(h.labels).every(([k, v]) => host.labels[k] === v));
  const gpus = new Map<number, bigint>();
  for (const g of host.gpus) {
    const price = pricing.gpus.find((p) => p.name.test(g.name));
    if (price !== undefined) gpus.set(g.index, price.nanosPerHour);
  }
  return { hostNanosPerHour: entry?.nanosPerHour ?? null, gpus };
}
