// `vigil card <model>`: the model card (or the post-market monitoring report) of a model, from a
// running server's API, in Markdown (default, with Hugging Face YAML front matter), HTML or JSON.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.js';

export interface CardFlags {
  url?: string;
  key?: string;
  format?: string;
  report?: string;
  from?: string;
  to?: string;
  out?: string;
}

export function registerCardCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('card <model>')
    .description('Write the model card of <model> from live data (or, with --report post-market, its post-market monitoring report).')
    .option('--url <server>', 'the Vigil server, e.g. http://vigil:8080 (or VIGIL_URL)')
    .option('--key <key>', 'an API key with read scope (or VIGIL_KEY)')
    .option('--format <format>', 'md (Markdown with Hugging Face YAML front matter), html or json', 'md')
    .option('--report <kind>', 'card or post-market', 'card')
    .option('--from <time>', 'start of the window (ISO 8601 or epoch ms; default 30 days before --to)')
    .option('--to <time>', 'end of the window (default now)')
    .option('--out <file>', 'write to this file instead of stdout')
    .exitOverride()
    .action(async (model: string, flags: CardFlags) => setExit(await runCard(model, flags, io, process.env)));
}

export async function runCard(model: string, flags: CardFlags, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const url = flags.url ?? env['VIGIL_URL'];
  const key = flags.key ?? env['VIGIL_KEY'];
  if (url === undefined) {
    io.stderr('vigil: card: --url: the Vigil server URL (or set VIGIL_URL)\n');
    return EXIT_BAD_INPUT;
  }
  if (key === undefined) {
    io.stderr('vigil: card: --key: an API key with read scope (or set VIGIL_KEY)\n');
    return EXIT_BAD_INPUT;
  }
  const format = flags.format ?? 'md';
  if (!['md', 'html', 'json'].includes(format)) {
    io.stderr(`vigil: card: --format: md, html or json (got ${format})\n`);
    return EXIT_BAD_INPUT;
  }
  const report = flags.report ?? 'card';
  if (!['card', 'post-market'].includes(report)) {
    io.stderr(`vigil: card: --report: card or post-market (got ${report})\n`);
    return EXIT_BAD_INPUT;
  }
  const q = new URLSearchParams({ format, report });
  if (flags.from !== undefined) q.set('from', flags.from);
  if (flags.to !== undefined) q.set('to', flags.to);
  const target = `${url.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(model)}/card?${q.toString()}`;
  let res: Response;
  try {
    res = await fetch(target, { headers: { authorization: `Bearer ${key}` } });
  } catch (e) {
    io.stderr(`vigil: card: cannot reach ${url}: ${(e as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  const text = await res.text();
  if (res.status !== 200) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      // not the error shape
    }
    io.stderr(`vigil: card: ${res.status}: ${message}\n`);
    return EXIT_BAD_INPUT;
  }
  const body = format === 'json' ? `${JSON.stringify(JSON.parse(text), null, 2)}\n` : text;
  if (flags.out === undefined) io.stdout(body);
  else writeFileSync(flags.out, body);
  return EXIT_OK;
}
