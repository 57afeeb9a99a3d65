// Label sets as Alertmanager sees them: the fingerprint that identifies an alert, the string form
// used inside group keys, and Go's ordering of label sets (which decides alert order in payloads).

import { encodeUtf8 } from '@vigil/stats';
import { compareCodePoints } from './code-points.js';
import { goQuote } from './go-strings.js';

/** A label set: names to values. A missing label and an empty value mean the same to matchers. */
export type Labels = Readonly<Record<string, string>>;

// FNV-1a 64 as two 32-bit halves: offset basis 0xcbf29ce484222325, prime 2^40 + 0x1b3.
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const SEPARATOR = 0xff;

function sortedNames(labels: Labels): string[] {
  return Object.keys(labels).sort(compareCodePoints);
}

/**
 * Prometheus' label-set fingerprint (`model.LabelSet.Fingerprint`): FNV-1a 64 over the UTF-8 of
 * each name and value in name order, each followed by the byte 0xff, written as 16 hex digits.
 * Identical to the `fingerprint` Alertmanager puts in webhook payloads.
 */
export function fingerprint(labels: Labels): string {
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  const add = (byte: number): void => {
    lo ^= byte;
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, in 32-bit pieces.
    const loProduct = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(loProduct / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = loProduct >>> 0;
  };
  for (const name of sortedNames(labels)) {
    for (const b of encodeUtf8(name)) add(b);
    add(SEPARATOR);
    for (const b of encodeUtf8(labels[name]!)) add(b);
    add(SEPARATOR);
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Go's `model.LabelSet.String()`: `{a="x", b="y"}`, names sorted, values Go-quoted. */
export function formatLabels(labels: Labels): string {
  return `{${sortedNames(labels)
    .map((n) => `${n}=${goQuote(labels[n]!)}`)
    .join(', ')}}`;
}

/**
 * Go's `LabelSet.Before`: fewer labels first, then by the first differing name (the set lacking
 * it first), then by value. Returns a negative, zero or positive number.
 */
export function compareLabels(a: Labels, b: Labels): number {
  const na = Object.keys(a).length;
  const nb = Object.keys(b).length;
  if (na !== nb) return na - nb;
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareCodePoints);
  for (const name of names) {
    const va = a[name];
    const vb = b[name];
    if (va === undefined) return -1;
    if (vb === undefined) return 1;
    const c = compareCodePoints(va, vb);
    if (c !== 0) return c;
  }
  return 0;
}

/** True when both sets hold the same names with the same values. */
export function labelsEqual(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}

/**
 * Alertmanager's group key, `<route key>:<group labels>`, e.g.
 * `{}/{severity="critical"}:{alertname="ProbeFailure"}`. Webhook receivers use it to deduplicate.
 */
export function groupKey(routeKey: string, groupLabels: Labels): string {
  return `${routeKey}:${formatLabels(groupLabels)}`;
}

/** A copy with the names in code point order, so JSON output is stable. */
export function canonicalLabels(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of sortedNames(labels)) out[name] = labels[name]!;
  return out;
}
