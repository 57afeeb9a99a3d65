// How a class label becomes the string key the performance accumulators count it under, and the
// order in which classes are listed.

import { InvalidArgumentError } from '@vigil/stats';

/**
 * The key of a label: strings as they are, booleans as '1' (true) and '0' (false), numbers as
 * `String(n)` (so 1, 1.0, '1' and true are one class). Anything else, NaN and ±∞ throw.
 */
export function labelKey(value: unknown, name: string): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? '1' : '0';
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidArgumentError(name, 'a finite number, a string or a boolean label', value);
      return String(value);
    default:
      throw new InvalidArgumentError(name, 'a string, number or boolean label', value);
  }
}

/**
 * Class keys in scikit-learn's `unique_labels` order: numerically when every key reads as a
 * number (labels were numbers), else by UTF-16 code units (labels were strings).
 */
export function sortLabels(keys: Iterable<string>): string[] {
  const out = Array.from(new Set(keys));
  const numeric = out.every((k) => k.trim() !== '' && Number.isFinite(Number(k)));
  if (numeric) return out.sort((a, b) => Number(a) - Number(b));
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
