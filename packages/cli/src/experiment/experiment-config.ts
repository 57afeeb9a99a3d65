// The experiment's definition for `vigil experiment analyze --config experiment.json`: the body of
// `POST /v1/experiments`, or what `GET /v1/experiments/{name}` answers (its status is kept), checked
// with @vigil/wire's schema so a file the server refuses is refused here, naming the field.

import { readFile } from 'node:fs/promises';
import { createExperimentSchema, EXPERIMENT_STATUSES, experimentSchema } from '@vigil/wire';
import type { ExperimentConfig, ExperimentStatus } from '@vigil/wire';
import type { z } from 'zod';
import { UsageError } from '../errors.js';

export interface ExperimentDefinition {
  config: ExperimentConfig;
  status: ExperimentStatus;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length === 0 ? '' : `${issuePath(i.path)}: `}${i.message}`).join('; ');
}

/** A GET answer has these fields, which a definition cannot have; they are dropped (the status is kept). */
const INFO_ONLY = ['status', 'units', 'conflicts', 'createdAt', 'updatedAt', 'stoppedAt'] as const;

/** The definition in `value` (parsed JSON), or a UsageError naming `--config` and the field at fault. */
export function parseExperimentDefinition(value: unknown, file: string): ExperimentDefinition {
  let input = value;
  let status: ExperimentStatus = 'running';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'status' in value && 'createdAt' in value) {
    const info = experimentSchema.safeParse(value);
    if (!info.success) throw new UsageError('--config', `an experiment definition (${file}: ${describeIssues(info.error)})`);
    status = info.data.status;
    const body: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const k of INFO_ONLY) delete body[k];
    // An answer writes absent options as null; a definition leaves them out.
    for (const k of ['key', 'sequential', 'cuped', 'description']) if (body[k] === null) delete body[k];
    input = body;
  }
  const parsed = createExperimentSchema.safeParse(input);
  if (!parsed.success) throw new UsageError('--config', `an experiment definition as POST /v1/experiments takes it (${file}: ${describeIssues(parsed.error)})`);
  if (!(EXPERIMENT_STATUSES as readonly string[]).includes(status)) status = 'running';
  return { config: parsed.data, status };
}

export async function readExperimentDefinition(file: string): Promise<ExperimentDefinition> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError('--config', 'a readable JSON file', `${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError('--config', 'a JSON file', `${file}: ${(error as Error).message}`);
  }
  return parseExperimentDefinition(value, file);
}
