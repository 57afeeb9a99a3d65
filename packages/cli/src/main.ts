// The `vigil` command line: commander parses flags, the config file fills the gaps, and every
// failure becomes one line on stderr with exit code 2 (bad input or usage) or 1 (a check failed).
// A command's modules are imported only when it runs: `vigil --help` and `--version` load commander
// and this file (main-imports.e2e.test.ts holds it so).

import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import type { CliIo } from './cli-io.js';
import { processIo } from './cli-io.js';
import { DRIFT_METHODS, PRESETS } from './config/drift-methods.js';
import type { CommandFlags } from './config/run-options.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';
import type { ServeFlags } from './serve/serve-command.js';

/** The CLI package's version (`vigil --version`); `../package.json` from `src/` and from `dist/` alike. */
const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

type SetExit = (code: number) => void;

/**
 * Commands whose definitions live with their modules (the server and the demo take about half a
 * second to import): registered in full only when named on the command line, otherwise listed by name.
 */
const COMMANDS_DEFINED_ELSEWHERE: Record<string, { summary: string; register: (program: Command, io: CliIo, setExit: SetExit) => Promise<void> }> = {
  serve: {
    summary: 'Run the Vigil server: ingest, storage, queries and /metrics.',
    async register(program, io, setExit) {
      const { addServeOptions, runServe } = await import('./serve/serve-command.js');
      addServeOptions(program.command('serve').description(this.summary).exitOverride()).action(async (flags: ServeFlags) =>
        setExit(await runServe(flags, io)),
      );
    },
  },
  agent: {
    summary: 'Report this host (CPU, memory, disks, network, GPUs through nvidia-smi) to a Vigil server every interval.',
    async register(program, io, setExit) {
      const { registerAgentCommand } = await import('./agent/agent-command.js');
      registerAgentCommand(program, io, setExit);
    },
  },
  experiment: {
    summary: 'Analyze an experiment from exposure and outcome files as the server does (vigil experiment analyze).',
    async register(program, io, setExit) {
      const { registerExperimentCommand } = await import('./experiment/experiment-command.js');
      registerExperimentCommand(program, io, setExit);
    },
  },
  power: {
    summary: 'Sample size, minimum detectable effect or power of an A/B test (the guide’s formula and GrowthBook’s calculator).',
    async register(program, io, setExit) {
      const { registerPowerCommand } = await import('./power/power-command.js');
      registerPowerCommand(program, io, setExit);
    },
  },
  audit: {
    summary: 'The tamper-evident audit log: `vigil audit verify --data <dir>` checks the stored entries against the signed tree heads.',
    async register(program, io, setExit) {
      const { registerAuditCommand } = await import('./governance/audit-command.js');
      registerAuditCommand(program, io, setExit);
    },
  },
  card: {
    summary: 'Write the model card of a model from live data (Markdown with Hugging Face front matter, HTML or JSON), or its post-market monitoring report.',
    async register(program, io, setExit) {
      const { registerCardCommand } = await import('./governance/card-command.js');
      registerCardCommand(program, io, setExit);
    },
  },
  demo: {
    summary: 'Start the server with a simulated credit-default model whose data drifts and whose accuracy falls (docs/demo.md).',
    async register(program, io, setExit) {
      const { registerDemoCommand } = await import('./demo/demo-command.js');
      registerDemoCommand(program, io, setExit);
    },
  },
};

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const setExit: SetExit = (code) => {
    exitCode = code;
  };
  const program = new Command('vigil')
    .description('Vigil: ML monitoring — the server, its demo, and batch drift, data quality and performance reports (Evidently-compatible).')
    .version(VERSION, '-V, --version', 'print the version of vigil')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined })
    .showHelpAfterError(false);

  for (const mode of ['report', 'check'] as const) {
    const command = program
      .command(mode)
      .description(
        mode === 'report'
          ? 'Compare current data with reference data and write JSON, HTML or Markdown reports.'
          : 'Like report, then evaluate conditions on the report: exit 0 when all pass, 1 when one fails, 2 on bad input.',
      )
      .exitOverride();
    addRunOptions(command);
    if (mode === 'check') {
      command
        .option('--check <spec>', "condition on a report value, e.g. 'drift.share lt 0.3' (repeatable; default: every preset's verdict)", collect)
        .option('--junit <file>', 'write the check results as JUnit XML');
    }
    command.action(async (flags: CommandFlags & { config?: string }) => {
      const [{ readConfigFile }, { resolveRunOptions }, { workersFromEnv }, { runReport }] = await Promise.all([
        import('./config/config-file.js'),
        import('./config/run-options.js'),
        import('./config/worker-env.js'),
        import('./run-command.js'),
      ]);
      const config = flags.config === undefined ? {} : await readConfigFile(flags.config);
      setExit(await runReport({ ...resolveRunOptions(flags, config), ...workersFromEnv(process.env) }, io, mode));
    });
  }

  const named = commandName(argv);
  for (const [name, command] of Object.entries(COMMANDS_DEFINED_ELSEWHERE)) {
    if (name === named) await command.register(program, io, setExit);
    else program.command(name).summary(command.summary);
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // `vigil` alone: commander has printed the help to stderr.
      if (error.code === 'commander.help') return EXIT_BAD_INPUT;
      io.stderr(`vigil: ${error.message.replace(/^error: /, '')}\n`);
      return EXIT_BAD_INPUT;
    }
    const { describeError } = await import('./describe-error.js');
    io.stderr(`${describeError(error)}\n`);
    return EXIT_BAD_INPUT;
  }
}

/** The command the arguments name (`vigil help <command>` names one too), if any. */
function commandName(argv: readonly string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

function addRunOptions(command: Command): void {
  command
    .option('--reference <file>', 'reference data: .csv, .ndjson/.jsonl or .parquet')
    .option('--current <file>', 'current data, same columns as the reference')
    .option('--config <file>', 'vigil.json with the same settings; flags override it')
    .option('--preset <list>', `comma-separated presets: ${PRESETS.join(', ')} (default: the presets --check names, else drift)`)
    .option('--delimiter <char>', 'field delimiter of CSV files: , ; tab | or another character (default: detected per file)')
    .option('--target <column>', 'target (ground truth) column')
    .option('--prediction <column>', 'predicted label or value column')
    .option('--prediction-proba-prefix <prefix>', 'probability columns: <prefix><class label>')
    .option('--prediction-proba <columns>', 'probability columns, named by their class labels')
    .option('--id <column>', 'row id column (not a feature)')
    .option('--timestamp <column>', 'timestamp column (not a feature)')
    .option('--segment <column>', 'segment column')
    .option('--numerical <columns>', 'treat these columns as numerical')
    .option('--categorical <columns>', 'treat these columns as categorical')
    .option('--text <columns>', 'treat these columns as text')
    .option('--datetime <columns>', 'treat these columns as datetime')
    .addOption(new Option('--method <name>', 'drift method for every column (Evidently registry name)').choices([...DRIFT_METHODS]))
    .option('--per-column-method <column=method>', 'drift method for one column (repeatable)', collect)
    .option('--threshold <x>', 'drift threshold for every column (p-value or distance)')
    .addOption(new Option('--correction <kind>', 'multiple-testing correction across p-value tests').choices(['bonferroni', 'bh']))
    .option('--drift-share <x>', 'share of drifted columns that means data set drift (default 0.5)')
    .option('--json <file>', 'write the report as JSON (docs/report-schema.md)')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--md <file>', 'write a short Markdown summary')
    .option('--no-progress', 'never draw a progress bar');
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
