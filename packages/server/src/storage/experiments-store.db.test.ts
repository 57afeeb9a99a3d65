// The experiment store on both stores: first exposures win, outcomes count from the exposure on,
// outcomes that come before their unit's exposure wait for it, and the per-bucket aggregates kept by
// deltas equal the sums computed directly from every unit's final value, whatever the arrival order.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@vigil/stats';
import { createTestSchema } from '../testing.js';
import type { ExposureRecord, OutcomeRecord } from '@vigil/core';
import type { ExperimentRef } from './experiments-store.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 27);

interface Totals {
  n: number;
  sum: number;
  sumSquares: number;
  positives: number;
  preSum: number;
  preSumSquares: number;
  sumCross: number;
}

async function totals(store: Store, id: number, metric: string, variants: number): Promise<Totals[]> {
  const out = Array.from({ length: variants }, () => ({ n: 0, sum: 0, sumSquares: 0, positives: 0, preSum: 0, preSumSquares: 0, sumCross: 0 }));
  for (const a of await store.experiments.arms(id)) out[a.variant]!.n += Number(a.units);
  for (const s of await store.experiments.stats(id)) {
    if (s.metric !== metric) continue;
    const t = out[s.variant]!;
    t.sum += s.sum;
    t.sumSquares += s.sum_squares;
    t.positives += Number(s.positives);
    t.preSum += s.pre_sum;
    t.preSumSquares += s.pre_sum_squares;
    t.sumCross += s.cross_sum;
  }
  return out;
}

