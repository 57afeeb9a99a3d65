// docs/configuration.md's table of server settings, generated from the sources that define them:
// the keys, defaults and doc comments of `serverConfigSchema` (packages/server/src/config.ts), the
// environment variables of `ENV_KEYS` and the flags of `vigil serve`. `npm run docs:config` rewrites
// the table; scripts/configuration-docs.test.ts fails when the file and the sources disagree.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { format, resolveConfig } from 'prettier';
import ts from 'typescript';
import { ENV_KEYS, serverConfigSchema } from '@vigil/server';
import { addServeOptions } from '../packages/cli/src/serve/serve-command.js';

const ROOT = join(import.meta.dirname, '..');
export const CONFIG_SOURCE = join(ROOT, 'packages', 'server', 'src', 'config.ts');
export const CONFIGURATION_DOC = join(ROOT, 'docs', 'configuration.md');
export const TABLE_START = '<!-- configuration-table:start — generated from packages/server/src/config.ts by `npm run docs:config`; do not edit -->';
export const TABLE_END = '<!-- configuration-table:end -->';

export interface SettingDoc {
  key: string;
  env: string[];
  flag: string | undefined;
  default: string;
  meaning: string;
}

/** Each config key's doc comment, and whether it is a duration setting, read from the schema's source. */
function schemaComments(): Map<string, { comment: string; duration: boolean }> {
  const source = ts.createSourceFile(CONFIG_SOURCE, readFileSync(CONFIG_SOURCE, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out = new Map<string, { comment: string; duration: boolean }>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'serverConfigSchema' && node.initializer !== undefined) {
      const call = node.initializer;
      const literal = ts.isCallExpression(call) ? call.arguments[0] : undefined;
      if (literal === undefined || !ts.isObjectLiteralExpression(literal)) throw new Error('serverConfigSchema is no longer z.strictObject({ … })');
      for (const prop of literal.properties) {
        if (!ts.isPropertyAssignment(prop)) continue;
        const docs = ts.getJSDocCommentsAndTags(prop).filter(ts.isJSDoc);
        const comment = docs
          .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim();
        out.set(prop.name.getText(), { comment, duration: /^duration\(/.test(prop.initializer.getText()) });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Milliseconds as the largest whole unit (`300000` → `5m`), as config files and flags write durations. */
export function durationText(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function defaultText(value: unknown, duration: boolean): string {
  if (value === undefined) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `\`${value.join(',')}\``;
  if (typeof value === 'number' && duration) return `\`${durationText(value)}\``;
  return `\`${String(value)}\``;
}

/** Every setting, in the schema's order. */
export function settings(): SettingDoc[] {
  const comments = schemaComments();
  const flags = new Map<string, string>();
  for (const option of addServeOptions(new Command('serve')).options) flags.set(option.attributeName(), option.flags.split(' ')[0]!);
  return Object.entries(serverConfigSchema.shape).map(([key, schema]) => {
    const parsed = (schema as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(undefined);
    const doc = comments.get(key);
    return {
      key,
      env: Object.entries(ENV_KEYS)
        .filter(([, k]) => k === key)
        .map(([name]) => name),
      flag: flags.get(key),
      default: defaultText(parsed.success ? parsed.data : undefined, doc?.duration ?? false),
      meaning: doc?.comment ?? '',
    };
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The table as docs/configuration.md holds it (between the markers), formatted by the repository's Prettier settings. */
export async function configurationTable(): Promise<string> {
  const rows = settings().map((s) =>
    [
      `\`${s.key}\``,
      s.env.length === 0 ? '(config file only)' : s.env.map((e) => `\`${e}\``).join(', '),
      s.flag === undefined ? '—' : `\`${s.flag}\``,
      s.default,
      cell(s.meaning),
    ].join(' | '),
  );
  const markdown = [
    '| config key | environment variable | flag | default | what it does |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
  const options = (await resolveConfig(CONFIGURATION_DOC)) ?? {};
  return (await format(markdown, { ...options, parser: 'markdown' })).trim();
}

/** The table docs/configuration.md holds now. */
export function documentedTable(doc: string = readFileSync(CONFIGURATION_DOC, 'utf8')): string | undefined {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start + TABLE_START.length, end).trim();
}

if (process.argv.includes('--write')) {
  const doc = readFileSync(CONFIGURATION_DOC, 'utf8');
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md has no ${TABLE_START} … ${TABLE_END} block`);
  writeFileSync(CONFIGURATION_DOC, `${doc.slice(0, start + TABLE_START.length)}\n\n${await configurationTable()}\n\n${doc.slice(end)}`);
  process.stdout.write('docs/configuration.md: the settings table is rewritten from packages/server/src/config.ts\n');
}
