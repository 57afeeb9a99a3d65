// One line of an alert's timeline in words, numbers rounded for people (core's readableNumber):
// "pending → firing · value 0.105", not "from: pending · to: firing · value: 0.10454124222453282".

import { readableNumber } from '@vigil/core';
import type { TimelineEntry } from '@vigil/wire';

const REASONS: Record<string, string> = {
  no_data: 'no data',
  error: 'evaluation error',
  retention: 'forgotten after its retention',
};

function text(v: unknown): string {
  if (typeof v === 'number') return readableNumber(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The details of a timeline entry (its kind is shown beside it). */
export function timelineText(entry: Pick<TimelineEntry, 'kind' | 'detail'>): string {
  const d = entry.detail;
  const has = (k: string) => d[k] !== undefined && d[k] !== null && d[k] !== '';
  const parts: string[] = [];
  const used = new Set<string>();
  const take = (k: string, render: (v: unknown) => string) => {
    used.add(k);
    if (has(k)) parts.push(render(d[k]));
  };
  switch (entry.kind) {
    case 'state':
      used.add('from').add('to');
      if (has('from') || has('to')) parts.push(`${text(d['from'] ?? '?')} → ${text(d['to'] ?? '?')}`);
      take('value', (v) => `value ${text(v)}`);
      take('reason', (v) => REASONS[text(v)] ?? text(v));
      break;
    case 'notification':
      take('channel', (v) => `to ${text(v)}`);
      take('status', text);
      take('reason', text);
      break;
    case 'acknowledged':
    case 'resolved_by_hand':
      take('by', (v) => `by ${text(v)}`);
      take('comment', (v) => `“${text(v)}”`);
      break;
    case 'comment':
      take('by', text);
      take('text', (v) => `“${text(v)}”`);
      break;
  }
  for (const [k, v] of Object.entries(d)) if (!used.has(k) && has(k)) parts.push(`${k.replace(/_/g, ' ')} ${text(v)}`);
  return parts.join(' · ');
}
