// One line for any failure: input errors as `vigil: <file>:<row>:<column>: <what>`, core's typed
// errors mapped to the same shape where they name a table, everything else with its message.

import { InvalidValueError, MissingColumnError } from '@vigil/core';
import { InputError } from '@vigil/tables';

/** Data row 0 of a core error is this file row (CSV headers take row 1); set as files load. */
const firstDataRowBySource = new Map<string, number>();

export function registerSource(source: string, firstDataRow: number): void {
  firstDataRowBySource.set(source, firstDataRow);
}

export function describeError(error: unknown): string {
  if (error instanceof InputError) return `vigil: ${error.message}`;
  if (error instanceof InvalidValueError && error.source !== undefined) {
    const row = error.row + (firstDataRowBySource.get(error.source) ?? 1);
    return `vigil: ${error.source}:${row}:${error.column}: expected ${error.expected}${gotPart(error.message)}`;
  }
  if (error instanceof MissingColumnError && error.source !== undefined) {
    return `vigil: ${error.source}:1:${error.column}: ${error.argument} is not in the file`;
  }
  if (error instanceof Error) return `vigil: ${firstLine(error.message)}`;
  return `vigil: ${String(error)}`;
}

function gotPart(message: string): string {
  const at = message.lastIndexOf(', got ');
  return at < 0 ? '' : message.slice(at);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
