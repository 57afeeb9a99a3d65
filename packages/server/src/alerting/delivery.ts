// Sends one stored notification: an HTTP POST (webhook, Slack, PagerDuty, Alertmanager) or an
// e-mail, and says whether a failure is worth retrying (network errors, 5xx, 408, 429 — with
// Retry-After — yes; other 4xx no), with exponential backoff and full jitter between attempts.

import { createHmac } from 'node:crypto';

/** What the outbox stores for an HTTP notification: exactly the request to make. */
export interface HttpPayload {
  kind: 'http';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** An e-mail notification; the SMTP settings are read from the channel when it is sent. */
export interface EmailPayload {
  kind: 'email';
  subject: string;
  text: string;
}

export type NotificationPayload = HttpPayload | EmailPayload;

export interface DeliveryResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  retryable: boolean;
  /** From a Retry-After header, when the receiver gave one. */
  retryAfterMs?: number;
}

/** `sha256=<hex HMAC-SHA256 of the body>`, GitHub's webhook signature scheme. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export const SIGNATURE_HEADER = 'X-Vigil-Signature';

function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export async function sendHttp(p: HttpPayload, timeoutMs: number): Promise<DeliveryResult> {
  try {
    const res = await fetch(p.url, { method: 'POST', headers: p.headers, body: p.body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => '');
    if (res.ok) return { ok: true, statusCode: res.status, error: null, retryable: false };
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    const result: DeliveryResult = { ok: false, statusCode: res.status, error: `HTTP ${res.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`, retryable };
    const ra = retryAfter(res.headers.get('retry-after'), Date.now());
    if (ra !== undefined) result.retryAfterMs = ra;
    return result;
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { ok: false, statusCode: null, error: `${err.name}: ${err.cause?.code ?? err.message}`, retryable: true };
  }
}

/** Delay before attempt `attempt` (1-based): "equal jitter", half of min(cap, base · 2^(attempt−1)) fixed and half random. */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 1000, capMs = 300_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
