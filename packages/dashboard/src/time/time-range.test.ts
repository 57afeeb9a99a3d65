import { describe, expect, it } from 'vitest';
import {
  autoStep,
  firstDataAt,
  fitToData,
  fitsToData,
  formatDurationText,
  heatmapStep,
  heatmapStepNote,
  parseDurationText,
  parseView,
  resolveRange,
  stepOf,
  viewSearch,
} from './time-range.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('the view in the query string', () => {
  it('defaults to the auto range (the last 24 hours from their first data) with an automatic step', () => {
    expect(parseView('')).toEqual({ range: { kind: 'relative', preset: 'auto', ms: D }, step: 'auto' });
    expect(parseView('?range=nonsense&step=soon')).toEqual({ range: { kind: 'relative', preset: 'auto', ms: D }, step: 'auto' });
    expect(parseView('?range=auto')).toEqual(parseView(''));
    // "Last 24 hours" is still there, whole, for whoever picks it.
    expect(parseView('?range=24h').range).toEqual({ kind: 'relative', preset: '24h', ms: D });
    expect(fitsToData(parseView('').range)).toBe(true);
    expect(fitsToData(parseView('?range=24h').range)).toBe(false);
    expect(fitsToData(parseView('?from=1000&to=5000').range)).toBe(false);
  });

  it('reads presets, absolute ranges (ISO or epoch ms) and steps', () => {
    expect(parseView('?range=7d&step=1h')).toEqual({ range: { kind: 'relative', preset: '7d', ms: 7 * D }, step: H });
    expect(parseView('?from=2026-11-27T08:00:00Z&to=2026-11-27T14:00:00Z&step=15m')).toEqual({
      range: { kind: 'absolute', from: Date.UTC(2026, 10, 27, 8), to: Date.UTC(2026, 10, 27, 14) },
      step: 15 * M,
    });
    expect(parseView('?from=1000&to=5000').range).toEqual({ kind: 'absolute', from: 1000, to: 5000 });
    // An empty or reversed range is no range: the default applies.
    expect(parseView('?from=5000&to=1000').range).toEqual({ kind: 'relative', preset: 'auto', ms: D });
  });

  it('writes what it reads', () => {
    for (const search of ['?range=auto', '?range=30d', '?range=1h&step=5m', '?from=2026-11-27T08%3A00%3A00.000Z&to=2026-11-27T14%3A00%3A00.000Z&step=1d']) {
      expect(viewSearch(parseView(search))).toBe(search);
    }
  });

  it('resolves relative ranges against the given clock', () => {
    expect(resolveRange({ kind: 'relative', preset: '6h', ms: 6 * H }, 10 * D)).toEqual({ from: 10 * D - 6 * H, to: 10 * D });
    expect(resolveRange({ kind: 'absolute', from: 1, to: 2 }, 10 * D)).toEqual({ from: 1, to: 2 });
  });
});

describe('the auto range: from the first data on', () => {
  const now = Date.UTC(2026, 10, 27, 14);
  const day = { from: now - D, to: now };
  const volume = (counts: [hoursAgo: number, count: number | null][]) => counts.map(([h, value]) => ({ t: new Date(now - h * H).toISOString(), value }));

  it('finds the first step with predictions, whatever the order of the points', () => {
    expect(
      firstDataAt(
        volume([
          [5, 0],
          [3, 120],
          [2, null],
          [1, 80],
        ]),
      ),
    ).toBe(now - 3 * H);
    expect(
      firstDataAt(
        volume([
          [1, 80],
          [3, 120],
          [4, 0],
        ]),
      ),
    ).toBe(now - 3 * H);
    expect(
      firstDataAt(
        volume([
          [5, 0],
          [2, null],
        ]),
      ),
    ).toBeUndefined();
    expect(firstDataAt([])).toBeUndefined();
  });

  it('starts at the first data when the data span is shorter than the range, and ends now', () => {
    // The demo three hours in: the charts span those three hours, not 24 with 21 empty.
    expect(fitToData(day, now - 3 * H)).toEqual({ from: now - 3 * H, to: now });
    // Data from before the range, or none at all: the whole range.
    expect(fitToData(day, now - 2 * D)).toEqual(day);
    expect(fitToData(day, undefined)).toEqual(day);
    // The end is always now: traffic that has stopped shows as the gap it is.
    expect(fitToData(day, now - 20 * H)).toEqual({ from: now - 20 * H, to: now });
  });

  it('keeps at least an hour (or the whole range when it is shorter)', () => {
    expect(fitToData(day, now - 5 * M)).toEqual({ from: now - H, to: now });
    expect(fitToData(day, now - 2 * M, 30 * M)).toEqual({ from: now - 30 * M, to: now });
    expect(fitToData({ from: now - 20 * M, to: now }, now - 5 * M)).toEqual({ from: now - 20 * M, to: now });
  });

  it('then gets the finer automatic step of its span', () => {
    const { from, to } = fitToData(day, now - 3 * H);
    expect(stepOf(parseView(''), to - from)).toBe(5 * M);
  });
});

