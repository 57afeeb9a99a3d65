// Budgets: a spend limit per day, week or month for a model or the whole project. Each evaluation
// reads the period's actual spend and the daily spend history (CostService), forecasts the period
// (core's budget-forecast, documented there) and steps core's AWS-style notification states; a
// threshold crossed is sent to the budget's channels through the alerting outbox, so it is
// delivered, retried and signed like any alert.

import {
  DAY_MS,
  FORECAST_HISTORY_DAYS,
  budgetPeriodAt,
  budgetStatus,
  evaluateBudgetAlerts,
  fingerprint,
  forecastBudget,
  initialBudgetAlertState,
  nanosToUsd,
  readableNumber,
  utcDayStart,
} from '@vigil/core';
import type { BudgetAlert, BudgetAlertState, BudgetForecast, Notification } from '@vigil/core';
import type { BudgetInfo, CreateBudget } from '@vigil/wire';
import type { Logger } from 'pino';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Notifier } from '../alerting/notifier.js';
import type { NewOutbox } from '../storage/alerting-store.js';
import type { BudgetRow } from '../storage/cost-store.js';
import type { Store } from '../storage/store.js';
import type { CostService } from './cost-service.js';

export interface BudgetServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly costs: CostService;
  readonly notifier: Notifier;
  /** How often each budget is evaluated, in ms. Default 60 000. */
  readonly intervalMs?: number;
  readonly logger?: Logger | undefined;
}

/** What one evaluation read. */
interface BudgetReadingRecord {
  at: number;
  periodStart: number;
  periodEnd: number;
  spentUsd: number;
  forecastUsd: number;
  forecastExhaustedAt: number | null;
  method: BudgetForecast['method'];
  status: BudgetInfo['status'];
}

