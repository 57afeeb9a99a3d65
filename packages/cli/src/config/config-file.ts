// The `--config vigil.json` file: validated once with zod, paths resolved against the file's folder.
// Every field is optional; flags given on the command line override it.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { DRIFT_METHODS, PRESETS } from './drift-methods.js';

const columnList = z.array(z.string().min(1));

export const configFileSchema = z
  .object({
    reference: z.string().min(1),
    current: z.string().min(1),
    presets: z.array(z.enum(PRESETS)).min(1),
    delimiter: z.string().min(1),
    mapping: z
      .object({
        target: z.string().min(1),
        prediction: z.string().min(1),
        predictionProbabilities: z.union([columnList, z.record(z.string(), z.string().min(1))]),
        predictionProbaPrefix: z.string().min(1),
        id: z.string().min(1),
        timestamp: z.string().min(1),
        segment: z.string().min(1),
        numerical: columnList,
        categorical: columnList,
        text: columnList,
        datetime: columnList,
      })
      .partial()
      .strict(),
    drift: z
      .object({
        method: z.enum(DRIFT_METHODS),
        perColumnMethod: z.record(z.string(), z.enum(DRIFT_METHODS)),
        threshold: z.number().positive(),
        perColumnThreshold: z.record(z.string(), z.number().positive()),
        correction: z.enum(['bonferroni', 'bh']),
        driftShare: z.number().gt(0).lte(1),
      })
      .partial()
      .strict(),
    checks: z.array(z.string().min(1)),
    output: z
      .object({ json: z.string().min(1), html: z.string().min(1), md: z.string().min(1), junit: z.string().min(1) })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;

export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError('--config', 'a readable JSON file', `${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${path}`, 'valid JSON', (error as Error).message);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (issue?.code === 'unrecognized_keys') {
      // zod says only "Unrecognized key": name the key, and the keys this place takes.
      const place = issue.path.length > 0 ? `--config ${path}: ${at}` : `--config ${path}`;
      const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
      throw new UsageError(place, `one of the keys ${allowedKeys(issue.path).join(', ')}`, `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`);
    }
    throw new UsageError(`--config ${path}: ${at}`, issue?.message ?? 'a valid configuration');
  }
  return resolvePaths(parsed.data, dirname(path));
}

/** The keys the config object at `path` takes (its place in `configFileSchema`). */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = configFileSchema;
  for (const key of path) schema = objectOf(schema)?.shape[String(key)];
  return Object.keys(objectOf(schema)?.shape ?? {});
}

function objectOf(schema: z.ZodType | undefined): z.ZodObject | undefined {
  while (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodObject ? schema : undefined;
}

function resolvePaths(config: ConfigFile, base: string): ConfigFile {
  const at = (path: string | undefined): string | undefined => (path === undefined ? undefined : resolve(base, path));
  const output = config.output && Object.fromEntries(Object.entries(config.output).map(([key, value]) => [key, at(value)]));
  return {
    ...config,
    ...(config.reference !== undefined && { reference: at(config.reference) as string }),
    ...(config.current !== undefined && { current: at(config.current) as string }),
    ...(output && { output }),
  };
}
