// Alertmanager's label matchers: `alertname="Drift"`, `severity=~"warning|critical"`, lists such as
// `{model="fraud", feature!="age"}`. The parser follows Alertmanager's UTF-8 matcher parser
// (matcher/parse, the default since 0.27), including its error messages and column positions.

import { AlertingConfigError } from './alerting-error.js';
import { goQuote, goUnquote } from './go-strings.js';
import type { Labels } from './labels.js';
import { compileAnchoredRe2, Re2SyntaxError } from './re2-regexp.js';
import { compareCodePoints } from './code-points.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

/** One matcher as plain data; a missing label matches as the empty string. */
export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

/** The matcher shape of Alertmanager's API v2 (silences, alert filters). */
export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** Defaults to true, as in Alertmanager. */
  isEqual?: boolean;
}

/** Whether `value` (the label's value, '' when missing) satisfies the matcher. */
export function matchesValue(m: Matcher, value: string): boolean {
  switch (m.type) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return compileAnchoredRe2(m.value).test(value);
    case '!~':
      return !compileAnchoredRe2(m.value).test(value);
  }
}

/** True when every matcher matches (an empty list matches everything). */
export function matchesLabels(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matchesValue(m, labels[m.name] ?? ''));
}

// ---------------------------------------------------------------------------------------------
// Lexer (Alertmanager matcher/parse/lexer.go): positions are in code points.

type TokenKind = 'eof' | '{' | '}' | ',' | '=' | '!=' | '=~' | '!~' | 'quoted' | 'unquoted';

interface Token {
  kind: TokenKind;
  value: string;
  start: number;
  end: number;
}

/** A parse failure with Alertmanager's message and, where it gives one, the columns. */
class Failure {
  constructor(
    readonly message: string,
    readonly expected: string,
    readonly start?: number,
    readonly end?: number,
  ) {}
}

const EOF_TOKEN: Token = { kind: 'eof', value: '', start: 0, end: 0 };

// Go's unicode.IsSpace.
function isSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(c);
}

function isReserved(c: string): boolean {
  return isSpace(c) || '{}!=~,\\"\'`'.includes(c);
}

class Lexer {
  private readonly runes: string[];
  private start = 0;
  private pos = 0;
  private width = 0;
  private err: Failure | undefined;

  constructor(input: string) {
    this.runes = Array.from(input);
  }

  private text(from: number, to: number): string {
    return this.runes.slice(from, to).join('');
  }

  private next(): string | undefined {
    if (this.pos >= this.runes.length) {
      this.width = 0;
      return undefined;
    }
    this.width = 1;
    return this.runes[this.pos++];
  }

  private rewind(): void {
    this.pos -= this.width;
  }

  private emit(kind: TokenKind): Token {
    const t: Token = { kind, value: this.text(this.start, this.pos), start: this.start, end: this.pos };
    this.start = this.pos;
    return t;
  }

  private accept(valid: string): boolean {
    const c = this.next();
    if (c !== undefined && valid.includes(c)) return true;
    this.rewind();
    return false;
  }

  private expectedError(expected: string): Failure {
    if (this.pos >= this.runes.length) {
      return new Failure(`${this.start}:${this.pos}: unexpected end of input, expected one of '${expected}'`, expected, this.start, this.pos);
    }
    return new Failure(`${this.start}:${this.pos}: ${this.text(this.start, this.pos)}: expected one of '${expected}'`, expected, this.start, this.pos);
  }

  /** The next token, or a Failure once the input stops following the grammar. */
  scan(): Token | Failure {
    if (this.err) return this.err;
    for (let r = this.next(); r !== undefined; r = this.next()) {
      if (r === '{' || r === '}' || r === ',') return this.emit(r);
      if (r === '=' || r === '!') {
        this.rewind();
        return this.fail(this.scanOperator());
      }
      if (r === '"') {
        this.rewind();
        return this.fail(this.scanQuoted());
      }
      if (!isReserved(r)) {
        this.rewind();
        return this.scanUnquoted();
      }
      if (isSpace(r)) {
        this.start = this.pos;
        continue;
      }
      this.err = new Failure(`${this.start}:${this.pos}: ${this.text(this.start, this.pos)}: invalid input`, 'valid input', this.start, this.pos);
      return this.err;
    }
    return EOF_TOKEN;
  }

