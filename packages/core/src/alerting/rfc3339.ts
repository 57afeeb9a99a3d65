// Timestamps as Go's encoding/json writes time.Time (RFC 3339 with nanoseconds, trailing zeros
// dropped), so Vigil's Alertmanager-compatible payloads read the same as Alertmanager's own.

/** Go's zero time, which Alertmanager sends as `endsAt` of a firing alert. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** `2024-05-01T12:00:00Z`, or `2024-05-01T12:00:00.25Z` with a fraction; null gives GO_ZERO_TIME. */
export function formatRfc3339(ms: number | null): string {
  if (ms === null) return GO_ZERO_TIME;
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d+)Z$/, (_m, frac: string) => {
    const trimmed = frac.replace(/0+$/, '');
    return trimmed === '' ? 'Z' : `.${trimmed}Z`;
  });
}
