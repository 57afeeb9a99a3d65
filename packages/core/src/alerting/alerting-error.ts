// The one error the alerting core throws on bad configuration (a malformed matcher, a negative
// duration, an unknown template function): it names the field path, so the API can answer 400.

import { InvalidArgumentError } from '@vigil/stats';

/** Columns (in code points, end exclusive) of the offending text inside the field's value. */
export interface TextPosition {
  start: number;
  end: number;
}

/**
 * A rule, route, silence, matcher or template that cannot be used. `path` is the field as the
 * caller named it (`route.routes[1].matchers[0]`, `annotations.summary`), `expected` says what
 * should have been there, and `position` points into the field's text when it was parsed.
 */
export class AlertingConfigError extends InvalidArgumentError {
  readonly path: string;
  readonly position: TextPosition | undefined;
  /** The problem without the path, e.g. Alertmanager's `0:1: unexpected ,: expected label name`. */
  readonly detail: string;

  constructor(path: string, expected: string, detail?: string, position?: TextPosition) {
    super(path, expected);
    this.name = 'AlertingConfigError';
    this.path = path;
    this.position = position;
    this.detail = detail ?? `expected ${expected}`;
    this.message = `${path}: ${this.detail}`;
  }
}
