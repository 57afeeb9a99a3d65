// `vigil demo`: the server plus a living, drifting model (docs/demo.md). `npm start` runs it.

import type { Command } from 'commander';
import { dashboardDistDir } from '@vigil/dashboard';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { addServeOptions, resolveServeConfig, untilSignal } from '../serve/serve-command.js';
import type { ServeFlags } from '../serve/serve-command.js';
import { startDemo } from './run-demo.js';

export interface DemoFlags extends ServeFlags {
  speed?: string;
  seed?: string;
}

export function registerDemoCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addServeOptions(
    program
      .command('demo')
      .description('Start the server with a simulated credit-default model whose data drifts and whose accuracy falls (docs/demo.md).')
      .exitOverride(),
  )
    .option('--speed <x>', 'simulated seconds per real second while the story plays (default 60: one simulated hour per real minute); then real time')
    .option('--seed <n>', 'seed of the story (default 1)')
    .action(async (flags: DemoFlags) => {
      const { speed: speedText, seed: seedText, ...serveFlags } = flags;
      const speed = speedText === undefined ? 60 : Number(speedText);
      if (!(Number.isFinite(speed) && speed > 0 && speed <= 100_000))
        throw new UsageError('--speed', 'a number of simulated seconds per real second in (0, 100000]', speedText);
      const seed = seedText === undefined ? 1 : Number(seedText);
      if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new UsageError('--seed', 'a non-negative 32-bit integer', seedText);
      const config = await resolveServeConfig(serveFlags, process.env, { logLevel: 'warn' });
      const demo = await startDemo({ server: config, speed, seed, dashboardDir: dashboardDistDir() }, io);
      await untilSignal();
      await demo.stop();
      setExit(0);
    });
}
