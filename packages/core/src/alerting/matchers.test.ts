// Matcher parsing held to Alertmanager's own parser tests (matcher/parse/parse_test.go and
// lexer_test.go: the same inputs, the same matchers, the same error messages), plus matching.

import { describe, expect, it } from 'vitest';
import { AlertingConfigError } from './alerting-error.js';
import {
  checkMatcher,
  formatMatcher,
  formatMatchers,
  fromApiMatcher,
  matchesLabels,
  matchesValue,
  parseMatcher,
  parseMatchers,
  sortMatchers,
  toApiMatcher,
  toMatchers,
} from './matchers.js';
import type { Matcher, MatchType } from './matchers.js';

const m = (name: string, type: MatchType, value: string): Matcher => ({ name, type, value });

describe('parseMatchers: Alertmanager parse_test.go valid inputs', () => {
  const cases: [string, Matcher[]][] = [
    ['', []],
    ['{}', []],
    ['{foo=bar}', [m('foo', '=', 'bar')]],
    ['{foo=bar,}', [m('foo', '=', 'bar')]],
    ['{foo!=bar}', [m('foo', '!=', 'bar')]],
    ['{foo=~[a-z]+}', [m('foo', '=~', '[a-z]+')]],
    ['{foo!~[a-z]+}', [m('foo', '!~', '[a-z]+')]],
    ['{foo=🙂}', [m('foo', '=', '🙂')]],
    ['{foo=🙂bar}', [m('foo', '=', '🙂bar')]],
    ['foo=bar', [m('foo', '=', 'bar')]],
    ['foo=bar,', [m('foo', '=', 'bar')]],
    ['foo!=bar', [m('foo', '!=', 'bar')]],
    ['foo=~[a-z]+', [m('foo', '=~', '[a-z]+')]],
    ['foo!~[a-z]+', [m('foo', '!~', '[a-z]+')]],
    ['{"foo"="bar"}', [m('foo', '=', 'bar')]],
    ['{"foo"="bar",}', [m('foo', '=', 'bar')]],
    ['{"foo"!="bar"}', [m('foo', '!=', 'bar')]],
    ['{"foo"=~"[a-z]+"}', [m('foo', '=~', '[a-z]+')]],
    ['{"foo"=~"\\\\d+"}', [m('foo', '=~', '\\d+')]],
    ['{"foo"!~"[a-z]+"}', [m('foo', '!~', '[a-z]+')]],
    ['{"foo"="🙂"}', [m('foo', '=', '🙂')]],
    ['{"foo"="\\xf0\\x9f\\x99\\x82"}', [m('foo', '=', '🙂')]],
    ['{"foo"="\\U0001f642"}', [m('foo', '=', '🙂')]],
    ['{"foo"="🙂bar"}', [m('foo', '=', '🙂bar')]],
    ['{"foo"="bar\\n"}', [m('foo', '=', 'bar\n')]],
    ['{"foo"="bar\\t"}', [m('foo', '=', 'bar\t')]],
    ['{"foo"="\\"bar\\""}', [m('foo', '=', '"bar"')]],
    ['{"foo"="bar\\\\"}', [m('foo', '=', 'bar\\')]],
    ['"foo"="bar"', [m('foo', '=', 'bar')]],
    ['"foo"="bar",', [m('foo', '=', 'bar')]],
    ['{foo=bar,bar!=baz}', [m('foo', '=', 'bar'), m('bar', '!=', 'baz')]],
    ['{foo="bar",bar!="baz"}', [m('foo', '=', 'bar'), m('bar', '!=', 'baz')]],
    ['foo=bar,bar!=baz', [m('foo', '=', 'bar'), m('bar', '!=', 'baz')]],
    ['foo="bar",bar!="baz"', [m('foo', '=', 'bar'), m('bar', '!=', 'baz')]],
    // The forms Vigil's docs use.
    ['alertname="Drift"', [m('alertname', '=', 'Drift')]],
    ['severity=~"warning|critical"', [m('severity', '=~', 'warning|critical')]],
    ['{ model = "fraud" , feature != "age" }', [m('model', '=', 'fraud'), m('feature', '!=', 'age')]],
  ];
  it.each(cases)('%j', (input, expected) => {
    expect(parseMatchers(input)).toEqual(expected);
  });
});

