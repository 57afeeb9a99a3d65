import { describe, expect, it } from 'vitest';
import { parseView, viewSearch } from '../time/time-range.js';
import { appendSlices, describeSlices, parseSlices, sliceFeatures, sliceValueChoices, withSlice } from './slice-view.js';

describe('slice filter in the URL', () => {
  it('reads repeated pairs, each once, and ignores pairs without a feature', () => {
    expect(parseSlices('?range=24h&slice=purpose%3Acrypto&slice=member:true&slice=purpose:crypto&slice=:x&slice=nofeature')).toEqual([
      'purpose:crypto',
      'member:true',
    ]);
    expect(parseSlices('?range=24h&segment=channel:web')).toEqual([]);
  });

  it('writes them back beside the range and the segments, and parses to the same view', () => {
    const q = new URLSearchParams('range=6h');
    appendSlices(q, ['purpose:crypto', 'url:http://x']);
    expect(parseSlices(`?${q.toString()}`)).toEqual(['purpose:crypto', 'url:http://x']);
    const view = parseView('?range=6h&segment=channel:web&slice=purpose:car&slice=member:false');
    expect(view.slices).toEqual(['purpose:car', 'member:false']);
    expect(view.segments).toEqual(['channel:web']);
    expect(parseView(viewSearch(view))).toEqual(view);
    expect(parseView('?range=6h').slices).toBeUndefined();
  });

  it('keeps one value per feature: setting a feature replaces it, undefined removes it', () => {
    const f = withSlice(['purpose:car', 'member:true'], 'purpose', 'crypto');
    expect(f).toEqual(['member:true', 'purpose:crypto']);
    expect(withSlice(f, 'member', undefined)).toEqual(['purpose:crypto']);
    expect(describeSlices(['purpose:crypto', 'url:a:b'])).toBe('purpose = crypto and url = a:b');
  });

  it('offers categorical and boolean features, and a boolean’s two values', () => {
    expect(sliceFeatures({ income: 'numeric', purpose: 'categorical', member: 'boolean', note: 'text' })).toEqual(['member', 'purpose']);
    expect(sliceValueChoices('boolean', [{ value: 'true', size: 7 }], undefined)).toEqual([
      { value: 'true', size: 7 },
      { value: 'false', size: null },
    ]);
    expect(sliceValueChoices('categorical', [{ value: 'car', size: 9 }], 'boat')).toEqual([
      { value: 'car', size: 9 },
      { value: 'boat', size: null },
    ]);
  });
});
