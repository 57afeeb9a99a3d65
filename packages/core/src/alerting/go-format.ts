// Go's fmt for the values alert templates print, digit for digit: floats through strconv's exact
// decimal conversion (round half to even on the exact binary value), `%v` as Go's shortest `%g`
// (1e+06, not 1000000), and Printf's flags, width, precision and its `%!verb(type=value)` errors.

import { goQuote } from './go-strings.js';
import type { Labels } from './labels.js';
import { compareCodePoints } from './code-points.js';

/** A value inside a template, typed as Go would see it. */
export type TemplateValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'map'; value: Labels };

/** Decimal digits (no leading or trailing zeros) and the decimal point position: 0.d × 10^dp. */
interface Decimal {
  d: string;
  dp: number;
}

const view = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of a finite |x| (every double is a finite decimal). */
function exactDecimal(x: number): Decimal {
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (mant === 0n && biased === 0) return { d: '', dp: 0 };
  let e: number;
  if (biased === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = biased - 1075;
  }
  let digits: string;
  let dp: number;
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString();
    dp = digits.length + e;
  }
  return { d: digits.replace(/0+$/, ''), dp };
}

/** The shortest digits that read back as x (JavaScript and Go pick the same ones). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  return { d: mantissa.replace('.', '').replace(/0+$/, ''), dp: Number(exponent) + 1 };
}

/** Go's decimal.Round(nd): half to even on the exact digits, trailing zeros trimmed. */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const digit = a.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (digit === 5 && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = digit >= 5;
  if (!up) return { d: a.d.slice(0, nd).replace(/0+$/, ''), dp: a.d.slice(0, nd) === '' ? 0 : a.dp };
  let i = nd - 1;
  while (i >= 0 && a.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  return { d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp };
}

function fmtE(a: Decimal, prec: number, e: 'e' | 'E'): string {
  let out = a.d.length > 0 ? a.d[0]! : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += i < a.d.length ? a.d[i]! : '0';
  }
  const exp = a.d.length === 0 ? 0 : a.dp - 1;
  const abs = Math.abs(exp);
  return `${out}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(a: Decimal, prec: number): string {
  let out = '';
  if (a.dp > 0) for (let i = 0; i < a.dp; i++) out += i < a.d.length ? a.d[i]! : '0';
  else out = '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = a.dp + i - 1;
      out += j >= 0 && j < a.d.length ? a.d[j]! : '0';
    }
  }
  return out;
}

/**
 * Go's `strconv.FormatFloat(x, verb, prec, 64)` for verbs e, E, f, g, G; prec -1 is the shortest
 * representation that reads back as x.
 */
export function formatGoFloat(x: number, verb: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const shortest = prec < 0;
  let digs: Decimal;
  if (shortest) {
    digs = shortestDecimal(x);
    prec = verb === 'e' || verb === 'E' ? Math.max(digs.d.length - 1, 0) : verb === 'f' ? Math.max(digs.d.length - digs.dp, 0) : digs.d.length;
  } else {
    const exact = exactDecimal(x);
    if (verb === 'e' || verb === 'E') digs = roundDecimal(exact, prec + 1);
    else if (verb === 'f') digs = roundDecimal(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = roundDecimal(exact, prec);
    }
  }
  let body: string;
  if (verb === 'e' || verb === 'E') body = fmtE(digs, prec, verb);
  else if (verb === 'f') body = fmtF(digs, prec);
  else {
    let eprec = prec;
    if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
    if (shortest) eprec = 6;
    const exp = digs.dp - 1;
    if (exp < -4 || exp >= eprec) {
      body = fmtE(digs, Math.min(prec, digs.d.length) - 1, verb === 'g' ? 'e' : 'E');
    } else {
      body = fmtF(digs, Math.max((prec > digs.dp ? digs.d.length : prec) - digs.dp, 0));
    }
  }
  return neg ? `-${body}` : body;
}

/** Go's type name of a template value, as fmt prints it in `%!verb(type=value)`. */
function goTypeName(v: TemplateValue): string {
  switch (v.kind) {
    case 'float':
      return 'float64';
    case 'int':
      return 'int';
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'map':
      return 'map[string]string';
  }
}

/** Go's `fmt.Sprint(v)` (the `%v` verb without flags). */
export function formatGoValue(v: TemplateValue): string {
  switch (v.kind) {
    case 'float':
      return formatGoFloat(v.value, 'g', -1);
    case 'int':
      return String(v.value);
    case 'string':
      return v.value;
    case 'bool':
      return String(v.value);
    case 'map':
      return `map[${Object.keys(v.value)
        .sort(compareCodePoints)
        .map((k) => `${k}:${v.value[k]!}`)
        .join(' ')}]`;
  }
}

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  sharp: boolean;
  width: number | undefined;
  prec: number | undefined;
  verb: string;
}

/** The verbs Vigil's printf implements; others are refused when a template is created. */
export const PRINTF_VERBS = 'vsqdfFeEgGt%';

function pad(s: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  const len = Array.from(s).length;
  if (len >= width) return s;
  if (spec.minus) return s + ' '.repeat(width - len);
  if (spec.zero && numeric && !/[IN]/.test(s)) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(width - len) + s.slice(sign.length);
  }
  return ' '.repeat(width - len) + s;
}

function signed(s: string, spec: Spec): string {
  if (s === 'NaN') return spec.plus ? '+NaN' : spec.space ? ' NaN' : s;
  if (s.startsWith('-')) return s;
  // Go always prints the sign of +Inf.
  if (s.startsWith('+')) return spec.space && !spec.plus ? ` ${s.slice(1)}` : s;
  return spec.plus ? `+${s}` : spec.space ? ` ${s}` : s;
}

function formatOne(spec: Spec, arg: TemplateValue): string {
  const bad = (): string => `%!${spec.verb}(${goTypeName(arg)}=${formatGoValue(arg)})`;
  const v = spec.verb;
  if (arg.kind === 'float' && 'vfFeEgG'.includes(v)) {
    const verb = v === 'v' ? 'g' : v === 'F' ? 'f' : (v as 'e' | 'E' | 'f' | 'g' | 'G');
    const prec = spec.prec ?? ('fFeE'.includes(v) ? 6 : -1);
    return pad(signed(formatGoFloat(arg.value, verb, prec), spec), spec, true);
  }
  if (arg.kind === 'int' && (v === 'd' || v === 'v')) {
    return pad(signed(String(arg.value), spec), spec, true);
  }
  if (arg.kind === 'string' && (v === 's' || v === 'v' || v === 'q')) {
    let s = arg.value;
    if (spec.prec !== undefined) s = Array.from(s).slice(0, spec.prec).join('');
    return pad(v === 'q' ? goQuote(s) : s, spec, false);
  }
  if (arg.kind === 'bool' && (v === 't' || v === 'v')) return pad(String(arg.value), spec, false);
  if (arg.kind === 'map' && v === 'v') return pad(formatGoValue(arg), spec, false);
  return bad();
}

/** Splits a format string into literal text and conversion specs. */
export function parsePrintfFormat(format: string): (string | Spec)[] {
  const parts: (string | Spec)[] = [];
  let text = '';
  for (let i = 0; i < format.length;) {
    const c = format[i]!;
    if (c !== '%') {
      text += c;
      i++;
      continue;
    }
    const m = /^%([-+# 0]*)(\d+)?(?:\.(\d*))?([\s\S]?)/.exec(format.slice(i))!;
    const flags = m[1]!;
    if (text !== '') parts.push(text);
    text = '';
    parts.push({
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      zero: flags.includes('0') && !flags.includes('-'),
      sharp: flags.includes('#'),
      width: m[2] === undefined ? undefined : Number(m[2]),
      prec: m[3] === undefined ? undefined : m[3] === '' ? 0 : Number(m[3]),
      verb: m[4]!,
    });
    i += m[0].length;
  }
  if (text !== '') parts.push(text);
  return parts;
}

/** Go's `fmt.Sprintf` over template values, for the verbs in PRINTF_VERBS. */
export function goSprintf(format: string, args: readonly TemplateValue[]): string {
  let out = '';
  let next = 0;
  for (const part of parsePrintfFormat(format)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    if (part.verb === '') {
      out += '%!(NOVERB)';
      continue;
    }
    if (part.verb === '%') {
      out += '%';
      continue;
    }
    const arg = args[next++];
    out += arg === undefined ? `%!${part.verb}(MISSING)` : formatOne(part, arg);
  }
  if (next < args.length) {
    out += `%!(EXTRA ${args
      .slice(next)
      .map((a) => `${goTypeName(a)}=${formatGoValue(a)}`)
      .join(', ')})`;
  }
  return out;
}