  private fail(t: Token | Failure): Token | Failure {
    if (t instanceof Failure) this.err = t;
    return t;
  }

  private scanOperator(): Token | Failure {
    if (this.accept('!')) {
      if (this.accept('=')) return this.emit('!=');
      if (this.accept('~')) return this.emit('!~');
      return this.expectedError('=~');
    }
    if (this.accept('=')) {
      if (this.accept('~')) return this.emit('=~');
      return this.emit('=');
    }
    return this.expectedError('!=');
  }

  private scanQuoted(): Token | Failure {
    this.next();
    let escaped = false;
    for (let r = this.next(); r !== undefined; r = this.next()) {
      if (escaped) escaped = false;
      else if (r === '\\') escaped = true;
      else if (r === '"') {
        this.rewind();
        break;
      }
    }
    if (!this.accept('"')) {
      return new Failure(`${this.start}:${this.pos}: ${this.text(this.start, this.pos)}: missing end "`, 'a closing quote', this.start, this.pos);
    }
    return this.emit('quoted');
  }

  private scanUnquoted(): Token {
    for (let r = this.next(); r !== undefined; r = this.next()) {
      if (isReserved(r)) {
        this.rewind();
        break;
      }
    }
    return this.emit('unquoted');
  }

  peek(): Token | Failure {
    const saved = [this.start, this.pos, this.width] as const;
    const t = this.scan();
    [this.start, this.pos, this.width] = saved;
    return t;
  }

  /** Column after the last emitted token (Alertmanager's `position().columnEnd`). */
  columnEnd(): number {
    return this.pos;
  }
}

// ---------------------------------------------------------------------------------------------
// Parser (Alertmanager matcher/parse/parse.go), a small state machine over the tokens.

const OPERATORS: TokenKind[] = ['=', '!=', '=~', '!~'];
const EXPECT = {
  closeBrace: 'close brace',
  openBrace: 'opening brace',
  labelName: 'label name',
  labelValue: 'label value',
  operator: "an operator such as '=', '!=', '=~' or '!~'",
  commaOrClose: 'a comma or close brace',
  matcherOrClose: 'a matcher or close brace after comma',
  endOfInput: 'end of input',
} as const;

class EndOfInput {}
const END = new EndOfInput();

function expectPeek(l: Lexer, kinds: readonly TokenKind[]): Token | Failure | EndOfInput {
  const t = l.peek();
  if (t instanceof Failure) return t;
  if (t.kind === 'eof') return END;
  if (!kinds.includes(t.kind)) return new Failure(`${t.start}:${t.end}: unexpected ${t.value}`, '', t.start, t.end);
  return t;
}

function expectToken(l: Lexer, kinds: readonly TokenKind[]): Token | Failure | EndOfInput {
  const t = expectPeek(l, kinds);
  if (t instanceof Failure || t instanceof EndOfInput) return t;
  l.scan();
  return t;
}

/** `cause: expected X`, as Go's `fmt.Errorf("%w: %w", err, errX)` renders it. */
function wrap(cause: Failure | EndOfInput, expected: string): Failure {
  if (cause instanceof EndOfInput) return new Failure(`end of input: expected ${expected}`, expected);
  return new Failure(`${cause.message}: expected ${expected}`, expected, cause.start, cause.end);
}

function unquote(t: Token): string | Failure {
  if (t.kind !== 'quoted') return t.value;
  const v = goUnquote(t.value);
  return v ?? new Failure(`${t.start}:${t.end}: ${t.value}: invalid input`, 'a valid quoted string', t.start, t.end);
}

