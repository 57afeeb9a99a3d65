// `vigil power`'s answer as text for a terminal: the question in one sentence, the design, and one
// line per method.

import type { Effect, MethodResult, PowerAnswer } from './power-answers.js';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function num(v: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

function pct(v: number, digits = 2): string {
  return `${(v * 100).toFixed(digits)} %`;
}

const signed = (text: string, v: number) => (v > 0 ? `+${text}` : text);

function effectText(e: Effect): string {
  const relative = e.relative === null ? '' : ` (${signed(pct(e.relative), e.relative)} relative)`;
  return `${signed(num(e.absolute), e.absolute)}${relative}`;
}

function metricText(a: PowerAnswer): string {
  const m = a.design.metric;
  if (m.kind === 'proportion') return `a rate of ${num(m.baselineRate)}`;
  return `a mean${m.mean === undefined ? '' : ` of ${num(m.mean)}`} with standard deviation ${num(m.stddev)}`;
}

function designText(a: PowerAnswer): string {
  const d = a.design;
  const sided = d.alternative === 'two-sided' ? 'two-sided' : `one-sided, ${d.alternative}`;
  const parts = [`α = ${num(d.alpha)} (${sided})`];
  if (a.power !== null) parts.push(`power ${num(a.power)}`);
  parts.push(`${d.variants} variants`);
  if (d.sequential !== null) parts.push(`sequential (tuning ${count.format(d.sequential.tuning)})`);
  return parts.join(', ');
}

function answerText(r: MethodResult): string {
  const a = r.answer;
  if (a === null) return `no answer: ${r.note ?? ''}`;
  switch (a.kind) {
    case 'sampleSize':
      return `${count.format(a.perVariant)} per variant, ${count.format(a.total)} in all`;
    case 'mde':
      return `${num(a.absolute)} absolute${a.relative === null ? '' : ` (${pct(a.relative)} relative)`}`;
    case 'power':
      return `${num(a.power)} (${pct(a.power, 1)})`;
  }
}

export function powerText(a: PowerAnswer): string {
  const perVariant = a.users === null ? '' : decimal.format(a.users.perVariant);
  const users = a.users === null ? '' : `${count.format(a.users.total)} users (${perVariant} per variant)`;
  const head =
    a.question === 'sampleSize'
      ? `Sample size per variant to detect ${effectText(a.effect!)} on ${metricText(a)}`
      : a.question === 'mde'
        ? `Minimum detectable effect with ${users} on ${metricText(a)}`
        : `Power to detect ${effectText(a.effect!)} with ${users} on ${metricText(a)}`;
  const rows: [string, MethodResult][] = [
    ['guide', a.guide],
    ['GrowthBook', a.growthbook],
  ];
  const answers = rows.map(([, r]) => answerText(r));
  const width = Math.max(0, ...answers.filter((_, i) => rows[i]![1].answer !== null).map((s) => s.length));
  const lines = rows.map(([name, r], i) => {
    if (r.answer === null) return `  ${name.padEnd(10)}  ${answers[i]!}`;
    const note = r.note === undefined ? '' : `; ${r.note}`;
    return `  ${name.padEnd(10)}  ${answers[i]!.padEnd(width)}   (${r.formula}${note})`;
  });
  return `${head}\nwith ${designText(a)}:\n\n${lines.join('\n')}\n`;
}
