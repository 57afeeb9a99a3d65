// One POST of one batch, and what its answer means for the events in it: delivered, worth retrying,
// or refused for good (with the server's per-event details when it gave them).

import { errorResponseSchema } from '@vigil/wire';
import type { ErrorDetail } from '@vigil/wire';
import { parseRetryAfterMs } from './backoff.js';

export type SendOutcome =
  | { readonly kind: 'ok'; readonly status: number }
  /** Network error, timeout, 408, 429 or 5xx: the same request may succeed later. */
  | { readonly kind: 'retry'; readonly status?: number; readonly retryAfterMs?: number; readonly message: string }
  /** Any other 4xx (or an unexpected status): sending the same bytes again cannot help. */
  | { readonly kind: 'reject'; readonly status: number; readonly message: string; readonly details: readonly ErrorDetail[] }
  /** The client is shutting down and gave up on this request. */
  | { readonly kind: 'aborted' };

export interface SendRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
  readonly timeoutMs: number;
  /** Aborted when shutdown's deadline passes. */
  readonly stop: AbortSignal;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function errorMessage(status: number, text: string): { message: string; details: ErrorDetail[] } {
  try {
    const parsed = errorResponseSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { message: parsed.data.error.message, details: parsed.data.error.details ?? [] };
  } catch {
    // Not JSON: a proxy's HTML page, for instance; its first line is still worth showing.
  }
  const line = text.trim().split('\n', 1)[0] ?? '';
  return { message: line === '' ? `the server answered ${status}` : line.slice(0, 200), details: [] };
}

export async function postBatch(req: SendRequest): Promise<SendOutcome> {
  if (req.stop.aborted) return { kind: 'aborted' };
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.any([req.stop, AbortSignal.timeout(req.timeoutMs)]),
    });
    // Always read the body: an unread one keeps the keep-alive connection from being reused.
    text = await res.text();
  } catch (e) {
    if (req.stop.aborted) return { kind: 'aborted' };
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const cause = err.cause?.code ?? err.cause?.message;
    const message =
      err.name === 'TimeoutError' ? `no answer within ${req.timeoutMs} ms` : `${err.message ?? String(e)}${cause !== undefined ? ` (${cause})` : ''}`;
    return { kind: 'retry', message };
  }
  if (res.status >= 200 && res.status < 300) return { kind: 'ok', status: res.status };
  const { message, details } = errorMessage(res.status, text);
  if (isRetryableStatus(res.status)) {
    const retryAfterMs = parseRetryAfterMs(res.headers.get('retry-after'));
    return retryAfterMs === undefined ? { kind: 'retry', status: res.status, message } : { kind: 'retry', status: res.status, retryAfterMs, message };
  }
  return { kind: 'reject', status: res.status, message, details };
}
