// The alerting tables: channels, monitors (with their persisted rule and detector states), the
// current alerts and their timelines, silences, per-project policy and dispatcher state, and the
// notification outbox with every delivery attempt. SQL for alerting lives here only.
// With a secret box, channel secrets and outbox payloads are encrypted in their rows (see
// `sealChannelConfig`); rows read back plaintext, so the services never see the difference.

import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AlertsTable, ChannelsTable, Database, MonitorsTable, OutboxAttemptsTable, OutboxTable, SilencesTable } from './database.js';
import type { SecretBox } from './secret-box.js';

export type ChannelRow = Selectable<ChannelsTable>;
export type MonitorRow = Selectable<MonitorsTable>;
export type AlertRow = Selectable<AlertsTable>;
export type SilenceRow = Selectable<SilencesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type OutboxAttemptRow = Selectable<OutboxAttemptsTable>;
export type NewOutbox = Omit<Insertable<OutboxTable>, 'id'>;

/**
 * The channel config fields encrypted at rest: what lets someone send as Vigil or read its mail.
 * Webhook `secret` (the HMAC key), PagerDuty `routingKey`, SMTP `password`, and the URL of a
 * Slack channel (its path is the token). Other URLs, hosts and names stay readable.
 */
function sealedFields(config: Record<string, unknown>): string[] {
  return config['type'] === 'slack' ? ['secret', 'routingKey', 'password', 'url'] : ['secret', 'routingKey', 'password'];
}

/** A sealed value in a JSON column: `{ "enc": "v1:<iv>:<tag>:<ciphertext>" }`. */
interface Sealed {
  enc: string;
}
const isSealed = (v: unknown): v is Sealed => typeof v === 'object' && v !== null && typeof (v as Sealed).enc === 'string';

const OUTBOX_CONTEXT = 'outbox.payload';

export class AlertingStore {
  /** @param secrets Encrypts channel secrets and outbox payloads (none: stored as given, as before). */
  constructor(
    readonly db: Kysely<Database>,
    private readonly secrets?: SecretBox,
  ) {}

  // --- secrets at rest ---

  /** A channel config (JSON) with its secret fields sealed; plaintext without a secret box. */
  sealChannelConfig(json: string): string {
    if (this.secrets === undefined) return json;
    const config = JSON.parse(json) as Record<string, unknown>;
    for (const field of sealedFields(config)) {
      const v = config[field];
      if (typeof v === 'string') config[field] = { enc: this.secrets.seal(v, `channels.config.${field}`) } satisfies Sealed;
    }
    return JSON.stringify(config);
  }

  /** A stored channel config with its sealed fields opened; a plaintext one (written before encryption) as it is. */
  openChannelConfig(json: string): string {
    const config = JSON.parse(json) as Record<string, unknown>;
    let sealed = false;
    for (const [field, v] of Object.entries(config)) {
      if (!isSealed(v)) continue;
      if (this.secrets === undefined) throw new Error(`channels.config.${field} is encrypted and this store has no secret key`);
      config[field] = this.secrets.open(v.enc, `channels.config.${field}`);
      sealed = true;
    }
    return sealed ? JSON.stringify(config) : json;
  }

  /** Outbox rows as the store keeps them (payloads sealed), for notifications another concept writes in its own transaction (budgets). */
  sealedOutbox(rows: readonly NewOutbox[]): NewOutbox[] {
    return rows.map((r) => ({ ...r, payload: this.sealPayload(r.payload) }));
  }

  private sealPayload(json: string): string {
    return this.secrets === undefined ? json : JSON.stringify({ enc: this.secrets.seal(json, OUTBOX_CONTEXT) } satisfies Sealed);
  }

  private openPayload(json: string): string {
    if (!json.startsWith('{"enc":')) return json;
    const v = JSON.parse(json) as unknown;
    if (!isSealed(v)) return json;
    if (this.secrets === undefined) throw new Error(`${OUTBOX_CONTEXT} is encrypted and this store has no secret key`);
    return this.secrets.open(v.enc, OUTBOX_CONTEXT);
  }

