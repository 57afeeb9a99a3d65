// Budgets end to end with a controlled clock, on SQLite and PostgreSQL: three weeks of rising daily
// spend, a monthly budget whose forecast crosses 100 % days before the actual spend does; the
// forecast notification reaches a real local webhook receiver first (Alertmanager's payload,
// signed), the actual one later, each once; the budget answers its spend, forecast, exhaustion time
// and status; bad budgets are refused by field.

import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetSchema } from '@vigil/wire';
import { createTestServerOn, profileAll } from '../testing.js';
import type { TestServer, TestStoreKind } from '../testing.js';

const DAY_MS = 86_400_000;
/** Sunday 1 November 2026, 00:00 UTC: the month the budget covers. */
const MONTH = Date.UTC(2026, 10, 1);

describe.each(['sqlite', 'postgres'] as TestStoreKind[])('budgets on %s', (kind) => {
  let s: TestServer;
  let now = MONTH;
  let hook: Server;
  let hookUrl = '';
  const received: { body: Record<string, unknown>; signature: string | undefined; at: number }[] = [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        received.push({ body: JSON.parse(text) as Record<string, unknown>, signature: req.headers['x-vigil-signature'] as string | undefined, at: now });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/budget`;
    s = await createTestServerOn(kind, { bucket: '1h' }, { clock: () => now });
    expect((await s.request('POST', '/v1/models', { name: 'llm', type: 'regression' })).status).toBe(201);
    expect((await s.request('POST', '/v1/channels', { name: 'finance', type: 'webhook', url: hookUrl, secret: 'budget-secret' })).status).toBe(201);
  });
  afterAll(async () => {
    await s.close();
    await new Promise((r) => hook.close(r));
  });

  /** Day d of the month (1-based) spends 10 + d dollars, in 24 events of an hour each. */
  async function spendDay(d: number): Promise<void> {
    const start = MONTH + (d - 1) * DAY_MS;
    const perEvent = (10 + d) / 24;
    const events = Array.from({ length: 24 }, (_, h) => ({
      id: `d${d}h${h}`,
      timestamp: start + h * 3_600_000 + 60_000,
      features: { d },
      prediction: 1,
      costUsd: perEvent,
    }));
    expect((await s.request('POST', '/v1/models/llm/predictions', { events })).status).toBe(200);
  }

  it('refuses bad budgets by field', async () => {
    const bad = async (body: unknown, path: string) => {
      const r = await s.request('POST', '/v1/budgets', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.details[0].path).toBe(path);
    };
    await bad({ name: 'b', period: 'year', amountUsd: 1 }, 'period');
    await bad({ name: 'b', period: 'month', amountUsd: 0 }, 'amountUsd');
    await bad({ name: 'b', period: 'month', amountUsd: 1, model: 'nope' }, 'model');
    await bad({ name: 'b', period: 'month', amountUsd: 1, channels: ['nope'] }, 'channels[0]');
    await bad({ name: 'b', period: 'month', amountUsd: 1, project: 'someone-else' }, 'project');
    await bad({ name: 'b', period: 'month', amountUsd: 1, thresholds: [0.5, 0.5] }, 'thresholds');
    expect((await s.request('GET', '/v1/budgets')).body.budgets).toEqual([]);
    expect((await s.request('GET', '/v1/budgets/b')).status).toBe(404);
  });

  it('notifies the forecast crossing 100 % before the actual spend does, each once, through the webhook', async () => {
    // November: days 1…30 would spend Σ(10 + d) = 765; the budget is 700.
    now = MONTH + 3_600_000;
    const created = await s.request('POST', '/v1/budgets', {
      name: 'llm-month',
      model: 'llm',
      period: 'month',
      amountUsd: 700,
      thresholds: [0.5, 1],
      channels: ['finance'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'llm-month', model: 'llm', period: 'month', forecast: true, spentUsd: 0, status: 'ok' });
    const firedOn = new Map<string, number>();
    // Up to the 29th, judged on the 30th: the next judgement (1 December) is a new period, which re-arms every notification.
    for (let d = 1; d <= 29; d++) {
      await spendDay(d);
      // Judged at noon of the next day (the day's events are all in).
      now = MONTH + d * DAY_MS + 12 * 3_600_000;
      await profileAll(s, now);
      await s.services.budgets.evaluateDue(now + 60_000);
      await s.services.alerting.deliverDue(now + 60_000);
      now += 120_000;
      for (const r of received) {
        const labels = (r.body['commonLabels'] ?? {}) as Record<string, string>;
        const key = `${labels['alertname']}:${labels['threshold']}`;
        if (!firedOn.has(key)) firedOn.set(key, d);
      }
    }
    const forecast100 = firedOn.get('BudgetForecastThresholdReached:1');
    const actual100 = firedOn.get('BudgetThresholdReached:1');
    expect(forecast100).toBeDefined();
    expect(actual100).toBeDefined();
    // Actual spend reaches 700 on the 29th (Σ_{d≤28}(10 + d) = 686, the 29th adds 39); from three days of history on the
    // forecast is a straight line through 765 and saw it coming weeks before.
    expect(forecast100!).toBeLessThan(actual100!);
    expect(actual100).toBe(29);
    expect(firedOn.get('BudgetThresholdReached:0.5')).toBeLessThan(actual100!);
    // Each notification once.
    const keys = received.map((r) => {
      const l = r.body['commonLabels'] as Record<string, string>;
      return `${l['alertname']}:${l['threshold']}`;
    });
    expect(
      new Set(keys).size,
      JSON.stringify(
        received.map((r) => [
          r.at,
          (r.body['commonLabels'] as Record<string, string>)['alertname'],
          (r.body['commonLabels'] as Record<string, string>)['threshold'],
        ]),
      ),
    ).toBe(keys.length);
    // Alertmanager's webhook payload, signed with the channel's secret.
    const first = received.find(
      (r) =>
        (r.body['commonLabels'] as Record<string, string>)['alertname'] === 'BudgetForecastThresholdReached' &&
        (r.body['commonLabels'] as Record<string, string>)['threshold'] === '1',
    )!;
    expect(first.body).toMatchObject({
      version: '4',
      status: 'firing',
      commonLabels: { budget: 'llm-month', model: 'llm', type: 'forecast', severity: 'critical' },
    });
    expect(String((first.body['commonAnnotations'] as Record<string, string>)['summary'])).toContain('Budget llm-month: forecast spend this month is $');
    expect(first.signature).toBe(`sha256=${createHmac('sha256', 'budget-secret').update(JSON.stringify(first.body)).digest('hex')}`);
  });

  it('answers its spend, forecast, exhaustion time and status', async () => {
    // As of noon on 20 November: 20 days spent (Σ 11…30 = 410) and half of the 21st's 31.
    const at = MONTH + 20 * DAY_MS + 12 * 3_600_000;
    const r = await s.request('GET', `/v1/budgets/llm-month?at=${at}`);
    expect(r.status).toBe(200);
    const b = budgetSchema.parse(r.body);
    // Each event's cost is rounded to the nano-dollar.
    expect(b.spentUsd).toBeCloseTo(410 + 31 / 2, 6);
    expect(b.forecastMethod).toBe('trend+weekly');
    // A straight line of 10 + d a day: the rest of the month is forecast exactly (765 in all).
    expect(b.forecastUsd).toBeCloseTo(765, 6);
    expect(b.status).toBe('forecast_exceeded');
    // 700 is reached during the 29th: Σ_{d≤28} = 686, and the 29th spends 39, so 14/39 of the way in.
    expect(Date.parse(b.forecastExhaustedAt!)).toBeCloseTo(MONTH + 28 * DAY_MS + (14 / 39) * DAY_MS, -3);
    expect(b.notifications.find((n) => n.type === 'forecast' && n.threshold === 1)).toMatchObject({ state: 'alarm' });
    const list = (await s.request('GET', '/v1/budgets')).body.budgets;
    expect(list.map((x: { name: string }) => x.name)).toEqual(['llm-month']);
    expect((await s.request('POST', '/v1/budgets', { name: 'llm-month', period: 'day', amountUsd: 1 })).status).toBe(409);
    expect((await s.request('DELETE', '/v1/budgets/llm-month')).status).toBe(204);
    expect((await s.request('GET', '/v1/budgets/llm-month')).status).toBe(404);
  });
});
