import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('hands items and their times back first in, first out, in batches', () => {
    const q = new EventQueue<string>();
    for (let i = 0; i < 10; i++) q.push(`e${i}`, 1000 + i);
    expect(q.take(4)).toEqual({ items: ['e0', 'e1', 'e2', 'e3'], times: [1000, 1001, 1002, 1003] });
    q.push('e10', 1010);
    expect(q.length).toBe(7);
    expect(q.take(100)).toEqual({ items: ['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10'], times: [1004, 1005, 1006, 1007, 1008, 1009, 1010] });
    expect(q.length).toBe(0);
    expect(q.take(3)).toEqual({ items: [], times: [] });
  });

  it('keeps order across compactions of a long-lived queue', () => {
    const q = new EventQueue<number>();
    const out: number[] = [];
    const outTimes: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 1000; i++) q.push(next, next++ * 2);
      const { items, times } = q.take(900);
      out.push(...items);
      outTimes.push(...times);
    }
    const { items, times } = q.take(q.length);
    out.push(...items);
    outTimes.push(...times);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(outTimes).toEqual(out.map((i) => i * 2));
  });
});
