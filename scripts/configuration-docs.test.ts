// docs/configuration.md stays true: every environment variable the server reads, and every config
// key, has its row.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, serverConfigSchema } from '@vigil/server';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'configuration.md'), 'utf8');

describe('docs/configuration.md', () => {
  it('names every environment variable and every config key', () => {
    for (const env of Object.keys(ENV_KEYS)) expect(doc, env).toContain(`\`${env}\``);
    for (const key of Object.keys(serverConfigSchema.shape)) expect(doc, key).toContain(`\`${key}\``);
  });
});
