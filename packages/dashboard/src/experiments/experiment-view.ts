// How the experiment pages say an experiment's numbers: effects with their sign (percent for a
// relative lift), intervals, p-values and chances to win, the decision and the SRM check in words.
// The browser test reads the page through these same functions.

import type { ExperimentComparison, ExperimentResults, GuardrailResult } from '@vigil/wire';
import { formatValue } from '../format/format-number.js';

type Difference = ExperimentResults['difference'];

const MINUS = '\u2212';

function signed(text: string, v: number): string {
  if (v > 0) return `+${text}`;
  if (v < 0) return `${MINUS}${text.replace(/^-/, '')}`;
  return text;
}

/** A relative lift as a signed percentage with two decimals (0.0321 → `+3.21 %`); an absolute difference signed, to four significant digits. */
export function formatEffect(v: number | null | undefined, difference: Difference): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (difference === 'relative') {
    const pct = v * 100;
    // −0.004 % reads as 0.00 %, with no sign.
    return Math.abs(pct) < 0.005 ? '0.00 %' : signed(`${Math.abs(pct).toFixed(2)} %`, pct);
  }
  return signed(formatValue(Math.abs(v)), v);
}

export function formatInterval(ci: readonly [number, number] | null | undefined, difference: Difference): string {
  if (ci === null || ci === undefined) return '—';
  return `[${formatEffect(ci[0], difference)}, ${formatEffect(ci[1], difference)}]`;
}

/** p-values to three significant digits; below 0.0001 as `< 0.0001`. */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 1e-4) return '< 0.0001';
  return String(Number(p.toPrecision(3)));
}

/** A chance to win as a percentage with one decimal. */
export function formatChance(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return `${(p * 100).toFixed(1)} %`;
}

/** A share of units (a weight, an observed split) as a percentage with one decimal. */
export function formatShare(p: number): string {
  return Number.isFinite(p) ? `${(p * 100).toFixed(1)} %` : '—';
}

export const DECISION_TEXT: Record<ExperimentResults['decision']['action'], string> = {
  ship: 'Ship',
  rollback: 'Roll back',
  keep_running: 'Keep running',
  inconclusive: 'Inconclusive',
};

/** The decision in a few words: `Ship b`, `Keep running`. */
export function decisionText(decision: ExperimentResults['decision']): string {
  const action = DECISION_TEXT[decision.action];
  return decision.variant === null ? action : `${action} ${decision.variant}`;
}

export type SrmState = 'mismatch' | 'ok' | 'not-checked';

export function srmState(srm: ExperimentResults['srm']): SrmState {
  if (!srm.checked) return 'not-checked';
  return srm.mismatch ? 'mismatch' : 'ok';
}

export const SRM_TEXT: Record<SrmState, string> = {
  mismatch: 'Sample ratio mismatch',
  ok: 'Split as designed',
  'not-checked': 'Too few units to check',
};

/** What the comparison says in words: the verdict with the metric's direction respected. */
export function verdictText(c: Pick<ExperimentComparison, 'direction' | 'note'>): string {
  if (c.note !== undefined) return c.note;
  switch (c.direction) {
    case 'better':
      return 'better';
    case 'worse':
      return 'worse';
    case 'none':
      return 'no significant difference';
  }
}

export const GUARDRAIL_TEXT: Record<GuardrailResult['status'], string> = {
  ok: 'OK',
  failing: 'Failing',
  no_data: 'Not enough data',
};

/** Observed share of each variant's units, beside its weight. */
export function splitRows(
  units: ExperimentResults['units'],
  weights: ReadonlyMap<string, number>,
): { name: string; n: number; observed: number; expected: number | undefined }[] {
  return units.variants.map((v) => ({ name: v.name, n: v.n, observed: units.total === 0 ? Number.NaN : v.n / units.total, expected: weights.get(v.name) }));
}
