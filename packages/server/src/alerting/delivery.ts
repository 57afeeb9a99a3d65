// Sends one stored notification: an HTTP POST (webhook, Slack, PagerDuty, Alertmanager) or an
// e-mail, and says whether a failure is worth retrying (network errors, 5xx, 408, 429 — with
// Retry-After — yes; other 4xx no), with exponential backoff and full jitter between attempts.

import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DestinationRefusedError, pinnedLookup } from './destination-policy.js';
import type { DestinationPolicy } from './destination-policy.js';

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
  /**
   * The start of the receiver's answer to a failed request. Kept out of `error` (which the outbox
   * shows to read-only keys and the log records): only an admin's test send shows it.
   */
  answer?: string;
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

const ANSWER_CHARS = 200;

/** One POST over node:http(s), connecting only to `addresses` when given; redirects are not followed. */
function post(url: URL, p: HttpPayload, timeoutMs: number, addresses: Parameters<typeof pinnedLookup>[0] | undefined) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = { ...p.headers, 'content-length': String(Buffer.byteLength(p.body)) };
    const req = send(
      url,
      { method: 'POST', headers, signal: AbortSignal.timeout(timeoutMs), ...(addresses === undefined ? {} : { lookup: pinnedLookup(addresses) }) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < ANSWER_CHARS) text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: text.slice(0, ANSWER_CHARS) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(p.body);
  });
}

/**
 * POSTs a payload. The destination is checked by `policy` first (after DNS resolution; the
 * connection uses the checked addresses) and a refused one is not retried; a redirect is a failure.
 */
export async function sendHttp(p: HttpPayload, timeoutMs: number, policy: DestinationPolicy): Promise<DeliveryResult> {
  try {
    const url = new URL(p.url);
    const addresses = await policy.check(url);
    const res = await post(url, p, timeoutMs, addresses);
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, error: null, retryable: false };
    if (res.status >= 300 && res.status < 400)
      return { ok: false, statusCode: res.status, error: `HTTP ${res.status}: redirects are not followed`, retryable: false };
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    const result: DeliveryResult = { ok: false, statusCode: res.status, error: `HTTP ${res.status}`, retryable };
    if (res.text !== '') result.answer = res.text;
    const header = res.headers['retry-after'];
    const ra = retryAfter(typeof header === 'string' ? header : null, Date.now());
    if (ra !== undefined) result.retryAfterMs = ra;
    return result;
  } catch (e) {
    if (e instanceof DestinationRefusedError) return { ok: false, statusCode: null, error: e.message, retryable: false };
    const err = e as Error & { code?: string; cause?: { code?: string } };
    return { ok: false, statusCode: null, error: `${err.name}: ${err.code ?? err.cause?.code ?? err.message}`, retryable: true };
  }
}

/** Delay before attempt `attempt` (1-based): "equal jitter", half of min(cap, base · 2^(attempt−1)) fixed and half random. */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 1000, capMs = 300_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
