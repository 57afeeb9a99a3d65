import { describe, expect, it } from 'vitest';
import { timelineText } from './timeline-text.js';

describe('timelineText', () => {
  it('prints a state change with its value rounded for people', () => {
    expect(timelineText({ kind: 'state', detail: { from: 'pending', to: 'firing', value: 0.10454124222453282 } })).toBe('pending → firing · value 0.105');
    expect(timelineText({ kind: 'state', detail: { from: 'inactive', to: 'pending', value: null, reason: 'no_data' } })).toBe('inactive → pending · no data');
    expect(timelineText({ kind: 'state', detail: { from: 'firing', to: 'resolved', value: 1234.5678 } })).toBe('firing → resolved · value 1235');
  });
  it('says who acted, where a notification went, and keeps unknown details readable', () => {
    expect(timelineText({ kind: 'notification', detail: { channel: 'oncall', status: 'firing', reason: 'first notification' } })).toBe(
      'to oncall · firing · first notification',
    );
    expect(timelineText({ kind: 'acknowledged', detail: { by: 'ana', comment: null } })).toBe('by ana');
    expect(timelineText({ kind: 'comment', detail: { by: 'ana', text: 'upstream changed' } })).toBe('ana · “upstream changed”');
    expect(timelineText({ kind: 'state', detail: { from: 'pending', to: 'firing', value: 0.5, score_ratio: 0.3333333333 } })).toBe(
      'pending → firing · value 0.5 · score ratio 0.333',
    );
  });
});
