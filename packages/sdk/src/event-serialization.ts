// Events to request bodies. Each event is serialised once, on its own, with the prediction defaults
// spliced into its JSON instead of copying the object; a batch keeps these strings (not the caller's
// objects) while it is retried, and a 400 or 413 rebuilds a body from a subset of them.

import type { EventStream } from './diagnostics.js';

/** The top-level key of each endpoint's request body. */
const BODY_KEY: Record<EventStream, string> = { predictions: 'events', labels: 'labels', metrics: 'metrics' };

function isPlain(e: object): boolean {
  const proto = Object.getPrototypeOf(e) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The JSON of one validated event. For predictions, `timestamp` (`loggedAt`) and `version` are
 * added when the event lacks them, exactly as a shallow copy `{ ...event, timestamp, version }`
 * would serialise (an absent or undefined key is not in the JSON, so no key appears twice).
 */
export function serializeEvent(stream: EventStream, event: unknown, loggedAt: number, versionJson: string | undefined): string {
  const e = event as { timestamp?: unknown; version?: unknown };
  // Only own data is sent, as with a copy: a prototype's toJSON must not change what was validated.
  const json = JSON.stringify(isPlain(e) ? e : { ...e });
  if (stream !== 'predictions') return json;
  const needsTime = e.timestamp === undefined;
  const needsVersion = versionJson !== undefined && e.version === undefined;
  if (!needsTime && !needsVersion) return json;
  let head = '{';
  if (needsTime) head += `"timestamp":${loggedAt},`;
  if (needsVersion) head += `"version":${versionJson},`;
  return json === '{}' ? `${head.slice(0, -1)}}` : head + json.slice(1);
}

/** The request body of a batch, from its events' JSON. */
export function batchBody(stream: EventStream, parts: readonly string[]): string {
  return `{"${BODY_KEY[stream]}":[${parts.join(',')}]}`;
}

/** The id in an event's JSON, for drop reports. */
export function idInJson(json: string | undefined): string | undefined {
  if (json === undefined) return undefined;
  try {
    const id = (JSON.parse(json) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
