// Canonical JSON (RFC 8785, JCS) for the audit log: the same value always gives the same bytes, so
// an entry's leaf hash can be recomputed from its stored text by anyone, in any language.

/** Thrown for values JSON cannot carry exactly (NaN, ±Infinity, functions, cycles). */
export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path === '' ? '(value)' : path}: ${message}`);
    this.name = 'CanonicalJsonError';
  }
}

/** Compares two property names by UTF-16 code units, as RFC 8785 §3.2.3 orders them. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function write(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      // ECMAScript's JSON.stringify escapes strings exactly as RFC 8785 §3.2.2.2 asks.
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} has no JSON form`);
      // ECMAScript's Number-to-string is RFC 8785's number serialisation (§3.2.2.3); -0 is 0.
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(path, `a ${typeof value} has no JSON form`);
  }
  const obj = value as object;
  if (seen.has(obj)) throw new CanonicalJsonError(path, 'a cycle has no JSON form');
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((v, i) => (v === undefined ? 'null' : write(v, `${path}[${i}]`, seen))).join(',')}]`;
  } else {
    const entries = Object.keys(obj)
      .filter((k) => (obj as Record<string, unknown>)[k] !== undefined)
      .sort(compareKeys)
      .map((k) => `${JSON.stringify(k)}:${write((obj as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`, seen)}`);
    out = `{${entries.join(',')}}`;
  }
  seen.delete(obj);
  return out;
}

/**
 * The RFC 8785 canonical JSON text of a value: object members sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string forms. Undefined members are left out (as
 * JSON.stringify does); non-finite numbers throw {@link CanonicalJsonError} naming the path.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '', new Set());
}
