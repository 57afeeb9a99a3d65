// Text widths for ECharts' server-side layout. Without a canvas ECharts measures text with Arial's
// metrics, but a browser draws the SVG's `sans-serif` in its own font, often wider (DejaVu Sans on
// Linux, Verdana): labels laid out to the edge then spilled out of the picture and were cut
// ("ty (chisquare)"). Measuring on the wide side keeps every label inside in any of them.

/**
 * Width in pixels of `text` in the CSS `font` shorthand ECharts passes ("bolder 14px sans-serif"),
 * at least its width in DejaVu Sans or Verdana. Advance widths in em: narrow letters and
 * punctuation 0.45, capitals 0.8, m/w/M/W and anything outside ASCII 1, the rest (lower case,
 * digits) 0.65; bold 10 % more.
 */
export function measureText(text: string, font = ''): { width: number } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return { width: em * size * (/bold|[6-9]00/.test(font) ? 1.1 : 1) };
}

function charEm(ch: string): number {
  if (NARROW.includes(ch)) return 0.45;
  if (WIDE.includes(ch) || ch.charCodeAt(0) > 0x7e) return 1;
  if (ch >= 'A' && ch <= 'Z') return 0.8;
  return 0.65;
}

const NARROW = ' !"\'()*,-./:;I[]`fijlrt{|}';
const WIDE = '%@MWmw';
