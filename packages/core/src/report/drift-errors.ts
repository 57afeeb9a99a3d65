// Typed errors of the drift preset: an unknown or inapplicable method, a column empty after
// cleaning, data a method cannot take. Each names the column (and method) at fault.

import { InvalidArgumentError } from '@vigil/stats';

/** A drift method cannot run on a column: unknown name, wrong column type, or data it refuses. */
export class DriftMethodError extends InvalidArgumentError {
  readonly column: string;
  readonly method: string;

  constructor(column: string, method: string, expected: string, got?: unknown) {
    super(`drift method "${method}" on column "${column}"`, expected, got);
    this.name = 'DriftMethodError';
    this.column = column;
    this.method = method;
  }
}

/** A column has no values left once missing and infinite values are dropped (Evidently refuses it too). */
export class EmptyDriftColumnError extends InvalidArgumentError {
  readonly column: string;
  readonly source: string | undefined;

  constructor(column: string, dataset: 'reference' | 'current', source: string | undefined) {
    super(`${source ?? dataset}: column "${column}"`, `at least one finite, non-missing value in the ${dataset} data`, 'none');
    this.name = 'EmptyDriftColumnError';
    this.column = column;
    this.source = source;
  }
}
