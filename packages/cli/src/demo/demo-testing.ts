// Helpers for the demo's end-to-end tests, which drive the server's background work by hand.

import type { RunningServer } from '@vigil/server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Profiles every event the server has taken in. `profiler.catchUp` returns at once, having done
 * nothing, while the server's own profiler loop holds the pass (more likely on a busy machine), so
 * this waits for a pass of its own that finds nothing left.
 */
export async function profileAll(server: RunningServer, now: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const r = await server.profiler.pass(now);
    if (r !== undefined && r.predictions === 0 && r.labels === 0) return;
    if (r === undefined) await sleep(20);
  }
  throw new Error('the profiler did not catch up');
}
