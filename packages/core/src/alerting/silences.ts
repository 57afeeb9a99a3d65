// Silences as Alertmanager keeps them: matchers plus a fixed [startsAt, endsAt] window. A silence
// mutes notifications for the alerts it matches while active; alerts are still stored and shown.

import { AlertingConfigError } from './alerting-error.js';
import type { Labels } from './labels.js';
import { checkMatcher, matchesLabels, matchesValue } from './matchers.js';
import type { Matcher } from './matchers.js';

export interface Silence {
  id: string;
  matchers: Matcher[];
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  updatedAt?: number;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** Alertmanager's `getState`: pending before startsAt, expired after endsAt, active between (both ends included). */
export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < s.startsAt) return 'pending';
  if (now > s.endsAt) return 'expired';
  return 'active';
}

function matchesEmpty(m: Matcher): boolean {
  if (m.type === '=') return m.value === '';
  if (m.type === '=~') return matchesValue(m, '');
  return false;
}

/**
 * Alertmanager's `validateSilence`: at least one matcher, each valid, not all of them matching
 * the empty string (a silence must not match every alert), and an end not before the start.
 * Throws AlertingConfigError naming the field.
 */
export function validateSilence(s: Omit<Silence, 'id'> & { id?: string }, path = 'silence'): Silence {
  if (!Array.isArray(s.matchers) || s.matchers.length === 0) throw new AlertingConfigError(`${path}.matchers`, 'at least one matcher');
  const matchers = s.matchers.map((m, i) => {
    const checked = checkMatcher(m, `${path}.matchers[${i}]`);
    if (checked.name === '') throw new AlertingConfigError(`${path}.matchers[${i}].name`, 'a non-empty label name');
    return checked;
  });
  if (matchers.every(matchesEmpty)) {
    throw new AlertingConfigError(`${path}.matchers`, 'a matcher that does not match the empty string', 'at least one matcher must not match the empty string');
  }
  for (const field of ['startsAt', 'endsAt'] as const) {
    if (typeof s[field] !== 'number' || !Number.isFinite(s[field]) || s[field] <= 0)
      throw new AlertingConfigError(`${path}.${field}`, 'a timestamp (epoch ms)');
  }
  if (s.endsAt < s.startsAt) throw new AlertingConfigError(`${path}.endsAt`, 'a time not before startsAt', 'end time must not be before start time');
  const out: Silence = { id: s.id ?? '', matchers, startsAt: s.startsAt, endsAt: s.endsAt, createdBy: s.createdBy ?? '', comment: s.comment ?? '' };
  if (s.updatedAt !== undefined) out.updatedAt = s.updatedAt;
  return out;
}

/** The ids of the silences active at `now` that match these labels. */
export function silencedBy(labels: Labels, silences: readonly Silence[], now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && matchesLabels(s.matchers, labels)).map((s) => s.id);
}

/** True when an active silence matches these labels. */
export function isSilenced(labels: Labels, silences: readonly Silence[], now: number): boolean {
  return silences.some((s) => silenceState(s, now) === 'active' && matchesLabels(s.matchers, labels));
}

/**
 * Alertmanager's expire: an active silence ends now, a pending one is moved to now on both ends
 * (so it never starts), an expired one is returned unchanged.
 */
export function expireSilence(s: Silence, now: number): Silence {
  switch (silenceState(s, now)) {
    case 'expired':
      return s;
    case 'active':
      return { ...s, endsAt: now, updatedAt: now };
    case 'pending':
      return { ...s, startsAt: now, endsAt: now, updatedAt: now };
  }
}

/**
 * Alertmanager's `canUpdate`: whether `next` may replace `current` in place (same matchers; an
 * active silence keeps its start and cannot end in the past; a pending one cannot start in the past;
 * an expired one cannot change). Otherwise the API expires the old silence and creates a new one.
 */
export function canUpdateSilence(current: Silence, next: Silence, now: number): boolean {
  const sameMatchers =
    current.matchers.length === next.matchers.length &&
    current.matchers.every((m, i) => m.name === next.matchers[i]!.name && m.type === next.matchers[i]!.type && m.value === next.matchers[i]!.value);
  if (!sameMatchers) return false;
  switch (silenceState(current, now)) {
    case 'active':
      return Math.floor(current.startsAt / 1000) === Math.floor(next.startsAt / 1000) && next.endsAt >= now;
    case 'pending':
      return next.startsAt >= now;
    case 'expired':
      return false;
  }
}
