// What zod cannot check of an infrastructure monitor: its host pattern compiles as RE2.

import { Re2SyntaxError, compileAnchoredRe2 } from '@vigil/core';
import type { MonitorConfig } from '@vigil/wire';
import { ValidationError } from '../errors.js';

export function checkInfrastructureMonitor(config: Extract<MonitorConfig, { type: 'infrastructure' }>): void {
  if (config.host === undefined) return;
  try {
    compileAnchoredRe2(config.host);
  } catch (e) {
    if (!(e instanceof Re2SyntaxError)) throw e;
    throw new ValidationError(`host: not an RE2 pattern (${e.message})`, [{ path: 'host', message: `an RE2 pattern of host names (${e.message})` }]);
  }
}
