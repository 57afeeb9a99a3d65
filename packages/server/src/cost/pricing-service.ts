// The price book of a project: each `PUT /v1/pricing` stores a new version in effect from its time
// on, so events are priced at the prices of their own time and a change never reprices the past.
// Compiled versions are cached per project while the store's `pricing` sequence holds (ingest
// prices every batch).

import { PriceBookError, compilePricing, eventCost, versionAt } from '@vigil/core';
import type { CompiledPricing, EventCost, PriceBookVersion } from '@vigil/core';
import type { Pricing, PricingResponse, Usage } from '@vigil/wire';
import { pricingSchema } from '@vigil/wire';
import { ValidationError } from '../errors.js';
import type { Store } from '../storage/store.js';
import { ChangeSequences } from '../storage/change-sequence.js';

export interface CompiledVersion extends PriceBookVersion {
  readonly compiled: CompiledPricing;
}

export interface PricingServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
}

const EMPTY: Pricing = pricingSchema.parse({});

export class PricingService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly changes: ChangeSequences;
  private readonly cache = new Map<number, { seq: number; versions: CompiledVersion[] }>();

  constructor(deps: PricingServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.changes = ChangeSequences.of(deps.store.db);
  }

  /** Stores a new version of the price book, in effect from now. A pattern RE2 cannot compile is a 400 naming its field. */
  async put(projectId: number, pricing: Pricing): Promise<PricingResponse> {
    try {
      compilePricing(pricing);
    } catch (e) {
      if (e instanceof PriceBookError) throw new ValidationError(e.message, [{ path: e.path, message: e.message.slice(e.path.length + 2) }]);
      throw e;
    }
    const now = this.clock();
    await this.store.cost.addPricingVersion(projectId, JSON.stringify(pricing), now, now);
    this.cache.delete(projectId);
    return this.get(projectId, now);
  }

  /** The version in effect at `at` (default now), with the history. */
  async get(projectId: number, at?: number): Promise<PricingResponse> {
    const versions = await this.versions(projectId, true);
    const v = versionAt(versions, at ?? this.clock());
    return {
      version: v?.version ?? 0,
      effectiveFrom: v === undefined ? null : new Date(v.effectiveFrom).toISOString(),
      pricing: v?.pricing ?? EMPTY,
      history: versions.map((x) => ({ version: x.version, effectiveFrom: new Date(x.effectiveFrom).toISOString() })),
    };
  }

  /** Every version, oldest first, compiled. */
  async versions(projectId: number, fresh = false): Promise<CompiledVersion[]> {
    const seq = await this.changes.current('pricing');
    const hit = this.cache.get(projectId);
    if (!fresh && hit !== undefined && hit.seq === seq) return hit.versions;
    const versions = (await this.store.cost.pricingVersions(projectId)).map((r) => {
      const pricing = pricingSchema.parse(JSON.parse(r.pricing));
      return { version: r.version, effectiveFrom: r.effective_from, pricing, compiled: compilePricing(pricing) };
    });
    this.cache.set(projectId, { seq, versions });
    return versions;
  }

  /** The compiled price book in effect at `t`, or null. */
  async at(projectId: number, t: number): Promise<CompiledPricing | null> {
    return versionAt(await this.versions(projectId), t)?.compiled ?? null;
  }

  /** Prices a batch of events of `model` (each at its own time); null where nothing prices an event. */
  async priceEvents(
    projectId: number,
    model: string,
    events: readonly { readonly ts: number; readonly costUsd?: number | undefined; readonly usage?: Usage | undefined }[],
  ): Promise<(EventCost | null)[]> {
    // Without a price book only explicit costs count: no read needed when no event needs one.
    const needsBook = events.some((e) => e.costUsd === undefined);
    const versions = needsBook ? await this.versions(projectId) : [];
    return events.map((e) => eventCost(e, model, versionAt(versions, e.ts)?.compiled ?? null));
  }
}