function parse(input: string): Matcher[] | Failure {
  const l = new Lexer(input);
  const matchers: Matcher[] = [];
  let hasOpenBrace = false;

  const parseCloseBrace = (): Failure | undefined => {
    if (hasOpenBrace) {
      const t = expectToken(l, ['}']);
      if (t instanceof Failure || t instanceof EndOfInput) {
        const inner = t instanceof EndOfInput ? 'end of input' : t.message;
        return new Failure(`0:${l.columnEnd()}: ${inner}: expected close brace`, EXPECT.closeBrace, 0, l.columnEnd());
      }
    } else {
      const t = expectToken(l, ['}']);
      if (!(t instanceof Failure || t instanceof EndOfInput)) {
        return new Failure(`0:${l.columnEnd()}: }: expected opening brace`, EXPECT.openBrace, 0, l.columnEnd());
      }
    }
    return parseEof();
  };

  const parseEof = (): Failure | undefined => {
    const t = l.scan();
    if (t instanceof Failure) return wrap(t, EXPECT.endOfInput);
    if (t.kind !== 'eof') return new Failure(`${t.start}:${t.end}: ${t.value}: expected end of input`, EXPECT.endOfInput, t.start, t.end);
    return undefined;
  };

  // parseMatcher → parseEndOfMatcher → parseComma → parseMatcher …, iteratively.
  const parseMatchers = (): Failure | undefined => {
    for (;;) {
      const name = expectToken(l, ['quoted', 'unquoted']);
      if (name instanceof Failure || name instanceof EndOfInput) return wrap(name, EXPECT.labelName);
      const matchName = unquote(name);
      if (matchName instanceof Failure) return matchName;
      const op = expectToken(l, OPERATORS);
      if (op instanceof Failure || op instanceof EndOfInput) return wrap(op, EXPECT.operator);
      const value = expectToken(l, ['unquoted', 'quoted']);
      if (value instanceof Failure || value instanceof EndOfInput) return wrap(value, EXPECT.labelValue);
      const matchValue = unquote(value);
      if (matchValue instanceof Failure) return matchValue;
      const m: Matcher = { name: matchName, type: op.kind as MatchType, value: matchValue };
      const bad = regexError(m);
      if (bad !== undefined) return new Failure(`failed to create matcher: ${bad}`, 'a valid regular expression', value.start, value.end);
      matchers.push(m);

      const end = expectPeek(l, [',', '}']);
      if (end instanceof EndOfInput) return parseCloseBrace();
      if (end instanceof Failure) return wrap(end, EXPECT.commaOrClose);
      if (end.kind === '}') return parseCloseBrace();
      l.scan(); // the comma
      const after = expectPeek(l, ['}', 'unquoted', 'quoted']);
      if (after instanceof EndOfInput) return parseCloseBrace();
      if (after instanceof Failure) return wrap(after, EXPECT.matcherOrClose);
      if (after.kind === '}') return parseCloseBrace();
    }
  };

  const open = l.peek();
  if (open instanceof Failure) return open;
  if (open.kind === 'eof') return parseEof() ?? matchers;
  if (open.kind === '{') {
    hasOpenBrace = true;
    l.scan();
  }
  const close = l.peek();
  let failure: Failure | undefined;
  if (close instanceof Failure) failure = close;
  else if (close.kind === 'eof' || close.kind === '}') failure = parseCloseBrace();
  else failure = parseMatchers();
  return failure ?? matchers;
}

function regexError(m: Matcher): string | undefined {
  if (m.type !== '=~' && m.type !== '!~') return undefined;
  try {
    compileAnchoredRe2(m.value);
    return undefined;
  } catch (err) {
    if (err instanceof Re2SyntaxError) return `invalid regular expression ${goQuote(m.value)}: ${err.message}`;
    throw err;
  }
}

