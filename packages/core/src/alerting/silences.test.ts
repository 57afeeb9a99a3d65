// Silences as Alertmanager keeps them: state at the window's exact ends, validation, matching,
// expiry and in-place updates.

import { describe, expect, it } from 'vitest';
import { AlertingConfigError } from './alerting-error.js';
import { parseMatchers } from './matchers.js';
import { canUpdateSilence, expireSilence, isSilenced, silencedBy, silenceState, validateSilence } from './silences.js';
import type { Silence } from './silences.js';

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const silence = (over: Partial<Silence> = {}): Silence => ({
  id: 's1',
  matchers: parseMatchers('model="fraud", alertname=~"Drift|Quality"'),
  startsAt: T,
  endsAt: T + 3_600_000,
  createdBy: 'ana',
  comment: 'retraining',
  ...over,
});

describe('silenceState', () => {
  it('is pending before the start, active on both ends, expired after the end', () => {
    const s = silence();
    expect(silenceState(s, T - 1)).toBe('pending');
    expect(silenceState(s, T)).toBe('active');
    expect(silenceState(s, T + 3_600_000)).toBe('active');
    expect(silenceState(s, T + 3_600_001)).toBe('expired');
  });
});

describe('isSilenced', () => {
  it('mutes matching alerts only while active', () => {
    const labels = { alertname: 'Drift', model: 'fraud', feature: 'age' };
    expect(isSilenced(labels, [silence()], T + 1)).toBe(true);
    expect(isSilenced(labels, [silence()], T - 1)).toBe(false);
    expect(isSilenced({ ...labels, model: 'churn' }, [silence()], T + 1)).toBe(false);
    expect(
      silencedBy(
        labels,
        [silence(), silence({ id: 's2', matchers: parseMatchers('feature="age"') }), silence({ id: 's3', matchers: parseMatchers('x="y"') })],
        T,
      ),
    ).toEqual(['s1', 's2']);
  });
});

describe('validateSilence', () => {
  it('accepts a well-formed silence', () => {
    expect(validateSilence(silence())).toEqual(silence());
  });
  it('refuses what Alertmanager refuses, naming the field', () => {
    const bad: [Partial<Silence>, string, RegExp][] = [
      [{ matchers: [] }, 'silence.matchers', /at least one matcher/],
      [{ matchers: parseMatchers('a="", b=~".*"') }, 'silence.matchers', /at least one matcher must not match the empty string/],
      [{ matchers: [{ name: 'a', type: '=~', value: '(' }] }, 'silence.matchers[0].value', /regular expression/],
      [{ matchers: [{ name: '', type: '=', value: 'x' }] }, 'silence.matchers[0].name', /non-empty label name/],
      [{ endsAt: T - 1 }, 'silence.endsAt', /end time must not be before start time/],
      [{ startsAt: 0 }, 'silence.startsAt', /timestamp/],
    ];
    for (const [over, path, message] of bad) {
      let error: unknown;
      try {
        validateSilence(silence(over));
      } catch (e) {
        error = e;
      }
      expect(error, path).toBeInstanceOf(AlertingConfigError);
      expect((error as AlertingConfigError).path).toBe(path);
      expect((error as AlertingConfigError).message).toMatch(message);
    }
    // A negative matcher does not match everything, so this one is allowed.
    expect(() => validateSilence(silence({ matchers: parseMatchers('a!=""') }))).not.toThrow();
  });
});

describe('expiring and updating', () => {
  it('ends an active silence now, moves a pending one to now, leaves an expired one', () => {
    expect(expireSilence(silence(), T + 10)).toMatchObject({ startsAt: T, endsAt: T + 10, updatedAt: T + 10 });
    expect(expireSilence(silence(), T - 10)).toMatchObject({ startsAt: T - 10, endsAt: T - 10 });
    const old = silence({ endsAt: T + 1 });
    expect(expireSilence(old, T + 5)).toBe(old);
    expect(silenceState(expireSilence(silence(), T + 10), T + 11)).toBe('expired');
  });
  it("allows in-place updates as Alertmanager's canUpdate does", () => {
    const s = silence();
    expect(canUpdateSilence(s, { ...s, endsAt: T + 7_200_000 }, T + 10)).toBe(true);
    expect(canUpdateSilence(s, { ...s, startsAt: T + 5_000 }, T + 10)).toBe(false);
    expect(canUpdateSilence(s, { ...s, endsAt: T + 5 }, T + 10)).toBe(false);
    expect(canUpdateSilence(s, { ...s, matchers: parseMatchers('a="b"') }, T + 10)).toBe(false);
    expect(canUpdateSilence(s, { ...s, startsAt: T + 100 }, T - 10)).toBe(true);
    expect(canUpdateSilence(s, { ...s, startsAt: T - 100 }, T - 10)).toBe(false);
    expect(canUpdateSilence(s, s, T + 3_600_001)).toBe(false);
  });
});
