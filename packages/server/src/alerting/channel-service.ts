// Channels (where notifications go), their test sends, and the outbox of notifications with every
// delivery attempt.

import type { ChannelConfig, ChannelInfo, ChannelTest, MonitorConfig, NotificationInfo, RouteInput } from '@vigil/wire';
import { ConflictError, NotFoundError } from '../errors.js';
import type { AlertingStore } from '../storage/alerting-store.js';
import { channelInfo } from './alerting-records.js';
import type { Notifier } from './notifier.js';
import { loadPolicy } from './routing-config.js';

export interface ChannelServiceDeps {
  readonly store: AlertingStore;
  readonly clock: () => number;
  readonly notifier: Notifier;
}

/** Most notifications a list shows. */
const NOTIFICATIONS_SHOWN = 200;

export class ChannelService {
  private readonly store: AlertingStore;
  private readonly clock: () => number;
  private readonly notifier: Notifier;

  constructor(deps: ChannelServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.notifier = deps.notifier;
  }

  async create(projectId: number, config: ChannelConfig): Promise<ChannelInfo> {
    const row = await this.store.createChannel({
      project_id: projectId,
      name: config.name,
      type: config.type,
      config: JSON.stringify(config),
      created_at: this.clock(),
    });
    if (row === undefined) throw new ConflictError(`a channel named "${config.name}" already exists`);
    return channelInfo(row);
  }

  async list(projectId: number): Promise<ChannelInfo[]> {
    return (await this.store.channels(projectId)).map(channelInfo);
  }

  /**
   * Deletes a channel no monitor and no route of the notification policy names: a receiver that is
   * gone would leave the project's routing tree without a receiver, and stop all its notifications.
   */
  async delete(projectId: number, name: string): Promise<void> {
    if ((await this.store.channelByName(projectId, name)) === undefined) throw new NotFoundError(`no channel "${name}"`);
    const users = (await this.store.monitors(projectId))
      .filter((m) => (JSON.parse(m.config) as MonitorConfig).channels.includes(name))
      .map((m) => `monitor "${m.name}"`);
    const policy = await loadPolicy(this.store, projectId);
    const visit = (route: RouteInput, path: string): void => {
      if (route.receiver === name) users.push(`the notification policy's ${path}`);
      route.routes?.forEach((r, i) => visit(r, `${path}.routes[${i}]`));
    };
    if (policy !== null) visit(policy.route, 'route');
    if (users.length > 0) throw new ConflictError(`channel "${name}" is in use by ${users.join(', ')}: take it out of them first`);
    if (!(await this.store.deleteChannel(projectId, name))) throw new NotFoundError(`no channel "${name}"`);
  }

  /** Sends a made-up firing notification to the channel now. */
  async test(projectId: number, name: string): Promise<ChannelTest> {
    const channel = await this.store.channelByName(projectId, name);
    if (channel === undefined) throw new NotFoundError(`no channel "${name}"`);
    return this.notifier.sendTest(channel, this.clock());
  }

  /** The newest notifications, with their delivery attempts. */
  async notifications(projectId: number): Promise<NotificationInfo[]> {
    const rows = await this.store.outbox(projectId, NOTIFICATIONS_SHOWN);
    const channels = new Map((await this.store.channels(projectId)).map((c) => [c.id, c.name]));
    return rows.map(({ row, attempts }) => ({
      id: row.id,
      channel: channels.get(row.channel_id) ?? null,
      groupKey: row.group_key,
      status: row.status as NotificationInfo['status'],
      createdAt: new Date(row.created_at).toISOString(),
      sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
      attempts: attempts.map((t) => ({ at: new Date(t.at).toISOString(), ok: t.ok === 1, statusCode: t.status_code, error: t.error })),
    }));
  }
}