export class BudgetService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly costs: CostService;
  private readonly notifier: Notifier;
  private readonly intervalMs: number;
  private readonly logger: Logger | undefined;

  constructor(deps: BudgetServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.costs = deps.costs;
    this.notifier = deps.notifier;
    this.intervalMs = deps.intervalMs ?? 60_000;
    this.logger = deps.logger;
  }

  async create(projectId: number, config: CreateBudget): Promise<BudgetInfo> {
    const project = await this.store.projectById(projectId);
    if (config.project !== undefined && config.project !== project?.name)
      throw new ValidationError(`project: a budget covers the caller's own project ("${project?.name ?? ''}")`, [
        { path: 'project', message: `the caller's own project, "${project?.name ?? ''}" (or leave it out)` },
      ]);
    if (config.model !== undefined && (await this.store.findModel(projectId, config.model)) === undefined)
      throw new ValidationError(`model: no model "${config.model}" in this project`, [
        { path: 'model', message: `an existing model (no model "${config.model}")` },
      ]);
    for (const [i, name] of config.channels.entries())
      if ((await this.store.alerting.channelByName(projectId, name)) === undefined)
        throw new ValidationError(`channels[${i}]: no channel "${name}"`, [
          { path: `channels[${i}]`, message: `an existing channel (no channel "${name}"; create it with POST /v1/channels)` },
        ]);
    const now = this.clock();
    const row = await this.store.cost.createBudget({
      project_id: projectId,
      name: config.name,
      config: JSON.stringify(config),
      alert_state: JSON.stringify(initialBudgetAlertState()),
      last_reading: null,
      created_at: now,
      next_eval_at: now,
    });
    if (row === undefined) throw new ConflictError(`a budget named "${config.name}" already exists`);
    return this.info(row, await this.read(row, now), project?.name ?? '');
  }

  async list(projectId: number): Promise<BudgetInfo[]> {
    const project = (await this.store.projectById(projectId))?.name ?? '';
    const now = this.clock();
    const out: BudgetInfo[] = [];
    for (const row of await this.store.cost.budgets(projectId)) out.push(this.info(row, await this.read(row, now), project));
    return out;
  }

  /** The budget judged now (or at `at`): spend so far, forecast, status. Reading changes nothing. */
  async get(projectId: number, name: string, at?: number): Promise<BudgetInfo> {
    const row = await this.store.cost.budgetByName(projectId, name);
    if (row === undefined) throw new NotFoundError(`no budget "${name}"`);
    return this.info(row, await this.read(row, at ?? this.clock()), (await this.store.projectById(projectId))?.name ?? '');
  }

  async delete(projectId: number, name: string): Promise<void> {
    const row = await this.store.cost.budgetByName(projectId, name);
    if (row === undefined) throw new NotFoundError(`no budget "${name}"`);
    await this.store.cost.deleteBudget(row.id);
  }

  /** Reads spend and forecasts the period at `now`. */
  private async read(row: BudgetRow, now: number): Promise<{ reading: BudgetReadingRecord; forecast: BudgetForecast }> {
    const config = JSON.parse(row.config) as CreateBudget;
    const { start, end } = budgetPeriodAt(config.period, now);
    const today = utcDayStart(now);
    const first = await this.costs.firstActivity(row.project_id, config.model);
    // History: complete days before today, from the first day with data (at most FORECAST_HISTORY_DAYS).
    const historyFrom = Math.max(today - FORECAST_HISTORY_DAYS * DAY_MS, first === undefined ? today : utcDayStart(first));
    const spend = await this.costs.dailySpend(row.project_id, config.model, Math.min(historyFrom, start), now);
    let spent = 0n;
    let todaySpent = 0n;
    for (const [day, nanos] of spend) {
      if (day >= start) spent += nanos;
      if (day === today) todaySpent += nanos;
    }
    const history: { dayStart: number; usd: number }[] = [];
    for (let d = historyFrom; d < today; d += DAY_MS) history.push({ dayStart: d, usd: nanosToUsd(spend.get(d) ?? 0n) });
    const forecast = forecastBudget(
      { now, periodStart: start, periodEnd: end, spentUsd: nanosToUsd(spent), todaySpentUsd: nanosToUsd(todaySpent), history },
      config.amountUsd,
    );
    const reliable = forecast.method !== 'run-rate';
    const status = budgetStatus({
      amountUsd: config.amountUsd,
      thresholds: config.thresholds,
      spentUsd: nanosToUsd(spent),
      forecastUsd: forecast.forecastUsd,
      forecastReliable: reliable,
    });
    return {
      reading: {
        at: now,
        periodStart: start,
        periodEnd: end,
        spentUsd: nanosToUsd(spent),
        forecastUsd: forecast.forecastUsd,
        forecastExhaustedAt: forecast.exhaustedAt,
        method: forecast.method,
        status,
      },
      forecast,
    };
  }

  private info(row: BudgetRow, { reading }: { reading: BudgetReadingRecord }, project: string): BudgetInfo {
    const config = JSON.parse(row.config) as CreateBudget;
    const state = JSON.parse(row.alert_state) as BudgetAlertState;
    const types = config.forecast ? (['actual', 'forecast'] as const) : (['actual'] as const);
    const notifications = [...config.thresholds]
      .sort((a, b) => a - b)
      .flatMap((threshold) =>
        types.map((type) => {
          const n = state.notifications.find((x) => x.type === type && x.threshold === threshold && x.period === reading.periodStart);
          return { type, threshold, state: n?.state ?? 'ok', lastFiredAt: n?.lastFiredAt == null ? null : new Date(n.lastFiredAt).toISOString() };
        }),
      );
    return {
      name: config.name,
      project,
      model: config.model ?? null,
      period: config.period,
      amountUsd: config.amountUsd,
      thresholds: config.thresholds,
      forecast: config.forecast,
      channels: config.channels,
      periodStart: new Date(reading.periodStart).toISOString(),
      periodEnd: new Date(reading.periodEnd).toISOString(),
      spentUsd: reading.spentUsd,
      forecastUsd: reading.forecastUsd,
      ...(reading.forecastExhaustedAt === null ? {} : { forecastExhaustedAt: new Date(reading.forecastExhaustedAt).toISOString() }),
      status: reading.status,
      forecastMethod: reading.method,
      notifications,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  /** Evaluates the budgets that are due; a failure is confined to its budget. Answers how many were evaluated. */
  async evaluateDue(now: number): Promise<number> {
    const due = await this.store.cost.dueBudgets(now);
    for (const row of due) {
      try {
        await this.evaluate(row, now);
      } catch (e) {
        this.logger?.error({ err: e, budget: row.name, projectId: row.project_id }, 'evaluating a budget failed');
      }
    }
    return due.length;
  }

  /** One evaluation: new notification states, and a notification per crossing to each of the budget's channels. */
  async evaluate(row: BudgetRow, now: number): Promise<BudgetAlert[]> {
    const config = JSON.parse(row.config) as CreateBudget;
    const { reading } = await this.read(row, now);
    const { state, fired } = evaluateBudgetAlerts(JSON.parse(row.alert_state) as BudgetAlertState, {
      now,
      periodStart: reading.periodStart,
      amountUsd: config.amountUsd,
      thresholds: config.thresholds,
      forecastAlerts: config.forecast,
      spentUsd: reading.spentUsd,
      forecastUsd: reading.forecastUsd,
      forecastReliable: reading.method !== 'run-rate',
    });
    const outbox: NewOutbox[] = [];
    if (fired.length > 0) {
      const project = (await this.store.projectById(row.project_id))?.name ?? '';
      for (const name of config.channels) {
        const channel = await this.store.alerting.channelByName(row.project_id, name);
        if (channel === undefined) continue;
        for (const alert of fired) {
          const n = this.notification(config, project, alert, reading, name);
          outbox.push({
            project_id: row.project_id,
            channel_id: channel.id,
            group_key: n.groupKey,
            status: 'pending',
            payload: JSON.stringify(this.notifier.payloadFor(channel, n)),
            attempts: 0,
            next_attempt_at: now,
            last_error: null,
            created_at: now,
            sent_at: null,
          });
        }
      }
    }
    await this.store.cost.saveBudgetEvaluation(
      row.id,
      { alert_state: JSON.stringify(state), last_reading: JSON.stringify(reading), next_eval_at: now + this.intervalMs },
      this.store.alerting.sealedOutbox(outbox),
    );
    return fired;
  }

  /** A crossing as an Alertmanager-shaped notification (`alertname="BudgetThreshold"`), so every channel type renders it. */
  private notification(config: CreateBudget, project: string, alert: BudgetAlert, reading: BudgetReadingRecord, receiver: string): Notification {
    const labels: Record<string, string> = {
      alertname: alert.type === 'actual' ? 'BudgetThresholdReached' : 'BudgetForecastThresholdReached',
      budget: config.name,
      project,
      type: alert.type,
      threshold: String(alert.threshold),
      severity: alert.threshold >= 1 ? 'critical' : 'warning',
      ...(config.model === undefined ? {} : { model: config.model }),
    };
    const what = alert.type === 'actual' ? 'spend' : 'forecast spend';
    const summary =
      `Budget ${config.name}: ${what} this ${config.period} is $${readableNumber(alert.valueUsd)}, ` +
      `${readableNumber(alert.threshold * 100)} % of $${readableNumber(config.amountUsd)} reached` +
      (reading.forecastExhaustedAt === null ? '' : `; forecast to be used up at ${new Date(reading.forecastExhaustedAt).toISOString()}`);
    const annotations = { summary, spent_usd: String(reading.spentUsd), forecast_usd: String(reading.forecastUsd), amount_usd: String(config.amountUsd) };
    const groupKey = `{}:{budget="${config.name}",type="${alert.type}",threshold="${alert.threshold}"}`;
    return {
      receiver,
      integration: receiver,
      groupKey,
      routeId: 'budget',
      status: 'firing',
      groupLabels: { budget: config.name },
      commonLabels: labels,
      commonAnnotations: annotations,
      alerts: [
        {
          fingerprint: fingerprint(labels),
          status: 'firing',
          labels,
          annotations,
          startsAt: alert.at,
          endsAt: null,
          generatorURL: `${this.notifier.externalUrl}/cost`,
        },
      ],
      truncatedAlerts: 0,
      reason: 'first notification',
      at: alert.at,
    };
  }
}
