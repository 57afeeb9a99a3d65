// `vigil power`: how many units an experiment needs, the smallest effect it can detect, or its
// power, from the command line. The flags say which question: --mde alone asks for the sample
// size; --users alone for the minimum detectable effect; --users with --effect for the power.

import { Option } from 'commander';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { EXIT_OK } from '../exit-codes.js';
import { answerPower } from './power-answers.js';
import type { EffectInput, PowerDesign, PowerMetricInput, PowerQuestion } from './power-answers.js';
import { powerText } from './power-text.js';

export interface PowerFlags {
  baselineRate?: string;
  mean?: string;
  stddev?: string;
  mde?: string;
  effect?: string;
  relative?: boolean;
  users?: string;
  alpha?: string;
  power?: string;
  variants?: string;
  alternative?: string;
  method?: string;
  sequential?: string | boolean;
  json?: boolean;
}

export function registerPowerCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('power')
    .description(
      'Sample size, minimum detectable effect or power of an A/B test, by the guide’s formula and GrowthBook’s calculator: --mde for the sample size per variant, --users for the MDE, --users with --effect for the power.',
    )
    .exitOverride()
    .option('--baseline-rate <p>', 'a proportion metric: the control’s conversion rate, in (0, 1)')
    .option('--mean <x>', 'a mean metric: the control’s mean (needed for relative effects and for GrowthBook’s calculator)')
    .option('--stddev <x>', 'a mean metric: its standard deviation')
    .option('--mde <x>', 'the effect to detect: answers the sample size per variant')
    .option('--users <n>', 'units in the whole experiment (all variants): answers the MDE, or with --effect the power')
    .option('--effect <x>', 'with --users: the effect whose power to compute')
    .option('--relative', '--mde and --effect are relative to the baseline (0.05 = +5 %); default: absolute (rate points, metric units)')
    .option('--alpha <a>', 'significance level (default 0.05)')
    .option('--power <p>', 'target power for the sample size and the MDE (default 0.8)')
    .option('--variants <k>', 'variants, control included; units split evenly (default 2)')
    .addOption(new Option('--alternative <kind>', 'the test’s alternative (default two-sided)').choices(['two-sided', 'greater', 'less']))
    .addOption(new Option('--method <name>', 'the guide’s variance for two proportions (default pooled)').choices(['pooled', 'unpooled', 'arcsine']))
    .option('--sequential [tuning]', 'GrowthBook’s sequential testing, with its N* tuning (default 5000)')
    .option('--json', 'print the answer as JSON')
    .action((flags: PowerFlags) => {
      const { design, question } = resolvePowerFlags(flags);
      const answer = answerPower(design, question);
      io.stdout(flags.json === true ? `${JSON.stringify(answer, null, 2)}\n` : powerText(answer));
      setExit(EXIT_OK);
    });
}

function numberFlag(text: string, flag: string, expected: string, ok: (v: number) => boolean): number {
  const v = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(v) || !ok(v)) throw new UsageError(flag, expected, text);
  return v;
}

const open01 = (v: number) => v > 0 && v < 1;

/** The design and the question the flags ask, checked: each fault is a UsageError naming its flag. */
export function resolvePowerFlags(flags: PowerFlags): { design: PowerDesign; question: PowerQuestion } {
  let metric: PowerMetricInput;
  if (flags.baselineRate !== undefined) {
    if (flags.mean !== undefined || flags.stddev !== undefined)
      throw new UsageError('--baseline-rate', 'either a rate (--baseline-rate) or a mean metric (--stddev, --mean), not both');
    metric = { kind: 'proportion', baselineRate: numberFlag(flags.baselineRate, '--baseline-rate', 'a rate in (0, 1)', open01) };
  } else if (flags.stddev !== undefined) {
    const stddev = numberFlag(flags.stddev, '--stddev', 'a standard deviation > 0', (v) => v > 0);
    metric =
      flags.mean === undefined
        ? { kind: 'mean', stddev }
        : { kind: 'mean', stddev, mean: numberFlag(flags.mean, '--mean', 'a mean other than 0', (v) => v !== 0) };
  } else {
    throw new UsageError('--baseline-rate', 'the metric: --baseline-rate for a rate, or --stddev (and --mean) for a mean metric');
  }
  const alpha = flags.alpha === undefined ? 0.05 : numberFlag(flags.alpha, '--alpha', 'a level in (0, 1)', open01);
  const power = flags.power === undefined ? 0.8 : numberFlag(flags.power, '--power', 'a power in (0, 1)', open01);
  if (flags.power !== undefined && power <= alpha) throw new UsageError('--power', `a power above alpha (${alpha})`, flags.power);
  const variants =
    flags.variants === undefined ? 2 : numberFlag(flags.variants, '--variants', 'a whole number of variants from 2', (v) => Number.isInteger(v) && v >= 2);
  let sequential: PowerDesign['sequential'] = null;
  if (flags.sequential !== undefined && flags.sequential !== false) {
    sequential = {
      tuning: flags.sequential === true ? 5000 : numberFlag(flags.sequential, '--sequential', 'a tuning N* > 0', (v) => v > 0),
    };
  }
  const design: PowerDesign = {
    metric,
    alpha,
    variants,
    alternative: (flags.alternative ?? 'two-sided') as PowerDesign['alternative'],
    method: (flags.method ?? 'pooled') as PowerDesign['method'],
    sequential,
  };

  const relative = flags.relative === true;
  if (relative && metric.kind === 'mean' && metric.mean === undefined) throw new UsageError('--relative', 'the baseline mean (--mean) for a relative effect');
  const effectOf = (text: string, flag: string): EffectInput => {
    const value = numberFlag(text, flag, 'an effect other than 0', (v) => v !== 0);
    if (metric.kind === 'proportion') {
      const p2 = relative ? metric.baselineRate * (1 + value) : metric.baselineRate + value;
      if (!open01(p2)) throw new UsageError(flag, `an effect that keeps the treatment’s rate in (0, 1) (it would be ${p2})`, text);
    }
    return { value, relative };
  };
  const usersOf = (text: string) => numberFlag(text, '--users', 'a number of units ≥ the number of variants', (v) => v >= variants);

  if (flags.users === undefined) {
    if (flags.effect !== undefined) throw new UsageError('--effect', 'with --users (the power of that many units to detect it); for a sample size give --mde');
    if (flags.mde === undefined) throw new UsageError('--mde', 'the question: --mde (sample size), --users (MDE), or --users with --effect (power)');
    return { design, question: { kind: 'sampleSize', effect: effectOf(flags.mde, '--mde'), power } };
  }
  if (flags.mde !== undefined)
    throw new UsageError('--mde', 'no --mde with --users: give --effect for the power of --users units, or leave --users out for a sample size');
  const users = usersOf(flags.users);
  if (flags.effect !== undefined) {
    if (flags.power !== undefined) throw new UsageError('--power', 'no target power when the power is asked (--users with --effect)');
    return { design, question: { kind: 'power', users, effect: effectOf(flags.effect, '--effect') } };
  }
  return { design, question: { kind: 'mde', users, power } };
}
