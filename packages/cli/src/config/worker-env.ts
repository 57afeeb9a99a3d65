// `VIGIL_WORKERS`, read once at the edge: the most worker threads a report may use (1 = single-threaded).

import { z } from 'zod';
import { UsageError } from '../errors.js';

const workerEnvSchema = z.object({ VIGIL_WORKERS: z.coerce.number().int().min(1).max(64).optional() });

export function workersFromEnv(env: NodeJS.ProcessEnv): { workers?: number } {
  const parsed = workerEnvSchema.safeParse({ VIGIL_WORKERS: env.VIGIL_WORKERS === '' ? undefined : env.VIGIL_WORKERS });
  if (!parsed.success) throw new UsageError('VIGIL_WORKERS', 'an integer from 1 to 64', JSON.stringify(env.VIGIL_WORKERS));
  return parsed.data.VIGIL_WORKERS === undefined ? {} : { workers: parsed.data.VIGIL_WORKERS };
}
