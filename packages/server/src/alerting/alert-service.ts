// Alerts as people see and handle them: the list (with silenced and inhibited flags judged now),
// one alert's timeline, acknowledging, resolving by hand and comments.

import { inhibitedBy, isSilenced } from '@vigil/core';
import type { AlertRuleState } from '@vigil/core';
import type { AlertInfo, TimelineEntry } from '@vigil/wire';
import { NotFoundError } from '../errors.js';
import type { AlertingStore } from '../storage/alerting-store.js';
import { alertInfo } from './alerting-records.js';
import { inhibitRulesOf, loadPolicy, loadSilences } from './routing-config.js';

export interface AlertServiceDeps {
  readonly store: AlertingStore;
  readonly clock: () => number;
}

export class AlertService {
  private readonly store: AlertingStore;
  private readonly clock: () => number;

  constructor(deps: AlertServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
  }

  async list(projectId: number, state?: string): Promise<AlertInfo[]> {
    const rows = await this.store.alerts(projectId, state);
    const now = this.clock();
    const monitors = new Map((await this.store.monitors(projectId)).map((m) => [m.id, m]));
    const silences = await loadSilences(this.store, projectId);
    const rules = inhibitRulesOf(await loadPolicy(this.store, projectId));
    const firing = rows
      .filter((r) => r.state === 'firing')
      .map((r) => ({ fingerprint: r.fingerprint, labels: JSON.parse(r.labels) as Record<string, string> }));
    const out: AlertInfo[] = [];
    for (const r of rows) {
      const m = monitors.get(r.monitor_id);
      const labels = JSON.parse(r.labels) as Record<string, string>;
      const model = labels['model'] ?? '';
      const inhibited =
        r.state === 'firing' &&
        inhibitedBy(
          labels,
          rules,
          firing.filter((f) => f.fingerprint !== r.fingerprint),
        ) !== undefined;
      out.push(alertInfo(r, m?.name ?? '', model, { silenced: isSilenced(labels, silences, now), inhibited }));
    }
    return out;
  }

  async get(projectId: number, fingerprint: string): Promise<AlertInfo> {
    await this.existing(projectId, fingerprint);
    return (await this.list(projectId)).find((x) => x.fingerprint === fingerprint)!;
  }

  async timeline(projectId: number, fingerprint: string): Promise<TimelineEntry[]> {
    await this.existing(projectId, fingerprint);
    const rows = await this.store.timeline(projectId, fingerprint);
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      kind: r.kind as TimelineEntry['kind'],
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  /** Someone is on it: repeats of its notifications stop while it fires. */
  async acknowledge(projectId: number, fingerprint: string, by: string, comment: string | null): Promise<AlertInfo> {
    await this.existing(projectId, fingerprint);
    const now = this.clock();
    await this.store.acknowledge(projectId, fingerprint, by, now);
    await this.store.addEvent(projectId, fingerprint, now, 'acknowledged', { by, comment });
    return this.get(projectId, fingerprint);
  }

  /** Marks an alert resolved by a person; it fires again only if its condition returns after that. */
  async resolveByHand(projectId: number, fingerprint: string, by: string, comment: string | null): Promise<AlertInfo> {
    const row = await this.existing(projectId, fingerprint);
    const now = this.clock();
    const m = await this.store.monitorById(row.monitor_id);
    if (m !== undefined && m.rule_state !== null) {
      const state = JSON.parse(m.rule_state) as AlertRuleState;
      state.instances = state.instances.map((i) =>
        i.fingerprint === fingerprint && i.state !== 'resolved' ? { ...i, state: 'resolved', resolvedAt: now } : i,
      );
      await this.store.setRuleState(m.id, JSON.stringify(state));
    }
    await this.store.markResolved(projectId, fingerprint, now);
    await this.store.addEvent(projectId, fingerprint, now, 'resolved_by_hand', { by, comment });
    return this.get(projectId, fingerprint);
  }

  async comment(projectId: number, fingerprint: string, by: string, text: string): Promise<void> {
    await this.existing(projectId, fingerprint);
    await this.store.addEvent(projectId, fingerprint, this.clock(), 'comment', { by, text });
  }

  private async existing(projectId: number, fingerprint: string) {
    const row = await this.store.alert(projectId, fingerprint);
    if (row === undefined) throw new NotFoundError(`no alert "${fingerprint}"`);
    return row;
  }
}
