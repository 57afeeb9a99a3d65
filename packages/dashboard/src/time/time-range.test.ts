import { describe, expect, it } from 'vitest';
import { autoStep, formatDurationText, parseDurationText, parseView, resolveRange, stepOf, viewSearch } from './time-range.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('the view in the query string', () => {
  it('defaults to the last 24 hours with an automatic step', () => {
    expect(parseView('')).toEqual({ range: { kind: 'relative', preset: '24h', ms: D }, step: 'auto' });
    expect(parseView('?range=nonsense&step=soon')).toEqual({ range: { kind: 'relative', preset: '24h', ms: D }, step: 'auto' });
  });

  it('reads presets, absolute ranges (ISO or epoch ms) and steps', () => {
    expect(parseView('?range=7d&step=1h')).toEqual({ range: { kind: 'relative', preset: '7d', ms: 7 * D }, step: H });
    expect(parseView('?from=2026-11-27T08:00:00Z&to=2026-11-27T14:00:00Z&step=15m')).toEqual({
      range: { kind: 'absolute', from: Date.UTC(2026, 10, 27, 8), to: Date.UTC(2026, 10, 27, 14) },
      step: 15 * M,
    });
    expect(parseView('?from=1000&to=5000').range).toEqual({ kind: 'absolute', from: 1000, to: 5000 });
    // An empty or reversed range is no range: the default applies.
    expect(parseView('?from=5000&to=1000').range).toEqual({ kind: 'relative', preset: '24h', ms: D });
  });

  it('writes what it reads', () => {
    for (const search of ['?range=30d', '?range=1h&step=5m', '?from=2026-11-27T08%3A00%3A00.000Z&to=2026-11-27T14%3A00%3A00.000Z&step=1d']) {
      expect(viewSearch(parseView(search))).toBe(search);
    }
  });

  it('resolves relative ranges against the given clock', () => {
    expect(resolveRange({ kind: 'relative', preset: '6h', ms: 6 * H }, 10 * D)).toEqual({ from: 10 * D - 6 * H, to: 10 * D });
    expect(resolveRange({ kind: 'absolute', from: 1, to: 2 }, 10 * D)).toEqual({ from: 1, to: 2 });
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
