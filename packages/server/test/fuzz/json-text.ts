// JSON text for hostile request bodies: JSON.stringify cannot write a NaN token, a 400-digit number
// or an own `__proto__` key built by assignment, so values carry `RawJson` leaves written verbatim.

/** A leaf written into the JSON text as it is (`NaN`, `1e999`, `[[[…]]]`). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object with `key` as an own, enumerable property, even when the key is `__proto__`. */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/**
 * Writes `value` as JSON text; `RawJson` leaves go in verbatim, `undefined` properties are left
 * out. Iterative, so values nested thousands deep (a fuzz input) do not overflow the stack.
 */
export function toJsonText(value: unknown): string {
  const parts: string[] = [];
  // Work items: a value to write, or text to append once its siblings are done.
  const stack: ({ readonly text: string } | { readonly value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('text' in item) {
      parts.push(item.text);
      continue;
    }
    const v = item.value;
    if (v instanceof RawJson) {
      parts.push(v.text);
    } else if (Array.isArray(v)) {
      parts.push('[');
      stack.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i] === undefined ? null : v[i] });
        if (i > 0) stack.push({ text: ',' });
      }
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.keys(v)
        .map((k) => [k, (v as Record<string, unknown>)[k]] as const)
        .filter(([, x]) => x !== undefined);
      parts.push('{');
      stack.push({ text: '}' });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        stack.push({ value: x });
        stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` });
      }
    } else {
      parts.push(v === undefined ? 'null' : (JSON.stringify(v) ?? 'null'));
    }
  }
  return parts.join('');
}
