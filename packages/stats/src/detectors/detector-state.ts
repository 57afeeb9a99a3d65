// Reading and writing persisted detector states. JSON has no ±Infinity (DDM's p_min, PageHinkley's
// min⁺ start there) and loses -0, so those are written as strings and read back exactly.

import { CorruptInputError, StatsError } from '../errors.js';
import type { DetectorState, DetectorType } from './drift-detector.js';

/** The state format version written by every detector in this folder. */
export const STATE_VERSION = 1;

/** A number as JSON can carry it: finite numbers as themselves, the rest as strings. */
export type EncodedNumber = number | 'Infinity' | '-Infinity' | '-0';

export function encodeNumber(v: number): EncodedNumber {
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return v;
}

export function encodeNumbers(values: ArrayLike<number>): EncodedNumber[] {
  const out: EncodedNumber[] = new Array<EncodedNumber>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = encodeNumber(values[i] as number);
  return out;
}

function decodeNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (v === '-0') return -0;
  return undefined;
}

/** Validating access to the fields of a persisted state; every failure is a CorruptInputError. */
export class StateReader {
  private readonly fields: Readonly<Record<string, unknown>>;

  constructor(state: unknown, type: DetectorType) {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new CorruptInputError('state', 'a detector state object', state);
    }
    this.fields = state as Record<string, unknown>;
    if (this.fields['type'] !== type) throw new CorruptInputError('state.type', `'${type}'`, this.fields['type']);
    if (this.fields['version'] !== STATE_VERSION) {
      throw new CorruptInputError('state.version', `${STATE_VERSION}`, this.fields['version']);
    }
  }

  /** The stored options, or a CorruptInputError when they are not an object. */
  options(): Readonly<Record<string, unknown>> {
    const o = this.fields['options'];
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new CorruptInputError('state.options', 'an options object', o);
    return o as Record<string, unknown>;
  }

  /** Builds the detector from the stored options, reporting bad options as corruption. */
  construct<T>(build: (options: Readonly<Record<string, unknown>>) => T): T {
    const options = this.options();
    try {
      return build(options);
    } catch (e) {
      if (e instanceof StatsError && !(e instanceof CorruptInputError)) {
        // Option errors name `options.<key>`; the stored options live at `state.options.<key>`.
        const key = e.argument.startsWith('options.') ? e.argument.slice('options.'.length) : e.argument;
        throw new CorruptInputError(`state.options.${key}`, e.expected, options[key]);
      }
      throw e;
    }
  }

  /** Any non-NaN number, ±Infinity included. */
  number(name: string): number {
    const v = decodeNumber(this.fields[name]);
    if (v === undefined) throw new CorruptInputError(`state.${name}`, 'a number', this.fields[name]);
    return v;
  }

  /** A finite number. */
  finite(name: string): number {
    const v = this.number(name);
    if (!Number.isFinite(v)) throw new CorruptInputError(`state.${name}`, 'a finite number', v);
    return v;
  }

  /** An integer in [min, max]. */
  integer(name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.fields[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new CorruptInputError(`state.${name}`, `an integer in [${min}, ${max}]`, v);
    }
    return v;
  }

  boolean(name: string): boolean {
    const v = this.fields[name];
    if (typeof v !== 'boolean') throw new CorruptInputError(`state.${name}`, 'a boolean', v);
    return v;
  }

  /** An array of numbers (encoded as by `encodeNumbers`), optionally all finite. */
  numbers(name: string, finite = true): number[] {
    const v = this.fields[name];
    if (!Array.isArray(v)) throw new CorruptInputError(`state.${name}`, 'an array of numbers', v);
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) {
      const d = decodeNumber(v[i]);
      if (d === undefined || (finite && !Number.isFinite(d))) {
        throw new CorruptInputError(`state.${name}[${i}]`, finite ? 'a finite number' : 'a number', v[i]);
      }
      out[i] = d;
    }
    return out;
  }

  /** A nested object, read with its own reader-like checks by the caller. */
  object(name: string): Readonly<Record<string, unknown>> {
    const v = this.fields[name];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new CorruptInputError(`state.${name}`, 'an object', v);
    return v as Record<string, unknown>;
  }

  /** The raw field, for callers with their own checks. */
  raw(name: string): unknown {
    return this.fields[name];
  }
}

/** The envelope every detector writes. */
export function stateOf(type: DetectorType, options: Readonly<Record<string, unknown>>, fields: Record<string, unknown>): DetectorState {
  return { type, version: STATE_VERSION, options: { ...options }, ...fields };
}