  private openChannel = (row: ChannelRow): ChannelRow => ({ ...row, config: this.openChannelConfig(row.config) });
  private openOutbox = (row: OutboxRow): OutboxRow => ({ ...row, payload: this.openPayload(row.payload) });

  /**
   * Encrypts the channel secrets and outbox payloads stored in plaintext (before encryption at rest),
   * after opening every sealed one: a key that does not fit the store fails here, at start, with an
   * error that names the setting. Returns how many rows it sealed.
   */
  async sealStoredSecrets(): Promise<number> {
    if (this.secrets === undefined) return 0;
    let sealed = 0;
    for (const row of await this.db.selectFrom('channels').select(['id', 'config']).orderBy('id').execute()) {
      const plain = this.openChannelConfig(row.config);
      const again = this.sealChannelConfig(plain);
      if (plain === row.config && again !== row.config) {
        await this.db.updateTable('channels').set({ config: again }).where('id', '=', row.id).execute();
        sealed++;
      }
    }
    for (const row of await this.db.selectFrom('outbox').select(['id', 'payload']).orderBy('id').execute()) {
      const plain = this.openPayload(row.payload);
      if (plain !== row.payload) continue;
      await this.db
        .updateTable('outbox')
        .set({ payload: this.sealPayload(plain) })
        .where('id', '=', row.id)
        .execute();
      sealed++;
    }
    return sealed;
  }

  // --- channels ---

  async createChannel(row: Omit<Insertable<ChannelsTable>, 'id'>): Promise<ChannelRow | undefined> {
    const created = await this.db
      .insertInto('channels')
      .values({ ...row, config: this.sealChannelConfig(row.config) })
      .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return created === undefined ? undefined : this.openChannel(created);
  }

  async channels(projectId: number): Promise<ChannelRow[]> {
    return (await this.db.selectFrom('channels').selectAll().where('project_id', '=', projectId).orderBy('name').execute()).map(this.openChannel);
  }

  async channelByName(projectId: number, name: string): Promise<ChannelRow | undefined> {
    const row = await this.db.selectFrom('channels').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : this.openChannel(row);
  }

  async channelById(id: number): Promise<ChannelRow | undefined> {
    const row = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : this.openChannel(row);
  }

  async deleteChannel(projectId: number, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('channels').where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  // --- monitors ---

  async createMonitor(row: Omit<Insertable<MonitorsTable>, 'id'>): Promise<MonitorRow | undefined> {
    return this.db
      .insertInto('monitors')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async replaceMonitor(id: number, fields: Pick<MonitorRow, 'config' | 'type' | 'model_id' | 'enabled' | 'updated_at' | 'next_eval_at'>): Promise<void> {
    await this.db.updateTable('monitors').set(fields).where('id', '=', id).execute();
  }

  async monitors(projectId: number): Promise<MonitorRow[]> {
    return this.db.selectFrom('monitors').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
  }

  async monitorByName(projectId: number, name: string): Promise<MonitorRow | undefined> {
    return this.db.selectFrom('monitors').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  }

  async monitorById(id: number): Promise<MonitorRow | undefined> {
    return this.db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deleteMonitor(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('monitors').where('id', '=', id).execute();
      await trx.deleteFrom('alerts').where('monitor_id', '=', id).execute();
    });
  }

  /** Enabled monitors due at `now`, every project. */
  async dueMonitors(now: number): Promise<MonitorRow[]> {
    return this.db.selectFrom('monitors').selectAll().where('enabled', '=', 1).where('next_eval_at', '<=', now).orderBy('next_eval_at').execute();
  }

  /** Stores one evaluation: the monitor's new state, its alerts and timeline entries, atomically. */
  async saveEvaluation(
    monitor: Pick<MonitorRow, 'id' | 'project_id'>,
    update: Pick<MonitorRow, 'next_eval_at' | 'last_evaluated_at' | 'health' | 'last_error' | 'last_details' | 'rule_state'> &
      Partial<Pick<MonitorRow, 'detector_state' | 'detector_watermark'>>,
    alerts: readonly Omit<AlertRow, 'acked_by' | 'acked_at'>[],
    events: readonly { fingerprint: string; at: number; kind: string; detail: string }[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('monitors').set(update).where('id', '=', monitor.id).execute();
      for (const a of alerts) {
        await trx
          .insertInto('alerts')
          .values({ ...a, acked_by: null, acked_at: null })
          .onConflict((oc) =>
            oc.columns(['project_id', 'fingerprint']).doUpdateSet({
              monitor_id: a.monitor_id,
              labels: a.labels,
              annotations: a.annotations,
              state: a.state,
              value: a.value,
              active_at: a.active_at,
              fired_at: a.fired_at,
              resolved_at: a.resolved_at,
              updated_at: a.updated_at,
            }),
          )
          .execute();
        // A new episode of the same alert starts unacknowledged.
        if (a.state === 'pending')
          await trx
            .updateTable('alerts')
            .set({ acked_by: null, acked_at: null })
            .where('project_id', '=', a.project_id)
            .where('fingerprint', '=', a.fingerprint)
            .execute();
      }
      for (const e of events)
        await trx
          .insertInto('alert_events')
          .values({ ...e, project_id: monitor.project_id })
          .execute();
    });
  }

