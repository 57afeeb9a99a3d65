// Durations as people write them (`30s`, `5m`, `1h`, `7d`, `250ms`, or plain seconds), read the
// same way by the server's configuration, its queries and the dashboard.

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `30s`, `5m`, `1h`, `7d`, `250ms` or a plain number of seconds; NaN when malformed. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text * 1000;
  const m = DURATION.exec(text.trim());
  if (m === null) return NaN;
  return Number(m[1]) * UNIT_MS[m[2] ?? 's']!;
}
