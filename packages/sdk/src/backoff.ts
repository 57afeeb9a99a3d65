// Retry timing: exponential backoff with full jitter, and the server's Retry-After header.

/**
 * Delay before retry number `attempt` (1 for the first retry): uniform in
 * [0, min(maxMs, initialMs · 2^(attempt−1))). Full jitter ("Exponential Backoff And Jitter",
 * AWS Architecture Blog, 2015) spreads clients that failed together, so they do not return together.
 */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds (RFC 9110 §10.2.3; fractions are
 * accepted because some servers send them) or an HTTP-date relative to `now`. Undefined when the
 * header is absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP-dates always name a month; without this, V8's lenient Date.parse reads "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller checks the signal afterwards). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