  /** Marks a monitor whose evaluation failed outright (its alerts and state untouched). */
  async recordEvaluationError(monitorId: number, update: Pick<MonitorRow, 'next_eval_at' | 'last_evaluated_at' | 'health' | 'last_error'>): Promise<void> {
    await this.db.updateTable('monitors').set(update).where('id', '=', monitorId).execute();
  }

  async setRuleState(monitorId: number, ruleState: string): Promise<void> {
    await this.db.updateTable('monitors').set({ rule_state: ruleState }).where('id', '=', monitorId).execute();
  }

  // --- alerts ---

  async markResolved(projectId: number, fingerprint: string, now: number): Promise<void> {
    await this.db
      .updateTable('alerts')
      .set({ state: 'resolved', resolved_at: now, updated_at: now })
      .where('project_id', '=', projectId)
      .where('fingerprint', '=', fingerprint)
      .execute();
  }

  async alerts(projectId: number, state?: string): Promise<AlertRow[]> {
    let q = this.db.selectFrom('alerts').selectAll().where('project_id', '=', projectId);
    if (state !== undefined) q = q.where('state', '=', state);
    return q.orderBy('updated_at', 'desc').limit(1000).execute();
  }

  async alert(projectId: number, fingerprint: string): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('project_id', '=', projectId).where('fingerprint', '=', fingerprint).executeTakeFirst();
  }

  async acknowledge(projectId: number, fingerprint: string, by: string, at: number): Promise<void> {
    await this.db
      .updateTable('alerts')
      .set({ acked_by: by, acked_at: at })
      .where('project_id', '=', projectId)
      .where('fingerprint', '=', fingerprint)
      .execute();
  }

  async addEvent(projectId: number, fingerprint: string, at: number, kind: string, detail: unknown): Promise<void> {
    await this.db
      .insertInto('alert_events')
      .values({ project_id: projectId, fingerprint, at, kind, detail: JSON.stringify(detail) })
      .execute();
  }

  async timeline(projectId: number, fingerprint: string) {
    return this.db
      .selectFrom('alert_events')
      .select(['at', 'kind', 'detail'])
      .where('project_id', '=', projectId)
      .where('fingerprint', '=', fingerprint)
      .orderBy('at')
      .orderBy('id')
      .limit(1000)
      .execute();
  }

  // --- silences ---

  async createSilence(row: SilenceRow): Promise<void> {
    await this.db.insertInto('silences').values(row).execute();
  }

  async silences(projectId: number): Promise<SilenceRow[]> {
    return this.db.selectFrom('silences').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').limit(1000).execute();
  }

  async expireSilence(projectId: number, id: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('silences')
      .set({ ends_at: now })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where('ends_at', '>', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // --- per-project state: notification policy, dispatcher ---

  async projectState(projectId: number, kind: 'policy' | 'dispatcher'): Promise<string | undefined> {
    const r = await this.db.selectFrom('project_states').select('state').where('project_id', '=', projectId).where('kind', '=', kind).executeTakeFirst();
    return r?.state;
  }

  async putProjectState(db: Kysely<Database>, projectId: number, kind: 'policy' | 'dispatcher', state: string, now: number): Promise<void> {
    await db
      .insertInto('project_states')
      .values({ project_id: projectId, kind, state, updated_at: now })
      .onConflict((oc) => oc.columns(['project_id', 'kind']).doUpdateSet({ state, updated_at: now }))
      .execute();
  }

  /** Projects that have monitors (the dispatcher walks them). */
  async projectsWithMonitors(): Promise<number[]> {
    const rows = await this.db.selectFrom('monitors').select('project_id').distinct().execute();
    return rows.map((r) => Number(r.project_id));
  }

  // --- outbox ---

  /** Stores the dispatcher's new state and the notifications it decided on, in one transaction. */
  async enqueue(
    projectId: number,
    dispatcherState: string,
    rows: readonly NewOutbox[],
    events: readonly { fingerprint: string; at: number; detail: unknown }[],
    now: number,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.putProjectState(trx, projectId, 'dispatcher', dispatcherState, now);
      for (const r of rows)
        await trx
          .insertInto('outbox')
          .values({ ...r, payload: this.sealPayload(r.payload) })
          .execute();
      for (const e of events)
        await trx
          .insertInto('alert_events')
          .values({ project_id: projectId, fingerprint: e.fingerprint, at: e.at, kind: 'notification', detail: JSON.stringify(e.detail) })
          .execute();
    });
  }

  async dueOutbox(now: number, limit: number): Promise<OutboxRow[]> {
    return (
      await this.db.selectFrom('outbox').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('id').limit(limit).execute()
    ).map(this.openOutbox);
  }

  /**
   * PostgreSQL, where several replicas may deliver: takes those of the given due rows that no other
   * deliverer holds (`FOR UPDATE SKIP LOCKED`) and moves their next attempt `leaseMs` ahead, so no
   * other deliverer reads them as due while this one sends; the attempt's record then sets their state.
   * A deliverer that dies mid-send leaves them to be sent again when the lease runs out. Answers the ids taken.
   */
  async claimOutbox(ids: readonly number[], now: number, leaseMs: number): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const r = await sql<{ id: number | string }>`
      update outbox set next_attempt_at = ${now + leaseMs}
      where id in (
        select id from outbox
        where id in (${sql.join(ids)}) and status = 'pending' and next_attempt_at <= ${now}
        for update skip locked
      )
      returning id`.execute(this.db);
    return new Set(r.rows.map((x) => Number(x.id)));
  }

  async recordAttempt(
    row: OutboxRow,
    attempt: { at: number; ok: boolean; statusCode: number | null; error: string | null },
    next: { status: string; nextAttemptAt: number },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('outbox_attempts')
        .values({ outbox_id: row.id, at: attempt.at, ok: attempt.ok ? 1 : 0, status_code: attempt.statusCode, error: attempt.error })
        .execute();
      await trx
        .updateTable('outbox')
        .set({
          status: next.status,
          attempts: row.attempts + 1,
          next_attempt_at: next.nextAttemptAt,
          last_error: attempt.error,
          sent_at: attempt.ok ? attempt.at : null,
        })
        .where('id', '=', row.id)
        .execute();
    });
  }

  async outbox(projectId: number, limit: number): Promise<{ row: OutboxRow; attempts: OutboxAttemptRow[] }[]> {
    const rows = await this.db.selectFrom('outbox').selectAll().where('project_id', '=', projectId).orderBy('id', 'desc').limit(limit).execute();
    const out: { row: OutboxRow; attempts: OutboxAttemptRow[] }[] = [];
    for (const row of rows.map(this.openOutbox)) {
      const attempts = await this.db.selectFrom('outbox_attempts').selectAll().where('outbox_id', '=', row.id).orderBy('id').execute();
      out.push({ row, attempts });
    }
    return out;
  }
}
