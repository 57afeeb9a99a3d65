// Python's `json.dumps` (and pandas' `to_json` with defaults off) writes NaN, Infinity and
// -Infinity as bare tokens, which JSON does not allow. The body parsers read them as missing values:
// only when the standard parser has refused a body, so well-formed bodies cost nothing more.

const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;

/** A letter, digit or underscore: a token that runs on (`NaNx`, `Infinity1`) is not one of ours. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * `text` with every NaN, Infinity and -Infinity token outside strings written as `null`, or
 * undefined when it holds none (then the body's fault is elsewhere). Strings are skipped with their
 * escapes, so `"NaN"` stays a string.
 */
export function nonFiniteTokensAsNull(text: string): string | undefined {
  let out: string[] | undefined;
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 78 /* N */ || c === 73 /* I */ || c === 45 /* - */) {
      const token = NON_FINITE.find((t) => text.startsWith(t, i));
      if (token !== undefined && !(i > 0 && isWordChar(text.charCodeAt(i - 1))) && !isWordChar(text.charCodeAt(i + token.length))) {
        (out ??= []).push(text.slice(copied, i), 'null');
        i += token.length;
        copied = i;
        continue;
      }
    }
    i++;
  }
  if (out === undefined) return undefined;
  out.push(text.slice(copied));
  return out.join('');
}

/** Deeper nesting than this is not followed (the reader recurses); JSON.parse's own message is given then. */
const MAX_DEPTH = 1000;

/**
 * The offset of the first character where `text` stops being JSON (RFC 8259), -1 when it is JSON,
 * or undefined when it nests too deep to tell. A small recursive-descent reader: V8's messages do
 * not always give a position.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  // A misspelt literal is reported at its start, where a person looks for it.
  const literal = (word: string) => {
    if (!text.startsWith(word, i) || /[A-Za-z0-9_]/.test(text[i + word.length] ?? '')) fail();
    i += word.length;
  };
  const digits = () => {
    const at = i;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    if (i === at) fail();
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw TOO_DEEP;
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      if (c === '-') i++;
      if (text[i] === '0') i++;
      else digits();
      if (text[i] === '.') {
        i++;
        digits();
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        digits();
      }
      return;
    }
    fail();
  };
  try {
    value(0);
    ws();
    return i === text.length ? -1 : i;
  } catch (at) {
    if (typeof at === 'number') return at;
    if (at === TOO_DEEP) return undefined;
    throw at;
  }
}

const TOO_DEEP = Symbol('too deep');

/** Why `text` is not JSON: where (line and column, or the character of a one-line text) and what stands there. */
export function jsonSyntaxError(text: string): string {
  const at = jsonErrorOffset(text);
  if (at === undefined) {
    try {
      JSON.parse(text);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (at === undefined || at < 0) return 'it holds a "__proto__" or "constructor.prototype" key, which the server refuses';
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const found = at >= text.length ? 'the end of the body' : JSON.stringify(/^[A-Za-z0-9_+.-]+/.exec(text.slice(at))?.[0] ?? text[at]);
  return `unexpected ${found} at ${text.includes('\n') ? `line ${line}, column ${column}` : `character ${at + 1}`}`;
}
