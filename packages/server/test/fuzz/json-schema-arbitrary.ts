// Valid values from JSON Schema, for the subset zod's generator writes into Vigil's OpenAPI
// document: object (properties, required, additionalProperties, propertyNames), array (items,
// minItems, maxItems), string (pattern, enum, const, minLength, maxLength, format date-time and
// uri), number and integer (minimum, maximum, exclusiveMinimum), boolean, null, type lists, anyOf,
// oneOf and `$ref` into `#/components/schemas`. Sizes are kept small so requests stay cheap.

import fc from 'fast-check';

export type JsonSchema = { readonly [keyword: string]: unknown };

export interface SchemaArbitraryOptions {
  /** Named schemas that `$ref: '#/components/schemas/X'` points at. */
  readonly components: Readonly<Record<string, JsonSchema>>;
  /**
   * Strings the server knows (names of models, channels, monitors, features): every string schema
   * draws from those of them it accepts now and then, so generated requests reach existing things.
   */
  readonly pool?: readonly string[];
  /** Values for properties by name (`url`, `host`), where a random valid string would leave the machine. */
  readonly propertyHints?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** How many `$ref`s deep a value may go before optional parts are left out (default 3). */
  readonly maxRefDepth?: number;
  /** Most items of a generated array or map beyond its minimum (default 3). */
  readonly extraItems?: number;
  /** Date-times fall within a year of this (epoch ms; default 2026-12-01), where servers accept them. */
  readonly now?: number;
}

const SAFE = Number.MAX_SAFE_INTEGER;

function types(schema: JsonSchema): string[] | undefined {
  const t = schema['type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t as string[];
  return undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const YEAR_S = 365 * 86_400;

/** Date-times within a year of `now`, to the second. */
const dateTimeNear = (now: number) =>
  fc.integer({ min: Math.floor(now / 1000) - YEAR_S, max: Math.floor(now / 1000) + YEAR_S }).map((s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z'));

/** A value valid for `schema` (as far as JSON Schema says; the server may still refuse it). */
export function arbitraryFromSchema(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const maxRefDepth = options.maxRefDepth ?? 3;
  const extra = options.extraItems ?? 3;
  const pool = options.pool ?? [];
  const hints = options.propertyHints ?? {};
  const dateTime = dateTimeNear(options.now ?? Date.UTC(2026, 11, 1));

  const go = (s: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    const ref = s['$ref'];
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      const target = options.components[name];
      if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
      return fc.constant(null).chain(() => go(target, depth + 1));
    }
    if ('const' in s) return fc.constant(s['const']);
    if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as unknown[]));
    const alternatives = (s['anyOf'] ?? s['oneOf']) as JsonSchema[] | undefined;
    if (alternatives !== undefined) return fc.oneof(...alternatives.map((a) => go(a, depth)));
    const ts = types(s);
    if (ts === undefined) return fc.jsonValue({ maxDepth: 2 });
    if (ts.length > 1) return fc.oneof(...ts.map((t) => go({ ...s, type: t }, depth)));
    switch (ts[0]) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'string':
        return stringArbitrary(s, pool, dateTime);
      case 'number': {
        const min = num(s['minimum']) ?? num(s['exclusiveMinimum']) ?? -1e12;
        const max = num(s['maximum']) ?? num(s['exclusiveMaximum']) ?? 1e12;
        const range = {
          minExcluded: s['exclusiveMinimum'] !== undefined,
          maxExcluded: s['exclusiveMaximum'] !== undefined,
          noNaN: true,
          noDefaultInfinity: true,
        };
        // Mostly numbers people send (scores, thresholds, counts), now and then any double in range.
        const lo = Math.max(min, -1000);
        const hi = Math.min(max, 1000);
        const everyday =
          lo < hi
            ? [
                {
                  arbitrary: fc
                    .double({ ...range, min: lo, max: hi })
                    .map((x) => Math.round(x * 1000) / 1000)
                    .filter((x) => x > min || (x === min && !range.minExcluded)),
                  weight: 3,
                },
              ]
            : [];
        return fc.oneof(...everyday, { arbitrary: fc.double({ ...range, min, max }), weight: 1 });
      }
      case 'integer': {
        const min = Math.max(-SAFE, Math.ceil(num(s['minimum']) ?? -SAFE));
        const max = Math.min(SAFE, Math.floor(num(s['maximum']) ?? SAFE));
        const small = fc.integer({ min: Math.max(min, -1000), max: Math.max(Math.min(max, 1000), Math.max(min, -1000)) });
        return fc.oneof({ arbitrary: small, weight: 3 }, fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number));
      }
      case 'array': {
        const items = (s['items'] ?? {}) as JsonSchema;
        const minLength = num(s['minItems']) ?? 0;
        const cap = depth >= maxRefDepth ? minLength : minLength + extra;
        const maxLength = Math.min(num(s['maxItems']) ?? cap, cap);
        return fc.array(go(items, depth), { minLength, maxLength });
      }
      case 'object':
        return objectArbitrary(s, depth);
      default:
        throw new Error(`unsupported JSON Schema type ${String(ts[0])}`);
    }
  };

  const objectArbitrary = (s: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    const properties = (s['properties'] ?? {}) as Record<string, JsonSchema>;
    const required = new Set((s['required'] ?? []) as string[]);
    const shallow = depth >= maxRefDepth;
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, p] of Object.entries(properties)) {
      if (shallow && !required.has(name)) continue;
      const hint = hints[name];
      fields[name] = hint === undefined ? go(p, depth) : fc.oneof({ arbitrary: hint, weight: 4 }, go(p, depth));
    }
    const known = fc.record(fields, { requiredKeys: Object.keys(fields).filter((k) => required.has(k)) });
    const additional = s['additionalProperties'];
    if (additional === undefined || additional === false || Object.keys(properties).length > 0) return known;
    const keys = stringArbitrary((s['propertyNames'] ?? { type: 'string' }) as JsonSchema, pool, dateTime, 'key');
    const values = go(additional === true ? {} : (additional as JsonSchema), depth);
    return fc.tuple(known, fc.dictionary(keys, values, { maxKeys: shallow ? 0 : extra })).map(([a, b]) => ({ ...b, ...a }));
  };

  return go(schema, 0);
}

/** A string for a string schema: a pool value it accepts, or one generated from its pattern or lengths. */
function stringArbitrary(s: JsonSchema, pool: readonly string[], dateTime: fc.Arbitrary<string>, role: 'value' | 'key' = 'value'): fc.Arbitrary<string> {
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as string[]));
  if (typeof s['const'] === 'string') return fc.constant(s['const']);
  const minLength = num(s['minLength']) ?? 0;
  const maxLength = num(s['maxLength']) ?? Infinity;
  const pattern = typeof s['pattern'] === 'string' ? new RegExp(s['pattern'], 'u') : undefined;
  const fits = (v: string) => v.length >= minLength && v.length <= maxLength && (pattern === undefined || pattern.test(v));
  let generated: fc.Arbitrary<string>;
  if (s['format'] === 'date-time') generated = dateTime;
  else if (s['format'] === 'uri') generated = fc.constantFrom('http://127.0.0.1:9/hook', 'https://example.invalid/hook');
  else if (pattern !== undefined) generated = fc.stringMatching(pattern).filter(fits);
  else generated = fc.string({ minLength, maxLength: Math.min(maxLength, minLength + (role === 'key' ? 8 : 16)) });
  const known = pool.filter(fits);
  return known.length === 0
    ? generated
    : fc.oneof({ arbitrary: fc.constantFrom(...known), weight: role === 'key' ? 3 : 4 }, { arbitrary: generated, weight: 1 });
}
