// Alert label and annotation templates in the subset of Go's text/template that Prometheus rules
// use: `{{ $value }}`, `{{ $labels.feature }}`, `{{ printf "%.2f" $value }}`, pipelines such as
// `{{ $value | humanizePercentage }}`, and Vigil's own `{{ $value | readable }}` (0.105). Everything
// is checked when the rule is created; expanding never throws (a runtime problem renders as
// Prometheus does: `<error expanding template: …>`).

import { AlertingConfigError } from './alerting-error.js';
import { formatGoFloat, formatGoValue, goSprintf, parsePrintfFormat, PRINTF_VERBS } from './go-format.js';
import type { TemplateValue } from './go-format.js';
import { goUnquote } from './go-strings.js';
import { readableNumber } from './readable-number.js';
import type { Labels } from './labels.js';

/** What a template sees: `$labels`/`.Labels`, `$value`/`.Value`, `$externalLabels`/`.ExternalLabels`. */
export interface TemplateData {
  labels: Labels;
  /** The evaluated value; NaN when there is none (no data, error). */
  value: number;
  externalLabels?: Labels;
}

type StaticType = 'float' | 'int' | 'string' | 'bool' | 'map' | 'root';

type Expr =
  | { op: 'const'; value: TemplateValue }
  | { op: 'root' }
  | { op: 'var'; name: 'labels' | 'value' | 'externalLabels' }
  | { op: 'field'; target: Expr; key: string }
  | { op: 'call'; fn: string; args: Expr[] };

type Node = { op: 'text'; text: string } | { op: 'print'; expr: Expr; at: string };

/** A template checked at rule creation; expand it with `expandTemplate`. */
export interface CompiledTemplate {
  readonly source: string;
  readonly nodes: readonly Node[];
}

class ExpandError extends Error {}

// ---------------------------------------------------------------------------------------------
// Functions: Prometheus' template functions that make sense for Vigil's alerts.

type Fn = { arity: number | 'variadic'; params: StaticType[]; result: StaticType; call: (args: TemplateValue[]) => TemplateValue };

const str = (value: string): TemplateValue => ({ kind: 'string', value });

function toFloat(v: TemplateValue, fn: string): number {
  switch (v.kind) {
    case 'float':
    case 'int':
      return v.value;
    case 'string': {
      // Go's strconv.ParseFloat (decimal forms, inf, infinity and nan in any case; no spaces).
      const t = v.value;
      if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      if (/^[+-]?nan$/i.test(t)) return Number.NaN;
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
      throw new ExpandError(`error calling ${fn}: cannot parse ${JSON.stringify(t)} as a number`);
    }
    default:
      throw new ExpandError(`error calling ${fn}: can't convert ${v.kind} to float`);
  }
}

const g4 = (v: number): string => formatGoFloat(v, 'g', 4);

function scaled(v: number, base: number, up: string[], down: string[]): string {
  if (Math.abs(v) >= 1 || down.length === 0) {
    let prefix = '';
    for (const p of up) {
      if (Math.abs(v) < base) break;
      prefix = p;
      v /= base;
    }
    return g4(v) + prefix;
  }
  let prefix = '';
  for (const p of down) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= base;
  }
  return g4(v) + prefix;
}

const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** Prometheus' `humanize`: SI prefixes, four significant digits (1234567 → "1.235M"). */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  return scaled(v, 1000, ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'], SMALL);
}

/** Prometheus' `humanize1024`: binary prefixes (ki, Mi, …). */
export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  return scaled(v, 1024, ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'], []);
}

/** Prometheus' `humanizePercentage`: a ratio as a percentage (0.1234 → "12.34%"). */
export function humanizePercentage(v: number): string {
  return `${g4(v * 100)}%`;
}

/** Prometheus' `humanizeDuration`: seconds as `1d 2h 3m 4s`, or `1.5s`, `250ms`. */
export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const whole = Math.trunc(abs);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(abs)}s`;
  }
  let prefix = '';
  for (const p of SMALL) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${g4(v)}${prefix}s`;
}

