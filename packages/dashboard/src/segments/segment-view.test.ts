import { describe, expect, it } from 'vitest';
import { queryString } from '../api/client.js';
import { parseView, viewSearch } from '../time/time-range.js';
import { appendSegments, describeSegments, parseSegments, segmentChoices, segmentValue, withSegment } from './segment-view.js';

describe('segment filter in the URL', () => {
  it('reads repeated pairs, each once, and ignores pairs without a key', () => {
    expect(parseSegments('?range=24h&segment=channel%3Aweb&segment=region:eu&segment=channel:web&segment=:x&segment=nokey')).toEqual([
      'channel:web',
      'region:eu',
    ]);
    expect(parseSegments('?range=24h')).toEqual([]);
  });

  it('writes them back as repeated parameters that parse to the same pairs', () => {
    const q = new URLSearchParams('range=6h');
    appendSegments(q, ['channel:web', 'url:http://x']);
    expect(parseSegments(`?${q.toString()}`)).toEqual(['channel:web', 'url:http://x']);
  });

  it('keeps one value per key: setting a key replaces it, undefined removes it', () => {
    const f = withSegment(['channel:web', 'region:eu'], 'channel', 'app');
    expect(f).toEqual(['region:eu', 'channel:app']);
    expect(segmentValue(f, 'channel')).toBe('app');
    expect(segmentValue(f, 'url')).toBeUndefined();
    expect(withSegment(f, 'region', undefined)).toEqual(['channel:app']);
    expect(describeSegments(['channel:web', 'url:a:b'])).toBe('channel = web and url = a:b');
  });
});

describe('the view keeps its segments', () => {
  it('through parseView and viewSearch, so a range change or a link keeps the filter', () => {
    const view = parseView('?range=6h&step=1h&segment=channel:web&segment=region:eu');
    expect(view.segments).toEqual(['channel:web', 'region:eu']);
    expect(parseView(viewSearch({ ...view, range: { kind: 'relative', preset: '24h', ms: 86_400_000 } })).segments).toEqual(['channel:web', 'region:eu']);
    expect(parseView('?range=6h').segments).toBeUndefined();
    expect(viewSearch({ ...view, segments: [] })).toBe('?range=6h&step=1h');
  });

  it('sends the pairs to the API as a repeated parameter', () => {
    expect(queryString({ metric: 'volume', segment: ['channel:web', 'region:eu'], feature: undefined })).toBe(
      '?metric=volume&segment=channel%3Aweb&segment=region%3Aeu',
    );
    expect(queryString({ metric: 'volume', segment: [] })).toBe('?metric=volume');
  });

  it('offers the keys of the range, and a filtered key the range lacks so that it can be removed', () => {
    const list = { from: '', to: '', segments: [{ key: 'channel', values: [{ value: 'web', rows: 3 }], more: 0 }] };
    expect(segmentChoices(list, ['region:eu']).map((k) => k.key)).toEqual(['channel', 'region']);
    expect(segmentChoices(null, [])).toEqual([]);
  });
});
