import { afterEach, describe, expect, it } from 'vitest';
import { DropReporter, formatDiagnosticMessage, warnDiagnostic, zeroDropCounts } from './diagnostics.js';
import type { VigilSdkDiagnostic, VigilSdkStats } from './diagnostics.js';

const stats = (): VigilSdkStats => ({ queued: 0, inFlight: 0, sent: 0, dropped: zeroDropCounts() });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('formatDiagnosticMessage', () => {
  it('totals the reasons and describes the first sample', () => {
    const dropped = { ...zeroDropCounts(), invalid: 10, rejected: 2 };
    const msg = formatDiagnosticMessage(
      dropped,
      [{ reason: 'invalid', stream: 'predictions', count: 1, message: 'Invalid input: expected number, received array', path: 'features.age', id: 'p1' }],
      10_000,
    );
    expect(msg).toBe(
      'Vigil SDK dropped 12 events in the last 10 s: 10 invalid, 2 rejected by the server; first: Invalid input: expected number, received array (predictions, at features.age, id "p1")',
    );
    expect(
      formatDiagnosticMessage(
        { ...zeroDropCounts(), rejected: 1 },
        [{ reason: 'rejected', stream: 'labels', count: 1, status: 401, message: 'a valid API key is required' }],
        undefined,
      ),
    ).toBe('Vigil SDK dropped 1 event: 1 rejected by the server; first: HTTP 401: a valid API key is required (labels)');
  });
});

describe('DropReporter', () => {
  it('reports the first drop at once and later ones at most once per interval', async () => {
    const seen: VigilSdkDiagnostic[] = [];
    const at: number[] = [];
    const r = new DropReporter(
      400,
      (d) => {
        seen.push(d);
        at.push(performance.now());
      },
      stats,
    );
    r.drop('invalid', 1, { reason: 'invalid', stream: 'predictions', count: 1, message: 'bad' });
    expect(seen).toHaveLength(0); // never on the caller's stack
    await waitForLength(seen, 1);
    expect(seen[0]!.dropped).toEqual({ ...zeroDropCounts(), invalid: 1 });
    for (let i = 0; i < 5; i++) r.drop('queueFull', 1);
    r.drop('rejected', 3);
    await wait(40);
    expect(seen).toHaveLength(1); // still inside the interval: held back
    await waitForLength(seen, 2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(395);
    expect(seen[1]!.dropped).toEqual({ ...zeroDropCounts(), queueFull: 5, rejected: 3 });
    expect(seen[1]!.samples).toEqual([]);
    expect(seen[1]!.message).toMatch(/^Vigil SDK dropped 8 events in the last \d+ ms: 5 queue full, 3 rejected by the server$/);
    expect(r.totals).toEqual({ ...zeroDropCounts(), invalid: 1, queueFull: 5, rejected: 3 });
  });

  it('keeps at most ten samples per report and survives a throwing hook', async () => {
    let calls = 0;
    const r = new DropReporter(
      10_000,
      () => {
        calls++;
        throw new Error('hook failed');
      },
      stats,
    );
    for (let i = 0; i < 25; i++) r.drop('invalid', 1, { reason: 'invalid', stream: 'metrics', count: 1, message: `m${i}` });
    expect(r.wantsSample()).toBe(false);
    r.emitNow();
    expect(calls).toBe(1);
    expect(r.wantsSample()).toBe(true);
  });
});

describe('warnDiagnostic', () => {
  const listeners: Array<(w: Error) => void> = [];
  afterEach(() => {
    for (const l of listeners.splice(0)) process.off('warning', l);
  });
  it('emits a Node warning with a Vigil type and code', async () => {
    const got = new Promise<Error & { code?: string }>((resolve) => {
      const l = (w: Error) => resolve(w);
      listeners.push(l);
      process.on('warning', l);
    });
    warnDiagnostic({ message: 'Vigil SDK dropped 1 event: 1 invalid', dropped: { ...zeroDropCounts(), invalid: 1 }, samples: [], stats: stats() });
    const w = await got;
    expect(w.name).toBe('VigilSdkWarning');
    expect(w.code).toBe('VIGIL_SDK_DROPPED');
    expect(w.message).toBe('Vigil SDK dropped 1 event: 1 invalid');
  });
});

async function waitForLength(seen: unknown[], n: number): Promise<void> {
  const until = Date.now() + 5_000;
  while (seen.length < n && Date.now() < until) await wait(5);
}