function needString(v: TemplateValue, fn: string): string {
  if (v.kind !== 'string') throw new ExpandError(`error calling ${fn}: wrong type for value; expected string; got ${v.kind}`);
  return v.value;
}

const FUNCTIONS: Record<string, Fn> = {
  printf: { arity: 'variadic', params: ['string'], result: 'string', call: ([f, ...rest]) => str(goSprintf(needString(f!, 'printf'), rest)) },
  print: {
    arity: 'variadic',
    params: [],
    result: 'string',
    // Go's fmt.Sprint: a space between operands when neither is a string.
    call: (args) => str(args.map((a, i) => (i > 0 && a.kind !== 'string' && args[i - 1]!.kind !== 'string' ? ' ' : '') + formatGoValue(a)).join('')),
  },
  humanize: { arity: 1, params: ['float'], result: 'string', call: ([v]) => str(humanize(toFloat(v!, 'humanize'))) },
  humanize1024: { arity: 1, params: ['float'], result: 'string', call: ([v]) => str(humanize1024(toFloat(v!, 'humanize1024'))) },
  humanizePercentage: { arity: 1, params: ['float'], result: 'string', call: ([v]) => str(humanizePercentage(toFloat(v!, 'humanizePercentage'))) },
  humanizeDuration: { arity: 1, params: ['float'], result: 'string', call: ([v]) => str(humanizeDuration(toFloat(v!, 'humanizeDuration'))) },
  // Vigil's own: a number rounded for people (0.10454124222453282 → "0.105"); see readableNumber.
  readable: { arity: 1, params: ['float'], result: 'string', call: ([v]) => str(readableNumber(toFloat(v!, 'readable'))) },
  toUpper: { arity: 1, params: ['string'], result: 'string', call: ([v]) => str(needString(v!, 'toUpper').toUpperCase()) },
  toLower: { arity: 1, params: ['string'], result: 'string', call: ([v]) => str(needString(v!, 'toLower').toLowerCase()) },
  title: {
    arity: 1,
    params: ['string'],
    result: 'string',
    call: ([v]) => str(needString(v!, 'title').replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase())),
  },
  index: {
    arity: 2,
    params: ['map', 'string'],
    result: 'string',
    call: ([m, k]) => {
      if (m!.kind !== 'map') throw new ExpandError(`error calling index: can't index item of type ${m!.kind}`);
      return str(m!.value[needString(k!, 'index')] ?? '');
    },
  },
};

/** Names of the functions templates may call. */
export const TEMPLATE_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

// ---------------------------------------------------------------------------------------------
// Lexing and parsing, with positions for the errors.

interface Tok {
  kind: 'space' | 'pipe' | 'lparen' | 'rparen' | 'string' | 'number' | 'var' | 'field' | 'ident' | 'declare' | 'other';
  text: string;
  at: number;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil']);

class TemplateParser {
  constructor(
    private readonly source: string,
    private readonly path: string,
  ) {}

  fail(at: number, end: number, message: string, expected: string): never {
    const before = this.source.slice(0, at);
    const line = before.split('\n').length;
    const col = at - (before.lastIndexOf('\n') + 1);
    throw new AlertingConfigError(this.path, expected, `${line}:${col}: ${message}`, { start: at, end: Math.max(end, at + 1) });
  }

  lexAction(body: string, base: number): Tok[] {
    const toks: Tok[] = [];
    const re =
      /(\s+)|(\|)|(\()|(\))|("(?:[^"\\\n]|\\.)*"|`[^`]*`)|([+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?))(?![\w.])|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z0-9_]+)+|\.)|([A-Za-z_][A-Za-z0-9_]*)|(:=|=)|([\s\S])/gy;
    for (let m = re.exec(body); m !== null && m[0] !== ''; m = re.exec(body)) {
      const at = base + m.index;
      const kinds: Tok['kind'][] = ['space', 'pipe', 'lparen', 'rparen', 'string', 'number', 'var', 'field', 'ident', 'declare', 'other'];
      const idx = m.slice(1).findIndex((g) => g !== undefined);
      const kind = kinds[idx]!;
      if (kind === 'other') {
        const what = m[0] === '"' || m[0] === '`' ? 'unterminated quoted string' : `unexpected ${JSON.stringify(m[0])} in command`;
        this.fail(at, at + 1, what, 'a valid template action');
      }
      toks.push({ kind, text: m[0], at });
    }
    return toks.filter((t) => t.kind !== 'space');
  }

