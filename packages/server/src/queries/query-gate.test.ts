// The query gate alone: one query at a time, a bounded queue (429), a wait budget (503), and heavy
// queries kept to their share of time.

import { describe, expect, it } from 'vitest';
import { ServiceBusyError } from '../errors.js';
import { QueryGate } from './query-gate.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('QueryGate', () => {
  it('runs one query at a time, in order', async () => {
    const gate = new QueryGate({ share: 1 });
    const log: string[] = [];
    const q = (name: string) => gate.run(async () => (log.push(`start ${name}`), await sleep(10), log.push(`end ${name}`)));
    await Promise.all([q('a'), q('b'), q('c')]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('refuses past the queue with a 429 and past the budget with a 503, both with Retry-After', async () => {
    const gate = new QueryGate({ maxQueued: 1, budgetMs: 50, share: 1 });
    const long = gate.run(() => sleep(200));
    const waiting = gate.run(() => sleep(1));
    const full = await gate.run(() => sleep(1)).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(ServiceBusyError);
    expect(full).toMatchObject({ status: 429, code: 'TOO_MANY_QUERIES', retryAfterSeconds: 1 });
    const late = await waiting.catch((e: unknown) => e);
    expect(late).toMatchObject({ status: 503, code: 'QUERY_BUDGET' });
    expect((late as ServiceBusyError).retryAfterSeconds).toBeGreaterThan(0);
    await long;
    await expect(gate.run(async () => 'ok')).resolves.toBe('ok');
  });

  it('keeps heavy queries to their share of time', async () => {
    const gate = new QueryGate({ share: 0.5 });
    const starts: number[] = [];
    const q = () => gate.run(async () => (starts.push(performance.now()), await sleep(40)));
    await Promise.all([q(), q()]);
    // The second starts after the first's 40 ms and as long again.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(75);
  });
});
