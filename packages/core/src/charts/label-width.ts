// How much room an axis label needs, estimated on the wide side: charts decide from it whether
// category labels fit side by side or must turn, and how much taller the chart gets for them.

/**
 * Width in pixels of `text` at `fontSize`, at least its width in DejaVu Sans or Verdana (the widest
 * common `sans-serif` fonts; Arial's metrics, which ECharts assumes without a canvas, run 10–40 %
 * narrower). Advance widths in em: narrow letters and punctuation 0.45, capitals 0.8, m/w/M/W and
 * anything outside ASCII 1, everything else (lower case, digits) 0.65.
 */
export function labelWidth(text: string, fontSize = 12): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * fontSize;
}

function charEm(ch: string): number {
  if (NARROW.includes(ch)) return 0.45;
  if (WIDE.includes(ch) || ch.charCodeAt(0) > 0x7e) return 1;
  if (ch >= 'A' && ch <= 'Z') return 0.8;
  return 0.65;
}

const NARROW = ' !"\'()*,-./:;I[]`fijlrt{|}';
const WIDE = '%@MWmw';

export interface CategoryLabelLayout {
  /** The category axis' `axisLabel`: every label shown, turned or wrapped when they would collide. */
  axisLabel: { interval: 0; rotate: number; width?: number; overflow?: 'break' };
  /** How far the labels reach away from the axis line, in pixels (the chart grows by what it lacks). */
  depth: number;
}

/** Labels wider than this wrap onto more lines (whole, never cut). */
const MAX_LABEL_WIDTH = 180;

/**
 * Every category label of a horizontal category axis `axisLength` pixels long: level when the
 * widest fits its slot, at 45° while slots leave a line's height between turned labels, else
 * upright. ECharts' default interval would drop labels that overlap, which is how a new category
 * lost its name.
 */
export function categoryLabelLayout(labels: readonly string[], axisLength: number, fontSize = 12): CategoryLabelLayout {
  const widest = Math.max(0, ...labels.map((label) => labelWidth(label, fontSize)));
  const width = Math.min(widest, MAX_LABEL_WIDTH);
  const lines = widest > MAX_LABEL_WIDTH ? Math.ceil(widest / MAX_LABEL_WIDTH) : 1;
  const wrap = widest > MAX_LABEL_WIDTH ? { width: MAX_LABEL_WIDTH, overflow: 'break' as const } : {};
  const slot = axisLength / Math.max(1, labels.length);
  const lineHeight = fontSize * 1.3;
  if (widest <= slot - 6) return { axisLabel: { interval: 0, rotate: 0 }, depth: lineHeight };
  const block = lines * lineHeight;
  if (slot * Math.SQRT1_2 >= block + 2) return { axisLabel: { interval: 0, rotate: 45, ...wrap }, depth: (width + block) * Math.SQRT1_2 };
  // Upright labels wrap only where the slot has room for the lines side by side.
  if (slot >= block + 2) return { axisLabel: { interval: 0, rotate: 90, ...wrap }, depth: width };
  return { axisLabel: { interval: 0, rotate: 90 }, depth: widest };
}