  /** pipeline := command ('|' command)*; a piped value becomes the last argument. */
  parsePipeline(toks: Tok[], pos: { i: number }, end: number): Expr {
    let expr: Expr | undefined;
    for (;;) {
      const cmd = this.parseCommand(toks, pos, end, expr);
      expr = cmd;
      const t = toks[pos.i];
      if (t?.kind === 'pipe') {
        pos.i++;
        continue;
      }
      return expr;
    }
  }

  parseCommand(toks: Tok[], pos: { i: number }, end: number, piped: Expr | undefined): Expr {
    const first = toks[pos.i];
    if (first === undefined || first.kind === 'pipe' || first.kind === 'rparen')
      this.fail(first?.at ?? end, end, 'missing value for command', 'a value or a function call');
    if (first.kind === 'ident' && !['true', 'false'].includes(first.text)) {
      pos.i++;
      const fn = FUNCTIONS[first.text];
      if (fn === undefined) {
        if (KEYWORDS.has(first.text))
          this.fail(first.at, first.at + first.text.length, `"${first.text}" actions are not supported`, 'a value or a function call');
        this.fail(first.at, first.at + first.text.length, `function "${first.text}" not defined`, `one of the functions ${TEMPLATE_FUNCTIONS.join(', ')}`);
      }
      const args: Expr[] = [];
      while (pos.i < toks.length && toks[pos.i]!.kind !== 'pipe' && toks[pos.i]!.kind !== 'rparen') args.push(this.parseOperand(toks, pos, end));
      if (piped) args.push(piped);
      this.checkCall(first, fn, args);
      return { op: 'call', fn: first.text, args };
    }
    const operand = this.parseOperand(toks, pos, end);
    const extra = toks[pos.i];
    if (extra && extra.kind !== 'pipe' && extra.kind !== 'rparen')
      this.fail(extra.at, extra.at + extra.text.length, `can't give argument to non-function ${first.text}`, 'a function before its arguments');
    if (piped) this.fail(first.at, first.at + first.text.length, `can't give argument to non-function ${first.text}`, 'a function after |');
    return operand;
  }

  checkCall(name: Tok, fn: Fn, args: Expr[]): void {
    const at = name.at;
    const to = at + name.text.length;
    if (fn.arity !== 'variadic' && args.length !== fn.arity)
      this.fail(at, to, `wrong number of args for ${name.text}: want ${fn.arity} got ${args.length}`, `${fn.arity} argument(s)`);
    if (fn.arity === 'variadic' && args.length < fn.params.length)
      this.fail(
        at,
        to,
        `wrong number of args for ${name.text}: want at least ${fn.params.length} got ${args.length}`,
        `at least ${fn.params.length} argument(s)`,
      );
    fn.params.forEach((want, i) => {
      const got = staticType(args[i]!);
      const ok = got === want || (want === 'float' && (got === 'int' || got === 'string')) || got === 'root';
      if (!ok) this.fail(at, to, `wrong type for value; expected ${goType(want)}; got ${goType(got)}`, `a ${goType(want)} argument`);
    });
    if (name.text === 'printf') {
      const format = args[0]!;
      if (format.op === 'const' && format.value.kind === 'string') {
        for (const part of parsePrintfFormat(format.value.value)) {
          if (typeof part !== 'string' && !PRINTF_VERBS.includes(part.verb)) {
            this.fail(at, to, `printf verb %${part.verb} is not supported`, `one of the verbs %v %s %q %d %f %e %g %t`);
          }
        }
      }
    }
  }

