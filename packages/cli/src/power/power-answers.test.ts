// `vigil power` held to known answers: fixtures/power-answers.json, written by fixtures/gen_power_answers.py from
// the published formulas with SciPy (the guide's sample size, MDE and power in closed form;
// GrowthBook's power, MDE and the smallest sample size reaching the target power).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { answerPower } from './power-answers.js';
import type { MethodAnswer } from './power-answers.js';
import { resolvePowerFlags } from './power-command.js';
import type { PowerFlags } from './power-command.js';

interface Case {
  flags: PowerFlags;
  expected: {
    guide: { perVariant?: number; perVariantExact?: number; absolute?: number; relative?: number | null; power?: number };
    growthbook: { perVariant?: number; absolute?: number; relative?: number; power?: number } | null;
  };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/power-answers.json', import.meta.url), 'utf8')) as { cases: Case[] };

function near(actual: number | null | undefined, expected: number, tol: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

function check(answer: MethodAnswer | null, expected: Case['expected']['guide'], what: string): void {
  expect(answer, what).not.toBeNull();
  const a = answer!;
  switch (a.kind) {
    case 'sampleSize':
      expect(a.perVariant, what).toBe(expected.perVariant);
      if (expected.perVariantExact !== undefined) near(a.perVariantExact, expected.perVariantExact, 1e-9, what);
      break;
    case 'mde':
      near(a.absolute, expected.absolute!, 1e-9, what);
      if (expected.relative === null || expected.relative === undefined) expect(a.relative, what).toBeNull();
      else near(a.relative, expected.relative, 1e-9, what);
      break;
    case 'power':
      // The guide's power is found by bisection on its sample-size formula: exact to ~1e-12.
      near(a.power, expected.power!, 1e-9, what);
      break;
  }
}

describe('vigil power: known answers (SciPy)', () => {
  it('has cases of every question and method', () => {
    const kinds = fixture.cases.map((c) => resolvePowerFlags(c.flags).question.kind);
    expect(new Set(kinds)).toEqual(new Set(['sampleSize', 'mde', 'power']));
    expect(fixture.cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of fixture.cases) {
    const what = JSON.stringify(c.flags);
    it(what, () => {
      const { design, question } = resolvePowerFlags(c.flags);
      const answer = answerPower(design, question);
      check(answer.guide.answer, c.expected.guide, `${what} guide`);
      if (c.expected.growthbook === null) {
        expect(answer.growthbook.answer, `${what} GrowthBook`).toBeNull();
        expect(answer.growthbook.note).toBeTruthy();
      } else check(answer.growthbook.answer, c.expected.growthbook, `${what} GrowthBook`);
      if (answer.question === 'sampleSize') {
        const a = answer.guide.answer as Extract<MethodAnswer, { kind: 'sampleSize' }>;
        expect(a.total).toBe(a.perVariant * design.variants);
      }
    });
  }
});

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), stderrIsTTY: false, stderrColumns: 80 };
  return main(args, io).then((code) => ({ code, out, err }));
}

describe('vigil power on the command line', () => {
  it('answers a sample size as text and as JSON', async () => {
    const text = await run(['power', '--baseline-rate', '0.1', '--mde', '0.05']);
    expect(text.code).toBe(0);
    const first = fixture.cases[0]!;
    expect(first.flags).toEqual({ baselineRate: '0.1', mde: '0.05', method: 'pooled' });
    expect(text.out).toContain(`guide       ${first.expected.guide.perVariant!.toLocaleString('en-US')} per variant`);
    expect(text.out).toContain(`GrowthBook  ${first.expected.growthbook!.perVariant!.toLocaleString('en-US')} per variant`);
    const json = await run(['power', '--baseline-rate', '0.1', '--mde', '0.05', '--json']);
    const parsed = JSON.parse(json.out) as ReturnType<typeof answerPower>;
    expect(parsed.question).toBe('sampleSize');
    expect(parsed.guide.answer).toMatchObject({ kind: 'sampleSize', perVariant: first.expected.guide.perVariant, total: 2 * first.expected.guide.perVariant! });
    expect(parsed.effect).toEqual({ absolute: 0.05, relative: 0.5 });
  });

  it('answers the MDE and the power', async () => {
    const mde = await run(['power', '--stddev', '20', '--mean', '80', '--users', '2000', '--alpha', '0.1', '--json']);
    const expected = fixture.cases.find((c) => c.flags.users === '2000' && c.flags.mean === '80')!.expected;
    const a = JSON.parse(mde.out) as ReturnType<typeof answerPower>;
    expect(a.question).toBe('mde');
    check(a.guide.answer, expected.guide, 'guide MDE');
    check(a.growthbook.answer, expected.growthbook!, 'GrowthBook MDE');
    const power = await run(['power', '--stddev', '20', '--users', '1000', '--effect', '3']);
    expect(power.code).toBe(0);
    expect(power.out).toMatch(/^Power to detect \+3 with 1,000 users \(500 per variant\)/);
    expect(power.out).toContain('GrowthBook  no answer: ');
  });

  it('refuses a design it cannot answer with exit code 2, naming the flag', async () => {
    const cases: [string[], string][] = [
      [['power', '--mde', '0.05'], '--baseline-rate'],
      [['power', '--baseline-rate', '1.5', '--mde', '0.05'], '--baseline-rate: expected a rate in (0, 1), got 1.5'],
      [['power', '--baseline-rate', '0.1'], '--mde'],
      [['power', '--baseline-rate', '0.1', '--mde', '0.95'], '--mde: expected an effect that keeps the treatment’s rate in (0, 1)'],
      [['power', '--baseline-rate', '0.1', '--mde', '0.01', '--users', '1000'], '--mde'],
      [['power', '--baseline-rate', '0.1', '--effect', '0.01'], '--effect'],
      [['power', '--stddev', '3', '--mde', '0.1', '--relative'], '--relative'],
      [['power', '--baseline-rate', '0.1', '--mde', '0.01', '--variants', '1'], '--variants'],
      [['power', '--baseline-rate', '0.1', '--mde', '0.01', '--alpha', '0.2', '--power', '0.1'], '--power'],
      [['power', '--baseline-rate', '0.1', '--mde', 'x'], '--mde'],
      [['power', '--baseline-rate', '0.1', '--mde', '0.01', '--method', 'exact'], "'--method <name>' argument 'exact' is invalid"],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err, args.join(' ')).toContain(message);
    }
  });
});
