// Options objects of every public function and detector: a misspelt key is an error rather than a
// silent default, and each option is read and range-checked once, naming itself (`options.<key>`).

import { InvalidArgumentError } from './errors.js';

/**
 * Throws unless `options` is undefined or a plain object whose keys are all in `allowed`, and
 * returns it (`{}` when undefined) for the readers below.
 */
export function checkOptionKeys(options: unknown, allowed: readonly string[]): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError('options', 'an options object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const known = allowed.length === 0 ? 'none' : allowed.join(', ');
      throw new InvalidArgumentError(`options.${key}`, `one of the known options (${known})`);
    }
  }
  return options as Record<string, unknown>;
}

/** The values a numeric option may take; every bound is optional. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** When true, `min` itself is not allowed. */
  readonly minExclusive?: boolean;
  /** When true, `max` itself is not allowed. */
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

function describeRange(r: NumberRange): string {
  const kind = r.integer ? 'an integer' : 'a finite number';
  if (r.min !== undefined && r.max !== undefined) {
    return `${kind} in ${r.minExclusive ? '(' : '['}${r.min}, ${r.max}${r.maxExclusive ? ')' : ']'}`;
  }
  if (r.min !== undefined) return `${kind} ${r.minExclusive ? '>' : '≥'} ${r.min}`;
  if (r.max !== undefined) return `${kind} ${r.maxExclusive ? '<' : '≤'} ${r.max}`;
  return kind;
}

/** A finite numeric option within `range`, or `fallback` when it is absent (`undefined`). */
export function numberOption(options: Readonly<Record<string, unknown>>, name: string, fallback: number, range: NumberRange = {}): number {
  const v = options[name];
  if (v === undefined) return fallback;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!range.integer || Number.isSafeInteger(v)) &&
    (range.min === undefined || (range.minExclusive ? v > range.min : v >= range.min)) &&
    (range.max === undefined || (range.maxExclusive ? v < range.max : v <= range.max));
  if (!ok) throw new InvalidArgumentError(`options.${name}`, describeRange(range), v);
  return v;
}

/** A boolean option, or `fallback` when it is absent (`undefined`). */
export function booleanOption(options: Readonly<Record<string, unknown>>, name: string, fallback: boolean): boolean {
  const v = options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new InvalidArgumentError(`options.${name}`, 'true or false', v);
  return v;
}