  parseOperand(toks: Tok[], pos: { i: number }, end: number): Expr {
    const t = toks[pos.i];
    if (t === undefined) this.fail(end, end, 'missing value for command', 'a value');
    pos.i++;
    switch (t.kind) {
      case 'string': {
        const v = goUnquote(t.text);
        if (v === undefined) this.fail(t.at, t.at + t.text.length, `invalid quoted string ${t.text}`, 'a Go string literal');
        return { op: 'const', value: { kind: 'string', value: v } };
      }
      case 'number': {
        const text = t.text.replaceAll('_', '');
        const n = Number(text);
        if (!Number.isFinite(n)) this.fail(t.at, t.at + t.text.length, `bad number syntax: ${JSON.stringify(t.text)}`, 'a number');
        const isInt = /^[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.test(text);
        return { op: 'const', value: isInt ? { kind: 'int', value: n } : { kind: 'float', value: n } };
      }
      case 'ident':
        if (t.text === 'true' || t.text === 'false') return { op: 'const', value: { kind: 'bool', value: t.text === 'true' } };
        if (KEYWORDS.has(t.text)) this.fail(t.at, t.at + t.text.length, `"${t.text}" is not supported here`, 'a value');
        this.fail(t.at, t.at + t.text.length, `function "${t.text}" must come first in a command; wrap the call in parentheses`, 'a value');
        break;
      case 'lparen': {
        const inner = this.parsePipeline(toks, pos, end);
        const close = toks[pos.i];
        if (close?.kind !== 'rparen') this.fail(close?.at ?? end, end, 'unclosed left paren', 'a closing parenthesis');
        pos.i++;
        return inner;
      }
      case 'var':
        return this.fieldChain(t, t.text.split('.'), true);
      case 'field':
        return this.fieldChain(t, t.text === '.' ? [''] : t.text.split('.'), false);
      case 'declare':
        this.fail(t.at, t.at + t.text.length, 'variable declarations are not supported', 'a value');
        break;
      default:
        this.fail(t.at, t.at + t.text.length, `unexpected ${JSON.stringify(t.text)} in operand`, 'a value');
    }
  }

  fieldChain(t: Tok, parts: string[], isVar: boolean): Expr {
    const to = t.at + t.text.length;
    let expr: Expr;
    let rest: string[];
    if (isVar) {
      const name = parts[0]!;
      if (name === '$') expr = { op: 'root' };
      else if (name === '$labels') expr = { op: 'var', name: 'labels' };
      else if (name === '$value') expr = { op: 'var', name: 'value' };
      else if (name === '$externalLabels') expr = { op: 'var', name: 'externalLabels' };
      else this.fail(t.at, to, `undefined variable "${name}"`, 'one of $labels, $value, $externalLabels');
      rest = parts.slice(1);
    } else {
      expr = { op: 'root' };
      rest = parts.slice(1);
    }
    for (const key of rest) {
      const type = staticType(expr);
      if (type === 'root') {
        if (key === 'Labels') expr = { op: 'var', name: 'labels' };
        else if (key === 'Value') expr = { op: 'var', name: 'value' };
        else if (key === 'ExternalLabels') expr = { op: 'var', name: 'externalLabels' };
        else this.fail(t.at, to, `can't evaluate field ${key}`, 'one of .Labels, .Value, .ExternalLabels');
      } else if (type === 'map') {
        expr = { op: 'field', target: expr, key };
      } else {
        this.fail(t.at, to, `can't evaluate field ${key} in type ${goType(type)}`, 'a field of a label set');
      }
    }
    return expr;
  }
}

function goType(t: StaticType): string {
  return { float: 'float64', int: 'int', string: 'string', bool: 'bool', map: 'map[string]string', root: 'interface {}' }[t];
}

function staticType(e: Expr): StaticType {
  switch (e.op) {
    case 'const':
      return e.value.kind;
    case 'root':
      return 'root';
    case 'var':
      return e.name === 'value' ? 'float' : 'map';
    case 'field':
      return 'string';
    case 'call':
      return FUNCTIONS[e.fn]!.result;
  }
}

/**
 * Parses and checks a template. Throws AlertingConfigError naming `path` (`annotations.summary`)
 * for syntax Vigil does not support (if/range/with, variables other than $labels, $value and
 * $externalLabels, unknown functions, wrong argument counts, unsupported printf verbs).
 */
export function compileTemplate(source: string, path = 'template'): CompiledTemplate {
  const parser: TemplateParser = new TemplateParser(source, path);
  const nodes: Node[] = [];
  let i = 0;
  let trimNext = false;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    let text = open < 0 ? source.slice(i) : source.slice(i, open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (open < 0) {
      if (text !== '') nodes.push({ op: 'text', text });
      break;
    }
    let start = open + 2;
    if (/^-[ \t\r\n]/.test(source.slice(start))) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    if (text !== '') nodes.push({ op: 'text', text });
    // Find the closing braces outside string literals.
    let j = start;
    let close = -1;
    while (j < source.length) {
      const c = source[j]!;
      if (c === '"' || c === '`') {
        const m = c === '"' ? /"(?:[^"\\\n]|\\.)*"/y : /`[^`]*`/y;
        m.lastIndex = j;
        const hit = m.exec(source);
        if (!hit) parser.fail(j, source.length, 'unterminated quoted string', 'a closing quote');
        j += hit[0].length;
        continue;
      }
      if (source.startsWith('}}', j)) {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0) parser.fail(open, source.length, 'unclosed action', 'a closing }}');
    let end = close;
    if (/[ \t\r\n]-$/.test(source.slice(start, end))) {
      end -= 1;
      trimNext = true;
    }
    const body = source.slice(start, end);
    i = close + 2;
    const trimmed = body.trim();
    if (trimmed.startsWith('/*')) {
      if (!trimmed.endsWith('*/')) parser.fail(start, end, 'unclosed comment', 'a comment closed with */');
      continue;
    }
    const toks = parser.lexAction(body, start);
    if (toks.length === 0) parser.fail(open, close + 2, 'missing value for command', 'a value inside {{ }}');
    const pos = { i: 0 };
    const expr = parser.parsePipeline(toks, pos, end);
    const left = toks[pos.i];
    if (left) parser.fail(left.at, left.at + left.text.length, `unexpected ${JSON.stringify(left.text)} in command`, 'the end of the action');
    nodes.push({ op: 'print', expr, at: source.slice(open, close + 2) });
  }
  return { source, nodes };
}