function close(actual: Totals[], expected: Totals[]): void {
  expect(actual.map((t) => [t.n, t.positives])).toEqual(expected.map((t) => [t.n, t.positives]));
  actual.forEach((a, i) => {
    const e = expected[i]!;
    for (const k of ['sum', 'sumSquares', 'preSum', 'preSumSquares', 'sumCross'] as const) {
      expect(Math.abs(a[k] - e[k]), `${k} of variant ${i}: ${a[k]} vs ${e[k]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e[k])));
    }
  });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`experiment store (${kind})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let projectId: number;
    let next = 0;

    beforeAll(async () => {
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'vigil-exp-store-'));
        store = await openStore({ location: join(dir, 'vigil.db') });
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const schema = await createTestSchema();
        store = await openStore({ location: schema.url, poolSize: 4 });
        cleanup = schema.drop;
      }
      const project = await store.createProject('p', { id: 'k1', name: 'admin', hash: 'h', scopes: 'admin', root: 1, created_at: T0, revoked_at: null }, T0);
      projectId = project!.id;
    });

    afterAll(async () => {
      await store.close();
      await cleanup();
    });

    async function experiment(): Promise<ExperimentRef> {
      const row = await store.experiments.create({
        project_id: projectId,
        name: `e${next++}`,
        config: '{}',
        status: 'running',
        bucket_ms: HOUR,
        created_at: T0,
        updated_at: T0,
        stopped_at: null,
      });
      return { id: row!.id, bucketMs: HOUR, lookbackMs: 14 * DAY };
    }

    it('keeps the first exposure, counts repeats and conflicts', async () => {
      const e = await experiment();
      const first = await store.experiments.recordExposures(e, [
        { unit: 'a', variant: 0, ts: T0 + 10 },
        { unit: 'b', variant: 1, ts: T0 + 20 },
        { unit: 'a', variant: 0, ts: T0 + 5 * HOUR },
      ]);
      expect(first).toEqual({ accepted: 2, repeated: 1, conflicts: 0, applied: 0 });
      const second = await store.experiments.recordExposures(e, [
        { unit: 'a', variant: 1, ts: T0 + 2 * HOUR },
        { unit: 'c', variant: 1, ts: T0 + 2 * HOUR },
      ]);
      expect(second).toEqual({ accepted: 1, repeated: 0, conflicts: 1, applied: 0 });
      expect(await store.experiments.unitTotals([e.id])).toEqual(new Map([[e.id, { units: 3, conflicts: 1 }]]));
      const arms = (await store.experiments.arms(e.id)).map((a) => [a.bucket_start - T0, a.variant, Number(a.units), Number(a.exposures), Number(a.conflicts)]);
      expect(arms).toEqual(
        expect.arrayContaining([
          [0, 0, 1, 1, 0],
          [0, 1, 1, 1, 0],
          [2 * HOUR, 1, 1, 2, 1],
          [5 * HOUR, 0, 0, 1, 0],
        ]),
      );
      expect(arms).toHaveLength(4);
    });

    it('counts outcomes from the exposure on, keeps earlier ones as covariates, and waits for late exposures', async () => {
      const e = await experiment();
      await store.experiments.recordExposures(e, [{ unit: 'a', variant: 0, ts: T0 + HOUR }]);
      const o = await store.experiments.recordOutcomes(e, [
        { unit: 'a', metric: 'rev', value: 3, ts: T0 + 2 * HOUR },
        { unit: 'a', metric: 'rev', value: 7, ts: T0 }, // before the exposure: a covariate only
        { unit: 'b', metric: 'rev', value: 5, ts: T0 + 3 * HOUR }, // b not exposed yet
        { unit: 'b', metric: 'rev', value: 11, ts: T0 + 10 }, // before b's exposure when it comes
        { unit: 'b', metric: 'rev', value: 13, ts: T0 - 20 * DAY }, // beyond the lookback
      ]);
      expect(o).toEqual({ accepted: 1, pending: 3, ignored: 1 });
      const x = await store.experiments.recordExposures(e, [{ unit: 'b', variant: 1, ts: T0 + 2 * HOUR }]);
      expect(x.applied).toBe(1);
      const t = await totals(store, e.id, 'rev', 2);
      close(t, [
        { n: 1, sum: 3, sumSquares: 9, positives: 1, preSum: 7, preSumSquares: 49, sumCross: 21 },
        { n: 1, sum: 5, sumSquares: 25, positives: 1, preSum: 11, preSumSquares: 121, sumCross: 55 },
      ]);
      // The pending outcomes were used up: a later exposure of b changes nothing.
      expect(await store.experiments.recordExposures(e, [{ unit: 'b', variant: 1, ts: T0 + 4 * HOUR }])).toEqual({
        accepted: 0,
        repeated: 1,
        conflicts: 0,
        applied: 0,
      });
    });

    it('keeps aggregates equal to the direct sums over units, for random batches in any order', async () => {
      const e = await experiment();
      const r = createRng(kind === 'sqlite' ? 7 : 8);
      const rng = () => r.next();
      const units = Array.from({ length: 300 }, (_, i) => `u${i}`);
      const exposures: ExposureRecord[] = [];
      const outcomes: OutcomeRecord[] = [];
      for (const u of units) {
        const variant = Math.floor(rng() * 3);
        const at = T0 + Math.floor(rng() * 48) * HOUR + Math.floor(rng() * HOUR);
        exposures.push({ unit: u, variant, ts: at });
        if (rng() < 0.1) exposures.push({ unit: u, variant: (variant + 1) % 3, ts: at + HOUR });
        const k = Math.floor(rng() * 4);
        for (let j = 0; j < k; j++) {
          const metric = rng() < 0.5 ? 'rev' : 'clicks';
          const value = metric === 'rev' ? Math.round((rng() * 40 - 10) * 100) / 100 : 1;
          outcomes.push({ unit: u, metric, value, ts: at + Math.floor((rng() * 3 - 0.5) * DAY) });
        }
      }
      // Shuffle everything into random batches, exposures and outcomes interleaved.
      const all = [...exposures.map((x) => ({ kind: 'x' as const, x })), ...outcomes.map((o) => ({ kind: 'o' as const, o }))];
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      // The direct computation follows the same arrival order: a unit's first received exposure wins.
      const first = new Map<string, ExposureRecord>();
      for (let i = 0; i < all.length;) {
        const size = 1 + Math.floor(rng() * 60);
        const batch = all.slice(i, i + size);
        i += size;
        const xs = batch.flatMap((b) => (b.kind === 'x' ? [b.x] : []));
        const os = batch.flatMap((b) => (b.kind === 'o' ? [b.o] : []));
        if (xs.length > 0) {
          for (const x of [...xs].sort((a, b) => a.ts - b.ts)) if (!first.has(x.unit)) first.set(x.unit, x);
          await store.experiments.recordExposures(e, xs);
        }
        if (os.length > 0) await store.experiments.recordOutcomes(e, os);
      }
      for (const metric of ['rev', 'clicks']) {
        const expected = Array.from({ length: 3 }, () => ({ n: 0, sum: 0, sumSquares: 0, positives: 0, preSum: 0, preSumSquares: 0, sumCross: 0 }));
        for (const [u, x] of first) {
          let y = 0;
          let pre = 0;
          for (const o of outcomes) {
            if (o.unit !== u || o.metric !== metric) continue;
            if (o.ts >= x.ts) y += o.value;
            else if (o.ts >= x.ts - 14 * DAY) pre += o.value;
          }
          const t = expected[x.variant]!;
          t.n++;
          t.sum += y;
          t.sumSquares += y * y;
          t.positives += y > 0 ? 1 : 0;
          t.preSum += pre;
          t.preSumSquares += pre * pre;
          t.sumCross += y * pre;
        }
        close(await totals(store, e.id, metric, 3), expected);
      }
    });

    it("deletes a project's experiments with every row of theirs", async () => {
      const q = await store.createProject('q', { id: 'k2', name: 'admin', hash: 'h', scopes: 'admin', root: 0, created_at: T0, revoked_at: null }, T0);
      const row = await store.experiments.create({
        project_id: q!.id,
        name: 'gone',
        config: '{}',
        status: 'running',
        bucket_ms: HOUR,
        created_at: T0,
        updated_at: T0,
        stopped_at: null,
      });
      const e = { id: row!.id, bucketMs: HOUR, lookbackMs: DAY };
      await store.experiments.recordExposures(e, [{ unit: 'a', variant: 0, ts: T0 }]);
      await store.experiments.recordOutcomes(e, [
        { unit: 'a', metric: 'm', value: 1, ts: T0 + 1 },
        { unit: 'b', metric: 'm', value: 1, ts: T0 + 1 },
      ]);
      const kept = (await store.experiments.arms(1)).length;
      expect(await store.deleteProject('q')).toBeDefined();
      for (const table of ['experiment_units', 'experiment_values', 'experiment_pending', 'experiment_arms', 'experiment_stats'] as const) {
        const left = await store.db.selectFrom(table).select('experiment_id').where('experiment_id', '=', e.id).execute();
        expect(left, table).toEqual([]);
      }
      expect(await store.experiments.byId(e.id)).toBeUndefined();
      // Other projects' experiments stay.
      expect((await store.experiments.arms(1)).length).toBe(kept);
    });

    it('serializes concurrent outcome batches of the same units', async () => {
      const e = await experiment();
      const units = Array.from({ length: 50 }, (_, i) => `c${i}`);
      await store.experiments.recordExposures(
        e,
        units.map((unit) => ({ unit, variant: 0, ts: T0 })),
      );
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.experiments.recordOutcomes(
            e,
            units.map((unit) => ({ unit, metric: 'm', value: 1, ts: T0 + HOUR })),
          ),
        ),
      );
      const [t] = await totals(store, e.id, 'm', 1);
      expect(t).toMatchObject({ n: 50, sum: 400, sumSquares: 50 * 64, positives: 50 });
    });
  });
}
