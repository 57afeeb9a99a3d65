// `vigil serve --alerting alerting.json`: channels, monitors, silences and the notification policy
// kept in a file (in version control, next to the model) and applied at start by the server's
// services, parsed with the API's own schemas, so a file gets exactly the validation and errors an
// API call gets.

import { readFile } from 'node:fs/promises';
import { VigilError, parseInput } from '@vigil/server';
import type { RunningServer } from '@vigil/server';
import { createChannelSchema, createMonitorSchema, createSilenceSchema, notificationPolicySchema } from '@vigil/wire';
import { UsageError } from '../errors.js';

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
  const { keys, channels, monitors, silences } = server.services;
  const auth = await keys.authenticate(`Bearer ${adminKey}`);
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
    applied += await apply(`channels[${i}]`, () => channels.create(auth.projectId, parseInput(createChannelSchema, ch)), true);
  for (const [i, m] of (parsed.monitors ?? []).entries())
    applied += await apply(`monitors[${i}]`, () => monitors.upsert(auth.projectId, parseInput(createMonitorSchema, m)));
  if (parsed.notificationPolicy !== undefined)
    applied += await apply('notificationPolicy', () => silences.putPolicy(auth.projectId, parseInput(notificationPolicySchema, parsed.notificationPolicy)));
  for (const [i, sil] of (parsed.silences ?? []).entries())
    applied += await apply(`silences[${i}]`, () => silences.create(auth.projectId, parseInput(createSilenceSchema, sil)));
  return applied;
}