describe('parseMatchers: Alertmanager parse_test.go and lexer_test.go errors', () => {
  const cases: [string, string][] = [
    [',', '0:1: unexpected ,: expected label name'],
    ['{,}', '1:2: unexpected ,: expected label name'],
    ['{', '0:1: end of input: expected close brace'],
    ['}', '0:1: }: expected opening brace'],
    ['foo=bar}', '0:8: }: expected opening brace'],
    ['{foo=bar', '0:8: end of input: expected close brace'],
    ['{foo=:"bar"}', '6:11: unexpected "bar": expected a comma or close brace'],
    ['{foo="bar\\w"}', '5:12: "bar\\w": invalid input'],
    ['{"foo"=~"\\d+"}', '8:13: "\\d+": invalid input'],
    ['{foo=bar\\n}', '8:9: \\: invalid input: expected a comma or close brace'],
    ['{"foo"="\\xf0\\x9f"}', '7:17: "\\xf0\\x9f": invalid input'],
    // lexer_test.go, as the parser reports them.
    ['!', "0:1: unexpected end of input, expected one of '=~'"],
    ['~', '0:1: ~: invalid input'],
    ['\\n', '0:1: \\: invalid input'],
    ['"hello', '0:6: "hello: missing end "'],
    ['"hello\\"', '0:8: "hello\\": missing end "'],
    // Without a value or an operator (no position, as in Alertmanager).
    ['foo', "end of input: expected an operator such as '=', '!=', '=~' or '!~'"],
    ['foo=', 'end of input: expected label value'],
  ];
  it.each(cases)('%j', (input, message) => {
    let error: unknown;
    try {
      parseMatchers(input, 'route.matchers[0]');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlertingConfigError);
    const e = error as AlertingConfigError;
    expect(e.detail).toBe(message);
    expect(e.path).toBe('route.matchers[0]');
    expect(e.message).toBe(`route.matchers[0]: ${message}`);
    expect(e.code).toBe('INVALID_ARGUMENT');
  });

  it('gives the columns of the offending text and what was expected', () => {
    try {
      parseMatchers('{foo=bar,', 'matchers');
      expect.unreachable();
    } catch (e) {
      expect((e as AlertingConfigError).detail).toBe('0:9: end of input: expected close brace');
      expect((e as AlertingConfigError).position).toEqual({ start: 0, end: 9 });
      expect((e as AlertingConfigError).expected).toBe('close brace');
    }
    try {
      parseMatchers('a=b c=d');
      expect.unreachable();
    } catch (e) {
      expect((e as AlertingConfigError).detail).toBe('4:5: unexpected c: expected a comma or close brace');
      expect((e as AlertingConfigError).position).toEqual({ start: 4, end: 5 });
    }
  });

  it('refuses a regex RE2 cannot compile, naming the matcher', () => {
    expect(() => parseMatchers('foo=~"(a"')).toThrow(/failed to create matcher: invalid regular expression "\(a"/);
    expect(() => parseMatchers('foo=~"(a)\\\\1"')).toThrow(/invalid escape sequence: `\\1`/);
  });
});

describe('parseMatcher (exactly one)', () => {
  it('follows parse_test.go TestMatcher', () => {
    expect(parseMatcher('{foo=bar}')).toEqual(m('foo', '=', 'bar'));
    expect(parseMatcher('"foo"="bar",')).toEqual(m('foo', '=', 'bar'));
    expect(() => parseMatcher('')).toThrow('matcher: no matchers');
    expect(() => parseMatcher('{}')).toThrow('no matchers');
    expect(() => parseMatcher('foo=bar,bar=baz')).toThrow('expected 1 matcher, found 2');
    expect(() => parseMatcher('foo="\\xf0\\x9f"')).toThrow('4:14: "\\xf0\\x9f": invalid input');
  });
});

