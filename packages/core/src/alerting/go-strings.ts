// Go's string literal rules, which Alertmanager and Prometheus templates follow: strconv.Quote for
// rendering label sets and group keys, strconv.Unquote for quoted matcher values and template strings.

import { decodeUtf8, encodeUtf8 } from '@vigil/stats';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Go's `strconv.Quote`: double quotes, Go escapes, non-printable runes as \x, \u or \U. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp === 0x07) out += '\\a';
    else if (cp === 0x08) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0b) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };

/**
 * Go's `strconv.Unquote` for a double-quoted literal (quotes included) or a back-quoted raw string:
 * escapes \a \b \f \n \r \t \v \\ \" \xHH \ooo \uHHHH \UHHHHHHHH; \x and octal give bytes, and
 * the result must be valid UTF-8. Undefined when the literal is malformed.
 */
export function goUnquote(literal: string): string | undefined {
  if (literal.length < 2) return undefined;
  const q = literal[0];
  if (q === '`') {
    if (!literal.endsWith('`')) return undefined;
    const body = literal.slice(1, -1);
    return body.includes('`') ? undefined : body.replaceAll('\r', '');
  }
  if (q !== '"' || !literal.endsWith('"')) return undefined;
  const body = literal.slice(1, -1);
  const bytes: number[] = [];
  const pushRune = (cp: number): void => {
    for (const b of encodeUtf8(String.fromCodePoint(cp))) bytes.push(b);
  };
  for (let i = 0; i < body.length;) {
    const ch = body[i]!;
    if (ch === '"' || ch === '\n') return undefined;
    if (ch !== '\\') {
      const cp = body.codePointAt(i)!;
      if (cp >= 0xd800 && cp <= 0xdfff) return undefined;
      pushRune(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) return undefined;
      const v = Number.parseInt(digits, 16);
      if (e === 'x') bytes.push(v);
      else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      else pushRune(v);
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const digits = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits)) return undefined;
      const v = Number.parseInt(digits, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 4;
    } else {
      return undefined;
    }
  }
  // Strict: malformed UTF-8 is refused rather than becoming U+FFFD, and a leading U+FEFF is kept as a
  // rune. Go would return such bytes as they are; a JavaScript string cannot hold invalid UTF-8.
  return decodeUtf8(Uint8Array.from(bytes)) ?? undefined;
}
