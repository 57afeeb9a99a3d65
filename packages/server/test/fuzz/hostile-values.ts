// What a careless or hostile client sends: strings with NUL, lone surrogates, direction marks and
// path tricks; numbers at and past every limit (and tokens JSON.parse reads as Infinity or that
// are not JSON at all); prototype keys; deep nesting; and mutations that turn a valid value into
// an almost valid one (a field dropped, one added, one of the wrong type).

import fc from 'fast-check';
import { RawJson, withOwnKey } from './json-text.js';

/** Keys that trip code which treats objects as maps. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

/** Strings no identifier should contain, and a few that look like another kind of thing. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'a\udfffb',
      '\u202eevil',
      '\ufeff',
      'e\u0301',
      '😀',
      '\u{10ffff}',
      '../../etc/passwd',
      '..',
      '.',
      'a/b',
      'a\\b',
      "m1'; DROP TABLE models;--",
      '" OR 1=1 --',
      '%00',
      '%',
      '${7*7}',
      '<script>alert(1)</script>',
      '\r\nX-Injected: 1',
      'NaN',
      'Infinity',
      '-0',
      '1e999',
      'null',
      'true',
      '[]',
      '{}',
      ...PROTOTYPE_KEYS,
    ),
    weight: 8,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 3 },
  { arbitrary: fc.constantFrom(300, 5000, 70_000).map((n) => 'x'.repeat(n)), weight: 1 },
);

/** Numbers at the edges, and JSON number tokens past them. */
export const hostileNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    -1e-300,
    5e-324,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    8.64e15 + 1,
    1e21,
  ),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1e-400', '1'.repeat(400), '123456789012345678901234567890').map((t) => new RawJson(t)),
  fc.double(),
  fc.integer(),
);

/** Nesting far past anything the API takes, written as text so building it costs nothing. */
export const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom(64, 1000, 3000, 20_000), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => new RawJson(open.repeat(depth) + (open === '[' ? ']'.repeat(depth) : '1' + '}'.repeat(depth))));

/** Any value of the wrong kind for a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 4 },
  fc.constantFrom(null, true, false, [], {}, [null], { '': null }),
  { arbitrary: deepNesting, weight: 1 },
  fc.constantFrom(...PROTOTYPE_KEYS).map((k) => withOwnKey({}, k, { polluted: true })),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A key to add to an object: one the schema does not know. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString, fc.string({ maxLength: 6 }));

/** One change to a JSON value, at a place picked by `at` (an index into its places, modulo). */
export type Mutation =
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'nest'; readonly at: number; readonly depth: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: hostileKey, value: hostileValue }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(10, 200, 3000) }), weight: 1 },
);

type Place = { readonly parent: Record<string, unknown> | unknown[] | undefined; readonly key: string | number; readonly value: unknown };

/** Every place in `value`, the root first, parents before children. */
function places(value: unknown): Place[] {
  const out: Place[] = [{ parent: undefined, key: '', value }];
  for (let i = 0; i < out.length && out.length < 10_000; i++) {
    const v = out[i]!.value;
    if (v instanceof RawJson) continue;
    if (Array.isArray(v)) v.forEach((item, k) => out.push({ parent: v, key: k, value: item }));
    else if (typeof v === 'object' && v !== null)
      for (const k of Object.keys(v)) out.push({ parent: v as Record<string, unknown>, key: k, value: (v as Record<string, unknown>)[k] });
  }
  return out;
}

/**
 * The same shape again and again: `{...node, [field]: [{...node, [field]: [...]}]}` along an array
 * field of an object (the routing tree's `routes`), or the value wrapped in arrays.
 */
function nested(node: unknown, depth: number): unknown {
  if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
    const field = Object.keys(node).find((k) => Array.isArray((node as Record<string, unknown>)[k]));
    if (field !== undefined) {
      let out: Record<string, unknown> = { ...(node as Record<string, unknown>), [field]: [] };
      for (let i = 0; i < depth; i++) out = { ...(node as Record<string, unknown>), [field]: [out] };
      return out;
    }
  }
  let out: unknown = node;
  for (let i = 0; i < depth; i++) out = [out];
  return out;
}

/** `value` (a fresh copy) with each mutation applied in turn. */
export function applyMutations(value: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredCloneKeepingRaw(value);
  for (const m of mutations) {
    const all = places(root);
    const place = all[m.at % all.length]!;
    const set = (v: unknown) => {
      if (place.parent === undefined) root = v;
      else if (Array.isArray(place.parent)) place.parent[place.key as number] = v;
      else withOwnKey(place.parent, place.key as string, v);
    };
    switch (m.kind) {
      case 'replace':
        set(m.value);
        break;
      case 'drop':
        if (place.parent === undefined) root = undefined;
        else if (Array.isArray(place.parent)) place.parent.splice(place.key as number, 1);
        else delete place.parent[place.key as string];
        break;
      case 'add': {
        const target = typeof place.value === 'object' && place.value !== null && !(place.value instanceof RawJson) ? place.value : undefined;
        if (Array.isArray(target)) target.push(m.value);
        else if (target !== undefined) withOwnKey(target as Record<string, unknown>, m.key, m.value);
        else set({ [m.key]: m.value });
        break;
      }
      case 'nest':
        set(nested(place.value, m.depth));
        break;
    }
  }
  return root;
}

function structuredCloneKeepingRaw(v: unknown): unknown {
  if (v instanceof RawJson || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(structuredCloneKeepingRaw);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) withOwnKey(out, k, structuredCloneKeepingRaw((v as Record<string, unknown>)[k]));
  return out;
}