function toError(f: Failure, path: string): AlertingConfigError {
  const position = f.start !== undefined && f.end !== undefined ? { start: f.start, end: f.end } : undefined;
  return new AlertingConfigError(path, f.expected || 'a valid matcher', f.message, position);
}

/**
 * Parses zero or more matchers (`a="b", c=~"d"`, optionally in braces, unquoted values allowed
 * where they hold no reserved character). Throws AlertingConfigError naming `path`, with
 * Alertmanager's message (`0:1: unexpected ,: expected label name`) as `detail`.
 */
export function parseMatchers(input: string, path = 'matchers'): Matcher[] {
  const result = parse(input);
  if (result instanceof Failure) throw toError(result, path);
  return result;
}

/** Parses exactly one matcher (`severity="critical"`). */
export function parseMatcher(input: string, path = 'matcher'): Matcher {
  const ms = parseMatchers(input, path);
  if (ms.length === 1) return ms[0]!;
  if (ms.length === 0) throw new AlertingConfigError(path, 'one matcher', 'no matchers');
  throw new AlertingConfigError(path, 'one matcher', `expected 1 matcher, found ${ms.length}`);
}

/**
 * Normalises a configured matcher list: each string may hold one or more matchers (as in
 * Alertmanager's `matchers:` config), objects are checked (known operator, compilable regex).
 */
export function toMatchers(input: readonly (string | Matcher)[], path = 'matchers'): Matcher[] {
  const out: Matcher[] = [];
  input.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (typeof item === 'string') out.push(...parseMatchers(item, at));
    else out.push(checkMatcher(item, at));
  });
  return out;
}

/** Checks a matcher given as data: string name and value, a known operator, a compilable regex. */
export function checkMatcher(m: Matcher, path = 'matcher'): Matcher {
  if (typeof m !== 'object' || m === null || typeof m.name !== 'string' || typeof m.value !== 'string') {
    throw new AlertingConfigError(path, 'a matcher with a name and a value');
  }
  if (!['=', '!=', '=~', '!~'].includes(m.type)) throw new AlertingConfigError(`${path}.type`, "one of '=', '!=', '=~', '!~'");
  const bad = regexError(m);
  if (bad !== undefined) throw new AlertingConfigError(`${path}.value`, 'a valid regular expression', bad);
  return { name: m.name, type: m.type, value: m.value };
}

/** Alertmanager's `Matcher.String()`: `name="value"`, the name quoted only when it needs to be. */
export function formatMatcher(m: Matcher): string {
  if (Array.from(m.name).some(isReserved)) return `${goQuote(m.name)}${m.type}${goQuote(m.value)}`;
  const escaped = m.value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
  return `${m.name}${m.type}"${escaped}"`;
}

/** Alertmanager's `Matchers.String()`: `{a="b",c=~"d"}` in the given order. */
export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map(formatMatcher).join(',')}}`;
}

/** Alertmanager's matcher order (name, then value, then operator), used for route keys. */
export function sortMatchers(ms: readonly Matcher[]): Matcher[] {
  const rank: Record<MatchType, number> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };
  return [...ms].sort((a, b) => compareCodePoints(a.name, b.name) || compareCodePoints(a.value, b.value) || rank[a.type] - rank[b.type]);
}

/** From Alertmanager's API v2 matcher (`isRegex`, `isEqual`). */
export function fromApiMatcher(m: ApiMatcher, path = 'matcher'): Matcher {
  const isEqual = m.isEqual ?? true;
  const type: MatchType = m.isRegex ? (isEqual ? '=~' : '!~') : isEqual ? '=' : '!=';
  return checkMatcher({ name: m.name, type, value: m.value }, path);
}

/** To Alertmanager's API v2 matcher. */
export function toApiMatcher(m: Matcher): ApiMatcher {
  return { name: m.name, value: m.value, isRegex: m.type === '=~' || m.type === '!~', isEqual: m.type === '=' || m.type === '=~' };
}