function evaluate(e: Expr, data: TemplateData): TemplateValue {
  switch (e.op) {
    case 'const':
      return e.value;
    case 'root':
      return { kind: 'map', value: data.labels };
    case 'var':
      if (e.name === 'value') return { kind: 'float', value: data.value };
      return { kind: 'map', value: e.name === 'labels' ? data.labels : (data.externalLabels ?? {}) };
    case 'field': {
      const target = evaluate(e.target, data);
      // Prometheus expands with missingkey=zero: a missing label prints as the empty string.
      return str(target.kind === 'map' ? (target.value[e.key] ?? '') : '');
    }
    case 'call':
      return FUNCTIONS[e.fn]!.call(e.args.map((a) => evaluate(a, data)));
  }
}

/** Expands a compiled template. Never throws; a runtime error yields Prometheus' error text. */
export function expandTemplate(t: CompiledTemplate, data: TemplateData): string {
  let out = '';
  for (const node of t.nodes) {
    if (node.op === 'text') {
      out += node.text;
      continue;
    }
    try {
      const v = evaluate(node.expr, data);
      out += formatGoValue(v);
    } catch (err) {
      if (!(err instanceof ExpandError)) throw err;
      return `<error expanding template: ${node.at}: ${err.message}>`;
    }
  }
  return out;
}

/** Compiles and expands in one go; for one-off templates (tests, previews). */
export function renderTemplate(source: string, data: TemplateData, path?: string): string {
  return expandTemplate(compileTemplate(source, path), data);
}
