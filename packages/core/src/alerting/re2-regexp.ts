// Alertmanager compiles matcher regexes with Go's RE2 syntax, fully anchored as `^(?:re)$`. This
// translates the RE2 syntax people write into an equivalent JavaScript RegExp (Unicode mode, so `.`
// is one code point as in RE2) and refuses what RE2 would refuse (backreferences, lookaround).

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Characters JavaScript's Unicode mode lets us escape; RE2 lets any ASCII punctuation be escaped. */
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/-');
const RE2_SPACE = '\\t\\n\\f\\r ';

/** Why a pattern cannot be used, and where (code unit offset into the pattern). */
export class Re2SyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'Re2SyntaxError';
    this.offset = offset;
  }
}

function isQuantifierBrace(p: string, i: number): number {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  return m ? m[0].length : 0;
}

function codePointEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** The JavaScript source and flags for an RE2 pattern (not yet anchored). */
export function translateRe2(pattern: string): { source: string; flags: string } {
  let flags = 'u';
  let p = pattern;
  // RE2 allows flag groups anywhere; we support them only at the start, where they apply to all.
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i' || f === 's') flags += flags.includes(f) ? '' : f;
      else throw new Re2SyntaxError(`flag ${f} is not supported`, 2);
    }
    p = p.slice(lead[0].length);
  }
  const dotAll = flags.includes('s');
  const offset0 = pattern.length - p.length;
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length;) {
    const ch = p[i]!;
    const at = offset0 + i;
    if (ch === '\\') {
      const next = p[i + 1];
      if (next === undefined) throw new Re2SyntaxError('trailing backslash at end of expression', at);
      if (next === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const literal = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        for (const c of literal) out += JS_SYNTAX.has(c) ? `\\${c}` : c;
        i = end < 0 ? p.length : end + 2;
        continue;
      }
      if (next === 'A' && !inClass) {
        out += '^';
        i += 2;
        continue;
      }
      if (next === 'z' && !inClass) {
        out += '$';
        i += 2;
        continue;
      }
      if (next === 's') {
        out += inClass ? RE2_SPACE : `[${RE2_SPACE}]`;
        i += 2;
        continue;
      }
      if (next === 'S' && !inClass) {
        out += `[^${RE2_SPACE}]`;
        i += 2;
        continue;
      }
      if (next === 'p' || next === 'P') {
        const m = /^\\[pP](\{\^?([A-Za-z_]+)\}|([A-Za-z]))/.exec(p.slice(i));
        if (!m) throw new Re2SyntaxError('invalid character class range', at);
        const name = m[2] ?? m[3]!;
        const negate = (next === 'P') !== m[1]!.startsWith('{^');
        const prop = name.length <= 2 ? name : `Script=${name}`;
        out += `\\${negate ? 'P' : 'p'}{${prop}}`;
        i += m[0].length;
        continue;
      }
      if (next === 'x') {
        const m = /^\\x(\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(p.slice(i));
        if (!m) throw new Re2SyntaxError('invalid escape sequence', at);
        const cp = Number.parseInt(m[2] ?? m[3]!, 16);
        if (cp > 0x10ffff) throw new Re2SyntaxError('invalid escape sequence', at);
        out += codePointEscape(cp);
        i += m[0].length;
        continue;
      }
      if (next >= '0' && next <= '9') {
        // RE2: \0 starts an octal escape, \1-\7 followed by a digit too; a lone \1-\9 is a backreference.
        const m = /^\\(0[0-7]{0,2}|[1-7][0-7]{1,2})/.exec(p.slice(i));
        if (!m) throw new Re2SyntaxError('backreferences are not supported', at);
        out += codePointEscape(Number.parseInt(m[1]!, 8));
        i += m[0].length;
        continue;
      }
      if ('dDwWbBfnrtv'.includes(next)) {
        out += `\\${next}`;
        i += 2;
        continue;
      }
      if (/[!-/:-@[-`{-~]/.test(next)) {
        // Escaped ASCII punctuation is that character in RE2; JavaScript's Unicode mode only allows
        // escaping its own syntax characters.
        // (A dash may be escaped only inside a class.)
        out += JS_SYNTAX.has(next) && (next !== '-' || inClass) ? `\\${next}` : next;
        i += 2;
        continue;
      }
      throw new Re2SyntaxError(`invalid escape sequence \\${next}`, at);
    }
    if (inClass) {
      if (ch === '[' && p[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
        const set = m ? POSIX_CLASSES[m[2]!] : undefined;
        if (!m || set === undefined) throw new Re2SyntaxError('invalid character class range', at);
        if (m[1] === '^') throw new Re2SyntaxError('negated POSIX classes are not supported', at);
        out += set;
        i += m[0].length;
        continue;
      }
      if (ch === ']') inClass = false;
      // JavaScript refuses a dash next to a class escape ([\w-]); RE2 reads it as a literal dash.
      const afterSet = /\\[dDwWsSpP]$/.test(p.slice(Math.max(0, i - 2), i)) || p[i - 1] === ']';
      const beforeSet = /^-(\\[dDwWsSpP]|\[:)/.test(p.slice(i));
      out += ch === '[' ? '\\[' : ch === '-' && (afterSet || beforeSet) ? '\\-' : ch;
      i += 1;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += '[';
      i += 1;
      if (p[i] === '^') {
        out += '^';
        i += 1;
      }
      // A leading ] is a literal member in RE2.
      if (p[i] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    if (ch === '(' && p[i + 1] === '?') {
      const rest = p.slice(i + 2);
      if (rest.startsWith(':')) {
        out += '(?:';
        i += 3;
      } else if (/^P?<[A-Za-z_][A-Za-z0-9_]*>/.test(rest)) {
        const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest)!;
        out += `(?<${named[1]!}>`;
        i += 2 + named[0].length;
      } else if (/^(=|!|<=|<!)/.test(rest)) {
        throw new Re2SyntaxError('lookaround assertions are not supported', at);
      } else {
        throw new Re2SyntaxError('flag groups are supported only at the start of the expression', at);
      }
      continue;
    }
    if (ch === '.' && !dotAll) {
      out += '[^\\n]';
      i += 1;
      continue;
    }
    if (ch === '{') {
      const n = isQuantifierBrace(p, i);
      out += n > 0 ? p.slice(i, i + n) : '\\{';
      i += n > 0 ? n : 1;
      continue;
    }
    out += ch === '}' || ch === ']' || ch === '/' ? `\\${ch}` : ch;
    i += 1;
  }
  if (inClass) throw new Re2SyntaxError('missing closing ]', pattern.length);
  return { source: out, flags };
}

const CACHE_LIMIT = 1024;
const cache = new Map<string, RegExp>();

/**
 * The anchored RegExp Alertmanager would use for a regex matcher value (`^(?:value)$`). Throws
 * Re2SyntaxError for patterns RE2 or JavaScript cannot compile. Compiled patterns are memoised.
 */
export function compileAnchoredRe2(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const { source, flags } = translateRe2(pattern);
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, flags);
  } catch (err) {
    throw new Re2SyntaxError((err as Error).message.replace(/^Invalid regular expression: /, ''), 0);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}
