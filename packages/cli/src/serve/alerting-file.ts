// `vigil serve --alerting alerting.json`: channels, monitors, silences and the notification policy
// kept in a file (in version control, next to the model) and applied at start by the server's
// services, parsed with the API's own schemas, so a file gets exactly the validation and errors an
// API call gets. Each change is an audit entry as the API would record it (the same actions, the
// entity before and after as the API shows it, secrets redacted), by the actor `system`
// `alerting-file`.

import { readFile } from 'node:fs/promises';
import { jsonDiff, redactSecrets } from '@vigil/core';
import type { AuditActor } from '@vigil/core';
import { VigilError, parseInput } from '@vigil/server';
import type { RunningServer } from '@vigil/server';
import { createChannelSchema, createMonitorSchema, createSilenceSchema, notificationPolicySchema } from '@vigil/wire';
import { UsageError } from '../errors.js';

/** Who the audit log names for the file's changes. */
export const ALERTING_FILE_ACTOR: AuditActor = { type: 'system', name: 'alerting-file' };

interface AlertingFile {
  channels?: unknown[];
  monitors?: unknown[];
  silences?: unknown[];
  notificationPolicy?: unknown;
}

/** Applies the file in the admin key's project; returns how many items it created or updated. */
export async function applyAlertingFile(server: Pick<RunningServer, 'services'>, file: string, adminKey: string): Promise<number> {
  let parsed: AlertingFile;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as AlertingFile;
  } catch (e) {
    throw new UsageError('--alerting', 'a readable JSON file of channels, monitors, silences and notificationPolicy', `${file} (${(e as Error).message})`);
  }
  const { keys, channels, monitors, silences, audit } = server.services;
  const auth = await keys.authenticate(`Bearer ${adminKey}`);
  const project = auth.projectId;
  /**
   * Records a change the file made. An item applied again as it was (every start with the same
   * file) changes nothing but its `updatedAt`, and is not an entry.
   */
  const record = async (action: string, entity: { type: string; id: string; model?: string }, before: unknown, after: unknown): Promise<void> => {
    const diff = jsonDiff(redactSecrets(before ?? null), redactSecrets(after ?? null));
    if (diff.every((c) => c.path === 'updatedAt')) return;
    await audit.record({ action, entity, diff, projectId: project, actor: ALERTING_FILE_ACTOR, requestId: null });
  };
  const monitorOrNull = (name: string) =>
    monitors.get(project, name).catch((e: unknown) => (e instanceof VigilError && e.code === 'NOT_FOUND' ? null : Promise.reject(e)));
  /** Runs one item; a refusal names where it is in the file. */
  const apply = async (where: string, fn: () => Promise<unknown>, skipConflict = false): Promise<number> => {
    try {
      await fn();
      return 1;
    } catch (e) {
      if (!(e instanceof VigilError)) throw e;
      if (skipConflict && e.code === 'CONFLICT') return 0;
      throw new UsageError(`--alerting ${file}`, 'valid definitions', `${where}: ${e.message}`);
    }
  };
  let applied = 0;
  // A channel that exists already keeps its stored secrets.
  for (const [i, ch] of (parsed.channels ?? []).entries())
    applied += await apply(
      `channels[${i}]`,
      async () => {
        const created = await channels.create(project, parseInput(createChannelSchema, ch));
        await record('channel.create', { type: 'channel', id: created.name }, null, created);
      },
      true,
    );
  for (const [i, m] of (parsed.monitors ?? []).entries())
    applied += await apply(`monitors[${i}]`, async () => {
      const config = parseInput(createMonitorSchema, m);
      const before = await monitorOrNull(config.name);
      await monitors.upsert(project, config);
      const after = await monitors.get(project, config.name);
      await record(before === null ? 'monitor.create' : 'monitor.update', { type: 'monitor', id: config.name, model: after.model }, before, after);
    });
  if (parsed.notificationPolicy !== undefined)
    applied += await apply('notificationPolicy', async () => {
      const before = await silences.policy(project);
      const after = await silences.putPolicy(project, parseInput(notificationPolicySchema, parsed.notificationPolicy));
      await record('notificationPolicy.update', { type: 'notificationPolicy', id: '' }, before, after);
    });
  for (const [i, sil] of (parsed.silences ?? []).entries())
    applied += await apply(`silences[${i}]`, async () => {
      const created = await silences.create(project, parseInput(createSilenceSchema, sil));
      await record('silence.create', { type: 'silence', id: created.id }, null, created);
    });
  return applied;
}
