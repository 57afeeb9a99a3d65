// docs/configuration.md stays true: every environment variable the server reads, and every config
// key, has its row; the table is exactly the one generated from the schema (keys, defaults, doc
// comments), ENV_KEYS and the flags of `vigil serve` (`npm run docs:config` rewrites it).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, serverConfigSchema } from '@vigil/server';
import { addServeOptions } from '../packages/cli/src/serve/serve-command.js';
import { configurationTable, documentedTable, durationText, settings } from './configuration-table.js';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'configuration.md'), 'utf8');

describe('docs/configuration.md', () => {
  it('names every environment variable and every config key', () => {
    for (const env of Object.keys(ENV_KEYS)) expect(doc, env).toContain(`\`${env}\``);
    for (const key of Object.keys(serverConfigSchema.shape)) expect(doc, key).toContain(`\`${key}\``);
  });

  it('holds the settings table generated from the schema, ENV_KEYS and the flags (else run npm run docs:config)', async () => {
    const documented = documentedTable(doc);
    expect(documented, 'the configuration-table markers are missing').toBeDefined();
    expect(documented).toBe(await configurationTable());
  });

  it('has a doc comment for every setting in the schema, which becomes its meaning', () => {
    for (const s of settings()) expect(s.meaning, `${s.key} has no doc comment in packages/server/src/config.ts`).not.toBe('');
  });

  it('maps every flag of vigil serve but --config and --alerting to a setting', () => {
    const keys = new Set(Object.keys(serverConfigSchema.shape));
    const flags = addServeOptions(new Command('serve')).options.map((o) => o.attributeName());
    for (const flag of flags) if (flag !== 'config' && flag !== 'alerting') expect(keys.has(flag), `--${flag} sets no config key`).toBe(true);
    expect(settings().filter((s) => s.flag !== undefined).length).toBe(flags.length - 2);
  });

  it('writes durations as config files and flags do', () => {
    expect(durationText(300_000)).toBe('5m');
    expect(durationText(30 * 86_400_000)).toBe('30d');
    expect(durationText(1000)).toBe('1s');
    expect(durationText(250)).toBe('250ms');
    expect(settings().find((s) => s.key === 'retention')!.default).toBe('`30d`');
  });
});
