// `vigil serve --alerting alerting.json`: channels, monitors, silences and the notification policy
// kept in a file (in version control, next to the model) and applied at start through the API
// itself, so a file gets exactly the validation and errors an API call gets.

import { readFile } from 'node:fs/promises';
import type { RunningServer } from '@vigil/server';
import { UsageError } from '../errors.js';

interface AlertingFile {
  channels?: unknown[];
  monitors?: unknown[];
  silences?: unknown[];
  notificationPolicy?: unknown;
}

interface Answer {
  statusCode: number;
  json(): unknown;
}

function describeAnswer(a: Answer): string {
  const body = a.json() as { error?: { message?: string } };
  return body.error?.message ?? `HTTP ${a.statusCode}`;
}

/** Applies the file; returns how many items it created or updated. */
export async function applyAlertingFile(server: RunningServer, file: string, adminKey: string): Promise<number> {
  let parsed: AlertingFile;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as AlertingFile;
  } catch (e) {
    throw new UsageError('--alerting', 'a readable JSON file of channels, monitors, silences and notificationPolicy', `${file} (${(e as Error).message})`);
  }
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<Answer> =>
    server.app.inject({ method, url, headers: { authorization: `Bearer ${adminKey}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });
  let applied = 0;
  const fail = (where: string, a: Answer) => {
    throw new UsageError(`--alerting ${file}`, 'valid definitions', `${where}: ${describeAnswer(a)}`);
  };
  for (const [i, ch] of (parsed.channels ?? []).entries()) {
    const a = await call('POST', '/v1/channels', ch);
    if (a.statusCode === 409) continue; // already there: channels keep their stored secrets
    if (a.statusCode !== 201) fail(`channels[${i}]`, a);
    applied++;
  }
  for (const [i, m] of (parsed.monitors ?? []).entries()) {
    const name = (m as { name?: unknown }).name;
    let a = await call('POST', '/v1/monitors', m);
    if (a.statusCode === 409 && typeof name === 'string') a = await call('PUT', `/v1/monitors/${encodeURIComponent(name)}`, m);
    if (a.statusCode !== 201 && a.statusCode !== 200) fail(`monitors[${i}]`, a);
    applied++;
  }
  if (parsed.notificationPolicy !== undefined) {
    const a = await call('PUT', '/v1/notification-policy', parsed.notificationPolicy);
    if (a.statusCode !== 200) fail('notificationPolicy', a);
    applied++;
  }
  for (const [i, sil] of (parsed.silences ?? []).entries()) {
    const a = await call('POST', '/v1/silences', sil);
    if (a.statusCode !== 201) fail(`silences[${i}]`, a);
    applied++;
  }
  return applied;
}
