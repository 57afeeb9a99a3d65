// The HTML report as `vigil report --html` writes it, read as a browser shows it: the drift chart's
// measure and threshold, every category named, no row ids or timestamps drawn, hover texts, and no
// label drawn past its picture's edge in a font wider than ECharts assumes (Chromium, DejaVu Sans).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';

const BIN = new URL('../../bin/vigil.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-html-'));

function vigil(...args: string[]): { code: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stderr: result.stderr };
}

// Seven purposes and a new one: eight long labels, too many to lie side by side.
const PURPOSES = ['debt_consolidation', 'home_improvement', 'credit_card', 'major_purchase', 'small_business', 'medical', 'car'];

/** Rows with an id, a timestamp, a stable number, and `x` and `purpose` that drift (a new purpose, "crypto", in current only). */
function csv(name: string, n: number, drift: boolean): string {
  const rows = ['id,ts,b,x,purpose'];
  for (let i = 0; i < n; i++) {
    const u = (i * 0.618033988749895) % 1;
    const x = Math.sqrt(-2 * Math.log(1 - (0.5 + 0.999 * (u - 0.5)))) * Math.cos(2 * Math.PI * ((i * 0.7548776662466927) % 1)) + (drift ? 1.5 : 0);
    const purpose = drift && i % 5 === 0 ? 'crypto' : PURPOSES[i % PURPOSES.length];
    // Ten-minute stamps, four rows each: typed categorical (stamps that never repeat are typed text).
    const ts = new Date(Date.UTC(2024, 0, drift ? 8 : 1) + Math.floor(i / 4) * 600_000).toISOString();
    rows.push(`${(drift ? 10_000 : 0) + i},${ts},${((i * 0.5698402909980532) % 1).toFixed(6)},${x.toFixed(6)},${purpose}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

const reference = csv('ref.csv', 400, false);
const current = csv('cur.csv', 300, true);

function report(name: string, ...flags: string[]): string {
  const html = join(dir, name);
  const result = vigil('report', '--reference', reference, '--current', current, '--html', html, ...flags);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return readFileSync(html, 'utf8');
}

const svgs = (page: string): string[] => page.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

/** The drift chart's bars: hover text and drawn length in pixels. */
function bars(svg: string): { title: string; length: number }[] {
  return [...svg.matchAll(/<path d="M[-\d.]+ [-\d.]+l([-\d.]+) 0[^"]*"[^>]*ecmeta_ssr_type="chart"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({
    title: m[2]!,
    length: Number(m[1]),
  }));
}

/** Run in the page (this package has no DOM types): each text drawn past its SVG's edge, with where it is. */
const TEXTS_OUTSIDE_THEIR_SVG = `[...document.querySelectorAll('svg')].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')]
    .map((text) => ({ text: text.textContent, r: text.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5))
    .map(({ text, r }) => text + ' [' + Math.round(r.left - box.left) + ', ' + Math.round(r.right - box.left) + '] of ' + Math.round(box.width));
})`;

describe('vigil report --html', () => {
  let page = '';
  let browser: Browser | undefined;
  beforeAll(async () => {
    page = report('report.html');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws drift on a scale where the drifted columns have the longest bars, past a threshold line, and names the measure', () => {
    const drift = svgs(page)[0]!;
    expect(texts(drift)).toEqual(expect.arrayContaining(['p = 0.05', 'drifted', 'not drifted', 'x (ks)', 'purpose (chisquare)', 'b (ks)']));
    // The axis title names the measure (and, p = 0 being off any scale, where bars stop).
    expect(texts(drift)).toContain('−log10 p-value; bars stop at 14');
    const byColumn = Object.fromEntries(bars(drift).map((bar) => [bar.title.slice(0, bar.title.indexOf(':')), bar]));
    expect(byColumn['x (ks)']!.title).toMatch(/^x \(ks\): p-value [\d.]+e-\d+, threshold 0\.05, drifted$/);
    expect(byColumn['purpose (chisquare)']!.title).toMatch(/, drifted$/);
    expect(byColumn['b (ks)']!.title).toMatch(/, not drifted$/);
    const threshold = Number(/<path d="M([\d.]+) [\d.]+L[\d.]+ [\d.]+"[^>]*stroke-dasharray/.exec(drift)![1]);
    const axisStart = Math.min(...[...drift.matchAll(/<path d="M([\d.]+) [\d.]+l[\d.]+ 0/g)].map((m) => Number(m[1])));
    // Today's main drew p-values, so the drifted columns' bars had length 0.
    expect(axisStart + byColumn['x (ks)']!.length).toBeGreaterThanOrEqual(threshold);
    expect(axisStart + byColumn['purpose (chisquare)']!.length).toBeGreaterThanOrEqual(threshold);
    expect(axisStart + byColumn['b (ks)']!.length).toBeLessThan(threshold);
  });

  it('names every category under its bars, the new one ("crypto") too, and gives each bar a hover text', () => {
    const purpose = svgs(page).find((svg) => texts(svg).includes('purpose'))!;
    const drawn = texts(purpose);
    for (const category of [...PURPOSES, 'crypto']) expect(drawn).toContain(category);
    expect(purpose).toContain('<title>crypto: 0% of reference</title>');
    expect(purpose).toMatch(/<title>crypto: 20% of current<\/title>/);
  });

  it('draws no distribution for the id and the timestamp column, mapped or not, and says so', () => {
    const mapped = report('mapped.html', '--id', 'id', '--timestamp', 'ts');
    for (const html of [page, mapped]) {
      const titles = svgs(html)
        .slice(1)
        .map((svg) => texts(svg).at(-1));
      expect(titles).not.toContain('id');
      expect(titles).not.toContain('ts');
      expect(
        svgs(html)
          .slice(1)
          .some((svg) => texts(svg).includes('x')),
      ).toBe(true);
      expect(html).toContain('Not drawn: <code>id</code> (row id), <code>ts</code> (timestamp).');
    }
  });

  it('keeps every label inside its chart in a browser whose sans-serif is wider than ECharts assumes', async () => {
    const tab = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await tab.setContent(page);
      // DejaVu Sans, Linux's usual sans-serif, runs up to 40 % wider than the Arial metrics ECharts lays out by.
      await tab.addStyleTag({ content: 'svg text { font-family: "DejaVu Sans" !important; }' });
      const outside = await tab.evaluate<string[]>(TEXTS_OUTSIDE_THEIR_SVG);
      expect(outside).toEqual([]);
      // The hover text is the browser's own: the bar's <title> child.
      const hovers = await tab.evaluate<string[]>(`[...document.querySelectorAll('svg path > title')].map((title) => title.textContent)`);
      expect(hovers).toContainEqual(expect.stringMatching(/^x \(ks\): p-value .*, drifted$/));
    } finally {
      await tab.close();
    }
  });
});
