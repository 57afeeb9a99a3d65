// Hostile monitor definitions: durations and counts beyond sane bounds are refused at the wire, and
// a monitor (or a project) whose evaluation or dispatch fails never stops the others, on both stores.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const now = Date.UTC(2026, 10, 27, 9);

describe.each(['sqlite', 'postgres'] as const)('monitor bounds and isolation on %s', (kind) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await createTestServerOn(kind, {}, { clock: () => now });
    expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric' } })).status).toBe(201);
  });
  afterAll(() => s.close());

  const volume = (name: string, extra: Record<string, unknown> = {}) => ({ name, model: 'm', type: 'volume', min: 1, ...extra });

  it.each([
    ['interval', { interval: '100000000000000d' }],
    ['interval', { interval: `${'9'.repeat(400)}d` }],
    ['window', { window: '367d' }],
    ['for', { for: '1e3d' }],
    ['min', { min: 1e20 }],
  ])('refuses %s out of bounds (%j)', async (field, extra) => {
    const r = await s.request('POST', '/v1/monitors', volume('big', extra));
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect((await s.request('GET', '/v1/monitors/big')).status).toBe(404);
  });

  it.each([
    ['method', { type: 'drift', method: 'bogus' }],
    ['params.delta', { type: 'concept_drift', params: { delta: -5 } }],
    ['params.lambda_val', { type: 'hddm_w', detector: 'hddm_w', params: { lambda_val: 2 } }],
    ['params.bogus', { type: 'concept_drift', params: { bogus: 1 } }],
  ])('refuses a monitor whose evaluation could never run, naming %s', async (field, extra) => {
    const body = { name: 'never', model: 'm', ...extra, ...(extra.type === 'hddm_w' ? { type: 'concept_drift' } : {}) };
    const r = await s.request('POST', '/v1/monitors', body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect((await s.request('GET', '/v1/monitors/never')).status).toBe(404);
  });

  it("takes detector parameters by river's names or camelCase, and evaluates with them", async () => {
    const body = { name: 'cd', model: 'm', type: 'concept_drift', params: { delta: 0.01, grace_period: 5, minWindowLength: 4 } };
    expect((await s.request('POST', '/v1/monitors', body)).status).toBe(201);
    await s.services.alerting.evaluateDue(now);
    const cd = monitorSchema.parse((await s.request('GET', '/v1/monitors/cd')).body);
    expect(cd.health).not.toBe('error');
    expect(cd.lastError).toBeNull();
    expect((await s.request('DELETE', '/v1/monitors/cd')).status).toBe(204);
  });

  it('takes 366d and large counts within the bounds', async () => {
    expect((await s.request('POST', '/v1/monitors', volume('yearly', { window: '366d', interval: '366d', max: 1_000_000 }))).status).toBe(201);
    expect((await s.request('DELETE', '/v1/monitors/yearly')).status).toBe(204);
  });

  it('keeps evaluating the other monitors when one fails, and records the error on the failing one', async () => {
    expect((await s.request('POST', '/v1/monitors', volume('bad'))).status).toBe(201);
    expect((await s.request('POST', '/v1/monitors', volume('good'))).status).toBe(201);
    expect((await s.request('POST', '/v1/monitors', volume('huge'))).status).toBe(201);
    const db = s.store.db;
    // Rows as an older server could have stored them: a template that no longer compiles (a throw
    // before evaluation) and an interval past every integer type (a throw when saving it on PostgreSQL).
    const bad = JSON.stringify({
      ...volume('bad'),
      window: '1h',
      interval: '1m',
      for: '0s',
      keepFiringFor: '0s',
      severity: 'warning',
      channels: [],
      labels: {},
      annotations: { summary: '{{ .Nope' },
      noDataState: 'no_data',
      errorState: 'error',
      enabled: true,
    });
    await db
      .updateTable('monitors')
      .set({ config: bad, next_eval_at: now - 2 })
      .where('name', '=', 'bad')
      .execute();
    const huge = JSON.stringify({ ...JSON.parse(bad), name: 'huge', annotations: {}, interval: '100000000000000d' });
    await db
      .updateTable('monitors')
      .set({ config: huge, next_eval_at: now - 1 })
      .where('name', '=', 'huge')
      .execute();

    await s.services.alerting.tick(now);

    const good = monitorSchema.parse((await s.request('GET', '/v1/monitors/good')).body);
    expect(good.lastEvaluatedAt).toBe(new Date(now).toISOString());
    expect(good.health).not.toBe('unknown');
    const failed = monitorSchema.parse((await s.request('GET', '/v1/monitors/bad')).body);
    expect(failed.health).toBe('error');
    expect(failed.lastError).toBeTruthy();
    const row = await db.selectFrom('monitors').select(['next_eval_at', 'health']).where('name', '=', 'huge').executeTakeFirstOrThrow();
    expect(Number.isSafeInteger(Number(row.next_eval_at))).toBe(true);
  });

  it('keeps ticking when a project cannot be dispatched', async () => {
    const { project_id: projectId } = await s.store.db.selectFrom('monitors').select('project_id').where('name', '=', 'good').executeTakeFirstOrThrow();
    await s.store.alerting.putProjectState(s.store.db, projectId, 'policy', '{not json', now);
    await s.store.db.updateTable('monitors').set({ next_eval_at: now }).where('name', '=', 'good').execute();
    await expect(s.services.alerting.tick(now + 60_000)).resolves.toBeUndefined();
    const good = monitorSchema.parse((await s.request('GET', '/v1/monitors/good')).body);
    expect(good.lastEvaluatedAt).toBe(new Date(now + 60_000).toISOString());
  });
});