describe('matching', () => {
  const labels = { alertname: 'Drift', severity: 'warning', model: 'fraud' };
  it('treats a missing label as the empty string', () => {
    expect(matchesLabels([m('team', '=', '')], labels)).toBe(true);
    expect(matchesLabels([m('team', '!=', '')], labels)).toBe(false);
    expect(matchesLabels([m('team', '=~', '.*')], labels)).toBe(true);
    expect(matchesLabels([m('team', '=~', '.+')], labels)).toBe(false);
    expect(matchesLabels([m('team', '!~', '.+')], labels)).toBe(true);
  });
  it('anchors regexes at both ends, as Alertmanager does', () => {
    expect(matchesValue(m('s', '=~', 'warn'), 'warning')).toBe(false);
    expect(matchesValue(m('s', '=~', 'warn.*'), 'warning')).toBe(true);
    expect(matchesValue(m('s', '=~', 'warning|critical'), 'critical')).toBe(true);
    expect(matchesValue(m('s', '=~', 'warning|critical'), 'xcritical')).toBe(false);
    expect(matchesValue(m('s', '!~', 'warning|critical'), 'info')).toBe(true);
  });
  it('needs every matcher; an empty list matches everything', () => {
    expect(matchesLabels(parseMatchers('alertname="Drift", severity=~"warning|critical"'), labels)).toBe(true);
    expect(matchesLabels(parseMatchers('alertname="Drift", model!="fraud"'), labels)).toBe(false);
    expect(matchesLabels([], labels)).toBe(true);
  });
});

describe('formatting and conversions', () => {
  it('prints matchers as Alertmanager does (route keys)', () => {
    expect(formatMatcher(m('severity', '=', 'critical'))).toBe('severity="critical"');
    expect(formatMatcher(m('a', '=~', 'x"y\\z\n'))).toBe('a=~"x\\"y\\\\z\\n"');
    expect(formatMatcher(m('my label', '!=', 'v'))).toBe('"my label"!="v"');
    expect(formatMatchers([m('b', '=', '1'), m('a', '!~', '2')])).toBe('{b="1",a!~"2"}');
    expect(sortMatchers([m('b', '=', '1'), m('a', '!~', '2'), m('a', '=', '2'), m('a', '=', '1')])).toEqual([
      m('a', '=', '1'),
      m('a', '=', '2'),
      m('a', '!~', '2'),
      m('b', '=', '1'),
    ]);
  });
  it('round-trips through formatting', () => {
    const ms = parseMatchers('{a="x\\"y", b=~"v|w", c!="", "d e"!~"q"}');
    expect(parseMatchers(formatMatchers(ms))).toEqual(ms);
  });
  it("converts to and from Alertmanager's API v2 shape", () => {
    expect(toApiMatcher(m('a', '!~', 'x'))).toEqual({ name: 'a', value: 'x', isRegex: true, isEqual: false });
    expect(fromApiMatcher({ name: 'a', value: 'x', isRegex: false })).toEqual(m('a', '=', 'x'));
    expect(fromApiMatcher({ name: 'a', value: 'x', isRegex: true, isEqual: false })).toEqual(m('a', '!~', 'x'));
    expect(() => fromApiMatcher({ name: 'a', value: '[', isRegex: true }, 'silence.matchers[0]')).toThrow(/^silence\.matchers\[0\]\.value: /);
  });
  it('normalises configured lists of strings and objects', () => {
    expect(toMatchers(['a=b, c!=d', m('e', '=~', 'f')])).toEqual([m('a', '=', 'b'), m('c', '!=', 'd'), m('e', '=~', 'f')]);
    expect(() => toMatchers(['a=b', 'c=='], 'route.matchers')).toThrow(/^route\.matchers\[1\]: /);
    expect(() => checkMatcher({ name: 'a', type: '==' as MatchType, value: 'b' }, 'm')).toThrow("m.type: expected one of '=', '!=', '=~', '!~'");
  });
});
