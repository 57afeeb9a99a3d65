// Slice filters (`slice=purpose:crypto`, repeatable, ANDed) on a model's features: checked against
// the schema once, then matched against each raw event's features.

import type { ModelSchema } from '@vigil/core';
import type { SegmentCondition } from '@vigil/wire';
import { BadRequestError } from '../errors.js';

/** Raw events a sliced query reads at most by default (the window's, oldest first); past them the query is refused. */
export const SLICE_EVENT_LIMIT = 200_000;

/** A checked slice condition: the feature and what its value must equal. */
interface SliceTest {
  feature: string;
  matches: (cell: unknown) => boolean;
}

/** Matches events' features against every condition of a checked filter. */
export class SliceFilter {
  private constructor(private readonly tests: readonly SliceTest[]) {}

  /**
   * Checks `conditions` against the model's features: an unknown feature, or a value its type cannot
   * hold (a numeric feature's non-number, a boolean's other than true/false), is a 400 naming
   * `query.slice`. A numeric feature matches the number exactly; the others match the value as text.
   */
  static of(schema: ModelSchema, conditions: readonly SegmentCondition[]): SliceFilter {
    const tests = conditions.map((c): SliceTest => {
      const type = Object.hasOwn(schema.features, c.key) ? schema.features[c.key] : undefined;
      if (type === undefined)
        throw new BadRequestError(
          `no feature "${c.key}" to slice by`,
          [{ path: 'query.slice', message: `feature:value with one of the model's features (${Object.keys(schema.features).join(', ')})` }],
          'UNKNOWN_FEATURE',
        );
      if (type === 'numeric') {
        const n = c.value.trim() === '' ? NaN : Number(c.value);
        if (!Number.isFinite(n))
          throw new BadRequestError(`"${c.value}" is not a value of the numeric feature "${c.key}"`, [
            { path: 'query.slice', message: `${c.key}:<a finite number>; a numeric feature matches the number exactly` },
          ]);
        return { feature: c.key, matches: (cell) => cell === n };
      }
      if (type === 'boolean' && c.value !== 'true' && c.value !== 'false')
        throw new BadRequestError(`"${c.value}" is not a value of the boolean feature "${c.key}"`, [
          { path: 'query.slice', message: `${c.key}:true or ${c.key}:false` },
        ]);
      return {
        feature: c.key,
        matches: (cell) => (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') && String(cell) === c.value,
      };
    });
    return new SliceFilter(tests);
  }

  /** Whether an event's features (parsed) hold every condition; a feature the event lacks holds none. */
  matches(features: Readonly<Record<string, unknown>>): boolean {
    return this.tests.every((t) => Object.hasOwn(features, t.feature) && t.matches(features[t.feature]));
  }
}

/** The refusal of a sliced query over a window with more raw events than it may read. */
export function sliceWindowTooLarge(limit: number): BadRequestError {
  return new BadRequestError(
    `a sliced query reads the window's raw events, at most ${limit} (querySliceMaxEvents), and this window holds more; narrow from/to`,
    [{ path: 'query.slice', message: `a window of at most ${limit} events (narrow from/to), or no slice` }],
    'SLICE_WINDOW_TOO_LARGE',
  );
}