describe('steps', () => {
  it('picks the finest nice step that keeps at most 240 columns', () => {
    expect(autoStep(H)).toBe(5 * M); // 12 columns
    expect(autoStep(6 * H)).toBe(5 * M); // 72
    expect(autoStep(D)).toBe(10 * M); // 144 (5 min would give 288)
    expect(autoStep(7 * D)).toBe(H); // 168
    expect(autoStep(30 * D)).toBe(3 * H); // 240
    expect(autoStep(365 * D)).toBe(2 * D); // 183
    expect(autoStep(10_000 * D)).toBe(7 * D); // the coarsest, even past 240
    expect(stepOf({ range: { kind: 'relative', preset: '30d', ms: 30 * D }, step: 'auto' }, 30 * D)).toBe(3 * H);
    expect(stepOf({ range: { kind: 'relative', preset: '30d', ms: 30 * D }, step: D }, 30 * D)).toBe(D);
  });

  it('reads and writes durations in whole minutes, hours or days', () => {
    expect(parseDurationText('15m')).toBe(15 * M);
    expect(parseDurationText('2h')).toBe(2 * H);
    expect(parseDurationText('1d')).toBe(D);
    for (const bad of ['0h', '1w', '1.5h', '', 'h']) expect(parseDurationText(bad), bad).toBeUndefined();
    expect(formatDurationText(90 * M)).toBe('90m');
    expect(formatDurationText(2 * H)).toBe('2h');
    expect(formatDurationText(D)).toBe('1d');
  });
});

describe('the drift heatmap’s step', () => {
  const range = (ms: number, step: number | 'auto') => {
    const from = 0;
    const to = ms;
    return { from, to, step: step === 'auto' ? autoStep(ms) : step, autoStep: step === 'auto' };
  };

  it('is coarse enough for at most 60 columns with an automatic step, and the picked step otherwise', () => {
    expect(heatmapStep(range(D, 'auto'))).toBe(30 * M); // the page: 10 min, 144 columns
    expect(heatmapStep(range(6 * H, 'auto'))).toBe(10 * M); // the page: 5 min, 72 columns
    expect(heatmapStep(range(3 * H, 'auto'))).toBe(5 * M); // 36 columns: as the page
    expect(heatmapStep(range(D, 5 * M))).toBe(5 * M); // a picked step applies to every chart
  });

  it('is named beside the heatmap, with why it differs from the step picker’s', () => {
    // The issue: the picker says "auto (10m)" while the cells are 30 minutes.
    expect(heatmapStepNote(30 * M, 10 * M, D)).toBe("Step: 30m, coarser than the page's 10m, so that the range fits in 60 columns.");
    expect(heatmapStepNote(5 * M, 5 * M, 3 * H)).toBe('Step: 5m.');
    expect(heatmapStepNote(H, H, 7 * D)).toBe('Step: 1h.');
    // A server with 15-minute buckets rounds a 5-minute step up.
    expect(heatmapStepNote(15 * M, 5 * M, 3 * H)).toBe("Step: 15m (the page's: 5m).");
  });
});
