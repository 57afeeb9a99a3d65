// Text widths for ECharts' server-side layout. Without a canvas ECharts measures text with Arial's
// metrics, but a browser draws the SVG's `sans-serif` in its own font, often wider (DejaVu Sans on
// Linux, Verdana): labels laid out to the edge then spilled out of the picture and were cut
// ("ty (chisquare)"). Measuring on the wide side (core's `labelWidth`, which the charts lay out
// their labels with) keeps every label inside in any of them.

import { labelWidth } from '@vigil/core';

/** Width in pixels of `text` in the CSS `font` shorthand ECharts passes ("bolder 14px sans-serif"); bold 10 % more. */
export function measureText(text: string, font = ''): { width: number } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  return { width: labelWidth(text, size) * (/bold|[6-9]00/.test(font) ? 1.1 : 1) };
}
