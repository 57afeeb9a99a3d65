// Typed errors for @vigil/stats: every bad argument names itself and what was expected.

/** Stable codes, so callers (the server, the CLI) can map them without parsing messages. */
export type StatsErrorCode = 'INVALID_ARGUMENT' | 'EMPTY_SAMPLE' | 'LENGTH_MISMATCH' | 'CORRUPT_INPUT';

/** Base class of every error @vigil/stats throws on purpose. */
export class StatsError extends Error {
  readonly code: StatsErrorCode;
  /** The argument at fault, as the caller named it (`x`, `fObs`, `yTrue[3]`). */
  readonly argument: string;
  /** What the argument should have been, in words. */
  readonly expected: string;

  constructor(code: StatsErrorCode, argument: string, expected: string, message?: string) {
    super(message ?? `${argument}: expected ${expected}`);
    this.name = 'StatsError';
    this.code = code;
    this.argument = argument;
    this.expected = expected;
  }
}

/** An argument has the wrong value or range (negative count, probability above 1, unknown option). */
export class InvalidArgumentError extends StatsError {
  constructor(argument: string, expected: string, got?: unknown) {
    super(
      'INVALID_ARGUMENT',
      argument,
      expected,
      got === undefined ? `${argument}: expected ${expected}` : `${argument}: expected ${expected}, got ${describe(got)}`,
    );
    this.name = 'InvalidArgumentError';
  }
}

/** A sample is empty (or holds only NaN) where at least `min` values are needed. */
export class EmptySampleError extends StatsError {
  constructor(argument: string, min = 1) {
    super('EMPTY_SAMPLE', argument, min === 1 ? 'a non-empty sample' : `at least ${min} non-NaN values`);
    this.name = 'EmptySampleError';
  }
}

/** Two arguments that must pair up element by element have different lengths. */
export class LengthMismatchError extends StatsError {
  constructor(argument: string, other: string, length: number, otherLength: number) {
    super(
      'LENGTH_MISMATCH',
      argument,
      `the same length as ${other} (${otherLength})`,
      `${argument}: expected the same length as ${other} (${otherLength}), got length ${length}`,
    );
    this.name = 'LengthMismatchError';
  }
}

/** Stored or received data (a persisted detector state, a decoded payload) is malformed. */
export class CorruptInputError extends StatsError {
  constructor(argument: string, expected: string, got?: unknown) {
    super(
      'CORRUPT_INPUT',
      argument,
      expected,
      got === undefined ? `${argument}: expected ${expected}` : `${argument}: expected ${expected}, got ${describe(got)}`,
    );
    this.name = 'CorruptInputError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return String(value);
}
