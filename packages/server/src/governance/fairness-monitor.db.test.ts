// The fairness monitor end to end on both stores: on a stream whose selection rates differ by group
// (0.6 against 0.3) it fires; on a fair stream of the same size it does not; its numbers are the
// stats package's, and the model card's fairness section carries them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, demographicParityRatio } from '@vigil/stats';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const NOW = Date.UTC(2026, 10, 27, 12);

function events(name: string, rates: Record<string, number>, perGroup: number, seed: number) {
  const rng = createRng(seed);
  const out = [];
  let i = 0;
  for (const [group, p] of Object.entries(rates))
    for (let k = 0; k < perGroup; k++, i++) {
      const score = rng.next() < p ? 0.9 : 0.1;
      out.push({ id: `${name}-${i}`, timestamp: new Date(NOW - 3_600_000 + i * 1000).toISOString(), features: { group, x: k }, prediction: { score } });
    }
  return out;
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`fairness monitors (${kind})`, () => {
    let s: TestServer;
    const sent = new Map<string, { features: { group: string }; prediction: { score: number } }[]>();

    beforeAll(async () => {
      s = await createTestServerOn(kind, {}, { clock: () => NOW });
      for (const [name, rates] of [
        ['biased', { a: 0.6, b: 0.3 }],
        ['fair', { a: 0.45, b: 0.45 }],
      ] as const) {
        expect((await s.request('POST', '/v1/models', { name, type: 'binary' })).status).toBe(201);
        const ev = events(name, rates, 400, 17);
        sent.set(name, ev);
        for (let i = 0; i < ev.length; i += 400)
          expect((await s.request('POST', `/v1/models/${name}/predictions`, { events: ev.slice(i, i + 400) })).status).toBe(200);
        const m = await s.request('POST', '/v1/monitors', { name: `${name}-parity`, model: name, type: 'fairness', attribute: 'group' });
        expect(m.status, JSON.stringify(m.body)).toBe(201);
      }
      const project = await s.store.findProject('default');
      for (const m of await s.store.alerting.monitors(project!.id)) await s.services.alerting.evaluateOne(m, NOW);
    });
    afterAll(() => s.close());

    it('fires on the biased stream and not on the fair one of the same size', async () => {
      const alerts = (await s.request('GET', '/v1/alerts')).body.alerts as { monitor: string; state: string; value: number }[];
      const biased = alerts.find((a) => a.monitor === 'biased-parity');
      expect(biased).toBeDefined();
      expect(biased!.state).toBe('firing');
      expect(alerts.find((a) => a.monitor === 'fair-parity' && a.state !== 'resolved')).toBeUndefined();
      const fair = (await s.request('GET', '/v1/monitors/fair-parity')).body;
      expect(fair.health).toBe('ok');
      expect(fair.lastDetails.fails).toBe(false);
    });

    it('reports the stats package’s demographic parity ratio and the z-test', async () => {
      const m = (await s.request('GET', '/v1/monitors/biased-parity')).body;
      const ev = sent.get('biased')!;
      const yPred = ev.map((e) => (e.prediction.score >= 0.5 ? 1 : 0));
      const expected = demographicParityRatio(yPred, yPred, { sensitiveFeatures: ev.map((e) => e.features.group) }).value;
      expect(m.lastDetails.value).toBe(expected);
      expect(m.lastDetails.pValue).toBeLessThan(0.001);
      expect(m.lastDetails.groups).toEqual({ a: 400, b: 400 });
    });

    it('refuses a monitor without its attribute, naming the field', async () => {
      const r = await s.request('POST', '/v1/monitors', { name: 'x', model: 'fair', type: 'fairness' });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('attribute');
    });

    it('fills the model card’s fairness section', async () => {
      const card = (await s.request('GET', `/v1/models/biased/card?from=${new Date(NOW - 86_400_000).toISOString()}&to=${new Date(NOW).toISOString()}`)).body;
      expect(card.vigil.fairness[0]).toMatchObject({ attribute: 'group', metric: 'demographic_parity_ratio', fails: true, threshold: 0.8 });
      expect(card.considerations.ethical_considerations[0].name).toMatch(/fails the threshold/);
    });
  });
}
