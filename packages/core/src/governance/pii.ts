// Personal data in events, handled before anything is stored: named fields are dropped, masked or
// replaced by a keyed hash (HMAC-SHA-256, so joins on the hashed value still work), and string
// values can be scanned for e-mail addresses, phone numbers and payment card numbers (Luhn-checked)
// with an action per kind. Pure: the keyed hash is passed in.

export type PiiAction = 'drop' | 'mask' | 'hash';
export type PiiKind = 'email' | 'phone' | 'card';

export interface PiiPolicy {
  /** Feature (or segment key) name → action. */
  readonly fields?: Readonly<Record<string, PiiAction>> | undefined;
  /** Detection in string values: kind → action on each match (drop removes the whole value). */
  readonly detect?: Readonly<Partial<Record<PiiKind, PiiAction>>> | undefined;
}

/** HMAC-SHA-256 of a text under the server's key, as lower-case hex. */
export type KeyedHash = (text: string) => string;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A run of 13–19 digits, single spaces or dashes between them allowed (as cards are written).
const CARD = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;
// Phone numbers: an optional +country code, then groups of digits with separators, 9–15 digits in all.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?![\w])/g;

/** The Luhn checksum of a string of digits (ISO/IEC 7812): true when it is valid. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** E-mail addresses, Luhn-valid card numbers (13–19 digits) and phone numbers (9–15 digits) in a text, in order, not overlapping. */
export function detectPii(text: string, kinds: readonly PiiKind[] = ['email', 'card', 'phone']): PiiMatch[] {
  const found: PiiMatch[] = [];
  const take = (kind: PiiKind, re: RegExp, ok: (m: string) => boolean) => {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!ok(m[0]) || found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ kind, start, end, text: m[0] });
    }
  };
  // Order matters: a card number also looks like a phone number.
  if (kinds.includes('email')) take('email', EMAIL, () => true);
  if (kinds.includes('card')) take('card', CARD, (m) => luhnValid(m.replace(/[ -]/g, '')));
  if (kinds.includes('phone'))
    take('phone', PHONE, (m) => {
      const n = m.replace(/\D/g, '').length;
      return n >= 9 && n <= 15 && /[ .()+-]/.test(m);
    });
  return found.sort((a, b) => a.start - b.start);
}

/** A masked value: e-mails keep their domain, everything else its last four characters (as payment cards are shown), the rest is `*`. */
export function maskValue(value: string, kind?: PiiKind): string {
  if (kind === 'email' || (kind === undefined && /^[^@\s]+@[^@\s]+$/.test(value))) {
    const at = value.lastIndexOf('@');
    return `***${value.slice(at)}`;
  }
  const keep = value.length > 8 ? 4 : 0;
  return '*'.repeat(Math.max(3, value.length - keep)) + value.slice(value.length - keep);
}

function transform(value: string, action: PiiAction, hash: KeyedHash, kind?: PiiKind): string | undefined {
  if (action === 'drop') return undefined;
  if (action === 'hash') return `hmac:${hash(value)}`;
  return maskValue(value, kind);
}

export interface PiiResult<T> {
  readonly value: T;
  /** How many values were changed, by what. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Applies a policy to one record of named values (an event's features, or its segment): named
 * fields first, then detection in the remaining strings. A dropped field disappears; a string in
 * which a match must be dropped disappears too (the rest of it may be personal as well).
 */
export function applyPiiPolicy<V>(record: Readonly<Record<string, V>>, policy: PiiPolicy, hash: KeyedHash): PiiResult<Record<string, V | string>> {
  const out: Record<string, V | string> = {};
  const counts: Record<string, number> = {};
  const count = (k: string) => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const kinds = (Object.keys(policy.detect ?? {}) as PiiKind[]).filter((k) => policy.detect?.[k] !== undefined);
  for (const [name, value] of Object.entries(record)) {
    const fieldAction = policy.fields?.[name];
    if (fieldAction !== undefined && value !== null && value !== undefined) {
      count(`field.${fieldAction}`);
      const t = transform(typeof value === 'string' ? value : JSON.stringify(value), fieldAction, hash);
      if (t !== undefined) out[name] = t;
      continue;
    }
    if (typeof value !== 'string' || kinds.length === 0) {
      out[name] = value;
      continue;
    }
    const matches = detectPii(value, kinds);
    if (matches.length === 0) {
      out[name] = value;
      continue;
    }
    if (matches.some((m) => policy.detect?.[m.kind] === 'drop')) {
      for (const m of matches) count(`${m.kind}.drop`);
      continue;
    }
    let text = '';
    let at = 0;
    for (const m of matches) {
      const action = policy.detect?.[m.kind] as PiiAction;
      count(`${m.kind}.${action}`);
      text += value.slice(at, m.start) + (transform(m.text, action, hash, m.kind) ?? '');
      at = m.end;
    }
    out[name] = text + value.slice(at);
  }
  return { value: out, counts };
}

/** True when a policy changes anything at all. */
export function piiPolicyIsEmpty(policy: PiiPolicy): boolean {
  return Object.keys(policy.fields ?? {}).length === 0 && Object.values(policy.detect ?? {}).every((a) => a === undefined);
}
